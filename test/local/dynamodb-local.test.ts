import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../../local/dynamodb-local.js';

const answers = async (port: number): Promise<boolean> => {
  try {
    await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer();
    return true;
  } catch {
    return false;
  }
};

const stopsAnswering = async (port: number, withinMs: number): Promise<boolean> => {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!(await answers(port))) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
};

describe('DynamoDB Local', () => {
  it('stops when asked', async () => {
    // Prepare
    const local = await startDynamoDbLocal();
    expect(await answers(local.port)).toBe(true);
    // Act
    await local.stop();
    // Assess
    expect(await stopsAnswering(local.port, 5_000)).toBe(true);
  }, 60_000);

  it('does not outlive a process that started it and was killed outright', async () => {
    // Prepare
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/processes/start-dynamodb-local.ts'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const port = Number(line.toString().trim());
    expect(await answers(port)).toBe(true);
    // Act
    child.kill('SIGKILL');
    // Assess
    expect(await stopsAnswering(port, 10_000)).toBe(true);
  }, 60_000);
});

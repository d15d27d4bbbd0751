import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactJson } from '../../shared/results/contact-json.js';
import { makeTempDir, runCli, writeFile } from './cli-harness.js';

let temp: ReturnType<typeof makeTempDir>;

beforeAll(() => {
  temp = makeTempDir('cli-in-process-');
});

afterAll(() => {
  temp?.remove();
});

describe('contacts-import without a running serve', () => {
  it('starts the local stack for the command, imports, stops it, and keeps the data for the next command', async () => {
    // Prepare
    const dataDir = join(temp.path, 'data');
    const file = writeFile(
      temp.path,
      'alone.csv',
      'Email,Name\nsolo@x.example,Solo Person\nnot-an-email,Broken\n',
    );
    // Act
    const imported = await runCli(['import', file, '--data-dir', dataDir, '--json'], { timeoutMs: 150_000 });
    const contacts = await runCli(['contacts', '--data-dir', dataDir, '--json'], { timeoutMs: 150_000 });
    // Assess
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      status: 'completed',
      source: 'cli',
      counts: { rows: 2, created: 1, errored: 1 },
      errors: [{ row: 3, code: 'invalid_email' }],
    });
    expect(contacts.code).toBe(0);
    expect(JSON.parse(contacts.stdout) as ContactJson[]).toEqual([
      expect.objectContaining({ email: 'solo@x.example', fullName: 'Solo Person' }),
    ]);
    expect(existsSync(join(dataDir, 'stack.json'))).toBe(false);
    const keys = JSON.parse(readFileSync(join(dataDir, 'cli-keys.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(keys)).toEqual(['default']);
    expect(statSync(join(dataDir, 'cli-keys.json')).mode & 0o777).toBe(0o600);
  }, 320_000);
});

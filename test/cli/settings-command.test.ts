import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from './cli-harness.js';

let temp: ReturnType<typeof makeTempDir>;

beforeAll(() => {
  temp = makeTempDir('cli-settings-');
});

afterAll(() => {
  temp?.remove();
});

describe('contacts-import settings', () => {
  it('sets a setting, shows it, and refuses UK naming GB with exit 2', async () => {
    // Prepare
    const dataDir = join(temp.path, 'data');
    const run = (args: string[]) => runCli([...args, '--data-dir', dataDir], { timeoutMs: 150_000 });
    // Act
    const set = await run(['settings', 'set', 'default-country', 'se']);
    const refused = await run(['settings', 'set', 'defaultCountry', 'UK']);
    const shown = await run(['settings', 'show', '--json']);
    // Assess
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/defaultCountry\s+SE/);
    expect(set.stdout).toMatch(/dateFormat\s+\(not set: YMD\)/);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/use GB for UK/);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({ defaultCountry: 'SE' });
  }, 400_000);
});

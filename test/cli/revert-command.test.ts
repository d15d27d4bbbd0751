import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/api/import-summary.js';
import { makeTempDir, runCli, writeFile } from './cli-harness.js';

let temp: ReturnType<typeof makeTempDir>;

beforeAll(() => {
  temp = makeTempDir('cli-revert-');
});

afterAll(() => {
  temp?.remove();
});

describe('contacts-import revert ID (SPEC §10)', () => {
  it('prints the dry run, undoes the import with exit 0, and refuses a second revert with exit 1', async () => {
    // Prepare
    const dataDir = join(temp.path, 'data');
    const run = (args: string[]) => runCli([...args, '--data-dir', dataDir], { timeoutMs: 150_000 });
    const first = writeFile(temp.path, 'first.csv', 'Email,Company\nkeep@x.example,Acme\n');
    const second = writeFile(
      temp.path,
      'second.csv',
      'Email,Company\nnew@x.example,New\nkeep@x.example,Globex\n',
    );
    expect((await run(['import', first, '--json'])).code).toBe(0);
    const imported = JSON.parse((await run(['import', second, '--json'])).stdout) as ImportSummary;
    // Act
    const dry = await run(['revert', imported.id, '--dry-run']);
    const real = await run(['revert', imported.id, '--json']);
    const again = await run(['revert', imported.id]);
    const contacts = await run(['contacts', '--json']);
    // Assess
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Dry run of the undo of import ${imported.id}: completed`);
    expect(dry.stdout).toMatch(/deleted\s+1 \(created by the import, would be deleted\)/);
    expect(real.code).toBe(0);
    expect((JSON.parse(real.stdout) as ImportSummary).revert).toMatchObject({
      status: 'completed',
      dryRun: false,
      counts: { contacts: 2, deleted: 1, restored: 1, kept: 0 },
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already_reverted');
    expect(JSON.parse(contacts.stdout)).toEqual([
      expect.objectContaining({ email: 'keep@x.example', companyName: 'Acme' }),
    ]);
  }, 600_000);
});

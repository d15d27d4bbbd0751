// `contacts-import profiles list|put|delete` and `import --profile`, attached to one running serve (SPEC §11).

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli, type ServeProcess, startServe, writeFile } from './cli-harness.js';

let serve: ServeProcess;
let temp: ReturnType<typeof makeTempDir>;

const cli = (...args: string[]) => runCli(['--data-dir', serve.dataDir, ...args]);

beforeAll(async () => {
  temp = makeTempDir('cli-profiles-');
  serve = await startServe(join(temp.path, 'data'));
}, 180_000);

afterAll(async () => {
  await serve?.stop();
  temp?.remove();
});

describe('contacts-import profiles', () => {
  it('puts a profile from the flags of import, lists it, imports with --profile, and deletes it', async () => {
    // Prepare
    const file = writeFile(temp.path, 'odd.csv', 'Addr;Who\nann@x.example;Ann Lee\n');
    // Act
    const put = await cli(
      'profiles',
      'put',
      'nightly',
      '--mode',
      'create-only',
      '--delimiter',
      ';',
      '--map',
      'Addr=email',
      '--map',
      'Who=full_name',
    );
    const listed = await cli('profiles', 'list');
    const listedJson = await cli('profiles', 'list', '--json');
    const imported = await cli('import', file, '--profile', 'nightly', '--json');
    const deleted = await cli('profiles', 'delete', 'nightly');
    const deletedAgain = await cli('profiles', 'delete', 'nightly');
    const empty = await cli('profiles', 'list');
    // Assess
    expect(put.code).toBe(0);
    expect(put.stdout).toMatch(
      /Saved the import profile nightly: mode=create_only, mapping: 2 columns, delimiter=";"/,
    );
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^NAME\s+OPTIONS\s+UPDATED/);
    expect(listed.stdout).toMatch(/nightly\s+mode=create_only/);
    expect(JSON.parse(listedJson.stdout)).toEqual([
      {
        name: 'nightly',
        options: { mode: 'create_only', delimiter: ';', mapping: { Addr: 'email', Who: 'full_name' } },
        updatedAt: expect.any(String),
      },
    ]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      status: 'completed',
      options: { mode: 'create_only' },
      counts: { created: 1 },
      columns: [
        { header: 'Addr', field: 'email' },
        { header: 'Who', field: 'full_name' },
      ],
    });
    expect(deleted).toMatchObject({ code: 0, stdout: 'Deleted the import profile nightly\n' });
    expect(deletedAgain.code).toBe(1);
    expect(deletedAgain.stderr).toMatch(/no import profile "nightly"/);
    expect(empty.stdout).toMatch(/No import profiles yet/);
  }, 300_000);

  it('refuses an unknown profile on import with exit 2 and the message, and bad profile options or names', async () => {
    const file = writeFile(temp.path, 'plain.csv', 'Email\nbob@x.example\n');
    const unknown = await cli('import', file, '--profile', 'nope');
    const badMode = await cli('profiles', 'put', 'p1', '--mode', 'merge');
    const badName = await cli('profiles', 'put', 'has space');
    const dryRun = await cli('profiles', 'put', 'p1', '--dry-run');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no import profile "nope"/);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toMatch(/--mode takes upsert, create-only or update-only/);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/NAME is 1 to 64 letters/);
    expect(dryRun.code).toBe(2);
    expect(dryRun.stderr).toMatch(/unknown option --dry-run/);
  }, 300_000);
});

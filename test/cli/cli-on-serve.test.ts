import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../local/free-port.js';
import type { ImportSummary } from '../../shared/import/import-record.js';
import type { ContactJson } from '../../shared/results/contact-json.js';
import { makeTempDir, REPO_ROOT, runCli, type ServeProcess, startServe, writeFile } from './cli-harness.js';

// One `serve` for the whole file: every command attaches to it through <dataDir>/stack.json.
let serve: ServeProcess;
let temp: ReturnType<typeof makeTempDir>;
let files: string;

const cli = (...args: string[]) => runCli(['--data-dir', serve.dataDir, ...args]);

const CONTACTS_CSV = [
  'First Name,Last Name,Email Address,Phone,Tags,Notes',
  'Ada,Lovelace,ada@analytical.example,+44 20 7946 0958,"vip, uk",met in 2024',
  'Grace,Hopper,grace@cobol.example,(415) 555-0132,navy,',
  'Tim,Berners-Lee,tim(at)w3.example,,web,',
  'Grace,Hopper,GRACE@cobol.example,,"navy, compilers",second entry',
  ',,,,,no contact details',
].join('\n');

beforeAll(async () => {
  temp = makeTempDir('cli-serve-');
  files = makeTempDir('cli-files-').path;
  serve = await startServe(join(temp.path, 'data'));
}, 180_000);

afterAll(async () => {
  await serve?.stop();
  temp?.remove();
});

describe('contacts-import import, attached to a running serve', () => {
  let imported: ImportSummary;

  it('imports a file and prints only the summary JSON with --json, exit 0 despite row errors', async () => {
    // Prepare
    const file = writeFile(files, 'people.csv', CONTACTS_CSV);
    // Act
    const result = await cli('import', file, '--workspace', 'acme', '--json');
    // Assess
    expect(result.code).toBe(0);
    imported = JSON.parse(result.stdout) as ImportSummary;
    expect(imported).toMatchObject({
      status: 'completed',
      source: 'cli',
      fileName: 'people.csv',
      counts: { rows: 5, created: 2, updated: 1, skipped: 1, errored: 1 },
      skippedBy: { no_identity: 1 },
      errors: [{ row: 4, code: 'invalid_email', column: 'Email Address' }],
    });
    expect(imported.columns).toContainEqual({ header: 'Notes', field: null });
  });

  it('prints a readable summary with the first errors and where to get the error report', async () => {
    const file = writeFile(files, 'people.csv', CONTACTS_CSV);
    const result = await cli('import', file, '--workspace', 'acme', '--dry-run', '--mode', 'create-only');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Import \w{26} completed: people\.csv/);
    expect(result.stdout).toContain('mode create-only, default country US, dry run (nothing was written)');
    expect(result.stdout).toContain('5 rows: 0 would be created, 0 would be updated, 4 skipped, 1 errored');
    expect(result.stdout).toContain('skipped: 3 already_exists, 1 no_identity');
    expect(result.stdout).toMatch(/4 +Email Address +invalid_email +"tim\(at\)w3\.example"/);
    expect(result.stdout).toContain('Columns not imported (no field matches): "Notes"');
    expect(result.stdout).toMatch(
      /contacts-import --data-dir \S+ --workspace acme errors \w{26} > people-errors\.csv/,
    );
  });

  it('lists every contact of the workspace with contacts --json, and a table without', async () => {
    const [json, table] = await Promise.all([
      cli('contacts', '--workspace', 'acme', '--json'),
      cli('contacts', '--workspace', 'acme'),
    ]);
    expect(json.code).toBe(0);
    const contacts = JSON.parse(json.stdout) as ContactJson[];
    expect(contacts).toHaveLength(2);
    expect(contacts).toContainEqual(
      expect.objectContaining({
        email: 'ada@analytical.example',
        phone: '+442079460958',
        tags: ['vip', 'uk'],
      }),
    );
    expect(contacts).toContainEqual(
      expect.objectContaining({ email: 'grace@cobol.example', tags: ['navy', 'compilers'] }),
    );
    expect(table.stdout).toMatch(/^ID +NAME +EMAIL +PHONE +COMPANY +TAGS\n/);
    expect(table.stdout).toContain('2 contacts');
  });

  it('finds contacts with --email, --phone (any format an import reads) and --search; two filters are a usage error', async () => {
    // Act
    const [byEmail, byPhone, bySearch, none, both] = await Promise.all([
      cli('contacts', '--workspace', 'acme', '--email', 'GRACE@Cobol.example', '--json'),
      cli('contacts', '--workspace', 'acme', '--phone', '020 7946 0958', '--default-country', 'GB', '--json'),
      cli('contacts', '--workspace', 'acme', '--search', 'lovelace'),
      cli('contacts', '--workspace', 'acme', '--search', 'nobody-here'),
      cli('contacts', '--workspace', 'acme', '--email', 'a@x.example', '--phone', '+14155550100'),
    ]);
    // Assess
    expect((JSON.parse(byEmail.stdout) as ContactJson[]).map((c) => c.email)).toEqual([
      'grace@cobol.example',
    ]);
    expect((JSON.parse(byPhone.stdout) as ContactJson[]).map((c) => c.email)).toEqual([
      'ada@analytical.example',
    ]);
    expect(bySearch.stdout).toMatch(/Ada Lovelace +ada@analytical\.example/);
    expect(bySearch.stdout).toContain('1 contact found');
    expect(none.stdout).toBe('No contact found.\n');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/one of --email, --phone, --search/);
  });

  it('lists the contacts an import created or updated with contacts --import, exclusive with the other filters', async () => {
    // Prepare: a workspace with a contact the import leaves alone
    writeFile(files, 'first.csv', 'Email,Company\nkeep@me.example,Old\nup@me.example,Old\n');
    const first = await cli('import', join(files, 'first.csv'), '--workspace', 'by-import', '--json');
    expect(first.code).toBe(0);
    writeFile(files, 'second.csv', 'Email,Company\nnew@me.example,New\nup@me.example,Changed\n');
    const second = await cli('import', join(files, 'second.csv'), '--workspace', 'by-import', '--json');
    const { id } = JSON.parse(second.stdout) as ImportSummary;
    // Act
    const [json, table, both, unknown, malformed, created, updated, badOutcome, outcomeAlone] =
      await Promise.all([
        cli('contacts', '--workspace', 'by-import', '--import', id, '--json'),
        cli('contacts', '--workspace', 'by-import', '--import', id),
        cli('contacts', '--workspace', 'by-import', '--import', id, '--email', 'up@me.example'),
        cli('contacts', '--workspace', 'acme', '--import', id),
        cli('contacts', '--workspace', 'by-import', '--import', 'nope'),
        cli('contacts', '--workspace', 'by-import', '--import', id, '--outcome', 'created', '--json'),
        cli('contacts', '--workspace', 'by-import', '--import', id, '--outcome', 'updated', '--json'),
        cli('contacts', '--workspace', 'by-import', '--import', id, '--outcome', 'skipped'),
        cli('contacts', '--workspace', 'by-import', '--outcome', 'created'),
      ]);
    // Assess
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as ContactJson[]).map((c) => `${c.email}:${c.companyName}`)).toEqual([
      'new@me.example:New',
      'up@me.example:Changed',
    ]);
    expect(table.stdout).toContain('2 contacts found');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/one of --email, --phone, --search, --import/);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no such import/);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/importId/);
    expect(created.code).toBe(0);
    expect((JSON.parse(created.stdout) as ContactJson[]).map((c) => c.email)).toEqual(['new@me.example']);
    expect((JSON.parse(updated.stdout) as ContactJson[]).map((c) => c.email)).toEqual(['up@me.example']);
    expect(badOutcome.code).toBe(2);
    expect(badOutcome.stderr).toMatch(/--outcome takes created or updated; got "skipped"/);
    expect(outcomeAlone.code).toBe(2);
    expect(outcomeAlone.stderr).toMatch(/--outcome .*--import/);
    // Two imports and nine CLI processes: seconds alone, a minute on a loaded machine.
  }, 120_000);

  it('edits a contact with contacts edit --set and deletes it with contacts delete; bad values exit 2', async () => {
    // Prepare: a workspace of its own
    const file = writeFile(
      files,
      'edit-me.csv',
      'Email,First Name,Phone\nedit@me.example,Edit,+1 415 555 0177\n',
    );
    expect((await cli('import', file, '--workspace', 'edits', '--json')).code).toBe(0);
    const [found] = JSON.parse(
      (await cli('contacts', '--workspace', 'edits', '--json')).stdout,
    ) as ContactJson[];
    const id = found?.id ?? '';
    // Act
    const edited = await cli(
      'contacts',
      'edit',
      id,
      '--workspace',
      'edits',
      '--set',
      'job_title=Buyer',
      '--set',
      'phone=',
      '--json',
    );
    const invalid = await cli('contacts', 'edit', id, '--workspace', 'edits', '--set', 'email=nope');
    const stale = await cli(
      'contacts',
      'edit',
      id,
      '--workspace',
      'edits',
      '--set',
      'jobTitle=CTO',
      '--ver',
      '1',
    );
    const deleted = await cli('contacts', 'delete', id, '--workspace', 'edits');
    const after = await cli('contacts', '--workspace', 'edits', '--json');
    // Assess
    expect(edited.code, edited.stderr).toBe(0);
    expect(JSON.parse(edited.stdout)).toMatchObject({ id, jobTitle: 'Buyer', phone: null, ver: 2 });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/email: "nope" is not a valid email address/);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/version_conflict/);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toBe(`Deleted contact ${id}.\n`);
    expect(JSON.parse(after.stdout)).toEqual([]);
    // Six CLI runs one after another: seconds each on a loaded machine.
  }, 240_000);

  it('lists the imports and shows one by id', async () => {
    const [list, table, one] = await Promise.all([
      cli('imports', '--workspace', 'acme', '--json'),
      cli('imports', '--workspace', 'acme'),
      cli('imports', imported.id, '--workspace', 'acme'),
    ]);
    expect(list.code).toBe(0);
    const imports = JSON.parse(list.stdout) as ImportSummary[];
    expect(imports.map((i) => i.id)).toContain(imported.id);
    expect(table.stdout).toMatch(new RegExp(`${imported.id} +completed +cli +people\\.csv +5 +2 +1 +1 +1`));
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(`Import ${imported.id} completed: people.csv`);
  });

  it('writes the error report CSV of an import to stdout', async () => {
    const result = await cli('errors', imported.id, '--workspace', 'acme');
    expect(result.code).toBe(0);
    const lines = result.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      'First Name,Last Name,Email Address,Phone,Tags,Notes,import_row,import_outcome,import_code,import_message',
    );
    expect(lines[1]).toContain('Tim,Berners-Lee,tim(at)w3.example,,web,,4,errored,invalid_email,');
    expect(lines[2]).toContain(',,,,,no contact details,6,skipped,no_identity,');
  });

  it('says so when an import id is unknown in the workspace', async () => {
    const result = await cli('errors', imported.id, '--workspace', 'globex');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no import ${imported.id} in this workspace`);
  });
});

describe('failed imports and bad input', () => {
  it('exits 1 on a binary file and still prints the failed summary with --json', async () => {
    const file = writeFile(
      files,
      'photo.csv',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0]),
    );
    const result = await cli('import', file, '--workspace', 'failures', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed', failure: { code: 'not_csv' } });
  });

  it('exits 1 on a file of blank lines with the failure in the readable summary', async () => {
    const file = writeFile(files, 'blank.csv', '\n\n\n');
    const result = await cli('import', file, '--workspace', 'failures');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Import \w{26} failed: blank\.csv/);
    expect(result.stdout).toContain('failed: empty_file: ');
  });

  it('imports an empty (0-byte) file as a failed empty_file import and prints its summary with --json', async () => {
    const result = await cli(
      'import',
      writeFile(files, 'empty.csv', ''),
      '--workspace',
      'failures',
      '--json',
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'failed',
      source: 'cli',
      fileName: 'empty.csv',
      failure: { code: 'empty_file' },
      counts: { rows: 0 },
    });
  });

  it('refuses a missing file and a folder with a clear message', async () => {
    const [missing, folder] = await Promise.all([
      cli('import', join(files, 'no-such.csv')),
      cli('import', files),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`file not found: ${join(files, 'no-such.csv')}`);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain('not a file:');
  });

  it('exits 2 with the API message when --map names a field that does not exist', async () => {
    const file = writeFile(files, 'map.csv', 'Email,Acct #\nm@x.example,42\n');
    const result = await cli('import', file, '--map', 'Acct #=account_number');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The mapping sends "Acct #" to "account_number", which is not a field');
    expect(result.stdout).toBe('');
  });

  it('exits 2 on bad usage: an unknown command, a bad --mode, a malformed --map, no FILE', async () => {
    const results = await Promise.all([
      cli('frobnicate'),
      cli('import', 'x.csv', '--mode', 'merge'),
      cli('import', 'x.csv', '--map', 'Email'),
      cli('import'),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results[0]?.stderr).toContain('unknown command "frobnicate"');
    expect(results[1]?.stderr).toContain(
      '--mode takes upsert, create-only or update-only (dashes or underscores); got "merge"',
    );
    expect(results[2]?.stderr).toContain('--map takes "Header=field"');
    expect(results[3]?.stderr).toContain('import needs FILE');
  });
});

describe('custom fields and the template', () => {
  it('adds custom fields, lists them, maps a header holding "=" to one, and puts them in the template', async () => {
    // Prepare
    const fields = (...args: string[]) => cli('fields', ...args, '--workspace', 'fields');
    const [added, rating] = await Promise.all([
      fields('add', 'crm_id', '--label', 'CRM id', '--type', 'text', '--maps-to', 'external_id'),
      fields('add', 'rating', '--label', 'Rating', '--type', 'number'),
    ]);
    expect([added.code, rating.code]).toEqual([0, 0]);
    expect(added.stdout).toContain('Added custom field crm_id ("CRM id", text, holds the external id)');
    const file = writeFile(files, 'rated.csv', 'Email,Score=Stars,Acct\nr@x.example,4,A-1\n');
    // Act
    const [list, table, template, imported] = await Promise.all([
      fields('list', '--json'),
      fields('list'),
      cli('template', '--workspace', 'fields'),
      cli(
        'import',
        file,
        '--workspace',
        'fields',
        '--json',
        '--map',
        'Score=Stars=rating',
        '--map',
        'Acct=external_id',
      ),
    ]);
    // Assess
    expect(JSON.parse(list.stdout)).toEqual([
      { key: 'crm_id', label: 'CRM id', type: 'text', mapsTo: 'external_id' },
      { key: 'rating', label: 'Rating', type: 'number' },
    ]);
    expect(table.stdout).toMatch(/crm_id +CRM id +text +external_id/);
    expect(template.stdout).toBe(
      '\uFEFFfull_name,first_name,last_name,email,phone,company_name,job_title,tags,external_id,rating\r\n',
    );
    expect(JSON.parse(imported.stdout)).toMatchObject({
      status: 'completed',
      counts: { created: 1 },
      columns: [
        { header: 'Email', field: 'email' },
        { header: 'Score=Stars', field: 'rating' },
        { header: 'Acct', field: 'external_id' },
      ],
    });
    const contacts = JSON.parse(
      (await cli('contacts', '--workspace', 'fields', '--json')).stdout,
    ) as ContactJson[];
    expect(contacts[0]?.customFields).toEqual({ rating: 4, crm_id: 'A-1' });
  }, 120_000);

  it('exits 2 on a key the API refuses, 1 on a key that exists already', async () => {
    const bad = await cli(
      'fields',
      'add',
      'Bad Key',
      '--label',
      'x',
      '--type',
      'text',
      '--workspace',
      'fields',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot add the field: key: must be lower snake case');
    const twice = await cli(
      'fields',
      'add',
      'rating',
      '--label',
      'x',
      '--type',
      'text',
      '--workspace',
      'fields',
    );
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('a custom field with the key "rating" exists already');
  });
});

describe('api-key list and revoke', () => {
  const keyring = (...args: string[]) => cli('api-key', ...args, '--workspace', 'keyring');
  const statusWith = async (apiKey: string) =>
    (await fetch(`${serve.apiUrl}/imports`, { headers: { authorization: `Bearer ${apiKey}` } })).status;

  it("lists a workspace's keys without the keys, and a revoked key is refused by the API from then on", async () => {
    // Prepare
    const [first, second] = await Promise.all([keyring('create'), keyring('create')]);
    const [revokedKey, keptKey] = [first.stdout.trim(), second.stdout.trim()];
    expect(await statusWith(revokedKey)).toBe(200);
    const before = await keyring('list', '--json');
    expect(before.code).toBe(0);
    const listed = JSON.parse(before.stdout) as Array<{ prefix: string; id: string; revokedAt?: string }>;
    expect(listed).toHaveLength(2);
    expect(before.stdout).not.toContain(revokedKey);
    expect(before.stdout).not.toContain(keptKey);
    const prefix = revokedKey.slice(0, 10);
    expect(listed.map((key) => key.prefix).sort()).toEqual([prefix, keptKey.slice(0, 10)].sort());
    // Act
    const revoked = await keyring('revoke', prefix);
    // Assess
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(
      new RegExp(`^Revoked API key ${prefix} \\(id [0-9a-f]{12}\\) of workspace "keyring"`),
    );
    expect(await statusWith(revokedKey)).toBe(403);
    expect(await statusWith(keptKey)).toBe(200);
    const after = await keyring('list');
    expect(after.stdout).toMatch(/^PREFIX +ID +CREATED \(UTC\) +REVOKED \(UTC\)\n/);
    expect(after.stdout).toMatch(
      new RegExp(`${prefix} +[0-9a-f]{12} +\\S+ \\S+ +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d`),
    );
    expect(after.stdout).not.toContain(revokedKey);
  }, 240_000);

  it('revokes by id, never a key of another workspace, and says when a name matches no key', async () => {
    const created = await keyring('create', '--json');
    const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };
    const keys = JSON.parse((await keyring('list', '--json')).stdout) as Array<{
      id: string;
      prefix: string;
    }>;
    const id = keys.find((key) => key.prefix === apiKey.slice(0, 10))?.id ?? '';
    const elsewhere = await cli('api-key', 'revoke', id.slice(0, 12), '--workspace', 'other');
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(`no API key "${id.slice(0, 12)}" in workspace "other"`);
    expect(await statusWith(apiKey)).toBe(200);
    const byId = await keyring('revoke', id.slice(0, 12), '--json');
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.stdout)).toMatchObject({
      id,
      workspaceId: 'keyring',
      revokedAt: expect.any(String),
    });
    expect(await statusWith(apiKey)).toBe(403);
    const again = await keyring('revoke', id.slice(0, 12));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('was revoked already');
  }, 240_000);
});

describe('API keys and a deployed API (--api)', () => {
  it('creates a key with api-key create, which --api --api-key then uses for that workspace', async () => {
    // Prepare
    const created = await cli('api-key', 'create', '--workspace', 'remote');
    expect(created.code).toBe(0);
    const apiKey = created.stdout.trim();
    expect(apiKey).toMatch(/^cik_[\w-]{40,}$/);
    const file = writeFile(files, 'remote.csv', 'Email\nremote@x.example\n');
    // Act: no --data-dir, so nothing local is used
    const imported = await runCli(['import', file, '--api', serve.apiUrl, '--api-key', apiKey, '--json']);
    const contacts = await runCli(['contacts', '--api', serve.apiUrl, '--json'], {
      env: { CONTACTS_IMPORT_API_KEY: apiKey },
    });
    // Assess
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ status: 'completed', counts: { created: 1 } });
    expect(JSON.parse(contacts.stdout)).toEqual([expect.objectContaining({ email: 'remote@x.example' })]);
  });

  it('says when the API refuses the key or cannot be reached', async () => {
    const refused = await runCli(['contacts', '--api', serve.apiUrl, '--api-key', 'cik_not-a-key']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the API refused the API key (HTTP 403)');
    const closedPort = await findFreePort();
    const unreachable = await runCli([
      'contacts',
      '--api',
      `http://127.0.0.1:${closedPort}`,
      '--api-key',
      'k',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(
      `cannot reach the API at http://127.0.0.1:${closedPort} (ECONNREFUSED)`,
    );
  });

  it('keeps the keys it mints for itself in cli-keys.json, readable by the owner only', () => {
    const mode = statSync(join(serve.dataDir, 'cli-keys.json')).mode & 0o777;
    expect(mode).toBe(0o600);
  });
});

/** The summary of an import once it has ended, polled with the key the CLI minted for the workspace. */
const finishedImport = async (workspace: string, importId: string): Promise<ImportSummary | undefined> => {
  const keys = JSON.parse(readFileSync(join(serve.dataDir, 'cli-keys.json'), 'utf8')) as Record<
    string,
    string
  >;
  for (let i = 0; i < 600; i++) {
    const response = await fetch(`${serve.apiUrl}/imports/${importId}`, {
      headers: { authorization: `Bearer ${keys[workspace]}` },
    });
    const polled = (await response.json()) as ImportSummary;
    if (polled.status === 'completed' || polled.status === 'failed') return polled;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return undefined;
};

const slowFile = (name: string, rows: number) =>
  writeFile(
    files,
    name,
    `Email,Name\n${Array.from({ length: rows }, (_, i) => `p${i}@${name}.example,Person ${i}`).join('\n')}\n`,
  );

describe('the overall deadline of import', () => {
  it('stops waiting at --timeout with exit 3, printing the summary so far and the import id (the import goes on)', async () => {
    // Prepare: more rows than the import can go through in a few seconds
    const file = slowFile('slow.csv', 8000);
    // Act
    const started = Date.now();
    const result = await cli('import', file, '--workspace', 'deadline', '--timeout', '6', '--json');
    // Assess
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout, result.stderr).not.toBe('');
    const summary = JSON.parse(result.stdout) as ImportSummary;
    expect(['pending', 'running']).toContain(summary.status);
    expect(result.stderr).toContain(
      `stopped waiting (the deadline (--timeout 6) passed): import ${summary.id} is ${summary.status}.`,
    );
    expect(result.stderr).toContain(`imports ${summary.id}`);
    // The CLI's start-up comes before the deadline's start; the waiting itself ends at the deadline.
    expect(Date.now() - started).toBeLessThan(30_000);
    // The import went on without the CLI (and ends before `serve` is stopped).
    expect(await finishedImport('deadline', summary.id)).toMatchObject({
      status: 'completed',
      counts: { rows: 8000, created: 8000 },
    });
  }, 400_000);

  it('on SIGTERM (what `timeout` sends) prints the summary so far and the import id, exit 143: never silent', async () => {
    // Prepare
    const file = slowFile('term.csv', 6000);
    // Act: SIGTERM once the import is running
    const child = spawn(
      process.execPath,
      [
        'bin/contacts-import.js',
        '--data-dir',
        serve.dataDir,
        'import',
        file,
        '--workspace',
        'sigterm',
        '--json',
      ],
      {
        cwd: REPO_ROOT,
        env: Object.fromEntries(
          Object.entries(process.env).filter(
            ([name]) => !name.startsWith('AWS_ENDPOINT_URL') && name !== 'NODE_OPTIONS',
          ),
        ),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let running: ImportSummary | undefined;
    for (let i = 0; i < 600 && !running; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const key = existsSync(join(serve.dataDir, 'cli-keys.json'))
        ? (JSON.parse(readFileSync(join(serve.dataDir, 'cli-keys.json'), 'utf8')) as Record<string, string>)
            .sigterm
        : undefined;
      if (!key) continue;
      const page = (await (
        await fetch(`${serve.apiUrl}/imports`, { headers: { authorization: `Bearer ${key}` } })
      ).json()) as { imports?: ImportSummary[] };
      running = page.imports?.find((i) => i.fileName === 'term.csv' && i.status === 'running');
    }
    expect(running).toBeDefined();
    child.kill('SIGTERM');
    const code = await exited;
    // Assess
    expect(code, stderr).toBe(143);
    // What the CLI prints is its last poll, which may be from just before the import was claimed.
    expect(stderr).toMatch(
      new RegExp(`stopped waiting \\(SIGTERM came\\): import ${running?.id} is (pending|running)\\.`),
    );
    const printed = JSON.parse(stdout) as ImportSummary;
    expect(printed.id).toBe(running?.id);
    expect(['pending', 'running']).toContain(printed.status);
    expect(await finishedImport('sigterm', running?.id ?? '')).toMatchObject({ status: 'completed' });
  }, 400_000);
});

describe('update rules on the command line (SPEC §9)', () => {
  it('takes --overwrite, --blank-cells, --tag-mode and --map "Title=job_title:if-empty"', async () => {
    // Prepare
    const seed = writeFile(
      files,
      'rules-seed.csv',
      'Email,Name,Title,Company,Tags\nann@x.example,Ann,Engineer,Acme,VIP;Lead\n',
    );
    expect((await cli('import', seed, '--workspace', 'rules', '--json')).code).toBe(0);
    const file = writeFile(files, 'rules.csv', 'Email,Title,Company,Tags\nann@x.example,CTO,,vip;Partner\n');
    // Act
    const result = await cli(
      'import',
      file,
      '--workspace',
      'rules',
      '--json',
      '--overwrite',
      'always',
      '--blank-cells',
      'clear',
      '--tag-mode',
      'replace',
      '--map',
      'Title=job_title:if-empty',
    );
    // Assess
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as ImportSummary;
    expect(summary.options).toMatchObject({ overwrite: 'always', blankCells: 'clear', tagMode: 'replace' });
    expect(summary.columns).toContainEqual({ header: 'Title', field: 'job_title', overwrite: 'if_empty' });
    expect(summary.counts).toMatchObject({ updated: 1 });
    const [ann] = JSON.parse(
      (await cli('contacts', '--workspace', 'rules', '--json')).stdout,
    ) as ContactJson[];
    expect(ann).toMatchObject({ jobTitle: 'Engineer', tags: ['vip', 'Partner'] });
    expect(ann?.companyName ?? null).toBeNull();
  }, 120_000);

  it('prints the rules in force in the readable summary, and exits 2 on a policy it does not know', async () => {
    const file = writeFile(files, 'rules.csv', 'Email,Title\nann@x.example,CTO\n');
    const [readable, badMap, badFlag] = await Promise.all([
      cli('import', file, '--workspace', 'rules', '--overwrite', 'never', '--tag-mode', 'remove'),
      cli('import', file, '--workspace', 'rules', '--map', 'Title=job_title:sometimes'),
      cli('import', file, '--workspace', 'rules', '--overwrite', 'sometimes'),
    ]);
    expect(readable.code).toBe(0);
    expect(readable.stdout).toContain('updates: overwrite never, blank cells ignore, tags remove');
    expect(readable.stdout).toContain('skipped: 1 unchanged');
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toContain(
      'the policy of column "Title" takes always, if-empty or never; got "sometimes"',
    );
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--overwrite takes always, if-empty or never; got "sometimes"');
  }, 120_000);
});

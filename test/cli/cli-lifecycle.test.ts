import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/import/import-record.js';
import { makeTempDir, runCli, type ServeProcess, startServe, writeFile } from './cli-harness.js';

// One `serve` for the file: the commands attach to it, and the test registers imports through its HTTP API.
let serve: ServeProcess;
let temp: ReturnType<typeof makeTempDir>;
let files: string;
let apiKey: string;

const cli = (...args: string[]) => runCli(['--data-dir', serve.dataDir, ...args]);

beforeAll(async () => {
  temp = makeTempDir('cli-lifecycle-');
  files = makeTempDir('cli-lifecycle-files-').path;
  serve = await startServe(join(temp.path, 'data'));
  const created = await cli('api-key', 'create', '--workspace', 'acme');
  expect(created.code).toBe(0);
  apiKey = created.stdout.trim();
}, 180_000);

afterAll(async () => {
  await serve?.stop();
  temp?.remove();
});

/** A presigned upload registered as the page does, its file never sent: the import waits. */
const pendingImport = async (): Promise<string> => {
  const response = await fetch(`${serve.apiUrl}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ fileName: 'waiting.csv' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { importId: string }).importId;
};

describe('contacts-import cancel ID', () => {
  it('cancels a waiting import at once and prints its summary as JSON with --json', async () => {
    // Prepare
    const importId = await pendingImport();
    // Act
    const result = await cli('cancel', importId.toLowerCase(), '--workspace', 'acme', '--json');
    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: importId,
      status: 'cancelled',
      counts: { rows: 0 },
    });
    const shown = await cli('imports', importId, '--workspace', 'acme');
    expect(shown.stdout).toContain(`Import ${importId} cancelled: waiting.csv`);
    expect(shown.stdout).toContain('cancelled before any row was imported');
  });

  it('refuses an import that has ended (exit 1) and an unknown one, naming why', async () => {
    // Prepare
    const file = writeFile(files, 'done.csv', 'Email\nann@example.com\n');
    const imported = JSON.parse(
      (await cli('import', file, '--workspace', 'acme', '--json')).stdout,
    ) as ImportSummary;
    // Act
    const ended = await cli('cancel', imported.id, '--workspace', 'acme');
    const elsewhere = await cli('cancel', imported.id, '--workspace', 'globex');
    const malformed = await cli('cancel', 'nope', '--workspace', 'acme');
    // Assess
    expect(ended.code).toBe(1);
    expect(ended.stderr).toContain(
      `import ${imported.id} cannot be cancelled: the import has ended (completed)`,
    );
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(`no import ${imported.id} in this workspace`);
    expect(malformed.code).toBe(2);
  }, 90_000);
});

describe('errors by code in the summary', () => {
  it('prints one line of errored rows by code, the most frequent first', async () => {
    // Prepare
    const file = writeFile(
      files,
      'bad.csv',
      'Email,Phone\nbad@,\nworse@,\nc@example.com,12\nok@example.com,\n',
    );
    // Act
    const result = await cli('import', file, '--workspace', 'acme');
    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  errored: 2 × invalid_email, 1 × invalid_phone');
  });
});

describe('contacts-import template --example', () => {
  it('prints the template with one example row, which imports as exactly one created contact', async () => {
    // Prepare
    expect(
      (await cli('fields', 'add', 'renewal', '--label', 'Renewal', '--type', 'date', '--workspace', 't'))
        .code,
    ).toBe(0);
    expect(
      (await cli('fields', 'add', 'seats', '--label', 'Seats', '--type', 'number', '--workspace', 't')).code,
    ).toBe(0);
    // Act
    const plain = await cli('template', '--workspace', 't');
    const example = await cli('template', '--example', '--workspace', 't');
    const file = writeFile(files, 'template.csv', example.stdout);
    const imported = await cli('import', file, '--workspace', 't', '--json');
    // Assess
    expect(example.code).toBe(0);
    const lines = example.stdout
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines).toEqual([
      plain.stdout.replace(/^\ufeff/, '').trim(),
      expect.stringContaining('ada.lovelace@example.com'),
    ]);
    expect(lines[0]).toMatch(/,renewal,seats$/);
    expect(lines[1]).toMatch(/,2024-03-31,42$/);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      status: 'completed',
      counts: { rows: 1, created: 1, updated: 0, skipped: 0, errored: 0 },
    });
  }, 120_000);
});

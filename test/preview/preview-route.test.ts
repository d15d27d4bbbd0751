// POST /imports/preview on a real local stack: the engine's own dry run over the head of a file, nothing written.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

interface PreviewBody {
  encoding: string;
  delimiter: string;
  headerRow: number;
  headers: string[];
  columns: Array<{ header: string; field: string | null }>;
  warnings: Array<{ code: string; message: string }>;
  rows: Array<{
    row: number;
    cells: string[];
    outcome: string;
    code?: string;
    column?: string;
    message?: string;
  }>;
  counts: { rows: number; created: number; updated: number; skipped: number; errored: number };
  options: { mode: string; dryRun: boolean; defaultCountry: string };
}

interface ErrorBody {
  error: { code: string; message: string; rows?: Array<{ row: number; cells: string[] }> };
}

let stack: LocalStack;
let api: ApiClient;

const FILE = [
  'E-mail Address,Given Name,Acct #,Notes',
  'ann@example.com,Ann,A-1,already a contact',
  'bob@example.com,Bob,B-2,new',
  'not-an-email,Carl,C-3,typo',
  '',
].join('\n');

const preview = async (body: string | Uint8Array, query = '', contentType = 'text/csv') => {
  const response = await api.request('POST', `/imports/preview${query}`, body, {
    'content-type': contentType,
  });
  return { status: response.status, body: (await response.json()) as PreviewBody & ErrorBody };
};

const countContacts = async () => {
  const { body } = await api.json<{ contacts: unknown[] }>('GET', '/contacts?limit=500');
  return body.contacts.length;
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true });
  const { apiKey } = await createApiKey(stack.apiKeys, 'acme');
  api = createApiClient(stack.apiUrl ?? '', apiKey);
  const seeded = await api.request('POST', '/imports?fileName=seed.csv', 'Email\nann@example.com\n', {
    'content-type': 'text/csv',
  });
  const { importId } = (await seeded.json()) as { importId: string };
  await api.waitForImport(importId);
  const field = await api.json('POST', '/custom-fields', {
    key: 'crm_id',
    label: 'CRM id',
    type: 'text',
    mapsTo: 'external_id',
  });
  expect(field.status).toBe(201);
});

afterAll(async () => {
  await stack?.stop();
});

describe('POST /imports/preview', () => {
  it('detects the encoding, delimiter, header row and the field of each column', async () => {
    const { status, body } = await preview(FILE);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      encoding: 'utf-8',
      delimiter: ',',
      headerRow: 1,
      headers: ['E-mail Address', 'Given Name', 'Acct #', 'Notes'],
      options: { mode: 'upsert', dryRun: true, defaultCountry: 'US' },
    });
    expect(body.columns).toEqual([
      { header: 'E-mail Address', field: 'email' },
      { header: 'Given Name', field: 'first_name' },
      { header: 'Acct #', field: null },
      { header: 'Notes', field: null },
    ]);
  });

  it('applies a changed mapping sent as the mapping query parameter', async () => {
    const mapping = JSON.stringify({ 'Acct #': 'external_id', 'Given Name': 'ignore' });
    const { status, body } = await preview(FILE, `?mapping=${encodeURIComponent(mapping)}`);
    expect(status).toBe(200);
    expect(body.columns).toEqual([
      { header: 'E-mail Address', field: 'email' },
      { header: 'Given Name', field: null },
      { header: 'Acct #', field: 'external_id' },
      { header: 'Notes', field: null },
    ]);
  });

  it('predicts each row s outcome: an update of an existing contact, a creation and an errored row', async () => {
    const { body } = await preview(FILE);
    expect(body.rows).toEqual([
      expect.objectContaining({
        row: 2,
        outcome: 'updated',
        cells: ['ann@example.com', 'Ann', 'A-1', 'already a contact'],
      }),
      expect.objectContaining({ row: 3, outcome: 'created' }),
      expect.objectContaining({
        row: 4,
        outcome: 'errored',
        code: 'invalid_email',
        column: 'E-mail Address',
      }),
    ]);
    expect(body.counts).toEqual({ rows: 3, created: 1, updated: 1, skipped: 0, errored: 1 });
  });

  it('predicts outcomes under the chosen mode', async () => {
    const { body } = await preview(FILE, '?mode=create-only');
    expect(body.options.mode).toBe('create_only');
    expect(body.rows[0]).toMatchObject({ row: 2, outcome: 'skipped', code: 'already_exists' });
  });

  it('reads a file sent as bytes (application/octet-stream)', async () => {
    const { status, body } = await preview(new TextEncoder().encode(FILE), '', 'application/octet-stream');
    expect(status).toBe(200);
    expect(body.counts.rows).toBe(3);
  });

  it('stops at the number of rows asked for', async () => {
    const { body } = await preview(FILE, '?rows=2');
    expect(body.rows.map((row) => row.row)).toEqual([2, 3]);
  });

  it('drops the line cut off by the end of a partial sample', async () => {
    const sample = 'Email,First Name\nann@example.com,Ann\nbob@exa';
    const whole = await preview(sample);
    const partial = await preview(sample, '?partial=true');
    expect(whole.body.rows.map((row) => row.row)).toEqual([2, 3]);
    expect(partial.body.rows.map((row) => row.row)).toEqual([2]);
  });

  it('answers 422 not_csv for a binary file', async () => {
    const bytes = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    const { status, body } = await preview(bytes, '', 'application/octet-stream');
    expect(status).toBe(422);
    expect(body.error.code).toBe('not_csv');
  });

  it('answers 422 no_header when no column maps to a field', async () => {
    const { status, body } = await preview('foo,bar\n1,2\n');
    expect(status).toBe(422);
    expect(body.error.code).toBe('no_header');
  });

  it('answers no_header with the first rows of the file, a person picks the header from them', async () => {
    // Prepare: a title line, a blank line, headers that map to nothing, then twelve data rows.
    const data = Array.from(
      { length: 12 },
      (_, i) => `Ada ${i + 1};ada${i + 1}@x.example;+1 415 555 01${String(i).padStart(2, '0')}`,
    );
    const file = ['Export 2026-12-01', '', 'Col A;Col B;Col C', ...data, ''].join('\n');

    // Act
    const { status, body } = await preview(file);

    // Assess: ten non-empty records, numbered as a spreadsheet shows them, each with all its cells.
    expect(status).toBe(422);
    expect(body.error.code).toBe('no_header');
    expect(body.error.rows).toHaveLength(10);
    expect(body.error.rows?.[0]).toEqual({ row: 1, cells: ['Export 2026-12-01'] });
    expect(body.error.rows?.[1]).toEqual({ row: 3, cells: ['Col A', 'Col B', 'Col C'] });
    expect(body.error.rows?.[2]).toEqual({ row: 4, cells: ['Ada 1', 'ada1@x.example', '+1 415 555 0100'] });
    expect(body.error.rows?.[9]?.row).toBe(11);
  });

  it('previews the file with the picked headerRow and the explicit mapping of its columns', async () => {
    const file = 'Col A;Col B;Col C\nAda;ada@x.example;+1 415 555 0100\n';
    const mapping = JSON.stringify({ 'Col A': 'first_name', 'Col B': 'email', 'Col C': 'phone' });

    const { status, body } = await preview(file, `?headerRow=1&mapping=${encodeURIComponent(mapping)}`);

    expect(status).toBe(200);
    expect(body.headerRow).toBe(1);
    expect(body.columns.map((c) => c.field)).toEqual(['first_name', 'email', 'phone']);
    expect(body.rows).toMatchObject([
      { row: 2, outcome: 'created', cells: ['Ada', 'ada@x.example', '+1 415 555 0100'] },
    ]);
  });

  it('answers 400 unknown_field for a mapping to a field that does not exist', async () => {
    const mapping = JSON.stringify({ Notes: 'favourite_colour' });
    const { status, body } = await preview(FILE, `?mapping=${encodeURIComponent(mapping)}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('unknown_field');
    expect(body.error.message).toContain('favourite_colour');
  });

  it('answers 400 for a bad option', async () => {
    const { status, body } = await preview(FILE, '?mode=merge');
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
  });

  it('writes nothing: no contact and no import is added', async () => {
    const contactsBefore = await countContacts();
    const importsBefore = (await api.json<{ imports: unknown[] }>('GET', '/imports')).body.imports.length;
    await preview(FILE);
    await preview(FILE, `?mapping=${encodeURIComponent(JSON.stringify({ 'Acct #': 'external_id' }))}`);
    await stack.idle();
    expect(await countContacts()).toBe(contactsBefore);
    expect((await api.json<{ imports: unknown[] }>('GET', '/imports')).body.imports).toHaveLength(
      importsBefore,
    );
    const { body } = await api.json<{ contacts: unknown[] }>('GET', '/contacts?email=bob@example.com');
    expect(body.contacts).toEqual([]);
  });
});

describe('POST /imports/preview: headers as real exports write them', () => {
  it("shows a country column as phone_country and reads each row's phone in its country", async () => {
    // Prepare
    const file =
      'Person - Name;Person - Phone - Mobile;Person - Email - Work;Person - Postal address - Country\nSven;08-123 456 78;sven@x.example;Sweden\n';

    // Act
    const { status, body } = await preview(file);

    // Assess
    expect(status).toBe(200);
    expect(body.columns).toEqual([
      { header: 'Person - Name', field: 'full_name' },
      { header: 'Person - Phone - Mobile', field: 'phone' },
      { header: 'Person - Email - Work', field: 'email' },
      { header: 'Person - Postal address - Country', field: 'phone_country' },
    ]);
    expect(body.rows).toEqual([expect.objectContaining({ row: 2, outcome: 'created' })]);
  });

  it('shows extra_emails_ignored for the rows previewed, and no_match_column for a file without email or phone', async () => {
    // Act
    const several = await preview('Name,Email\nAnn,"ann@x.example, ann@y.example"\n');
    const names = await preview('Vorname;Nachname\nAnna;Gruber\n');

    // Assess
    expect(several.body.warnings).toEqual([
      {
        code: 'extra_emails_ignored',
        message: expect.stringContaining('1 row holds several email addresses'),
      },
    ]);
    expect(names.body.warnings.map((warning) => warning.code)).toEqual(['no_match_column']);
  });
});

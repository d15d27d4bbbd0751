// An .xlsx workbook through every way in of the local stack's API: a body of either type, a presigned upload,
// a drop, and the preview.

import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/xlsx/${name}`, import.meta.url));

let stack: LocalStack;
let api: ApiClient;
/** Each test imports into a workspace of its own, so that counts are its own. */
const clientFor = async (workspaceId: string) => {
  const { apiKey } = await createApiKey(stack.apiKeys, workspaceId);
  return createApiClient(stack.apiUrl ?? '', apiKey);
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true });
  api = await clientFor('xlsx-api');
});

afterAll(async () => {
  await stack?.stop();
});

const postFile = async (client: ApiClient, bytes: Uint8Array, type: string, query = '') => {
  const response = await client.request('POST', `/imports?fileName=contacts.xlsx${query}`, bytes, {
    'content-type': type,
  });
  expect(response.status).toBe(202);
  const { importId } = (await response.json()) as { importId: string };
  return client.waitForImport(importId);
};

describe('an .xlsx workbook through the API', () => {
  it('imports a workbook posted as application/octet-stream', async () => {
    const client = await clientFor('xlsx-octet');
    const summary = await postFile(
      client,
      fixture('contacts.xlsx'),
      'application/octet-stream',
      '&defaultCountry=DE',
    );
    expect(summary).toMatchObject({
      status: 'completed',
      fileName: 'contacts.xlsx',
      counts: { rows: 4, created: 3, skipped: 1, errored: 0 },
    });
    const { body } = await client.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=ana@example.es',
    );
    expect(body.contacts[0]).toMatchObject({
      lastName: 'López',
      phone: '+4915112345678',
      companyName: 'München GmbH',
    });
  });

  it('imports a workbook posted with its own MIME type, reading the sheet the query names', async () => {
    const client = await clientFor('xlsx-mime');
    const summary = await postFile(client, fixture('contacts.xlsx'), XLSX, '&sheet=Leads');
    expect(summary).toMatchObject({ status: 'completed', counts: { rows: 2, created: 1, errored: 1 } });
    const report = await client.request('GET', `/imports/${String(summary.id)}/errors`);
    const lines = (await report.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^Name,E-mail Address,import_/);
    expect(lines[1]).toMatch(/^Bad Email,not-an-email,/);
  });

  it('imports a workbook uploaded through the presigned POST', async () => {
    const client = await clientFor('xlsx-upload');
    const bytes = fixture('inline-strings.xlsx');
    const created = await client.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
    }>('POST', '/imports', { fileName: 'export.xlsx', fileSize: bytes.length });
    expect(created.status).toBe(201);
    expect(created.body.upload.fields['Content-Type']).toBe(XLSX);
    const uploaded = await client.upload(created.body.upload, bytes, 'export.xlsx');
    expect(uploaded.status).toBeLessThan(300);
    const summary = await client.waitForImport(created.body.importId);
    expect(summary).toMatchObject({ status: 'completed', counts: { rows: 2, created: 2 } });
  });

  it('imports a workbook dropped under drops/<workspace>/, with the sheet from its metadata', async () => {
    const client = await clientFor('xlsx-drop');
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: 'drops/xlsx-drop/nightly/leads.xlsx',
        Body: fixture('contacts.xlsx'),
        Metadata: { sheet: '2' },
      }),
    );
    await stack.idle();
    const { body } = await client.json<{ imports: Array<Record<string, unknown>> }>('GET', '/imports');
    expect(body.imports.find((i) => i.source === 'drop')).toMatchObject({
      status: 'completed',
      fileName: 'leads.xlsx',
      counts: { rows: 2, created: 1, errored: 1 },
    });
  });

  it('fails an OpenDocument spreadsheet with not_csv and a message to save it as CSV or xlsx', async () => {
    const summary = await postFile(api, fixture('contacts.ods'), 'application/octet-stream');
    expect(summary).toMatchObject({ status: 'failed', failure: { code: 'not_csv' } });
    expect((summary.failure as { message: string }).message).toMatch(/\.ods.*\.xlsx.*CSV/);
  });

  it('fails a password-protected workbook with encrypted_file', async () => {
    const summary = await postFile(api, fixture('encrypted.xlsx'), XLSX);
    expect(summary).toMatchObject({ status: 'failed', failure: { code: 'encrypted_file' } });
  });
});

describe('the preview of a workbook', () => {
  const preview = async (bytes: Uint8Array, query = '') => {
    const response = await api.request('POST', `/imports/preview${query}`, bytes, {
      'content-type': 'application/octet-stream',
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('shows the sheets, the one it reads, and its first rows as Excel shows them', async () => {
    const { status, body } = await preview(fixture('contacts.xlsx'), '?defaultCountry=DE');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      workbook: { sheet: 'Contacts', sheets: ['Contacts', 'Leads'] },
      headerRow: 1,
      headers: ['First Name', 'Last Name', 'Email', 'Phone', 'Company', 'birthday', 'vip', 'score', 'zip'],
    });
    expect(body.rows).toEqual([
      expect.objectContaining({ row: 2, outcome: 'created', cells: expect.arrayContaining(['4930901820']) }),
      expect.objectContaining({ row: 3, outcome: 'created' }),
      expect.objectContaining({ row: 4, outcome: 'skipped', code: 'empty_row' }),
      expect.objectContaining({ row: 5, outcome: 'created' }),
    ]);
  });

  it('reads the sheet the sheet option names, and answers sheet_not_found for one the workbook lacks', async () => {
    const second = await preview(fixture('contacts.xlsx'), '?sheet=2');
    expect(second.body).toMatchObject({ workbook: { sheet: 'Leads' }, headerRow: 2 });
    const missing = await preview(fixture('contacts.xlsx'), '?sheet=Customers');
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.body).toMatchObject({ error: { code: 'sheet_not_found' } });
  });
});

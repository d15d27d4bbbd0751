import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

let stack: LocalStack;
let n = 0;

type Summary = Record<string, unknown> & {
  status: string;
  counts: { rows: number; created: number; updated: number; skipped: number; errored: number };
  progress: { rowsProcessed: number; lastRow?: number };
};

const newWorkspace = async (): Promise<{ workspace: string; api: ApiClient }> => {
  const workspace = `lifecycle-${++n}`;
  const { apiKey } = await createApiKey(stack.apiKeys, workspace);
  return { workspace, api: createApiClient(stack.apiUrl ?? '', apiKey) };
};

const postCsv = async (api: ApiClient, csv: string, fileName = 'c.csv') => {
  const response = await api.request('POST', `/imports?fileName=${fileName}`, csv, {
    'content-type': 'text/csv',
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { importId: string }).importId;
};

/** Polls the summary until `until` holds of it. */
const pollUntil = async (
  api: ApiClient,
  importId: string,
  until: (s: Summary) => boolean,
  timeoutMs = 60_000,
) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api.json<Summary>('GET', `/imports/${importId}`);
    if (until(body)) return body;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const contactCount = async (api: ApiClient): Promise<number> => {
  let total = 0;
  let cursor: string | undefined;
  do {
    const { body } = await api.json<{ contacts: unknown[]; cursor?: string }>(
      'GET',
      `/contacts?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    total += body.contacts.length;
    cursor = body.cursor;
  } while (cursor);
  return total;
};

beforeAll(async () => {
  // Small batches, so that an import of a few thousand rows is still running when the test cancels it.
  stack = await startLocalStack({ port: 0, quiet: true, batchRows: 25 });
});

afterAll(async () => {
  await stack?.stop();
});

describe('POST /imports/{id}/cancel over HTTP', () => {
  it('stops a running import at its next batch: cancelled, its applied rows counted, its event sent', async () => {
    // Prepare
    const { api } = await newWorkspace();
    const rows = Array.from({ length: 4000 }, (_, i) => `c${i}@example.com,C${i}`);
    const importId = await postCsv(api, ['Email,First Name', ...rows].join('\n'));
    await pollUntil(api, importId, (s) => s.status === 'running' && s.progress.rowsProcessed > 0);
    // Act
    const cancel = await api.json<Summary>('POST', `/imports/${importId}/cancel`);
    const ended = await pollUntil(api, importId, (s) => s.status !== 'running');
    await stack.idle();
    // Assess
    expect(cancel.status).toBe(202);
    expect(cancel.body.cancelRequestedAt).toEqual(expect.any(String));
    expect(ended.status).toBe('cancelled');
    expect(ended.counts.rows).toBeGreaterThan(0);
    expect(ended.counts.rows).toBeLessThan(4000);
    expect(ended.counts.created).toBe(ended.counts.rows);
    expect(ended.progress.lastRow).toBe(ended.counts.rows + 1);
    expect(await contactCount(api)).toBe(ended.counts.created);
    const event = stack.finished.find((summary) => summary.id === importId);
    expect(event).toMatchObject({ status: 'cancelled', counts: ended.counts });
    // It has ended: a second cancel is refused, and the report is there to download.
    const again = await api.json<{ error: { code: string } }>('POST', `/imports/${importId}/cancel`);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'not_cancellable' } } });
    expect((await api.request('GET', `/imports/${importId}/errors`)).status).toBe(200);
  });

  it('cancels a pending upload at once, and its file arriving later never starts it', async () => {
    // Prepare
    const { api } = await newWorkspace();
    const created = await api.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
    }>('POST', '/imports', { fileName: 'late.csv' });
    // Act
    const cancel = await api.json<Summary>('POST', `/imports/${created.body.importId}/cancel`);
    await api.upload(created.body.upload, 'Email\nlate@example.com\n');
    await stack.idle();
    // Assess
    expect(cancel).toMatchObject({ status: 202, body: { status: 'cancelled' } });
    const { body } = await api.json<Summary>('GET', `/imports/${created.body.importId}`);
    expect(body).toMatchObject({ status: 'cancelled', counts: { rows: 0 } });
    expect(await contactCount(api)).toBe(0);
  });

  it("answers 404 for another workspace's import and for an id that is not one", async () => {
    // Prepare
    const { api } = await newWorkspace();
    const other = await newWorkspace();
    const importId = await postCsv(api, 'Email\na@example.com\n');
    // Act
    const elsewhere = await other.api.json('POST', `/imports/${importId}/cancel`);
    const malformed = await api.json('POST', '/imports/not-an-id/cancel');
    // Assess
    expect(elsewhere.status).toBe(404);
    expect(malformed.status).toBe(404);
  });
});

describe('expired uploads over HTTP', () => {
  it('shows an upload whose POST expired with no file as expired, in the summary and the list', async () => {
    // Prepare: registered as POST /imports would, its link expired an hour ago.
    const { workspace, api } = await newWorkspace();
    const importId = newImportId();
    const objectKey = `uploads/${workspace}/${importId}.csv`;
    await createImport(
      stack.engine,
      {
        workspaceId: workspace,
        importId,
        source: 'upload',
        fileName: 'never.csv',
        objectKey,
        options: {},
        uploadExpiresAt: new Date(Date.now() - 3_600_000).toISOString(),
      },
      [],
    );
    // Act
    const list = await api.json<{ imports: Summary[] }>('GET', '/imports');
    const one = await api.json<Summary>('GET', `/imports/${importId}`);
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: objectKey, Body: 'Email\nlate@example.com\n' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stack.idle();
    // Assess
    expect(list.body.imports.find((s) => s.id === importId)?.status).toBe('expired');
    expect(one.body).toMatchObject({ status: 'expired', finishedAt: expect.any(String) });
    expect((await api.json<Summary>('GET', `/imports/${importId}`)).body.status).toBe('expired');
    expect(await contactCount(api)).toBe(0);
    const cancel = await api.json<{ error: { code: string } }>('POST', `/imports/${importId}/cancel`);
    expect(cancel).toMatchObject({ status: 409, body: { error: { code: 'not_cancellable' } } });
  });

  it('keeps a fresh upload pending', async () => {
    const { api } = await newWorkspace();
    const created = await api.json<{ importId: string }>('POST', '/imports', { fileName: 'soon.csv' });
    const { body } = await api.json<Summary>('GET', `/imports/${created.body.importId}`);
    expect(body.status).toBe('pending');
  });
});

describe('errors by code and the template with an example row over HTTP', () => {
  it('answers erroredBy beside skippedBy, and import_row in the error report', async () => {
    // Prepare
    const { api } = await newWorkspace();
    const csv = 'Email,Phone\nok@example.com,\nbad@,\nworse@,\nc@example.com,12\n';
    // Act
    const importId = await postCsv(api, csv);
    const summary = await api.waitForImport(importId);
    const report = await (await api.request('GET', `/imports/${importId}/errors`)).text();
    // Assess
    expect(summary).toMatchObject({
      counts: { created: 1, errored: 3 },
      erroredBy: { invalid_email: 2, invalid_phone: 1 },
    });
    expect(
      report
        .replace(/^\ufeff/, '')
        .split('\r\n')
        .slice(0, 2),
    ).toEqual([
      'Email,Phone,import_row,import_outcome,import_code,import_message',
      expect.stringMatching(/^bad@,,3,errored,invalid_email,/),
    ]);
  });

  it('serves the template with one example row that imports as exactly one created contact', async () => {
    // Prepare: custom fields of every type, and one that holds external ids.
    const { api } = await newWorkspace();
    for (const field of [
      { key: 'crm_id', label: 'CRM id', type: 'text', mapsTo: 'external_id' },
      { key: 'segment', label: 'Segment', type: 'text' },
      { key: 'seats', label: 'Seats', type: 'number' },
      { key: 'renewal', label: 'Renewal', type: 'date' },
      { key: 'active', label: 'Active', type: 'boolean' },
    ]) {
      expect((await api.json('POST', '/custom-fields', field)).status).toBe(201);
    }
    // Act
    const plain = await (await api.request('GET', '/template')).text();
    const response = await api.request('GET', '/template?example=true');
    const template = await response.text();
    const importId = await postCsv(api, template, 'template.csv');
    const summary = await api.waitForImport(importId);
    // Assess
    expect(response.headers.get('content-disposition')).toContain('contacts-template-example.csv');
    const lines = template
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(plain.replace(/^\ufeff/, '').trim());
    expect(summary).toMatchObject({
      counts: { rows: 1, created: 1, updated: 0, skipped: 0, errored: 0 },
      cellErrors: {},
      warnings: [],
    });
    const { body } = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=ada.lovelace@example.com',
    );
    expect(body.contacts[0]).toMatchObject({
      fullName: 'Ada Lovelace',
      phone: '+14155550123',
      tags: ['customer', 'newsletter'],
      customFields: {
        crm_id: 'EXT-0001',
        segment: 'Example',
        seats: 42,
        renewal: '2024-03-31',
        active: true,
      },
    });
    expect((await api.json('GET', '/template?example=maybe')).status).toBe(400);
  });
});

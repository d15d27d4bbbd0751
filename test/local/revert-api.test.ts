import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

let stack: LocalStack;
let n = 0;

/** A workspace of its own and a client of the API for it. */
const newWorkspace = async (): Promise<ApiClient> => {
  const { apiKey } = await createApiKey(stack.apiKeys, `undo-${++n}`);
  return createApiClient(stack.apiUrl ?? '', apiKey);
};

interface Summary {
  id: string;
  status: string;
  revert?: {
    status: string;
    dryRun: boolean;
    counts: Record<string, number>;
    keptBy: Record<string, number>;
  };
}

const importCsv = async (api: ApiClient, csv: string, query = ''): Promise<Summary> => {
  const response = await api.request('POST', `/imports${query}`, csv, { 'content-type': 'text/csv' });
  expect(response.status).toBe(202);
  const { importId } = (await response.json()) as { importId: string };
  return (await api.waitForImport(importId, 60_000)) as unknown as Summary;
};

const waitForRevert = async (api: ApiClient, importId: string): Promise<Summary> => {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { body } = await api.json<Summary>('GET', `/imports/${importId}`);
    if (body.revert && body.revert.status !== 'running') return body;
    if (Date.now() > deadline) throw new Error(`revert of ${importId} still running`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const emails = async (api: ApiClient) => {
  const { body } = await api.json<{ contacts: Array<{ email?: string; companyName?: string }> }>(
    'GET',
    '/contacts?limit=100',
  );
  return body.contacts.map((c) => `${c.email}:${c.companyName ?? ''}`).sort();
};

beforeAll(async () => {
  // Small batches and invocations of 1.5 s that pause at once: every revert continues across rounds.
  stack = await startLocalStack({
    port: 0,
    quiet: true,
    batchRows: 5,
    invocationMs: 1500,
    safetyMarginMs: 1499,
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('POST /imports/{id}/revert over HTTP (SPEC §10)', () => {
  it('shows the dry run, then undoes the import across invocations, and refuses a second real revert', async () => {
    // Prepare
    const api = await newWorkspace();
    await importCsv(api, 'Email,Company\nc@x.com,Acme\n');
    const rows = ['Email,Company'];
    for (let i = 0; i < 12; i++) rows.push(`n${i}@x.com,New`);
    rows.push('c@x.com,Globex');
    const imported = await importCsv(api, `${rows.join('\n')}\n`);
    const before = await emails(api);
    // Act: a dry run, twice, then the revert
    for (let i = 0; i < 2; i++) {
      const dry = await api.json('POST', `/imports/${imported.id}/revert`, { dryRun: true });
      expect(dry).toEqual({ status: 202, body: { importId: imported.id, dryRun: true } });
      const summary = await waitForRevert(api, imported.id);
      expect(summary.revert).toMatchObject({
        status: 'completed',
        dryRun: true,
        counts: { contacts: 13, deleted: 12, restored: 1, kept: 0 },
      });
    }
    expect(await emails(api)).toEqual(before);
    const invocations = stack.invocations();
    const started = await api.json('POST', `/imports/${imported.id}/revert`, {});
    expect(started.status).toBe(202);
    const summary = await waitForRevert(api, imported.id);
    // Assess
    expect(summary.revert).toEqual({
      status: 'completed',
      dryRun: false,
      counts: { contacts: 13, deleted: 12, restored: 1, kept: 0 },
      keptBy: { changed_since: 0, email_taken: 0 },
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(stack.invocations() - invocations).toBeGreaterThan(1);
    expect(await emails(api)).toEqual(['c@x.com:Acme']);
    const again = await api.json<{ error: { code: string } }>('POST', `/imports/${imported.id}/revert`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_reverted');
    const list = await api.json<{ imports: Summary[] }>('GET', '/imports');
    expect(list.body.imports.find((i) => i.id === imported.id)?.revert?.status).toBe('completed');
  });

  it('refuses a dry-run import, an unknown import and a bad body, naming why', async () => {
    const api = await newWorkspace();
    const dry = await importCsv(api, 'Email\na@x.com\n', '?dryRun=true');
    const refused = await api.json<{ error: { code: string; message: string } }>(
      'POST',
      `/imports/${dry.id}/revert`,
      {},
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'not_revertible',
      message: expect.stringContaining('dry run'),
    });
    const missing = await api.json('POST', '/imports/01JABCDEFGHJKMNPQRSTVWXYZ0/revert', {});
    expect(missing.status).toBe(404);
    const real = await importCsv(api, 'Email\nb@x.com\n');
    const bad = await api.json<{ error: { code: string } }>('POST', `/imports/${real.id}/revert`, {
      dryRun: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });
});

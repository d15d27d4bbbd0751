// The update rules of SPEC §9 on every way in of the local stack: JSON, query, drop metadata, and the preview.

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

let stack: LocalStack;
let apiUrl: string;
let n = 0;

const SEED = 'Email,Name,Title,Company,Tags\nann@x.com,Ann,Engineer,Acme,VIP;Lead\n';
/** The update every test sends: a new title, a blank company, tags that overlap the stored ones. */
const UPDATE = 'Email,Title,Company,Tags\nann@x.com,CTO,,vip;Partner\n';

interface Summary {
  status: string;
  source: string;
  options: Record<string, unknown>;
  counts: Record<string, number>;
  skippedBy: Record<string, number>;
  columns: Array<{ header: string; field: string | null; overwrite?: string }>;
}

const postCsv = async (api: ApiClient, csv: string, query = '') => {
  const response = await api.request('POST', `/imports?fileName=rules.csv${query}`, csv, {
    'content-type': 'text/csv',
  });
  expect(response.status).toBe(202);
  const { importId } = (await response.json()) as { importId: string };
  return (await api.waitForImport(importId)) as unknown as Summary;
};

/** A workspace of its own holding Ann, and a client of the API for it. */
const newWorkspace = async (): Promise<{ workspace: string; api: ApiClient }> => {
  const workspace = `rules-api-${++n}`;
  const { apiKey } = await createApiKey(stack.apiKeys, workspace);
  const api = createApiClient(apiUrl, apiKey);
  expect((await postCsv(api, SEED)).counts.created).toBe(1);
  return { workspace, api };
};

const ann = async (api: ApiClient) => {
  const { body } = await api.json<{ contacts: Array<Record<string, unknown>> }>(
    'GET',
    '/contacts?email=ann@x.com',
  );
  return body.contacts[0];
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true });
  apiUrl = stack.apiUrl ?? '';
});

afterAll(async () => {
  await stack?.stop();
});

describe('update rules on every way in (SPEC §9)', () => {
  it('takes them, and a column policy, from the JSON of a presigned upload', async () => {
    // Prepare
    const { api } = await newWorkspace();
    const created = await api.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
    }>('POST', '/imports', {
      fileName: 'rules.csv',
      blankCells: 'clear',
      tagMode: 'replace',
      mapping: { Title: { field: 'job_title', overwrite: 'if_empty' } },
    });
    expect(created.status).toBe(201);
    // Act
    await api.upload(created.body.upload, UPDATE);
    const summary = (await api.waitForImport(created.body.importId)) as unknown as Summary;
    // Assess
    expect(summary.options).toMatchObject({ overwrite: 'always', blankCells: 'clear', tagMode: 'replace' });
    expect(summary.columns).toContainEqual({ header: 'Title', field: 'job_title', overwrite: 'if_empty' });
    expect(summary.counts.updated).toBe(1);
    const contact = await ann(api);
    expect(contact).toMatchObject({ jobTitle: 'Engineer', tags: ['vip', 'Partner'] });
    expect(contact?.companyName ?? null).toBeNull();
  });

  it('takes them from the query of a CSV posted as the body, the mapping as JSON', async () => {
    const { api } = await newWorkspace();
    const mapping = encodeURIComponent(JSON.stringify({ Tags: { field: 'tags', overwrite: 'always' } }));
    const summary = await postCsv(api, UPDATE, `&overwrite=never&tagMode=remove&mapping=${mapping}`);
    expect(summary.options).toMatchObject({ overwrite: 'never', blankCells: 'ignore', tagMode: 'remove' });
    expect(summary.columns).toContainEqual({ header: 'Tags', field: 'tags', overwrite: 'always' });
    expect(await ann(api)).toMatchObject({ jobTitle: 'Engineer', companyName: 'Acme', tags: ['Lead'] });
  });

  it('takes them from a drop’s metadata: x-amz-meta-overwrite, -blank-cells, -tag-mode and -mapping', async () => {
    // Prepare
    const { workspace, api } = await newWorkspace();
    // Act
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: `drops/${workspace}/nightly/rules.csv`,
        Body: UPDATE,
        Metadata: {
          overwrite: 'if-empty',
          'blank-cells': 'clear',
          'tag-mode': 'append',
          mapping: JSON.stringify({ Company: { field: 'company_name', overwrite: 'always' } }),
        },
      }),
    );
    await stack.idle();
    // Assess: the title and tags are kept (if_empty), the company column (always) is cleared by its blank cell.
    const { body } = await api.json<{ imports: Summary[] }>('GET', '/imports');
    const drop = body.imports.find((i) => i.source === 'drop');
    expect(drop).toMatchObject({
      status: 'completed',
      options: { overwrite: 'if_empty', blankCells: 'clear', tagMode: 'append' },
      counts: { updated: 1 },
    });
    expect(drop?.columns).toContainEqual({ header: 'Company', field: 'company_name', overwrite: 'always' });
    const contact = await ann(api);
    expect(contact).toMatchObject({ jobTitle: 'Engineer', tags: ['VIP', 'Lead'] });
    expect(contact?.companyName ?? null).toBeNull();
  });

  it('refuses a column policy it does not know with a 400 naming the column', async () => {
    const { api } = await newWorkspace();
    const refused = await api.json<{ error: { code: string; message: string } }>('POST', '/imports', {
      fileName: 'x.csv',
      mapping: { Title: { field: 'job_title', overwrite: 'sometimes' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('mapping.Title: overwrite takes always, if-empty or never');
  });
});

describe('the preview under the update rules (SPEC §9)', () => {
  it('predicts each row by the rules: unchanged when they leave nothing to change, updated otherwise', async () => {
    // Prepare
    const { api } = await newWorkspace();
    const preview = async (query: string) => {
      const response = await api.request('POST', `/imports/preview${query}`, UPDATE, {
        'content-type': 'text/csv',
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        rows: Array<{ outcome: string; code?: string }>;
        options: Record<string, unknown>;
        columns: Summary['columns'];
      };
    };
    // Act
    const never = await preview('?overwrite=never');
    const always = await preview('');
    const perColumn = await preview(
      `?overwrite=never&mapping=${encodeURIComponent(JSON.stringify({ Title: { field: 'job_title', overwrite: 'always' } }))}`,
    );
    // Assess
    expect(never.options).toMatchObject({ overwrite: 'never', dryRun: true });
    expect(never.rows).toEqual([expect.objectContaining({ outcome: 'skipped', code: 'unchanged' })]);
    expect(always.rows).toEqual([expect.objectContaining({ outcome: 'updated' })]);
    expect(perColumn.rows).toEqual([expect.objectContaining({ outcome: 'updated' })]);
    expect(perColumn.columns).toContainEqual({ header: 'Title', field: 'job_title', overwrite: 'always' });
    expect(await ann(api)).toMatchObject({ jobTitle: 'Engineer', companyName: 'Acme' });
  });
});

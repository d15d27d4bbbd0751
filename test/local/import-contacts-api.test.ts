// GET /contacts?importId= over HTTP on the local stack (SPEC §7): the contacts an import created or updated.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

let stack: LocalStack;
let n = 0;

const newWorkspace = async (): Promise<ApiClient> => {
  const { apiKey } = await createApiKey(stack.apiKeys, `of-import-${++n}`);
  return createApiClient(stack.apiUrl ?? '', apiKey);
};

interface Contact {
  id: string;
  email: string | null;
  companyName: string | null;
}
interface Page {
  contacts: Contact[];
  cursor?: string;
}

const importCsv = async (api: ApiClient, csv: string, query = ''): Promise<string> => {
  const response = await api.request('POST', `/imports${query}`, csv, { 'content-type': 'text/csv' });
  expect(response.status).toBe(202);
  const { importId } = (await response.json()) as { importId: string };
  const summary = await api.waitForImport(importId, 60_000);
  expect(summary.status).toBe('completed');
  return importId;
};

/** Every page from the first, following the cursors. */
const allPages = async (api: ApiClient, query: string): Promise<Page[]> => {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const { status, body } = await api.json<Page>(
      'GET',
      `/contacts?${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(status).toBe(200);
    pages.push(body);
    cursor = body.cursor;
  } while (cursor && pages.length < 20);
  return pages;
};

let api: ApiClient;
let importId: string;
/** In the order the import first wrote them: its rows' order. */
const written = ['new1@x.com', 'a@x.com', 'new2@x.com', 'b@x.com', 'new3@x.com'];

beforeAll(async () => {
  // Batches of 2 rows: the journal spans several segments.
  stack = await startLocalStack({ port: 0, quiet: true, batchRows: 2 });
  api = await newWorkspace();
  await importCsv(
    api,
    'Email,Company\na@x.com,Old\nb@x.com,Old\nc@x.com,Old\nd@x.com,Old\nother@x.com,Old\n',
  );
  importId = await importCsv(
    api,
    'Email,Company\nnew1@x.com,New\na@x.com,Acme\nnew2@x.com,New\na@x.com,Acme Two\nb@x.com,Globex\n' +
      'new3@x.com,New\nc@x.com,Old\n',
  );
});

afterAll(async () => {
  await stack?.stop();
});

describe('GET /contacts?importId= (SPEC §7)', () => {
  it('lists exactly the contacts the import created or updated, each once, in the order it wrote them', async () => {
    // Act
    const [page, ...rest] = await allPages(api, `importId=${importId}`);
    // Assess: c@x.com (unchanged, skipped), d@x.com and other@x.com are not the import's
    expect(rest).toEqual([]);
    expect(page?.cursor).toBeUndefined();
    expect(page?.contacts.map((c) => c.email)).toEqual(written);
    expect(page?.contacts.find((c) => c.email === 'a@x.com')?.companyName).toBe('Acme Two');
  });

  it('pages with limit 2: all five once, in the same stable order, on every read', async () => {
    // Act
    const first = await allPages(api, `importId=${importId}&limit=2`);
    const again = await allPages(api, `importId=${importId}&limit=2`);
    // Assess
    expect(first.map((p) => p.contacts.length)).toEqual([2, 2, 1]);
    expect(first.flatMap((p) => p.contacts.map((c) => c.email))).toEqual(written);
    expect(again).toEqual(first);
  });

  it('leaves out a contact deleted since, and shows the current values of the others', async () => {
    // Prepare
    const own = await newWorkspace();
    const id = await importCsv(own, 'Email,Company\nx1@x.com,X\nx2@x.com,X\nx3@x.com,X\n');
    const { body } = await own.json<Page>('GET', `/contacts?importId=${id}`);
    const [, second, third] = body.contacts;
    // Act
    expect((await own.request('DELETE', `/contacts/${second?.id}`)).status).toBe(204);
    expect((await own.json('PATCH', `/contacts/${third?.id}`, { companyName: 'Edited' })).status).toBe(200);
    const after = await own.json<Page>('GET', `/contacts?importId=${id}`);
    // Assess
    expect(after.body.contacts.map((c) => `${c.email}:${c.companyName}`)).toEqual([
      'x1@x.com:X',
      'x3@x.com:Edited',
    ]);
  });

  it('lists only the contacts it created with outcome=created, only those it updated with outcome=updated, paging each', async () => {
    // Act
    const created = await allPages(api, `importId=${importId}&outcome=created&limit=2`);
    const updated = await allPages(api, `importId=${importId}&outcome=updated`);
    // Assess
    expect(created.map((p) => p.contacts.length)).toEqual([2, 1]);
    expect(created.flatMap((p) => p.contacts.map((c) => c.email))).toEqual([
      'new1@x.com',
      'new2@x.com',
      'new3@x.com',
    ]);
    expect(updated.flatMap((p) => p.contacts.map((c) => c.email))).toEqual(['a@x.com', 'b@x.com']);
  });

  it('refuses an unknown outcome, an outcome without importId and a cursor of another outcome with a 400 naming the parameter', async () => {
    // Prepare: a cursor given out for outcome=created
    const { body } = await api.json<Page>('GET', `/contacts?importId=${importId}&outcome=created&limit=1`);
    expect(body.cursor).toBeDefined();
    const cases: Array<[string, string]> = [
      [`importId=${importId}&outcome=skipped`, 'outcome'],
      [`importId=${importId}&outcome=`, 'outcome'],
      ['outcome=created', 'outcome'],
      [`importId=${importId}&outcome=updated&cursor=${body.cursor}`, 'cursor'],
      [`importId=${importId}&cursor=${body.cursor}`, 'cursor'],
    ];
    for (const [query, field] of cases) {
      const response = await api.json<{ error: { code: string; message: string } }>(
        'GET',
        `/contacts?${query}`,
      );
      expect(response.status, query).toBe(400);
      expect(response.body.error.code, query).toBe('invalid_request');
      expect(response.body.error.message, query).toMatch(new RegExp(`^${field}\\b`));
    }
  });

  it('documents outcome in the OpenAPI document, with its two values', async () => {
    // Act
    const response = await fetch(`${stack.apiUrl}/openapi.json`);
    const document = (await response.json()) as {
      paths: Record<string, { get: { parameters: Array<{ name: string; schema: { enum?: string[] } }> } }>;
    };
    // Assess
    const outcome = document.paths['/contacts']?.get.parameters.find((p) => p.name === 'outcome');
    expect(outcome?.schema.enum).toEqual(['created', 'updated']);
  });

  it("answers 404 not_found for an unknown import and another workspace's", async () => {
    const other = await newWorkspace();
    for (const [client, id] of [
      [other, importId],
      [api, '01ARZ3NDEKTSV4RRFFQ69G5FAV'],
    ] as const) {
      const response = await client.json<{ error: { code: string } }>('GET', `/contacts?importId=${id}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it('refuses a malformed id, another filter beside it, a forged cursor and a dry run with a 400 naming why', async () => {
    const dryRun = await importCsv(api, 'Email\nzed@x.com\n', '?dryRun=true');
    const cases: Array<[string, string]> = [
      ['importId=not-an-id', 'importId'],
      [`importId=${importId}&email=a@x.com`, 'importId'],
      [`importId=${importId}&cursor=${Buffer.from('{"i":"x","n":1}').toString('base64url')}`, 'cursor'],
      [`importId=${importId}&cursor=garbage`, 'cursor'],
      [`importId=${dryRun}`, 'importId'],
    ];
    for (const [query, field] of cases) {
      const response = await api.json<{ error: { code: string; message: string; field?: string } }>(
        'GET',
        `/contacts?${query}`,
      );
      expect(response.status, query).toBe(400);
      expect(response.body.error.code, query).toBe('invalid_request');
      expect(response.body.error.message, query).toContain(field);
    }
  });
});

// Tenant isolation: every route with another workspace's ids, presigned POST policies, object keys that try to
// reach another workspace, and drops that import only where they were dropped.

import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_ROUTES, routeKey } from '../../functions/routes.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { newImportId } from '../../shared/ids.js';
import { decodeEventKey, parseObjectKey } from '../../shared/import/object-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';
import { s3Event } from '../support/lambda-fixtures.js';

const suffix = randomUUID().slice(0, 6);
const A = `tenant-a-${suffix}`;
const B = `tenant-b-${suffix}`;
const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;

let stack: LocalStack;
let apiUrl: string;
let asA: ApiClient;
let asB: ApiClient;
/** What workspace B owns, as B sees it. */
const b = { importId: '', contactId: '', email: 'bea@b.example', phone: '+14155550142', externalId: 'B-42' };
let refused = 0;

type Json = Record<string, unknown>;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  stack = await startLocalStack({ port: 0, quiet: true });
  apiUrl = stack.apiUrl ?? '';
  asA = createApiClient(apiUrl, (await createApiKey(stack.apiKeys, A)).apiKey);
  asB = createApiClient(apiUrl, (await createApiKey(stack.apiKeys, B)).apiKey);
  // Workspace B: a custom field for external ids, an import with an error, a contact with email, phone and id.
  expect(
    (
      await asB.json('POST', '/custom-fields', {
        key: 'crm_id',
        label: 'CRM id',
        type: 'text',
        mapsTo: 'external_id',
      })
    ).status,
  ).toBe(201);
  const posted = await asB.request(
    'POST',
    '/imports?fileName=b.csv',
    `Email,Phone,First Name,External Id\n${b.email},${b.phone},Bea,${b.externalId}\nbad@,,Bad,\n`,
    { 'content-type': 'text/csv' },
  );
  b.importId = ((await posted.json()) as { importId: string }).importId;
  expect(await asB.waitForImport(b.importId)).toMatchObject({
    status: 'completed',
    counts: { created: 1, errored: 1 },
  });
  const contacts = await asB.json<{ contacts: Json[] }>('GET', `/contacts?email=${b.email}`);
  b.contactId = String(contacts.body.contacts[0]?.id);
  // Workspace A has data of its own.
  const own = await asA.request('POST', '/imports?fileName=a.csv', 'Email\nann@a.example\n', {
    'content-type': 'text/csv',
  });
  await asA.waitForImport(((await own.json()) as { importId: string }).importId);
});

afterAll(async () => {
  await stack?.stop();
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  else process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEndpoint;
  console.log(`tenant isolation: ${refused} requests for another workspace's data refused or answered empty`);
});

const cursorOf = async (client: ApiClient, path: string): Promise<string> => {
  const page = await client.json<{ cursor?: string }>(
    'GET',
    `${path}${path.includes('?') ? '&' : '?'}limit=1`,
  );
  if (!page.body.cursor) throw new Error(`${path} gave no cursor`);
  return page.body.cursor;
};

describe('every route, called by workspace A with workspace B ids', () => {
  /** One check per route; the test fails when a route is added without one. */
  const checks: Record<string, () => Promise<void>> = {
    'POST /imports': async () => {
      const created = await asA.json<{ upload: { fields: Record<string, string> } }>('POST', '/imports', {
        fileName: `../${B}/x.csv`,
      });
      expect(created.status).toBe(201);
      expect(created.body.upload.fields.key).toMatch(new RegExp(`^uploads/${A}/[0-9A-Z]{26}\\.csv$`));
    },
    'POST /imports/preview': async () => {
      // B's contact does not exist for A: the preview would create it, not update it.
      const preview = await asA.request(
        'POST',
        '/imports/preview',
        `Email,Phone\n${b.email},\n,${b.phone}\n`,
        {
          'content-type': 'text/csv',
        },
      );
      expect(preview.status).toBe(200);
      const body = (await preview.json()) as { rows: Array<{ outcome: string }> };
      expect(body.rows.map((row) => row.outcome)).toEqual(['created', 'created']);
    },
    'GET /template': async () => {
      const template = await (await asA.request('GET', '/template')).text();
      expect(template).not.toContain('crm_id');
      expect(template).not.toContain('external_id');
    },
    'GET /imports': async () => {
      const list = await asA.json<{ imports: Json[] }>('GET', '/imports?limit=100');
      expect(list.body.imports.map((i) => i.id)).not.toContain(b.importId);
      const foreign = await asA.request('GET', `/imports?cursor=${await cursorOf(asB, '/imports')}`);
      expect(foreign.status).toBe(400);
    },
    'GET /imports/{id}': async () => {
      expect((await asA.request('GET', `/imports/${b.importId}`)).status).toBe(404);
    },
    'GET /imports/{id}/errors': async () => {
      expect((await asA.request('GET', `/imports/${b.importId}/errors`)).status).toBe(404);
    },
    'POST /imports/{id}/cancel': async () => {
      expect((await asA.json('POST', `/imports/${b.importId}/cancel`, {})).status).toBe(404);
    },
    'POST /imports/{id}/revert': async () => {
      // A's revert of B's import, dry or real, is a 404 and starts nothing (B's summary has no revert after).
      for (const body of [{ dryRun: true }, {}]) {
        expect((await asA.json('POST', `/imports/${b.importId}/revert`, body)).status).toBe(404);
      }
      expect((await asB.json<Json>('GET', `/imports/${b.importId}`)).body.revert).toBeUndefined();
    },
    'GET /custom-fields': async () => {
      const fields = await asA.json<{ customFields: Json[] }>('GET', '/custom-fields');
      expect(fields.body.customFields.map((f) => f.key)).not.toContain('crm_id');
    },
    'POST /custom-fields': async () => {
      // The same key in A is A's own field; B's stays as it was.
      expect(
        (await asA.json('POST', '/custom-fields', { key: 'crm_id', label: 'Mine', type: 'number' })).status,
      ).toBe(201);
      const fields = await asB.json<{ customFields: Json[] }>('GET', '/custom-fields');
      expect(fields.body.customFields).toEqual([
        { key: 'crm_id', label: 'CRM id', type: 'text', mapsTo: 'external_id' },
      ]);
    },
    'GET /contacts': async () => {
      const all = await asA.json<{ contacts: Json[] }>('GET', '/contacts?limit=500');
      expect(all.body.contacts.map((c) => c.id)).not.toContain(b.contactId);
      for (const filter of [
        `email=${b.email}`,
        `phone=${encodeURIComponent(b.phone)}`,
        `externalId=${b.externalId}`,
      ]) {
        const found = await asA.json<{ contacts: Json[] }>('GET', `/contacts?${filter}`);
        expect(found.status, filter).toBe(200);
        expect(found.body.contacts, filter).toEqual([]);
      }
      const ofImport = await asA.json<{ error: { code: string } }>('GET', `/contacts?importId=${b.importId}`);
      expect(ofImport.status).toBe(404);
      expect(ofImport.body.error.code).toBe('not_found');
      const foreign = await asA.request('GET', `/contacts?cursor=${await cursorOf(asB, '/contacts')}`);
      expect(foreign.status).toBe(400);
      const foreignByEmail = await asA.request(
        'GET',
        `/contacts?email=${b.email}&cursor=${Buffer.from(JSON.stringify({ pk: `W#${B}`, sk: `C#${b.contactId}`, gsiEmail: `${B}#${b.email}` })).toString('base64url')}`,
      );
      expect(foreignByEmail.status).toBe(400);
    },
    'GET /contacts/{id}': async () => {
      expect((await asA.request('GET', `/contacts/${b.contactId}`)).status).toBe(404);
    },
    'PATCH /contacts/{id}': async () => {
      expect((await asA.json('PATCH', `/contacts/${b.contactId}`, { jobTitle: 'from A' })).status).toBe(404);
      // Emails are unique per workspace: B's email is no `email_taken` in A (which would tell A that B has it).
      const own = await asA.json<{ contacts: Json[] }>('GET', '/contacts?email=ann@a.example');
      const ownId = String(own.body.contacts[0]?.id);
      expect((await asA.json('PATCH', `/contacts/${ownId}`, { email: b.email })).status).toBe(200);
      expect((await asA.json('PATCH', `/contacts/${ownId}`, { email: 'ann@a.example' })).status).toBe(200);
    },
    'DELETE /contacts/{id}': async () => {
      expect((await asA.request('DELETE', `/contacts/${b.contactId}`)).status).toBe(404);
      expect((await asB.request('GET', `/contacts/${b.contactId}`)).status).toBe(200);
    },
    'GET /settings': async () => {
      expect((await asB.json('PUT', '/settings', { dateFormat: 'DMY' })).status).toBe(200);
      expect((await asA.json<Json>('GET', '/settings')).body).not.toMatchObject({ dateFormat: 'DMY' });
    },
    'PUT /settings': async () => {
      expect((await asA.json('PUT', '/settings', { dateFormat: 'MDY' })).status).toBe(200);
      expect((await asB.json<Json>('GET', '/settings')).body).toMatchObject({ dateFormat: 'DMY' });
    },
    'GET /import-profiles': async () => {
      expect((await asB.json('PUT', '/import-profiles/theirs', { mode: 'create_only' })).status).toBe(200);
      expect((await asA.json<{ profiles: Json[] }>('GET', '/import-profiles')).body.profiles).toEqual([]);
      // Nor may A's imports take B's profile by its name.
      const named = await asA.json<{ error: { code: string } }>('POST', '/imports', {
        fileName: 'x.csv',
        profile: 'theirs',
      });
      expect(named).toMatchObject({ status: 400, body: { error: { code: 'unknown_profile' } } });
    },
    'PUT /import-profiles/{name}': async () => {
      expect((await asB.json('PUT', '/import-profiles/shared-name', { mode: 'update_only' })).status).toBe(
        200,
      );
      expect((await asA.json('PUT', '/import-profiles/shared-name', { mode: 'create_only' })).status).toBe(
        200,
      );
      const theirs = await asB.json<{ profiles: Json[] }>('GET', '/import-profiles');
      expect(theirs.body.profiles.find((p) => p.name === 'shared-name')).toMatchObject({
        options: { mode: 'update_only' },
      });
    },
    'DELETE /import-profiles/{name}': async () => {
      expect((await asB.json('PUT', '/import-profiles/keep-me', {})).status).toBe(200);
      expect((await asA.request('DELETE', '/import-profiles/keep-me')).status).toBe(404);
      const theirs = await asB.json<{ profiles: Json[] }>('GET', '/import-profiles');
      expect(theirs.body.profiles.map((p) => p.name)).toContain('keep-me');
    },
    'GET /openapi.json': async () => {
      // The same document for everyone, with or without a key: it names routes, never a workspace's data.
      const asA_ = await (await asA.request('GET', '/openapi.json')).text();
      const anonymous = await (await fetch(`${apiUrl}/openapi.json`)).text();
      expect(asA_).toBe(anonymous);
      for (const theirs of [B, b.importId, b.contactId, b.email, 'crm_id'])
        expect(anonymous).not.toContain(theirs);
    },
  };

  it('covers every route of functions/routes.ts', () => {
    expect(Object.keys(checks).sort()).toEqual(API_ROUTES.map(routeKey).sort());
  });

  it.for(Object.keys(checks))('%s gives A nothing of B', async (route) => {
    await checks[route]?.();
    refused++;
  });

  it('leaves B exactly as B sees it', async () => {
    const summary = await asB.json<Json>('GET', `/imports/${b.importId}`);
    expect(summary.body).toMatchObject({ status: 'completed', counts: { created: 1, errored: 1 } });
    const contact = await asB.json<Json>('GET', `/contacts/${b.contactId}`);
    expect(contact.body).toMatchObject({
      email: b.email,
      phone: b.phone,
      customFields: { crm_id: b.externalId },
    });
  });
});

/** A cursor as the API gives them out (base64url JSON), made by hand. */
const forgedCursor = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString('base64url');

describe("forged ids and cursors for one's own workspace (issue 18 #7)", () => {
  const expectRefused = async (path: string, status: 400 | 404) => {
    const response = await asA.json<{ error?: { code: string } }>('GET', path);
    expect({ path, status: response.status, code: response.body.error?.code }).toEqual({
      path,
      status,
      code: status === 400 ? 'invalid_request' : 'not_found',
    });
  };

  it.for([1023, 1024, 2000])('answers 404 for a contact id of %i characters', async (length) => {
    await expectRefused(`/contacts/${'x'.repeat(length)}`, 404);
    await expectRefused(`/contacts/${randomUUID()}${'0'.repeat(length - 36)}`, 404);
  });

  it('answers 404 for ids that are not ids at all', async () => {
    for (const id of ['abc', '%20', 'C%23x', randomUUID().toUpperCase().replace(/-/g, '')]) {
      await expectRefused(`/contacts/${id}`, 404);
    }
    for (const id of ['x'.repeat(1023), `${b.importId}x`]) await expectRefused(`/imports/${id}`, 404);
  });

  it('refuses an imports cursor whose key is not an import of this workspace', async () => {
    const pk = `W#${A}`;
    for (const key of [
      { pk, sk: 'C#x' },
      { pk, sk: '' },
      { pk, sk: 'F#crm_id' },
      { pk, sk: `I#${'x'.repeat(1100)}` },
      { pk },
      { pk, sk: 'I#x', gsiEmail: `${A}#a@b.c` },
      { pk, sk: 7 },
      { pk: `${pk}#I#${b.importId}`, sk: 'P' },
      [pk, 'I#x'],
      'I#x',
      null,
    ]) {
      await expectRefused(`/imports?cursor=${forgedCursor(key)}`, 400);
    }
    await expectRefused('/imports?cursor=%7B', 400);
  });

  it('refuses a contacts cursor whose key is not a contact of this very listing', async () => {
    const pk = `W#${A}`;
    for (const sk of ['', 'A', 'I#x', 'F#crm_id', `C#${'x'.repeat(1100)}`]) {
      await expectRefused(`/contacts?cursor=${forgedCursor({ pk, sk })}`, 400);
    }
    await expectRefused(`/contacts?cursor=${forgedCursor({ pk, sk: 'C#x', gsiEmail: `${A}#x@y.z` })}`, 400);
    // On an index: the index value must be the one asked for.
    await expectRefused(
      `/contacts?email=ann@a.example&cursor=${forgedCursor({ pk, sk: 'C#x', gsiEmail: `${A}#other@a.example` })}`,
      400,
    );
    await expectRefused(
      `/contacts?email=ann@a.example&cursor=${forgedCursor({ pk, sk: 'A', gsiEmail: `${A}#ann@a.example` })}`,
      400,
    );
  });

  it('finds nothing, rather than failing, for an external id longer than any key can be', async () => {
    const found = await asA.json<{ contacts: Json[] }>('GET', `/contacts?externalId=${'é'.repeat(1500)}`);
    expect(found).toEqual({ status: 200, body: { contacts: [] } });
  });

  it('still takes the cursors it gives out, page after page', async () => {
    // Prepare: three contacts more in A.
    const posted = await asA.request(
      'POST',
      '/imports?fileName=more.csv',
      'Email\nc1@a.example\nc2@a.example\nc3@a.example\n',
      {
        'content-type': 'text/csv',
      },
    );
    await asA.waitForImport(((await posted.json()) as { importId: string }).importId);
    // Act: walk the listing one contact a page.
    const seen: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await asA.json<{ contacts: Json[]; cursor?: string }>(
        'GET',
        `/contacts?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.contacts.map((contact) => contact.email));
      cursor = page.body.cursor;
    } while (cursor);
    // Assess
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['c1@a.example', 'c2@a.example', 'c3@a.example']));
  });
});

describe('presigned POSTs', () => {
  it('name exactly one key, under the caller workspace, for a limited size and time', async () => {
    const created = await asA.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
      maxBytes: number;
    }>('POST', '/imports', { fileName: 'a.csv' });
    const policy = JSON.parse(
      Buffer.from(created.body.upload.fields.Policy ?? '', 'base64').toString('utf8'),
    ) as {
      expiration: string;
      conditions: unknown[];
    };
    const key = `uploads/${A}/${created.body.importId}.csv`;
    expect(created.body.upload.fields.key).toBe(key);
    expect(policy.conditions).toContainEqual({ key });
    expect(policy.conditions).toContainEqual({ bucket: stack.bucket });
    expect(policy.conditions).toContainEqual(['content-length-range', 1, created.body.maxBytes]);
    // No condition widens the key: no starts-with, no ${filename}.
    expect(JSON.stringify(policy.conditions)).not.toMatch(/starts-with|\$\{filename\}/);
    const ttl = Date.parse(policy.expiration) - Date.now();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15 * 60 * 1000 + 5000);
  });

  it('used for another key (which the S3 emulator does not stop), start no import anywhere', async () => {
    // Prepare: s3rver ignores POST policy conditions, so the form writes where it is told: the policy above is what
    // stops this in AWS. Here the import function must still ignore what it finds.
    const created = await asA.json<{ upload: { url: string; fields: Record<string, string> } }>(
      'POST',
      '/imports',
      {
        fileName: 'a.csv',
      },
    );
    const strayId = newImportId();
    const targets = [`uploads/${B}/${strayId}.csv`, `uploads/${B}/evil.csv`, `uploads/${A}/../${B}/x.csv`];
    for (const key of targets) {
      const response = await asA.upload(
        { url: created.body.upload.url, fields: { ...created.body.upload.fields, key } },
        `Email\nintruder@a.example\n`,
      );
      expect(response.status).toBeLessThan(300);
    }
    await stack.idle();
    // Assess
    const bImports = await asB.json<{ imports: Json[] }>('GET', '/imports?limit=100');
    expect(bImports.body.imports.map((i) => i.id)).toEqual([b.importId]);
    for (const client of [asA, asB]) {
      const found = await client.json<{ contacts: Json[] }>('GET', '/contacts?email=intruder@a.example');
      expect(found.body.contacts).toEqual([]);
    }
  });
});

describe('object keys', () => {
  it.for([
    [`drops/${A}/../${B}/x.csv`, 'other'],
    [`drops/${A}/./x.csv`, 'other'],
    [`drops//${B}/x.csv`, 'other'],
    [`drops/${A}%2F..%2F${B}/x.csv`, 'other'],
    // An encoded slash is a slash of the key: a folder inside A's drops.
    [`drops/${A}%2F${B}/x.csv`, `drop:${A}`],
    [`uploads/${A}%2F..%2F${B}/${newImportId()}.csv`, 'other'],
    [`uploads/${A}/${newImportId()}.csv/../../${B}`, 'other'],
    [`uploads/${A}/x/${newImportId()}.csv`, 'other'],
    [`drops/${B.toUpperCase()}/x.csv`, `drop:${B.toUpperCase()}`],
    ['drops/a%20b/x.csv', 'other'],
    ['drops/%E2%80%AEb/x.csv', 'other'],
    [`drops/${A}/x.CSV`, `drop:${A}`],
    [`drops/${A}/${B}/x.csv`, `drop:${A}`],
  ] as const)('reads %s (as an event names it) as %s', ([eventKey, expected]) => {
    const parsed = parseObjectKey(decodeEventKey(eventKey));
    expect(parsed.kind === 'other' ? 'other' : `${parsed.kind}:${parsed.workspaceId}`).toBe(expected);
  });

  it('ignores, through the import function, events whose keys try to reach another workspace', async () => {
    const keys = [
      `drops/${A}%2F..%2F${B}/x.csv`,
      `uploads/${A}%2F..%2F${B}/${b.importId}.csv`,
      `drops/${A}/%2E%2E/${B}/x.csv`,
    ];
    for (const key of keys) {
      await stack.s3.send(
        new PutObjectCommand({
          Bucket: stack.bucket,
          Key: decodeEventKey(key),
          Body: 'Email\nsneaky@a.example\n',
        }),
      );
    }
    await stack.idle();
    for (const key of keys) await stack.invokeImport(s3Event(stack.bucket, key, 24));
    const bImports = await asB.json<{ imports: Json[] }>('GET', '/imports?limit=100');
    expect(bImports.body.imports.map((i) => i.id)).toEqual([b.importId]);
    for (const client of [asA, asB]) {
      const found = await client.json<{ contacts: Json[] }>('GET', '/contacts?email=sneaky@a.example');
      expect(found.body.contacts).toEqual([]);
    }
  });

  it('imports a file dropped under one workspace there only, even when it names another workspace contacts', async () => {
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: `drops/${A}/${B}/contacts.csv`,
        Body: `Email,Phone,Tags\n${b.email},${b.phone},from-a\n`,
      }),
    );
    await stack.idle();
    const mine = await asA.json<{ contacts: Json[] }>('GET', `/contacts?email=${b.email}`);
    expect(mine.body.contacts).toEqual([expect.objectContaining({ email: b.email, tags: ['from-a'] })]);
    const theirs = await asB.json<Json>('GET', `/contacts/${b.contactId}`);
    expect(theirs.body.tags).toEqual([]);
    const bImports = await asB.json<{ imports: Json[] }>('GET', '/imports?limit=100');
    expect(bImports.body.imports).toHaveLength(1);
  });
});

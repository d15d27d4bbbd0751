import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

let stack: LocalStack;
let api: ApiClient;
let apiUrl: string;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true });
  apiUrl = stack.apiUrl ?? '';
  const { apiKey } = await createApiKey(stack.apiKeys, 'acme');
  api = createApiClient(apiUrl, apiKey);
});

afterAll(async () => {
  await stack?.stop();
});

describe('the local stack, used as a client would', () => {
  it('imports a file uploaded with the presigned POST and serves its summary, error report and contacts', async () => {
    // Prepare
    const created = await api.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
      maxBytes: number;
    }>('POST', '/imports', { fileName: 'My contacts.csv', mode: 'upsert' });
    expect(created.status).toBe(201);
    expect(created.body.upload.fields.key).toBe(`uploads/acme/${created.body.importId}.csv`);
    // Act
    const uploaded = await api.upload(
      created.body.upload,
      'Email,First Name,Phone\nann@x.com,Ann,+14155550100\nbad,Bob,\n',
    );
    expect(uploaded.status).toBeLessThan(300);
    const summary = await api.waitForImport(created.body.importId);
    // Assess
    expect(summary).toMatchObject({
      status: 'completed',
      source: 'upload',
      fileName: 'My contacts.csv',
      counts: { rows: 2, created: 1, updated: 0, skipped: 0, errored: 1 },
      errors: [{ row: 3, code: 'invalid_email', column: 'Email' }],
    });
    const report = await api.request('GET', `/imports/${created.body.importId}/errors`);
    expect(report.headers.get('content-type')).toContain('text/csv');
    expect(await report.text()).toContain('bad,Bob,,3,errored,invalid_email,');
    const contacts = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=ANN@x.com',
    );
    expect(contacts.body.contacts).toEqual([
      expect.objectContaining({
        email: 'ann@x.com',
        firstName: 'Ann',
        phone: '+14155550100',
        fullName: 'Ann',
      }),
    ]);
  });

  it('stores an upload with the Content-Type its POST requires, the announced size being the size', async () => {
    // Prepare: a file announced with its size and type, as the page does.
    const csv = 'Email\nsized@x.com\n';
    const created = await api.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
    }>('POST', '/imports', {
      fileName: 'sized.csv',
      fileSize: csv.length,
      contentType: 'application/vnd.ms-excel',
    });
    // Act
    const uploaded = await api.upload(created.body.upload, csv);
    // Assess
    expect(uploaded.status).toBeLessThan(300);
    expect(await api.waitForImport(created.body.importId)).toMatchObject({ status: 'completed' });
    const head = await stack.s3.send(
      new HeadObjectCommand({ Bucket: stack.bucket, Key: created.body.upload.fields.key }),
    );
    expect(head.ContentType).toBe('application/vnd.ms-excel');
    expect(head.ContentLength).toBe(csv.length);
  });

  it('imports a CSV posted as the request body and answers 202', async () => {
    const response = await api.request(
      'POST',
      '/imports?fileName=body.csv&mode=create-only',
      'Email\nbody@x.com\n',
      {
        'content-type': 'text/csv',
      },
    );
    expect(response.status).toBe(202);
    const { importId } = (await response.json()) as { importId: string };
    const summary = await api.waitForImport(importId);
    expect(summary).toMatchObject({
      status: 'completed',
      source: 'api',
      counts: { created: 1 },
      options: { mode: 'create_only' },
    });
  });

  it('imports a file dropped under drops/<workspace>/ with options from its metadata', async () => {
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: 'drops/acme/nightly/export 1.csv',
        Body: 'Email,Phone\ndrop@x.com,020 7946 0018\n',
        Metadata: { 'default-country': 'GB', 'dry-run': 'false' },
      }),
    );
    await stack.idle();
    const { body } = await api.json<{ imports: Array<Record<string, unknown>> }>('GET', '/imports');
    const drop = body.imports.find((i) => i.source === 'drop');
    expect(drop).toMatchObject({
      status: 'completed',
      fileName: 'export 1.csv',
      options: { defaultCountry: 'GB' },
    });
    const contacts = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=drop@x.com',
    );
    expect(contacts.body.contacts[0]).toMatchObject({ phone: '+442079460018' });
  });

  it('reads every option of a drop from its metadata, the same spellings as the query s', async () => {
    // Prepare: a semicolon file in Windows-1252, its header mapped by the metadata.
    const body = Buffer.from('Courriel;Nom\nrene@x.com;Ren\xe9\n', 'latin1');
    // Act
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: 'drops/acme/crm/accents.csv',
        Body: body,
        Metadata: {
          mode: 'CREATE-ONLY',
          'dry-run': 'No',
          mapping: JSON.stringify({ Courriel: 'email', Nom: 'first_name' }),
          encoding: 'windows-1252',
          delimiter: ';',
        },
      }),
    );
    await stack.idle();
    // Assess
    const { body: listed } = await api.json<{ imports: Array<Record<string, unknown>> }>('GET', '/imports');
    expect(listed.imports.find((i) => i.fileName === 'accents.csv')).toMatchObject({
      status: 'completed',
      options: { mode: 'create_only', dryRun: false },
      counts: { created: 1 },
    });
    const contacts = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=rene@x.com',
    );
    expect(contacts.body.contacts[0]).toMatchObject({ firstName: 'René' });
  });

  it('refuses requests without a key, with an unknown key, and another workspace s import', async () => {
    const anonymous = createApiClient(apiUrl);
    expect((await anonymous.request('GET', '/imports')).status).toBe(401);
    const wrong = createApiClient(apiUrl, 'cik_not-a-real-key');
    expect((await wrong.request('GET', '/imports')).status).toBe(403);
    const mine = await api.json<{ importId: string }>('POST', '/imports', { fileName: 'x.csv' });
    const { apiKey: otherKey } = await createApiKey(stack.apiKeys, 'globex');
    const other = createApiClient(apiUrl, otherKey);
    expect((await other.request('GET', `/imports/${mine.body.importId}`)).status).toBe(404);
  });
});

describe('files posted as the request body', () => {
  it('keeps the bytes of a Windows-1252 file, posted as text/csv or as octet-stream', async () => {
    for (const contentType of ['text/csv', 'application/octet-stream']) {
      const email = `chloe-${contentType.length}@x.com`;
      const bytes = Buffer.from(`Email,First Name\n${email},Chlo\xe9\n`, 'latin1');
      const response = await api.request('POST', '/imports?fileName=excel.csv', bytes, {
        'content-type': contentType,
      });
      expect(response.status).toBe(202);
      const { importId } = (await response.json()) as { importId: string };
      expect(await api.waitForImport(importId)).toMatchObject({
        status: 'completed',
        counts: { created: 1 },
      });
      const contacts = await api.json<{ contacts: Array<Record<string, unknown>> }>(
        'GET',
        `/contacts?email=${email}`,
      );
      expect(contacts.body.contacts[0]).toMatchObject({ firstName: 'Chloé' });
    }
  });
});

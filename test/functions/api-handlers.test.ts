import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler as createUploadUrl } from '../../functions/upload-url/create-handler.js';
import { DynamoDbSettingsStore } from '../../shared/adapters/dynamodb/dynamodb-settings-store.js';
import { createEngineDeps } from '../../shared/adapters/engine-deps.js';
import { newImportId } from '../../shared/ids.js';
import type { ImportEngineDeps } from '../../shared/import/run-import.js';
import { apiEvent } from '../support/lambda-fixtures.js';
import { createResultsHandler, type ResultsHandler } from '../support/results-handler.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
let engine: ImportEngineDeps;
let uploadUrl: ReturnType<typeof createUploadUrl>;
let results: ResultsHandler;

beforeAll(async () => {
  env = await createTestEnv();
  engine = createEngineDeps({ ...env, maxBytes: 1024 * 1024 });
  const logger = new Logger({ logLevel: 'SILENT' });
  const now = () => new Date('2026-11-25T10:00:00Z');
  const settings = new DynamoDbSettingsStore(env.documentClient, env.tableName);
  uploadUrl = createUploadUrl({
    imports: engine.imports,
    customFields: engine.customFields,
    settings,
    s3: env.s3,
    bucket: env.bucket,
    maxBytes: 1024 * 1024,
    urlTtlSeconds: 900,
    newImportId: () => newImportId(),
    now,
    logger,
    preview: { contacts: engine.contacts, customFields: engine.customFields, now },
  });
  results = createResultsHandler(env, engine, { now, settings, logger });
});

const body = (response: { body?: string }) => JSON.parse(response.body ?? '{}');

describe('POST /imports', () => {
  it('registers a pending import and returns a presigned POST for its own key only', async () => {
    const response = await uploadUrl(
      apiEvent('POST /imports', {
        body: JSON.stringify({ fileName: '../../etc/My\u0007 list.csv', dryRun: true }),
      }),
    );
    expect(response.statusCode).toBe(201);
    const { importId, upload, maxBytes } = body(response);
    expect(upload.fields.key).toBe(`uploads/acme/${importId}.csv`);
    expect(maxBytes).toBe(1024 * 1024);
    const policy = JSON.parse(Buffer.from(upload.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 1024 * 1024],
        { key: `uploads/acme/${importId}.csv` },
      ]),
    );
    const summary = body(await results(apiEvent('GET /imports/{id}', { pathParameters: { id: importId } })));
    expect(summary).toMatchObject({
      status: 'pending',
      fileName: 'My list.csv',
      options: { dryRun: true, mode: 'upsert', defaultCountry: 'US' },
    });
  });

  it('signs a POST that requires text/csv and, with no size announced, 1 byte to the limit', async () => {
    // Act
    const response = await uploadUrl(
      apiEvent('POST /imports', { body: JSON.stringify({ fileName: 'a.csv' }) }),
    );
    // Assess
    const { upload } = body(response);
    expect(upload.fields['Content-Type']).toBe('text/csv');
    const policy = JSON.parse(Buffer.from(upload.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([['content-length-range', 1, 1024 * 1024], { 'Content-Type': 'text/csv' }]),
    );
  });

  it.each([
    ['the type the page announces', 'application/vnd.ms-excel', 'a.csv', 'application/vnd.ms-excel'],
    [
      'a workbook',
      undefined,
      'Export.XLSX',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    ['a type with parameters, in capitals', 'Text/CSV; charset=utf-8', 'a.csv', 'text/csv'],
    [
      'a type no importable file has, as application/octet-stream',
      'text/html',
      'a.csv',
      'application/octet-stream',
    ],
  ])('signs a POST that requires the Content-Type of %s', async (_name, contentType, fileName, required) => {
    const response = await uploadUrl(
      apiEvent('POST /imports', { body: JSON.stringify({ fileName, contentType, fileSize: 5 }) }),
    );
    const { upload } = body(response);
    expect(upload.fields['Content-Type']).toBe(required);
    const policy = JSON.parse(Buffer.from(upload.fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(expect.arrayContaining([{ 'Content-Type': required }]));
  });

  it('signs a POST for exactly the size announced, an empty file included', async () => {
    for (const fileSize of [1234, 0]) {
      // Act
      const response = await uploadUrl(
        apiEvent('POST /imports', { body: JSON.stringify({ fileName: 'a.csv', fileSize }) }),
      );
      // Assess: the announced size replaces the general limit.
      const policy = JSON.parse(Buffer.from(body(response).upload.fields.Policy, 'base64').toString('utf8'));
      const ranges = policy.conditions.filter(
        (c: unknown) => Array.isArray(c) && c[0] === 'content-length-range',
      );
      expect(ranges).toEqual([['content-length-range', fileSize, fileSize]]);
    }
  });

  it('refuses an invalid option of a JSON body or a query with a 400 naming it', async () => {
    const json = await uploadUrl(
      apiEvent('POST /imports', { body: JSON.stringify({ fileName: 'a.csv', delimiter: 'x' }) }),
    );
    expect(json.statusCode).toBe(400);
    expect(body(json).error).toMatchObject({
      code: 'invalid_request',
      message: 'delimiter takes "," ";" "|" or tab',
    });
    const query = await uploadUrl(
      apiEvent('POST /imports', {
        body: 'Email\na@x.com\n',
        contentType: 'text/csv',
        query: { dryRun: 'sure' },
      }),
    );
    expect(query.statusCode).toBe(400);
    expect(body(query).error).toMatchObject({
      code: 'invalid_request',
      message: 'dryRun takes true, false, yes, no, 1 or 0',
    });
  });

  it('reads the boolean spellings of a query: yes is a dry run', async () => {
    const response = await uploadUrl(
      apiEvent('POST /imports', {
        body: 'Email\na@x.com\n',
        contentType: 'text/csv',
        query: { dryRun: 'YES' },
      }),
    );
    const { importId } = body(response);
    const summary = body(await results(apiEvent('GET /imports/{id}', { pathParameters: { id: importId } })));
    expect(summary.options).toMatchObject({ mode: 'upsert', dryRun: true, defaultCountry: 'US' });
  });

  it('stores a text/csv body under uploads/ and answers 202', async () => {
    const response = await uploadUrl(
      apiEvent('POST /imports', {
        body: 'Email\na@x.com\n',
        contentType: 'text/csv',
        query: { mode: 'update-only', fileName: 'feed.csv' },
      }),
    );
    expect(response.statusCode).toBe(202);
    const { importId } = body(response);
    const object = await env.s3.send(
      new GetObjectCommand({ Bucket: env.bucket, Key: `uploads/acme/${importId}.csv` }),
    );
    expect(await object.Body?.transformToString()).toBe('Email\na@x.com\n');
  });

  it.each([
    ['a body that is not JSON', { body: '{nope' }, 400, 'invalid_request'],
    ['no fileName', { body: '{}' }, 400, 'invalid_request'],
    [
      'an unknown mode',
      { body: JSON.stringify({ fileName: 'a.csv', mode: 'merge' }) },
      400,
      'invalid_request',
    ],
    [
      'a mapping to an unknown field',
      { body: JSON.stringify({ fileName: 'a.csv', mapping: { X: 'shoe_size' } }) },
      400,
      'unknown_field',
    ],
    [
      'a huge mapping',
      {
        body: JSON.stringify({
          fileName: 'a.csv',
          mapping: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`h${i}`, 'ignore'])),
        }),
      },
      400,
      'invalid_request',
    ],
    [
      'a body over 1 MiB',
      { body: JSON.stringify({ fileName: 'a'.repeat(1024 * 1024) }) },
      413,
      'payload_too_large',
    ],
    [
      'a file announced over the size limit',
      { body: JSON.stringify({ fileName: 'a.csv', fileSize: 2 * 1024 * 1024 }) },
      413,
      'file_too_large',
    ],
    ['another content type', { body: 'x', contentType: 'application/xml' }, 415, 'unsupported_media_type'],
    ['an empty CSV body', { body: '', contentType: 'text/csv' }, 400, 'invalid_request'],
  ])('refuses %s', async (_name, options, status, code) => {
    const response = await uploadUrl(apiEvent('POST /imports', options));
    expect(response.statusCode).toBe(status);
    expect(body(response).error.code).toBe(code);
  });
});

describe('results routes', () => {
  it('serves the template with built-in headers, external_id when mapped, and custom keys', async () => {
    const ws = 'tmpl';
    expect(
      (
        await results(
          apiEvent('POST /custom-fields', {
            workspaceId: ws,
            body: JSON.stringify({ key: 'crm_id', label: 'CRM', type: 'text', mapsTo: 'external_id' }),
          }),
        )
      ).statusCode,
    ).toBe(201);
    await results(
      apiEvent('POST /custom-fields', {
        workspaceId: ws,
        body: JSON.stringify({ key: 'score', label: 'Score', type: 'number' }),
      }),
    );
    const response = await results(apiEvent('GET /template', { workspaceId: ws }));
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.body).toBe(
      '\ufefffull_name,first_name,last_name,email,phone,company_name,job_title,tags,external_id,score\r\n',
    );
  });

  it('refuses a second field mapped to external_id and a reserved key', async () => {
    const ws = 'fields';
    await results(
      apiEvent('POST /custom-fields', {
        workspaceId: ws,
        body: JSON.stringify({ key: 'a_id', label: 'A', type: 'text', mapsTo: 'external_id' }),
      }),
    );
    const second = await results(
      apiEvent('POST /custom-fields', {
        workspaceId: ws,
        body: JSON.stringify({ key: 'b_id', label: 'B', type: 'text', mapsTo: 'external_id' }),
      }),
    );
    expect(second.statusCode).toBe(409);
    const reserved = await results(
      apiEvent('POST /custom-fields', {
        workspaceId: ws,
        body: JSON.stringify({ key: 'email', label: 'E', type: 'text' }),
      }),
    );
    expect(reserved.statusCode).toBe(400);
  });

  it('answers 404 for another workspace s import and for ids that are not ids', async () => {
    const created = body(
      await uploadUrl(
        apiEvent('POST /imports', { workspaceId: 'owner', body: JSON.stringify({ fileName: 'a.csv' }) }),
      ),
    );
    for (const route of ['GET /imports/{id}', 'GET /imports/{id}/errors']) {
      const foreign = await results(
        apiEvent(route, { workspaceId: 'intruder', pathParameters: { id: created.importId } }),
      );
      expect(foreign.statusCode).toBe(404);
    }
    const malformed = await results(
      apiEvent('GET /imports/{id}', { workspaceId: 'owner', pathParameters: { id: '..%2Fx' } }),
    );
    expect(malformed.statusCode).toBe(404);
    const contact = await results(
      apiEvent('GET /contacts/{id}', { workspaceId: 'owner', pathParameters: { id: 'nope' } }),
    );
    expect(contact.statusCode).toBe(404);
  });

  it('answers 409 for the error report of an import that has not finished', async () => {
    const created = body(
      await uploadUrl(apiEvent('POST /imports', { body: JSON.stringify({ fileName: 'a.csv' }) })),
    );
    const response = await results(
      apiEvent('GET /imports/{id}/errors', { pathParameters: { id: created.importId } }),
    );
    expect(response.statusCode).toBe(409);
  });

  it('refuses a cursor from another workspace', async () => {
    const cursor = Buffer.from(JSON.stringify({ pk: 'W#owner', sk: 'C#x' })).toString('base64url');
    const response = await results(apiEvent('GET /contacts', { workspaceId: 'intruder', query: { cursor } }));
    expect(response.statusCode).toBe(400);
  });
});

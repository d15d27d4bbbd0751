// GET /openapi.json, served by the local stack over real HTTP: valid OpenAPI 3.1, every route with its methods
// and error responses, and what the handlers really answer is what it documents.

import { randomUUID } from 'node:crypto';
import { compileErrors, validate } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import { API_ROUTES, routeKey } from '../../../functions/routes.js';
import { type LocalStack, startLocalStack } from '../../../local/stack.js';
import { contactJsonSchema, contactsPageSchema } from '../../../shared/api/contacts.js';
import { acceptedImportSchema, createdImportSchema } from '../../../shared/api/create-import.js';
import { customFieldJsonSchema, customFieldsListSchema } from '../../../shared/api/custom-fields.js';
import { errorBodySchema } from '../../../shared/api/error-body.js';
import { importSummarySchema, importsPageSchema } from '../../../shared/api/import-summary.js';
import { previewSchema } from '../../../shared/api/preview.js';
import { ROUTE_CONTRACTS, type RouteKey } from '../../../shared/api/route-contracts.js';
import { createApiKey } from '../../../shared/auth/api-keys.js';
import { STATUS_BY_CODE } from '../../../shared/http/http-response.js';
import { type ApiClient, createApiClient } from '../../support/api-client.js';

const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
const workspace = `openapi-${randomUUID().slice(0, 6)}`;

let stack: LocalStack;
let apiUrl: string;
let api: ApiClient;
let served: { status: number; contentType: string | null; document: OpenAPIV3_1.Document };

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  stack = await startLocalStack({ port: 0, quiet: true });
  apiUrl = stack.apiUrl ?? '';
  api = createApiClient(apiUrl, (await createApiKey(stack.apiKeys, workspace)).apiKey);
  // No Authorization header at all.
  const response = await fetch(`${apiUrl}/openapi.json`);
  served = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    document: (await response.json()) as OpenAPIV3_1.Document,
  };
});

afterAll(async () => {
  await stack?.stop();
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  else process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEndpoint;
});

type Method = 'get' | 'post';
const operationOf = (method: string, path: string): OpenAPIV3_1.OperationObject | undefined =>
  served.document.paths?.[path]?.[method.toLowerCase() as Method];

/** The error codes the document lists for one route and status (the enum of its error body's `code`). */
const documentedCodes = (key: string, status: number): string[] => {
  const [method = '', path = ''] = key.split(' ');
  const response = operationOf(method, path)?.responses?.[String(status)] as
    | OpenAPIV3_1.ResponseObject
    | undefined;
  const schema = response?.content?.['application/json']?.schema as OpenAPIV3_1.SchemaObject | undefined;
  const code = (schema?.properties?.error as OpenAPIV3_1.SchemaObject | undefined)?.properties?.code as
    | OpenAPIV3_1.SchemaObject
    | undefined;
  return (code?.enum as string[] | undefined) ?? [];
};

describe('GET /openapi.json', () => {
  it('answers without an API key, as JSON', () => {
    expect(served.status).toBe(200);
    expect(served.contentType).toMatch(/^application\/json/);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(served.document.openapi).toBe('3.1.0');
    // The validator dereferences in place: it gets a copy.
    const result = await validate(structuredClone(served.document) as never);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
  });

  it('is not fooled: the validator refuses a broken copy of it', async () => {
    const broken = structuredClone(served.document) as unknown as Record<string, unknown>;
    broken.paths = { '/imports': { get: { responses: { 200: { content: {} } } } } };
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('lists every route of functions/routes.ts with its method, and no other', () => {
    const documented = Object.entries(served.document.paths ?? {}).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const)
        .filter((method) => item?.[method])
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(API_ROUTES.map(routeKey).sort());
  });

  it('asks for the bearer key on every route but itself', () => {
    expect(served.document.security).toEqual([{ apiKey: [] }]);
    expect(served.document.components?.securitySchemes?.apiKey).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const route of API_ROUTES) {
      const operation = operationOf(route.method, route.path);
      if ('public' in route) {
        expect(operation?.security, routeKey(route)).toEqual([]);
      } else {
        expect(operation?.security, routeKey(route)).toBeUndefined();
        expect(Object.keys(operation?.responses ?? {}), routeKey(route)).toEqual(
          expect.arrayContaining(['401', '403']),
        );
      }
    }
  });

  it("lists each route's error codes under their statuses, and a generic 500 everywhere", () => {
    for (const route of API_ROUTES) {
      const key = routeKey(route) as RouteKey;
      const errors: readonly string[] = ROUTE_CONTRACTS[key].errors;
      for (const code of errors) {
        expect(
          documentedCodes(key, STATUS_BY_CODE[code as keyof typeof STATUS_BY_CODE]),
          `${key} ${code}`,
        ).toContain(code);
      }
      expect(documentedCodes(key, 500), key).toEqual(['internal']);
    }
  });
});

describe('what the handlers answer, over HTTP, is what the document says', () => {
  /** Sends one request and checks its answer against the route's documented responses. */
  const answer = async (
    key: RouteKey,
    path: string,
    init: { body?: string; type?: string; key?: string | null } = {},
  ): Promise<{ status: number; body: unknown; text: string }> => {
    const [method = 'GET'] = key.split(' ');
    const headers: Record<string, string> = {};
    if (init.type) headers['content-type'] = init.type;
    const response =
      init.key === undefined
        ? await api.request(method, path, init.body, headers)
        : await fetch(`${apiUrl}${path}`, {
            method,
            headers: { ...headers, ...(init.key ? { authorization: `Bearer ${init.key}` } : {}) },
            ...(init.body ? { body: init.body } : {}),
          });
    const text = await response.text();
    const body = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
    const documented = Object.keys(operationOf(method, key.slice(method.length + 1))?.responses ?? {});
    expect(documented, `${key} answered ${response.status}`).toContain(String(response.status));
    if (response.status >= 400 && response.status !== 401 && response.status !== 403) {
      const error = errorBodySchema.parse(body).error;
      expect(
        documentedCodes(key, response.status),
        `${key} answered ${response.status} ${error.code}`,
      ).toContain(error.code);
    }
    return { status: response.status, body, text };
  };
  /** A success body is exactly its schema: nothing missing, nothing the schema does not know. */
  const expectShape = (schema: z.ZodType, body: unknown) => expect(schema.parse(body)).toEqual(body);

  let importId = '';
  let contactId = '';

  it('POST /imports: 202 for a CSV body, 201 for JSON, and its documented errors', async () => {
    const accepted = await answer('POST /imports', '/imports?fileName=a.csv', {
      body: 'Email,First Name\nann@openapi.example,Ann\nbad@,Bad\n',
      type: 'text/csv',
    });
    expect(accepted.status).toBe(202);
    expectShape(acceptedImportSchema, accepted.body);
    importId = (accepted.body as { importId: string }).importId;
    const created = await answer('POST /imports', '/imports', {
      body: JSON.stringify({ fileName: 'b.csv', mode: 'create_only' }),
      type: 'application/json',
    });
    expect(created.status).toBe(201);
    expectShape(createdImportSchema, created.body);
    for (const [body, type, status] of [
      ['{}', 'application/json', 400],
      [JSON.stringify({ fileName: 'x.csv', mapping: { Email: 'nope' } }), 'application/json', 400],
      [JSON.stringify({ fileName: 'x.csv', fileSize: 1e15 }), 'application/json', 413],
      ['Email\n', 'text/plain', 415],
    ] as const) {
      expect((await answer('POST /imports', '/imports', { body, type })).status, body).toBe(status);
    }
  });

  it('POST /imports/preview: 200 with the preview, 422 for a file that is no CSV', async () => {
    const preview = await answer('POST /imports/preview', '/imports/preview', {
      body: 'Email\nzed@openapi.example\n',
      type: 'text/csv',
    });
    expect(preview.status).toBe(200);
    expectShape(previewSchema, preview.body);
    const pdf = await answer('POST /imports/preview', '/imports/preview', {
      body: '%PDF-1.7\n',
      type: 'application/octet-stream',
    });
    expect(pdf.status).toBe(422);
  });

  it('GET /imports and /imports/{id}: summaries of the documented shape, 400 and 404', async () => {
    const summary = await api.waitForImport(importId);
    expect(summary.status).toBe('completed');
    const one = await answer('GET /imports/{id}', `/imports/${importId}`);
    expectShape(importSummarySchema, one.body);
    const page = await answer('GET /imports', '/imports?limit=5');
    expectShape(importsPageSchema, page.body);
    expect((await answer('GET /imports', '/imports?limit=0')).status).toBe(400);
    expect((await answer('GET /imports/{id}', '/imports/nope')).status).toBe(404);
  });

  it('GET /imports/{id}/errors: the CSV, and 409 while the import has not finished', async () => {
    const report = await answer('GET /imports/{id}/errors', `/imports/${importId}/errors`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('bad@');
    const pending = await api.json<{ importId: string }>('POST', '/imports', { fileName: 'later.csv' });
    expect(
      (await answer('GET /imports/{id}/errors', `/imports/${pending.body.importId}/errors`)).status,
    ).toBe(409);
  });

  it('custom fields and the template: 201, 200, 400 and 409', async () => {
    const field = { key: 'crm_id', label: 'CRM id', type: 'text', mapsTo: 'external_id' };
    const created = await answer('POST /custom-fields', '/custom-fields', {
      body: JSON.stringify(field),
      type: 'application/json',
    });
    expect(created.status).toBe(201);
    expectShape(customFieldJsonSchema, created.body);
    const again = { body: JSON.stringify({ ...field, key: 'other_id' }), type: 'application/json' };
    expect((await answer('POST /custom-fields', '/custom-fields', again)).status).toBe(409);
    const bad = { body: JSON.stringify({ key: 'Email', label: '', type: 'text' }), type: 'application/json' };
    expect((await answer('POST /custom-fields', '/custom-fields', bad)).status).toBe(400);
    expectShape(customFieldsListSchema, (await answer('GET /custom-fields', '/custom-fields')).body);
    expect((await answer('GET /template', '/template')).text).toContain('external_id');
  });

  it('contacts: a page and a contact of the documented shape, 400 and 404', async () => {
    const page = await answer('GET /contacts', '/contacts?email=ann@openapi.example');
    expectShape(contactsPageSchema, page.body);
    contactId = String((page.body as { contacts: { id: string }[] }).contacts[0]?.id);
    expectShape(contactJsonSchema, (await answer('GET /contacts/{id}', `/contacts/${contactId}`)).body);
    expect((await answer('GET /contacts', '/contacts?email=not-an-email')).status).toBe(400);
    expect((await answer('GET /contacts/{id}', `/contacts/${randomUUID()}`)).status).toBe(404);
  });

  it('every route but the document answers 401 without a key and 403 with a refused one, as documented', async () => {
    for (const route of API_ROUTES) {
      const key = routeKey(route) as RouteKey;
      const path = route.path.replace('{id}', importId);
      const expected = 'public' in route ? 200 : 401;
      expect((await answer(key, path, { key: null })).status, key).toBe(expected);
      expect((await answer(key, path, { key: 'ci_not-a-key' })).status, key).toBe(
        'public' in route ? 200 : 403,
      );
    }
  });
});

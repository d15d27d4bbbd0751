// API keys: stored only as hashes, compared in constant time, refused once revoked.

import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createHandler as createAuthorizer } from '../../functions/authorizer/create-handler.js';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { authenticateApiKey, createApiKey, hashApiKey, revokeApiKey } from '../../shared/auth/api-keys.js';
import type { ApiKeyStore, StoredApiKey } from '../../shared/ports/api-key-store.js';
import { createApiClient } from '../support/api-client.js';
import { scanTable } from './support/workspace-state.js';

// The comparison must go through crypto.timingSafeEqual: the module is wrapped to watch its calls.
const timingSafeEqual = vi.hoisted(() => ({ calls: [] as Array<[number, number]> }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timingSafeEqual.calls.push([a.byteLength, b.byteLength]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const workspace = `keys-${randomUUID().slice(0, 6)}`;
const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
let stack: LocalStack;
let refused = 0;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  stack = await startLocalStack({ port: 0, quiet: true });
});

afterAll(async () => {
  await stack?.stop();
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  else process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEndpoint;
  console.log(`API keys: ${refused} requests with a revoked, unknown or malformed key refused`);
});

/** A store that answers every lookup with `stored`, as a store whose lookup went wrong would. */
const storeReturning = (stored: StoredApiKey | undefined): ApiKeyStore => ({
  putApiKey: async () => undefined,
  getApiKey: async () => stored,
  listApiKeys: async () => (stored ? [stored] : []),
  revokeApiKey: async () => true,
});

describe('API keys at rest', () => {
  it('are stored as their SHA-256 only: no item of the table holds the key or its secret part', async () => {
    const { apiKey, prefix } = await createApiKey(stack.apiKeys, workspace);
    const documentClient = createDocumentClient({
      endpoint: stack.dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const raw = await documentClient.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.apiKey(hashApiKey(apiKey)) }),
    );
    expect(raw.Item).toMatchObject({ keyHash: hashApiKey(apiKey), workspaceId: workspace, prefix });
    const secret = apiKey.slice('cik_'.length);
    expect(JSON.stringify(raw.Item)).not.toContain(secret.slice(6));
    // The prefix shown in listings gives away 6 of the 43 secret characters, no more.
    expect(prefix).toBe(apiKey.slice(0, 10));
    const everything = JSON.stringify(await scanTable({ documentClient, tableName: stack.tableName }));
    expect(everything).not.toContain(secret.slice(6));
    documentClient.destroy();
  });

  it('are random: a thousand keys are a thousand different keys of 256 bits', async () => {
    const made = new Set<string>();
    const store = storeReturning(undefined);
    for (let i = 0; i < 1000; i++) made.add((await createApiKey(store, workspace)).apiKey);
    expect(made.size).toBe(1000);
    for (const key of made) expect(key).toMatch(/^cik_[A-Za-z0-9_-]{43}$/);
  });
});

describe('API key comparison', () => {
  it('compares the hashes with crypto.timingSafeEqual, on two 32-byte digests', async () => {
    const { apiKey } = await createApiKey(stack.apiKeys, workspace);
    timingSafeEqual.calls.length = 0;
    expect(await authenticateApiKey(stack.apiKeys, apiKey)).toBe(workspace);
    expect(timingSafeEqual.calls).toEqual([[32, 32]]);
  });

  it('refuses a key whose stored hash differs from its own, although the lookup returned it', async () => {
    const apiKey = `cik_${'A'.repeat(43)}`;
    const other: StoredApiKey = {
      keyHash: hashApiKey(`${apiKey}x`),
      workspaceId: workspace,
      prefix: 'cik_AAAAAA',
      createdAt: new Date().toISOString(),
    };
    expect(await authenticateApiKey(storeReturning(other), apiKey)).toBeUndefined();
  });

  it('refuses, without throwing, a key whose stored hash is damaged', async () => {
    const apiKey = `cik_${'B'.repeat(43)}`;
    const damaged: StoredApiKey = { keyHash: 'not-hex', workspaceId: workspace, prefix: 'x', createdAt: '' };
    await expect(authenticateApiKey(storeReturning(damaged), apiKey)).resolves.toBeUndefined();
    const authorize = createAuthorizer({ apiKeys: storeReturning(damaged) });
    await expect(authorize({ headers: { authorization: `Bearer ${apiKey}` } })).resolves.toMatchObject({
      isAuthorized: false,
    });
  });

  it('never looks up what is not one of its keys', async () => {
    let lookups = 0;
    const store: ApiKeyStore = {
      ...storeReturning(undefined),
      getApiKey: async () => {
        lookups++;
        return undefined;
      },
    };
    const authorize = createAuthorizer({ apiKeys: store });
    for (const authorization of [
      '',
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer sk_live_123',
      `Bearer cik_${'x'.repeat(600)}`,
    ]) {
      expect((await authorize({ headers: { authorization } })).isAuthorized).toBe(false);
    }
    expect(lookups).toBe(0);
  });
});

describe('revoking an API key', () => {
  it('refuses the key with 403 through the API from then on, and leaves the other keys of the workspace working', async () => {
    // Prepare
    const { apiKey } = await createApiKey(stack.apiKeys, workspace);
    const { apiKey: sibling } = await createApiKey(stack.apiKeys, workspace);
    const api = createApiClient(stack.apiUrl ?? '', apiKey);
    expect((await api.request('GET', '/imports')).status).toBe(200);
    // Act
    expect(await revokeApiKey(stack.apiKeys, apiKey)).toBe(true);
    // Assess
    for (const [method, path] of [
      ['GET', '/imports'],
      ['GET', '/contacts'],
      ['GET', '/template'],
      ['POST', '/imports'],
    ] as const) {
      const response = await api.request(method, path, method === 'POST' ? { fileName: 'x.csv' } : undefined);
      expect(response.status, `${method} ${path}`).toBe(403);
      refused++;
    }
    expect((await createApiClient(stack.apiUrl ?? '', sibling).request('GET', '/imports')).status).toBe(200);
    const stored = await stack.apiKeys.getApiKey(hashApiKey(apiKey));
    expect(stored?.revokedAt).toEqual(expect.any(String));
  });

  it('says so when the key does not exist, and refuses unknown and malformed keys', async () => {
    expect(await revokeApiKey(stack.apiKeys, `cik_${'Z'.repeat(43)}`)).toBe(false);
    for (const key of [`cik_${'Z'.repeat(43)}`, 'cik_', `${'a'.repeat(600)}`]) {
      const response = await createApiClient(stack.apiUrl ?? '', key).request('GET', '/imports');
      expect(response.status).toBe(403);
      refused++;
    }
    expect((await createApiClient(stack.apiUrl ?? '').request('GET', '/imports')).status).toBe(401);
    refused++;
  });
});

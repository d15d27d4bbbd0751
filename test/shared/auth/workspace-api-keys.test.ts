// A workspace's API keys: listed by one Query of its collection, revoked by prefix, id or the key itself,
// never across workspaces; a key minted before the listing existed is still found and revoked.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbApiKeyStore } from '../../../shared/adapters/dynamodb/dynamodb-api-key-store.js';
import { keys } from '../../../shared/adapters/dynamodb/table-design.js';
import {
  authenticateApiKey,
  createApiKey,
  hashApiKey,
  revokeWorkspaceApiKey,
} from '../../../shared/auth/api-keys.js';
import { createTestEnv, type TestEnv } from '../../support/test-env.js';

let env: TestEnv;
let store: DynamoDbApiKeyStore;

beforeAll(async () => {
  env = await createTestEnv();
  store = new DynamoDbApiKeyStore(env.documentClient, env.tableName);
});

describe("a workspace's API keys", () => {
  it('are listed oldest first with prefix, hash and dates, only those of the workspace', async () => {
    // Prepare
    const first = await createApiKey(store, 'list-a', new Date('2026-01-01T00:00:00Z'));
    const second = await createApiKey(store, 'list-a', new Date('2026-02-01T00:00:00Z'));
    await createApiKey(store, 'list-b');
    // Act
    const listed = await store.listApiKeys('list-a');
    // Assess
    expect(listed).toEqual([
      {
        keyHash: hashApiKey(first.apiKey),
        workspaceId: 'list-a',
        prefix: first.prefix,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
      {
        keyHash: hashApiKey(second.apiKey),
        workspaceId: 'list-a',
        prefix: second.prefix,
        createdAt: '2026-02-01T00:00:00.000Z',
      },
    ]);
  });

  it('revoke by prefix in the listing and in the authorizer alike; the first revocation time stays', async () => {
    const { apiKey, prefix } = await createApiKey(store, 'revoke-a');
    expect(await revokeWorkspaceApiKey(store, 'revoke-b', prefix)).toEqual({ outcome: 'not_found' });
    expect(await authenticateApiKey(store, apiKey)).toBe('revoke-a');
    const revoked = await revokeWorkspaceApiKey(store, 'revoke-a', prefix, new Date('2026-03-01T00:00:00Z'));
    expect(revoked).toMatchObject({
      outcome: 'revoked',
      alreadyRevoked: false,
      key: { revokedAt: '2026-03-01T00:00:00.000Z' },
    });
    expect(await authenticateApiKey(store, apiKey)).toBeUndefined();
    expect((await store.listApiKeys('revoke-a'))[0]?.revokedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(await store.revokeApiKey(hashApiKey(apiKey), '2026-04-01T00:00:00.000Z')).toBe(true);
    expect((await store.getApiKey(hashApiKey(apiKey)))?.revokedAt).toBe('2026-03-01T00:00:00.000Z');
  });

  it('refuse a name two keys share, and an id shorter than 8 hex digits', async () => {
    const shared = { workspaceId: 'twins', prefix: 'cik_Same00', createdAt: '2026-01-01T00:00:00.000Z' };
    await store.putApiKey({ ...shared, keyHash: 'a'.repeat(64) });
    await store.putApiKey({ ...shared, keyHash: 'b'.repeat(64) });
    const ambiguous = await revokeWorkspaceApiKey(store, 'twins', 'cik_Same00');
    expect(ambiguous).toMatchObject({ outcome: 'ambiguous', matches: [{}, {}] });
    expect(await revokeWorkspaceApiKey(store, 'twins', 'aaaaaaa')).toEqual({ outcome: 'not_found' });
    expect(await revokeWorkspaceApiKey(store, 'twins', 'aaaaaaaa')).toMatchObject({ outcome: 'revoked' });
  });

  it('find a key minted before workspaces listed their keys by the key itself, and list it once revoked', async () => {
    // Prepare: the authorizer's item only, as keys were stored before
    const apiKey = `cik_${'L'.repeat(43)}`;
    const legacy = {
      keyHash: hashApiKey(apiKey),
      workspaceId: 'legacy',
      prefix: apiKey.slice(0, 10),
      createdAt: '2025-01-01T00:00:00.000Z',
    };
    await env.documentClient.send(
      new PutCommand({ TableName: env.tableName, Item: { ...keys.apiKey(legacy.keyHash), ...legacy } }),
    );
    expect(await store.listApiKeys('legacy')).toEqual([]);
    expect(await revokeWorkspaceApiKey(store, 'other', apiKey)).toEqual({ outcome: 'not_found' });
    // Act
    const revoked = await revokeWorkspaceApiKey(store, 'legacy', apiKey);
    // Assess
    expect(revoked).toMatchObject({ outcome: 'revoked', alreadyRevoked: false });
    expect(await authenticateApiKey(store, apiKey)).toBeUndefined();
    expect(await store.listApiKeys('legacy')).toEqual([{ ...legacy, revokedAt: expect.any(String) }]);
  });
});

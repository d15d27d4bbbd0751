// Use cases for workspace API keys: mint (shown once, stored hashed), authenticate (constant time), revoke.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyStore } from '../ports/api-key-store.js';

const KEY_PREFIX = 'cik_';
const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const isWorkspaceId = (value: string): boolean => WORKSPACE_ID.test(value);

export const hashApiKey = (apiKey: string): string =>
  createHash('sha256').update(apiKey, 'utf8').digest('hex');

export const createApiKey = async (
  store: ApiKeyStore,
  workspaceId: string,
  now: Date = new Date(),
): Promise<{ apiKey: string; prefix: string }> => {
  if (!isWorkspaceId(workspaceId)) {
    throw new Error('a workspace id is 1 to 64 letters, digits, "-" or "_"');
  }
  const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = apiKey.slice(0, 10);
  await store.putApiKey({ keyHash: hashApiKey(apiKey), workspaceId, prefix, createdAt: now.toISOString() });
  return { apiKey, prefix };
};

/** The `Authorization: Bearer <key>` header's key, or undefined when the header is missing or malformed. */
export const bearerKey = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization ?? '');
  return match?.[1];
};

/** The workspace a key belongs to, or undefined for an unknown or revoked key. */
export const authenticateApiKey = async (store: ApiKeyStore, apiKey: string): Promise<string | undefined> => {
  if (!apiKey.startsWith(KEY_PREFIX)) return undefined;
  const keyHash = hashApiKey(apiKey);
  const stored = await store.getApiKey(keyHash);
  if (!stored || stored.revokedAt) return undefined;
  // The lookup is by hash already; the comparison is constant-time all the same, as a second line of defence.
  // A stored hash of another length (a damaged item) is a mismatch, not an error: timingSafeEqual would throw.
  const storedHash = Buffer.from(stored.keyHash, 'hex');
  const givenHash = Buffer.from(keyHash, 'hex');
  const same = storedHash.length === givenHash.length && timingSafeEqual(storedHash, givenHash);
  return same ? stored.workspaceId : undefined;
};

export const revokeApiKey = (store: ApiKeyStore, apiKey: string, now: Date = new Date()): Promise<boolean> =>
  store.revokeApiKey(hashApiKey(apiKey), now.toISOString());

// Use cases for workspace API keys: mint (shown once, stored hashed), authenticate (constant time), revoke.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyStore, StoredApiKey } from '../ports/api-key-store.js';

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

/** The shortest start of a key's hash (its id in a listing) that names it for revocation. */
export const MIN_KEY_ID_LENGTH = 8;

export type KeyRevocation =
  | { outcome: 'revoked'; key: StoredApiKey; alreadyRevoked: boolean }
  | { outcome: 'not_found' }
  | { outcome: 'ambiguous'; matches: StoredApiKey[] };

/**
 * Revokes the workspace's key named by `ref`: its prefix as listed (`cik_AbC123`), its id (the start of its
 * hash, at least 8 hex digits), or the key itself. A key of another workspace is never found.
 */
export const revokeWorkspaceApiKey = async (
  store: ApiKeyStore,
  workspaceId: string,
  ref: string,
  now: Date = new Date(),
): Promise<KeyRevocation> => {
  const wanted = ref.trim();
  const asKeyHash = wanted.length > 10 && wanted.startsWith(KEY_PREFIX) ? hashApiKey(wanted) : undefined;
  const asId = /^[0-9a-f]+$/i.test(wanted) && wanted.length >= MIN_KEY_ID_LENGTH ? wanted.toLowerCase() : '';
  const matches = (await store.listApiKeys(workspaceId)).filter(
    (key) =>
      key.prefix === wanted || key.keyHash === asKeyHash || (asId !== '' && key.keyHash.startsWith(asId)),
  );
  // A key minted before workspaces listed their keys has no entry: the key itself or its whole id finds it.
  const exactHash = asKeyHash ?? (asId.length === 64 ? asId : undefined);
  if (matches.length === 0 && exactHash) {
    const stored = await store.getApiKey(exactHash);
    if (stored?.workspaceId === workspaceId) matches.push(stored);
  }
  const [key, ...others] = matches;
  if (!key) return { outcome: 'not_found' };
  if (others.length > 0) return { outcome: 'ambiguous', matches };
  if (key.revokedAt) return { outcome: 'revoked', key, alreadyRevoked: true };
  if (!(await store.revokeApiKey(key.keyHash, now.toISOString()))) return { outcome: 'not_found' };
  return { outcome: 'revoked', key: (await store.getApiKey(key.keyHash)) ?? key, alreadyRevoked: false };
};

// The API keys the CLI minted for the local stack, one per workspace, cached in `<dataDir>/cli-keys.json` (0600).

import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { authenticateApiKey, createApiKey } from '../shared/auth/api-keys.js';
import type { ApiKeyStore } from '../shared/ports/api-key-store.js';

export const cliKeysFile = (dataDir: string): string => join(resolve(dataDir), 'cli-keys.json');

const readCachedKeys = (dataDir: string): Record<string, string> => {
  const file = cliKeysFile(dataDir);
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
};

/** Written to a temporary file first: another CLI process never reads half a file. */
const saveCachedKey = (dataDir: string, workspaceId: string, apiKey: string): void => {
  const file = cliKeysFile(dataDir);
  mkdirSync(resolve(dataDir), { recursive: true });
  const keys = { ...readCachedKeys(dataDir), [workspaceId]: apiKey };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
};

/**
 * The key the CLI uses for a local workspace: the cached one while the stack still knows it (a wiped
 * `dynamodb/` folder, or another DynamoDB through AWS_ENDPOINT_URL_DYNAMODB, forgets keys), else a new one.
 */
export const localApiKey = async (
  store: ApiKeyStore,
  dataDir: string,
  workspaceId: string,
): Promise<string> => {
  const cached = readCachedKeys(dataDir)[workspaceId];
  if (cached && (await authenticateApiKey(store, cached)) === workspaceId) return cached;
  const { apiKey } = await createApiKey(store, workspaceId);
  saveCachedKey(dataDir, workspaceId, apiKey);
  return apiKey;
};

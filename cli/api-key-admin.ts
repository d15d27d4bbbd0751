// Where the `api-key` commands find the keys: the local stack's table, or a deployed one (--table) reached with
// the caller's AWS credentials. They work on the table itself: no API key is needed to manage API keys.

import type { ApiKeyStore, StoredApiKey } from '../shared/ports/api-key-store.js';
import type { CliIo } from './cli-io.js';
import type { GlobalOptions } from './global-options.js';
import { openLocalStack } from './local-session.js';

export interface KeyAdminTarget {
  globals: GlobalOptions;
  workspaceId: string;
  table?: string;
  json: boolean;
  io: CliIo;
}

export const withApiKeyStore = async <T>(
  { globals, table, json, io }: KeyAdminTarget,
  work: (store: ApiKeyStore) => Promise<T>,
): Promise<T> => {
  if (table) {
    // Loaded only here: the AWS SDK is not needed to start the CLI.
    const { createAwsClients } = await import('../shared/adapters/aws-clients.js');
    const { DynamoDbApiKeyStore } = await import('../shared/adapters/dynamodb/dynamodb-api-key-store.js');
    const { documentClient } = createAwsClients();
    try {
      return await work(new DynamoDbApiKeyStore(documentClient, table));
    } finally {
      documentClient.destroy();
    }
  }
  const stack = await openLocalStack(globals.dataDir, {
    serveApi: false,
    ...(io.interactive && !json ? { notice: io.note } : {}),
  });
  try {
    return await work(stack.apiKeys);
  } finally {
    await stack.close();
  }
};

/** A key as `api-key list` and `revoke` print it: never the key, which is not stored; its hash is its id. */
export const describeKey = (key: StoredApiKey) => ({
  prefix: key.prefix,
  id: key.keyHash,
  workspaceId: key.workspaceId,
  createdAt: key.createdAt,
  ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
});

/** The id as a table shows it: enough of the hash to name the key to `api-key revoke`. */
export const shortKeyId = (key: StoredApiKey): string => key.keyHash.slice(0, 12);

// `api-key create`: mints a key for a workspace of the local stack or a deployed table; printed once, stored hashed.

import { createAwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/dynamodb-api-key-store.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { EXIT } from '../cli-errors.js';
import { openLocalStack } from '../local-session.js';
import { DEFAULT_WORKSPACE } from '../parse-args.js';
import type { Command } from './command-context.js';

/** The first key of a deployed stack: written straight into its table with the caller's AWS credentials. */
const createDeployedApiKey = async (tableName: string, workspaceId: string) => {
  const { documentClient } = createAwsClients();
  try {
    return await createApiKey(new DynamoDbApiKeyStore(documentClient, tableName), workspaceId);
  } finally {
    documentClient.destroy();
  }
};

export const createLocalApiKey: Command = async ({ options, io }) => {
  const workspaceId = options.workspace ?? DEFAULT_WORKSPACE;
  let created: { apiKey: string; prefix: string };
  if (options.table) {
    created = await createDeployedApiKey(options.table, workspaceId);
  } else {
    const stack = await openLocalStack(options.dataDir, {
      serveApi: false,
      ...(io.interactive && !options.json ? { notice: io.note } : {}),
    });
    try {
      created = await createApiKey(stack.apiKeys, workspaceId);
    } finally {
      await stack.close();
    }
  }
  if (options.json) {
    await io.write(
      `${JSON.stringify({ workspaceId, apiKey: created.apiKey, prefix: created.prefix }, null, 2)}\n`,
    );
  } else {
    // The key alone on stdout, so that `KEY=$(contacts-import api-key create)` works; the advice on stderr.
    await io.write(`${created.apiKey}\n`);
    io.note(
      `API key for workspace "${workspaceId}" (shown once; only its hash is stored). Send it as "Authorization: Bearer <key>".`,
    );
  }
  return EXIT.ok;
};

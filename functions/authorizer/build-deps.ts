// The authorizer's dependencies from its config: one wiring for the Lambda and the local stack alike.

import type { AwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/dynamodb-api-key-store.js';
import { requireEnv } from '../../shared/config.js';
import type { createHandler } from './create-handler.js';

export type AuthorizerDeps = Parameters<typeof createHandler>[0];

export interface AuthorizerConfig {
  tableName: string;
}

/** Read once at cold start: a missing variable fails the function loudly. */
export const authorizerConfigFromEnv = (): AuthorizerConfig => ({ tableName: requireEnv('TABLE_NAME') });

export const buildAuthorizerDeps = (
  config: AuthorizerConfig,
  clients: Pick<AwsClients, 'documentClient'>,
): AuthorizerDeps => ({
  apiKeys: new DynamoDbApiKeyStore(clients.documentClient, config.tableName),
});

// Lambda entry of the authorizer: clients and config built once per container.

import { createAwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/dynamodb-api-key-store.js';
import { requireEnv } from '../../shared/config.js';
import { createHandler } from './create-handler.js';

const { documentClient } = createAwsClients();

export const handler = createHandler({
  apiKeys: new DynamoDbApiKeyStore(documentClient, requireEnv('TABLE_NAME')),
});

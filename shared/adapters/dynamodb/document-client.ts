// Builds the DynamoDB document client the adapters share: one per process, created at module scope by callers.

import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const createDocumentClient = (config: DynamoDBClientConfig = {}): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 8, ...config }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });

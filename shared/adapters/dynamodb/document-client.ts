// Builds the DynamoDB document client the adapters share: one per process, created at module scope by callers.

import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * `convertClassInstanceToMap`: the marshaller takes any object whose `constructor` is not `Object` for a class
 * instance, and a contact's custom values keyed `constructor` (a valid custom field key) are such an object.
 */
export const createDocumentClient = (config: DynamoDBClientConfig = {}): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 8, ...config }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });

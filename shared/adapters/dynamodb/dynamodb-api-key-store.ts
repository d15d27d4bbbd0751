// DynamoDB adapter of the ApiKeyStore port: one item per key hash.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyStore, StoredApiKey } from '../../ports/api-key-store.js';
import { keys } from './table-design.js';

export class DynamoDbApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putApiKey(key: StoredApiKey): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.apiKey(key.keyHash), ...key },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getApiKey(keyHash: string): Promise<StoredApiKey | undefined> {
    const response = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keyHash) }),
    );
    const item = response.Item;
    if (!item) return undefined;
    return {
      keyHash: item.keyHash,
      workspaceId: item.workspaceId,
      prefix: item.prefix,
      createdAt: item.createdAt,
      ...(item.revokedAt ? { revokedAt: item.revokedAt } : {}),
    };
  }

  async revokeApiKey(keyHash: string, revokedAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.apiKey(keyHash),
          UpdateExpression: 'SET revokedAt = :revokedAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':revokedAt': revokedAt },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

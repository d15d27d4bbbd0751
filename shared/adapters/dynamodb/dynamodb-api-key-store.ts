// DynamoDB adapter of the ApiKeyStore port: one item per key hash (the authorizer's lookup), and an entry in
// the workspace's collection (hash, prefix, dates) that lists the workspace's keys with one Query.

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyStore, StoredApiKey } from '../../ports/api-key-store.js';
import { queryCollection } from './query-collection.js';
import { keys } from './table-design.js';

const toStoredApiKey = (item: Record<string, unknown>, keyHash: string): StoredApiKey => ({
  keyHash,
  workspaceId: String(item.workspaceId),
  prefix: String(item.prefix),
  createdAt: String(item.createdAt),
  ...(typeof item.revokedAt === 'string' ? { revokedAt: item.revokedAt } : {}),
});

export class DynamoDbApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putApiKey(key: StoredApiKey): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.apiKey(key.keyHash), ...key },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.workspaceApiKey(key.workspaceId, key.keyHash), ...key },
            },
          },
        ],
      }),
    );
  }

  async getApiKey(keyHash: string): Promise<StoredApiKey | undefined> {
    const response = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(keyHash) }),
    );
    const item = response.Item;
    if (!item) return undefined;
    return toStoredApiKey(item, String(item.keyHash));
  }

  async listApiKeys(workspaceId: string): Promise<StoredApiKey[]> {
    const { pk } = keys.workspaceApiKey(workspaceId, '');
    const items = await queryCollection(this.client, this.tableName, pk, keys.workspaceApiKeyPrefix);
    const found = items.map((item) =>
      toStoredApiKey(item, String(item.sk).slice(keys.workspaceApiKeyPrefix.length)),
    );
    return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.prefix.localeCompare(b.prefix));
  }

  async revokeApiKey(keyHash: string, revokedAt: string): Promise<boolean> {
    const stored = await this.getApiKey(keyHash);
    if (!stored) return false;
    const since = stored.revokedAt ?? revokedAt;
    try {
      // Both items in one transaction: the authorizer's and the listing's answers never disagree. The entry is
      // written whole, so that a key minted before workspaces listed their keys appears once revoked.
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.apiKey(keyHash),
                UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :revokedAt)',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':revokedAt': since },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.workspaceApiKey(stored.workspaceId, keyHash),
                  ...stored,
                  revokedAt: since,
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }
}

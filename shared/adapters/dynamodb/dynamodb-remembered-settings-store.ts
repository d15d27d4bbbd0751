// DynamoDB adapter of the RememberedSettingsStore port: one item per header row in the workspace's collection.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RememberedSettingsStore } from '../../ports/remembered-settings-store.js';
import type { RememberedOptions, RememberedSettings } from '../../profiles/remembered-settings.js';
import { keys } from './table-design.js';

export class DynamoDbRememberedSettingsStore implements RememberedSettingsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getRemembered(workspaceId: string, headerKey: string): Promise<RememberedSettings | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.rememberedSettings(workspaceId, headerKey),
        ConsistentRead: true,
      }),
    );
    if (!Item || typeof Item.importId !== 'string' || typeof Item.finishedAt !== 'string') return undefined;
    return {
      importId: Item.importId,
      finishedAt: Item.finishedAt,
      options: (Item.options as RememberedOptions | undefined) ?? {},
    };
  }

  async remember(workspaceId: string, headerKey: string, settings: RememberedSettings): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.rememberedSettings(workspaceId, headerKey), ...settings },
          // ISO dates of one format compare as strings; the same import again (a retry) may always write.
          ConditionExpression: 'attribute_not_exists(pk) OR finishedAt <= :at OR importId = :id',
          ExpressionAttributeValues: { ':at': settings.finishedAt, ':id': settings.importId },
        }),
      );
    } catch (error) {
      // An import that completed later is remembered already: it stays.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

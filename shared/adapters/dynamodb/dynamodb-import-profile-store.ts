// DynamoDB adapter of the ImportProfileStore port: one item per profile in the workspace's collection.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ImportProfileStore } from '../../ports/import-profile-store.js';
import type { ImportProfile, ProfileOptions } from '../../profiles/import-profile.js';
import { queryCollection } from './query-collection.js';
import { keys } from './table-design.js';

const toProfile = (item: Record<string, unknown>): ImportProfile => ({
  name: item.name as string,
  options: (item.options as ProfileOptions | undefined) ?? {},
  updatedAt: item.updatedAt as string,
});

export class DynamoDbImportProfileStore implements ImportProfileStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listProfiles(workspaceId: string): Promise<ImportProfile[]> {
    const { pk } = keys.importProfile(workspaceId, '');
    const items = await queryCollection(this.client, this.tableName, pk, keys.importProfilePrefix);
    return items.map(toProfile);
  }

  async getProfile(workspaceId: string, name: string): Promise<ImportProfile | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.importProfile(workspaceId, name),
        ConsistentRead: true,
      }),
    );
    return Item ? toProfile(Item) : undefined;
  }

  async putProfile(workspaceId: string, profile: ImportProfile): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.importProfile(workspaceId, profile.name), ...profile },
      }),
    );
  }

  async deleteProfile(workspaceId: string, name: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.importProfile(workspaceId, name),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

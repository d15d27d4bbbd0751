// DynamoDB adapter of the CustomFieldStore port: one item per field in the workspace's collection.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomField } from '../../domain/fields.js';
import { ImportError } from '../../errors.js';
import type { CustomFieldStore } from '../../ports/custom-field-store.js';
import { queryCollection } from './query-collection.js';
import { keys } from './table-design.js';

export class DynamoDbCustomFieldStore implements CustomFieldStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listCustomFields(workspaceId: string): Promise<CustomField[]> {
    const { pk } = keys.customField(workspaceId, '');
    const items = await queryCollection(this.client, this.tableName, pk, keys.customFieldPrefix);
    return items.map((item) => {
      const field: CustomField = {
        key: item.key as string,
        label: item.label as string,
        type: item.type as CustomField['type'],
      };
      if (item.mapsTo === 'external_id') field.mapsTo = 'external_id';
      return field;
    });
  }

  async createCustomField(workspaceId: string, field: CustomField): Promise<void> {
    if (field.mapsTo === 'external_id') {
      const existing = await this.listCustomFields(workspaceId);
      const other = existing.find((f) => f.mapsTo === 'external_id');
      if (other) {
        throw new ImportError('conflict', `the custom field "${other.key}" already maps to external_id`);
      }
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.customField(workspaceId, field.key), ...field },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ImportError('conflict', `a custom field with the key "${field.key}" exists already`);
      }
      throw error;
    }
  }
}

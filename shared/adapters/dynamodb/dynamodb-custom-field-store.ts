// DynamoDB adapter of the CustomFieldStore port: one item per field in the workspace's collection.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomField } from '../../domain/fields.js';
import { ImportError } from '../../errors.js';
import type { CustomFieldStore } from '../../ports/custom-field-store.js';
import { keys } from './table-design.js';

export class DynamoDbCustomFieldStore implements CustomFieldStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listCustomFields(workspaceId: string): Promise<CustomField[]> {
    const fields: CustomField[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const response = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.customField(workspaceId, '').pk,
            ':prefix': keys.customFieldPrefix,
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of response.Items ?? []) {
        const field: CustomField = { key: item.key, label: item.label, type: item.type };
        if (item.mapsTo === 'external_id') field.mapsTo = 'external_id';
        fields.push(field);
      }
      startKey = response.LastEvaluatedKey;
    } while (startKey);
    return fields;
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

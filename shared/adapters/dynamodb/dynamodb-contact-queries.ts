// DynamoDB adapter of ContactQueries: the workspace's collection for listing, the GSIs for email, phone, external id.

import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Contact } from '../../domain/contact.js';
import type { ContactFilter, ContactPage, ContactQueries } from '../../ports/contact-queries.js';
import { fromContactItem } from './contact-item.js';
import { type CursorScope, decodeCursor, encodeCursor } from './page-cursor.js';
import { INDEX, indexValues, keys, MAX_PARTITION_KEY_BYTES } from './table-design.js';

/** The keys a query of contacts can return: the workspace's contacts, and on an index, that index's value. */
const cursorScope = (workspaceId: string, query: QueryCommandInput): CursorScope => {
  const attribute = query.IndexName ? query.ExpressionAttributeNames?.['#k'] : undefined;
  const value = query.ExpressionAttributeValues?.[':v'];
  return {
    pk: keys.contact(workspaceId, '').pk,
    skPrefix: keys.contactPrefix,
    ...(attribute && typeof value === 'string' ? { index: { attribute, value } } : {}),
  };
};

export class DynamoDbContactQueries implements ContactQueries {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listContacts(
    workspaceId: string,
    filter: ContactFilter,
    page: { limit: number; cursor?: string },
  ): Promise<ContactPage> {
    const query = this.queryFor(workspaceId, filter);
    const scope = cursorScope(workspaceId, query);
    // No item has a key longer than DynamoDB allows (an external id of 2,000 characters, say): none is found.
    if (scope.index && Buffer.byteLength(scope.index.value) > MAX_PARTITION_KEY_BYTES)
      return { contacts: [] };
    // A cursor from another workspace's listing cannot move this query out of the caller's partition, and one
    // that is not a key of this very query is refused here rather than by DynamoDB (a 500).
    const startKey = page.cursor ? decodeCursor(page.cursor, scope) : undefined;
    const response = await this.client.send(
      new QueryCommand({ ...query, Limit: page.limit, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    const cursor = encodeCursor(response.LastEvaluatedKey);
    return { contacts: (response.Items ?? []).map(fromContactItem), ...(cursor ? { cursor } : {}) };
  }

  async getContact(workspaceId: string, contactId: string): Promise<Contact | undefined> {
    const response = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contact(workspaceId, contactId) }),
    );
    return response.Item ? fromContactItem(response.Item) : undefined;
  }

  private queryFor(workspaceId: string, filter: ContactFilter): QueryCommandInput {
    const byIndex = (indexName: string, attribute: string, value: string): QueryCommandInput => ({
      TableName: this.tableName,
      IndexName: indexName,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': attribute },
      ExpressionAttributeValues: { ':v': value },
    });
    if ('email' in filter)
      return byIndex(INDEX.byEmail, 'gsiEmail', indexValues.email(workspaceId, filter.email));
    if ('phone' in filter)
      return byIndex(INDEX.byPhone, 'gsiPhone', indexValues.phone(workspaceId, filter.phone));
    if ('externalId' in filter) {
      return byIndex(
        INDEX.byExternalId,
        'gsiExternalId',
        indexValues.externalId(workspaceId, filter.externalId),
      );
    }
    return {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.contact(workspaceId, '').pk, ':prefix': keys.contactPrefix },
    };
  }
}

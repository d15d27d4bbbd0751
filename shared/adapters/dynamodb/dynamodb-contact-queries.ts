// DynamoDB adapter of ContactQueries: the workspace's collection for listing, the GSIs for email, phone, external id.

import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Contact } from '../../domain/contact.js';
import { ImportError } from '../../errors.js';
import type { ContactFilter, ContactPage, ContactQueries } from '../../ports/contact-queries.js';
import { fromContactItem } from './contact-item.js';
import { INDEX, indexValues, keys } from './table-design.js';

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

const decodeCursor = (cursor: string): Record<string, unknown> => {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new ImportError('invalid_request', 'the cursor is not one this API gave out');
  }
};

/** A key the query itself could have returned: the caller's partition, and on an index that index's value. */
const isStartKeyOf = (key: Record<string, unknown>, query: QueryCommandInput, pk: string): boolean => {
  const indexAttribute = query.IndexName ? query.ExpressionAttributeNames?.['#k'] : undefined;
  const allowed = indexAttribute ? ['pk', 'sk', indexAttribute] : ['pk', 'sk'];
  return (
    key.pk === pk &&
    typeof key.sk === 'string' &&
    Object.keys(key).every((name) => allowed.includes(name)) &&
    (indexAttribute === undefined || key[indexAttribute] === query.ExpressionAttributeValues?.[':v'])
  );
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
    const startKey = page.cursor ? decodeCursor(page.cursor) : undefined;
    // A cursor from another workspace's listing cannot move this query out of the caller's partition, and one
    // that is not a key of this very query is refused here rather than by DynamoDB (a 500).
    if (startKey && !isStartKeyOf(startKey, query, keys.contact(workspaceId, '').pk)) {
      throw new ImportError('invalid_request', 'the cursor is not one this API gave out');
    }
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

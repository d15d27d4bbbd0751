// DynamoDB adapter of ContactQueries: the workspace's contact shards walked in order for listing and searching (a
// filter on the `search` attribute, a read budget per page); an email's guard and a phone's set (its head and
// member items) for `email` and `phone`, the external-id GSI (keys only) for `externalId`; the contacts these name
// are then read by key and kept only while they still have the value asked for.

import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Contact } from '../../domain/contact.js';
import type { ContactFilter, ContactPage, ContactQueries } from '../../ports/contact-queries.js';
import type { Versioned } from '../../ports/contact-store.js';
import { batchGetItems } from './batch-get.js';
import { fromContactItem } from './contact-item.js';
import { type CursorScope, decodeCursor, encodeCursor, refuseCursor } from './page-cursor.js';
import { INDEX, indexValues, keys, MAX_PARTITION_KEY_BYTES } from './table-design.js';

/**
 * A search reads the workspace's contacts in key order and keeps those whose search text has every word: at most
 * this many items are read for one page (DynamoDB stops a request at 1 MB too), so a page of a search that finds
 * little answers in bounded time, with fewer contacts and a cursor to go on from.
 */
export const SEARCH_READ_BUDGET = 4000;
const SEARCH_ITEMS_PER_REQUEST = 1000;
/** How many shards a plain listing's page reads at once when it stands at a shard's start. */
const SHARDS_AT_ONCE = 4;

const versioned = (item: Record<string, unknown>): Versioned<Contact> => ({
  value: fromContactItem(item),
  version: item.ver as number,
});

/** The keys a query of contacts can return: the workspace's contact shards, and on an index, that index's value. */
const cursorScope = (workspaceId: string, query: QueryCommandInput): CursorScope => {
  const attribute = query.IndexName ? query.ExpressionAttributeNames?.['#k'] : undefined;
  const value = query.ExpressionAttributeValues?.[':v'];
  return {
    pk: keys.contactPartitions(workspaceId),
    skPrefix: keys.contactPrefix,
    ...(attribute && typeof value === 'string' ? { index: { attribute, value } } : {}),
  };
};

/** Where a walk of the workspace's shards stands: the shard, and the key it stopped at there (none: its start). */
interface ShardPosition {
  shard: number;
  startKey?: Record<string, string>;
}

export class DynamoDbContactQueries implements ContactQueries {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly searchReadBudget = SEARCH_READ_BUDGET,
  ) {}

  async listContacts(
    workspaceId: string,
    filter: ContactFilter,
    page: { limit: number; cursor?: string },
  ): Promise<ContactPage> {
    if ('email' in filter) return this.listByEmail(workspaceId, filter.email, page);
    if ('phone' in filter) return this.listByPhone(workspaceId, filter.phone, page);
    if ('externalId' in filter)
      return this.listByIndex(workspaceId, this.externalIdQuery(workspaceId, filter.externalId), page);
    // The contacts are spread over shards: a page walks them in order (shard, then id), so the order is stable and a
    // cursor carries the shard in its partition key. `C#` alone as the sort key stands for a shard's start.
    const partitions = keys.contactPartitions(workspaceId);
    let position: ShardPosition | undefined = { shard: 0 };
    if (page.cursor) {
      const key = decodeCursor(page.cursor, { pk: partitions, skPrefix: keys.contactPrefix });
      const shard = partitions.indexOf(key.pk as string);
      position = key.sk === keys.contactPrefix ? { shard } : { shard, startKey: key };
    }
    const search = 'search' in filter ? filter.search : undefined;
    const budget = search ? this.searchReadBudget : Number.POSITIVE_INFINITY;
    const found: Record<string, unknown>[] = [];
    let read = 0;
    while (position && found.length < page.limit && read < budget) {
      // A plain listing at a shard's start reads the next few shards at once (a small workspace's page would
      // otherwise wait for up to 16 queries in turn); their items are taken in shard order, up to the first shard
      // that has more. A search reads one shard at a time, within its budget.
      const from: ShardPosition = position;
      const shards: ShardPosition[] =
        search || from.startKey
          ? [from]
          : Array.from({ length: Math.min(SHARDS_AT_ONCE, partitions.length - from.shard) }, (_, i) => ({
              shard: from.shard + i,
            }));
      const limit = search ? Math.min(SEARCH_ITEMS_PER_REQUEST, budget - read) : page.limit - found.length;
      const responses = await Promise.all(
        shards.map(({ shard, startKey }) =>
          this.client.send(
            new QueryCommand({
              ...this.shardQuery(partitions[shard] as string, search),
              Limit: limit,
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          ),
        ),
      );
      for (const [i, response] of responses.entries()) {
        const shard = (shards[i] as ShardPosition).shard;
        read += response.ScannedCount ?? 0;
        found.push(...(response.Items ?? []));
        const next = response.LastEvaluatedKey as Record<string, string> | undefined;
        position = next
          ? { shard, startKey: next }
          : shard + 1 < partitions.length
            ? { shard: shard + 1 }
            : undefined;
        if (next || found.length >= page.limit) break;
      }
    }
    if (found.length > page.limit) {
      // More matched than the page holds: the page ends at its last contact, the next starts after it.
      found.length = page.limit;
      const last = found[found.length - 1] as Record<string, unknown>;
      const shard = partitions.indexOf(last.pk as string);
      position = { shard, startKey: { pk: last.pk as string, sk: last.sk as string } };
    }
    const cursor = position
      ? encodeCursor(position.startKey ?? { pk: partitions[position.shard], sk: keys.contactPrefix })
      : undefined;
    return { contacts: found.map(versioned), ...(cursor ? { cursor } : {}) };
  }

  /**
   * The contact with this email: the one its guard names (strongly consistent, as both reads are), if that contact
   * still has the email (one changed or deleted between the two reads is left out, never shown as another's). One
   * contact at most: a page holds it, so this listing gives out no cursor and takes none.
   */
  private async listByEmail(
    workspaceId: string,
    email: string,
    page: { limit: number; cursor?: string },
  ): Promise<ContactPage> {
    if (page.cursor) throw refuseCursor();
    const guardKey = keys.emailGuard(workspaceId, email);
    if (Buffer.byteLength(guardKey.pk) > MAX_PARTITION_KEY_BYTES) return { contacts: [] };
    const guard = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: guardKey, ConsistentRead: true }),
    );
    const contactId = guard.Item?.contactId;
    if (typeof contactId !== 'string') return { contacts: [] };
    const contact = await this.getContact(workspaceId, contactId);
    return { contacts: contact && contact.value.email === email ? [contact] : [] };
  }

  /**
   * The contacts with this phone, from its set: first those its head lists (by id), then its member items in key
   * order (those without an email first). A cursor is a position in the set's partition: after a listed member
   * (`M#-#<id>`, no item's key) or after a member item (its key). Each contact is read by key and kept while it
   * still has the phone.
   */
  private async listByPhone(
    workspaceId: string,
    phone: string,
    page: { limit: number; cursor?: string },
  ): Promise<ContactPage> {
    const head = keys.phoneSet(workspaceId, phone);
    if (Buffer.byteLength(head.pk) > MAX_PARTITION_KEY_BYTES) return { contacts: [] };
    const start = page.cursor
      ? decodeCursor(page.cursor, { pk: head.pk, skPrefix: keys.phoneMemberPrefix(false) })
      : undefined;
    const startSk = start?.sk ?? '';
    const listedAfter = startSk.startsWith(keys.phoneListedPositionPrefix)
      ? startSk.slice(keys.phoneListedPositionPrefix.length)
      : undefined;
    const fromHead = start === undefined || listedAfter !== undefined;
    // The head and the first member items are read at once: a page may take some of both.
    const [headItem, members] = await Promise.all([
      fromHead
        ? this.client
            .send(new GetCommand({ TableName: this.tableName, Key: head, ConsistentRead: true }))
            .then((response) => response.Item)
        : undefined,
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': head.pk, ':prefix': keys.phoneMemberPrefix(false) },
          ConsistentRead: true,
          Limit: page.limit,
          ...(start && listedAfter === undefined ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    ]);
    const entries: { contactId: string; position: Record<string, string> }[] = [];
    const listed = Object.keys((headItem?.listed as Record<string, string> | undefined) ?? {}).sort();
    for (const contactId of listed) {
      if (listedAfter === undefined || contactId > listedAfter)
        entries.push({ contactId, position: keys.phoneListedPosition(workspaceId, phone, contactId) });
    }
    for (const item of members.Items ?? []) {
      if (typeof item.contactId === 'string')
        entries.push({
          contactId: item.contactId,
          position: { pk: item.pk as string, sk: item.sk as string },
        });
    }
    // More than the page holds: it ends at its last contact, the next starts after it.
    const more = entries.length > page.limit;
    entries.length = Math.min(entries.length, page.limit);
    const last = entries[entries.length - 1];
    const cursor = more && last ? encodeCursor(last.position) : encodeCursor(members.LastEvaluatedKey);
    const ids = entries.map((entry) => entry.contactId);
    const found = await batchGetItems(
      this.client,
      this.tableName,
      ids.map((id) => keys.contact(workspaceId, id)),
    );
    const byId = new Map(found.map((item) => [item.id as string, versioned(item)]));
    const contacts = ids
      .map((id) => byId.get(id))
      .filter((contact): contact is Versioned<Contact> => contact?.value.phone === phone);
    return { contacts, ...(cursor ? { cursor } : {}) };
  }

  private async listByIndex(
    workspaceId: string,
    query: QueryCommandInput,
    page: { limit: number; cursor?: string },
  ): Promise<ContactPage> {
    const scope = cursorScope(workspaceId, query);
    // No item has a key longer than DynamoDB allows (an external id of 2,000 characters, say): none is found.
    if (scope.index && Buffer.byteLength(scope.index.value) > MAX_PARTITION_KEY_BYTES)
      return { contacts: [] };
    // A cursor from another workspace's listing cannot move this query out of the caller's partition, and one
    // that is not a key of this very query is refused here rather than by DynamoDB (a 500).
    const startKey = page.cursor ? decodeCursor(page.cursor, scope) : undefined;
    const response = await this.client.send(
      new QueryCommand({
        ...query,
        Limit: page.limit,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const cursor = encodeCursor(response.LastEvaluatedKey);
    const items = await this.itemsOf(response.Items ?? [], scope);
    return { contacts: items.map(versioned), ...(cursor ? { cursor } : {}) };
  }

  /**
   * The contacts an index query found, read by key (strongly consistent) in the index's order: the GSI projects
   * keys only. A contact deleted since, or whose indexed value changed since (the index lags its table), is left
   * out, as the index itself soon will.
   */
  private async itemsOf(
    entries: Record<string, unknown>[],
    scope: CursorScope,
  ): Promise<Record<string, unknown>[]> {
    const partitions: readonly string[] = typeof scope.pk === 'string' ? [scope.pk] : scope.pk;
    const wanted: { pk: string; sk: string }[] = [];
    for (const { pk, sk } of entries) {
      if (
        typeof pk === 'string' &&
        partitions.includes(pk) &&
        typeof sk === 'string' &&
        sk.startsWith(scope.skPrefix)
      )
        wanted.push({ pk, sk });
    }
    if (wanted.length === 0) return [];
    const keyOf = (item: Record<string, unknown>) => `${String(item.pk)}\u0000${String(item.sk)}`;
    const found = new Map(
      (await batchGetItems(this.client, this.tableName, wanted)).map((item) => [keyOf(item), item]),
    );
    const items: Record<string, unknown>[] = [];
    for (const key of wanted) {
      const item = found.get(keyOf(key));
      if (item && (!scope.index || item[scope.index.attribute] === scope.index.value)) items.push(item);
    }
    return items;
  }

  async getContact(workspaceId: string, contactId: string): Promise<Versioned<Contact> | undefined> {
    // Strongly consistent: the version a person reads here is the one an edit right after is conditioned on.
    const response = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.contact(workspaceId, contactId),
        ConsistentRead: true,
      }),
    );
    return response.Item ? versioned(response.Item) : undefined;
  }

  /** The query of the external-id GSI for one value. */
  private externalIdQuery(workspaceId: string, externalId: string): QueryCommandInput {
    return {
      TableName: this.tableName,
      IndexName: INDEX.byExternalId,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': 'gsiExternalId' },
      ExpressionAttributeValues: { ':v': indexValues.externalId(workspaceId, externalId) },
    };
  }

  /** One shard's contacts, with a search's words as a filter on their search text. */
  private shardQuery(pk: string, search: string[] | undefined): QueryCommandInput {
    const collection = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.contactPrefix },
    };
    if (!search) return collection;
    const words = Object.fromEntries(search.map((word, i) => [`:w${i}`, word]));
    return {
      ...collection,
      FilterExpression: Object.keys(words)
        .map((name) => `contains(#search, ${name})`)
        .join(' AND '),
      ExpressionAttributeNames: { '#search': 'search' },
      ExpressionAttributeValues: { ...collection.ExpressionAttributeValues, ...words },
    };
  }
}

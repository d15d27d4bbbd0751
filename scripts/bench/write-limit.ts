// The bench's write limit: plain BatchWriteItem of as many items as the import wrote, 25 a request and 8 requests
// in flight, into a table with GSIs on email and phone that project keys only (issue 13's "Measure"), though the
// contacts table itself no longer has those two (README "Data model"); and the transaction limit: the same items
// as TransactWriteItems of 92 puts, 8 in flight (what transactions cost there).

import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { tableDefinition } from '../../shared/adapters/dynamodb/table-design.js';

export const REQUEST_ITEMS = 25;
export const IN_FLIGHT = 8;
/** As many row actions as the importer puts in one transaction (commit-batch.ts: 100 less room). */
export const TRANSACTION_ITEMS = 92;

/**
 * How the items are written: BatchWriteItem of 25 (the write limit), TransactWriteItems of 92 puts (the
 * transaction limit), or the same with each put conditioned (a condition that always holds, so that the item is
 * read before it is written, as the import's version and guard conditions make it).
 */
export type WriteShape = 'batch' | 'transaction' | 'conditioned';

/** The contacts table's keys, with GSIs on email and phone (keys only) and no other. */
export const writeLimitTable = (tableName: string) => {
  const definition = tableDefinition(tableName);
  const index = (name: string, attribute: string) => ({
    IndexName: name,
    KeySchema: [{ AttributeName: attribute, KeyType: 'HASH' as const }],
    Projection: { ProjectionType: 'KEYS_ONLY' as const },
  });
  return {
    TableName: definition.TableName,
    BillingMode: definition.BillingMode,
    KeySchema: definition.KeySchema,
    AttributeDefinitions: [
      ...(definition.AttributeDefinitions ?? []).filter(
        (a) => a.AttributeName === 'pk' || a.AttributeName === 'sk',
      ),
      { AttributeName: 'gsiEmail', AttributeType: 'S' as const },
      { AttributeName: 'gsiPhone', AttributeType: 'S' as const },
    ],
    GlobalSecondaryIndexes: [index('byEmail', 'gsiEmail'), index('byPhone', 'gsiPhone')],
  };
};

/** A contact with the email and phone index keys the limit's GSIs are on (`<ws>#<value>`); other items as they are. */
const withIndexKeys = (item: Record<string, unknown>): Record<string, unknown> => {
  if (!String(item.sk).startsWith('C#')) return item;
  const { workspaceId, email, phone } = item;
  return {
    ...item,
    ...(typeof email === 'string' ? { gsiEmail: `${String(workspaceId)}#${email}` } : {}),
    ...(typeof phone === 'string' ? { gsiPhone: `${String(workspaceId)}#${phone}` } : {}),
  };
};

/**
 * Writes `count` items taken in turn from `items` (the import's items, its updates written again as overwrites)
 * and returns the seconds it took; unprocessed items are sent again at once, as the import's writes are.
 */
export const measureWriteLimit = async (
  client: DynamoDBDocumentClient,
  connection: { endpoint: string; region: string },
  items: Record<string, unknown>[],
  count: number,
  shape: WriteShape = 'batch',
): Promise<{ seconds: number; requests: number; items: number; retried: number }> => {
  const perRequest = shape === 'batch' ? REQUEST_ITEMS : TRANSACTION_ITEMS;
  if (items.length === 0) throw new Error('the write limit has no items to write');
  const tableName = `bench-write-limit-${Date.now()}`;
  const raw = new DynamoDBClient({
    endpoint: connection.endpoint,
    region: connection.region,
    credentials: await client.config.credentials(),
  });
  await raw.send(new CreateTableCommand(writeLimitTable(tableName)));
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < count; i += perRequest) {
    const chunk = [];
    for (let j = i; j < Math.min(count, i + perRequest); j++)
      chunk.push(withIndexKeys(items[j % items.length] as Record<string, unknown>));
    // One request may not name a key twice (a file of fewer than 25 items): the repeat waits for the next.
    chunks.push([...new Map(chunk.map((item) => [`${item.pk}\u0000${item.sk}`, item])).values()]);
  }
  let requests = 0;
  let retried = 0;
  let next = 0;
  const started = performance.now();
  const batchWorker = async () => {
    while (next < chunks.length) {
      let pending = (chunks[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        requests++;
        const response = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (response.UnprocessedItems?.[tableName] as typeof pending | undefined) ?? [];
      }
    }
  };
  // Two transactions in flight may name one item where the items wrap around: the one refused is sent again.
  const transactionWorker = async () => {
    while (next < chunks.length) {
      const condition =
        shape === 'conditioned'
          ? { ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(pk)' }
          : {};
      const items = (chunks[next++] ?? []).map((Item) => ({
        Put: { TableName: tableName, Item, ...condition },
      }));
      for (;;) {
        requests++;
        try {
          await client.send(new TransactWriteCommand({ TransactItems: items }));
          break;
        } catch (error) {
          const conflict =
            error instanceof TransactionCanceledException &&
            (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');
          if (!conflict) throw error;
          retried++;
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: IN_FLIGHT }, shape === 'batch' ? batchWorker : transactionWorker));
    return { seconds: (performance.now() - started) / 1000, requests, items: count, retried };
  } finally {
    await raw.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    raw.destroy();
  }
};

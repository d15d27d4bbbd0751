// Strongly consistent BatchGetItem over any number of keys: chunks of 100, unprocessed keys retried.

import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;

const MAX_KEYS = 100;
const CONCURRENCY = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const getChunk = async (client: DynamoDBDocumentClient, tableName: string, keys: Key[]): Promise<Item[]> => {
  const items: Item[] = [];
  let pending: Key[] = keys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt) * Math.random());
    const response = await client.send(
      new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    items.push(...((response.Responses?.[tableName] as Item[] | undefined) ?? []));
    pending = (response.UnprocessedKeys?.[tableName]?.Keys as Key[] | undefined) ?? [];
    if (attempt > 20 && pending.length > 0) throw new Error('BatchGetItem kept returning unprocessed keys');
  }
  return items;
};

export const batchGetItems = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: Key[],
): Promise<Item[]> => {
  const unique = [...new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
  const chunks: Key[][] = [];
  for (let i = 0; i < unique.length; i += MAX_KEYS) chunks.push(unique.slice(i, i + MAX_KEYS));
  const results: Item[] = [];
  for (let i = 0; i < chunks.length; i += CONCURRENCY) {
    const done = await Promise.all(
      chunks.slice(i, i + CONCURRENCY).map((chunk) => getChunk(client, tableName, chunk)),
    );
    for (const items of done) results.push(...items);
  }
  return results;
};

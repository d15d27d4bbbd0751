// A workspace's contacts spread over shard partitions: listings and searches walk every shard in one stable order.

import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { toContactItem } from '../../../shared/adapters/dynamodb/contact-item.js';
import { DynamoDbContactQueries } from '../../../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import { encodeCursor } from '../../../shared/adapters/dynamodb/page-cursor.js';
import { CONTACT_SHARDS, contactShard, keys } from '../../../shared/adapters/dynamodb/table-design.js';
import type { Contact } from '../../../shared/domain/contact.js';
import { isImportError } from '../../../shared/errors.js';
import { createTestEnv, type TestEnv } from '../../support/test-env.js';

let env: TestEnv;
let queries: DynamoDbContactQueries;

beforeAll(async () => {
  env = await createTestEnv();
  queries = new DynamoDbContactQueries(env.documentClient, env.tableName);
});

const contactOf = (workspaceId: string, id: string): Contact => ({
  id,
  workspaceId,
  fullName: `Person ${id}`,
  tags: [],
  customFields: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const seed = async (workspaceId: string, ids: string[]) => {
  const items = ids.map((id) => toContactItem(contactOf(workspaceId, id), 1));
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const response = await env.documentClient.send(
        new BatchWriteCommand({ RequestItems: { [env.tableName]: pending } }),
      );
      pending = (response.UnprocessedItems?.[env.tableName] as typeof pending | undefined) ?? [];
    }
  }
};

const walk = async (workspaceId: string, limit: number, search?: string[]) => {
  const ids: string[] = [];
  const pks = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await queries.listContacts(workspaceId, search ? { search } : {}, {
      limit,
      ...(cursor ? { cursor } : {}),
    });
    pages += 1;
    for (const { value } of page.contacts) {
      ids.push(value.id);
      pks.add(keys.contact(workspaceId, value.id).pk);
    }
    cursor = page.cursor;
  } while (cursor);
  return { ids, pks, pages };
};

describe('contact shards', () => {
  it('spreads contact ids evenly over the fixed number of shards', () => {
    // Prepare / Act
    const perShard = new Array<number>(CONTACT_SHARDS).fill(0);
    for (let i = 0; i < 16_000; i++) {
      const shard = contactShard(`0190f0c2-7d3a-7000-8000-${String(i).padStart(12, '0')}`);
      perShard[shard] = (perShard[shard] ?? 0) + 1;
    }
    // Assess: every shard takes about 1/16 of them, and a contact's key names its shard
    for (const count of perShard) {
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
    }
    expect(keys.contact('ws', 'abc').pk).toBe(`W#ws#C#${contactShard('abc')}`);
    expect(keys.contactPartitions('ws')).toHaveLength(CONTACT_SHARDS);
  });

  it('lists every contact once across the shards, in shard then id order, the same on every walk', async () => {
    // Prepare: 70 contacts, over (almost surely) every shard
    const ws = 'shards-list';
    const ids = Array.from({ length: 70 }, (_, i) => `id-${String(i).padStart(3, '0')}`);
    await seed(ws, ids);
    const expected = [...ids].sort((a, b) => contactShard(a) - contactShard(b) || (a < b ? -1 : 1));
    // Act
    const byThree = await walk(ws, 3);
    const bySeventy = await walk(ws, 70);
    const byHundred = await walk(ws, 100);
    const searched = await walk(ws, 4, ['person']);
    // Assess: pages of any size give the same order; the shards used are the contacts' own
    expect(byThree.ids).toEqual(expected);
    expect(bySeventy.ids).toEqual(expected);
    expect(byHundred.ids).toEqual(expected);
    expect(byHundred.pages).toBe(1);
    expect(searched.ids).toEqual(expected);
    expect(byThree.pks.size).toBe(new Set(ids.map(contactShard)).size);
    expect(byThree.pks.size).toBeGreaterThan(8);
  });

  it('searches across shards within the read budget, finding a contact in the last shard', async () => {
    // Prepare: 40 contacts; the one searched for is in the highest shard used
    const ws = 'shards-search';
    const ids = Array.from({ length: 40 }, (_, i) => `s-${i}`);
    await seed(ws, ids);
    const last = [...ids].sort((a, b) => contactShard(b) - contactShard(a))[0] as string;
    const budgeted = new DynamoDbContactQueries(env.documentClient, env.tableName, 7);
    // Act
    const found: string[] = [];
    let pages = 0;
    let cursor: string | undefined;
    do {
      const page = await budgeted.listContacts(
        ws,
        { search: [last] },
        { limit: 10, ...(cursor ? { cursor } : {}) },
      );
      pages += 1;
      found.push(...page.contacts.map(({ value }) => value.id));
      cursor = page.cursor;
    } while (cursor);
    // Assess: a page reads at most 7 items, so 40 take at least 6 pages, and the one is found once
    expect(found).toEqual([last]);
    expect(pages).toBeGreaterThanOrEqual(6);
  });

  it("refuses a cursor naming another workspace's shard, or a shard that does not exist", async () => {
    // Prepare
    const ws = 'shards-cursor';
    await seed(ws, ['a', 'b']);
    const refusal = async (key: Record<string, string>) => {
      try {
        await queries.listContacts(ws, {}, { limit: 5, cursor: encodeCursor(key) as string });
        return 'accepted';
      } catch (error) {
        return isImportError(error) ? error.code : 'other';
      }
    };
    // Act / Assess
    expect(await refusal({ pk: keys.contactPartitions('someone-else')[0] as string, sk: 'C#a' })).toBe(
      'invalid_request',
    );
    expect(await refusal({ pk: `W#${ws}#C#${CONTACT_SHARDS}`, sk: 'C#a' })).toBe('invalid_request');
    expect(await refusal({ pk: `W#${ws}`, sk: 'C#a' })).toBe('invalid_request');
    expect(await refusal({ pk: keys.contactPartitions(ws)[1] as string, sk: 'C#' })).toBe('accepted');
  });
});

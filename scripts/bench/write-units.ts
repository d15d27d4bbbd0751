// Counts the write request units (WRU) a client's writes cost by DynamoDB's published rules, from the requests
// themselves and the items before and after them, as an SDK middleware on the client.
//
// The rules (DynamoDB Developer Guide: "Read/write capacity mode", "Global secondary indexes — provisioned
// throughput considerations"): a write costs 1 WRU per KB (rounded up) of the larger of the item before and
// after it, at least 1; twice that inside TransactWriteItems; and for each GSI, nothing when the item carries
// none of its key before and after, or the same key and the same projected attributes; one write of the index
// entry's size (rounded up to 1 KB) when the entry is added, removed, or its projected attributes change; two
// when its key changes (the old entry deleted, the new one put). DynamoDB Local reports none of the GSI part.

import {
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndexDescription,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;
type Key = Record<string, unknown>;

const KB = 1024;

/** What an item's kind is, by its keys (table-design.ts): where its units go in the breakdown. */
export type ItemKind = 'contact' | 'emailGuard' | 'phoneSet' | 'import' | 'other';

export interface WriteUnitTotals {
  /** Successful write requests, and the write units they cost. */
  requests: number;
  units: number;
  /** The base-table part and the GSI part, by item kind. */
  tableUnits: Partial<Record<ItemKind, number>>;
  indexUnits: Partial<Record<string, number>>;
  /** Items written, by kind. */
  items: Partial<Record<ItemKind, number>>;
  /** Write requests refused (a condition failed, a transaction cancelled): their cost is not in `units`. */
  refused: number;
}

export interface WriteUnitMeter {
  /** Costs writes only while true (its reads before and after each write slow every write down). */
  active: boolean;
  snapshot(): WriteUnitTotals;
  since(before: WriteUnitTotals): WriteUnitTotals;
}

/** DynamoDB's size of a value: UTF-8 of strings, about half the digits of a number, 3 bytes + elements for lists and maps. */
export const sizeOfValue = (value: unknown): number => {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value)
      .replace(/[-.]|e.*$/gi, '')
      .replace(/^0+/, '').length;
    return Math.ceil(digits / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + sizeOfValue(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + sizeOfValue(v), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Item).reduce(
        (sum, [name, v]) => sum + (v === undefined ? 0 : 1 + Buffer.byteLength(name) + sizeOfValue(v)),
        0,
      )
    );
  }
  return 0;
};

/** An item's size: the names and values of its attributes. */
export const sizeOfItem = (item: Item | undefined): number =>
  item === undefined
    ? 0
    : Object.entries(item).reduce(
        (sum, [name, value]) =>
          sum + (value === undefined ? 0 : Buffer.byteLength(name) + sizeOfValue(value)),
        0,
      );

const unitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));

export const kindOf = (key: Key): ItemKind => {
  const pk = String(key.pk);
  const sk = String(key.sk);
  if (sk.startsWith('C#')) return 'contact';
  if (pk.includes('#E#')) return 'emailGuard';
  if (pk.includes('#P#')) return 'phoneSet';
  if (pk.includes('#I#') || sk.startsWith('I#')) return 'import';
  return 'other';
};

interface IndexShape {
  name: string;
  keyAttributes: string[];
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  nonKeyAttributes: string[];
}

interface TableShape {
  keyAttributes: string[];
  indexes: IndexShape[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The index entry of an item: the table's keys, the index's keys and the projected attributes. */
const entryOf = (item: Item, table: TableShape, index: IndexShape): Item => {
  if (index.projection === 'ALL') return item;
  const names = [...table.keyAttributes, ...index.keyAttributes, ...index.nonKeyAttributes];
  return Object.fromEntries(
    names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]),
  );
};

/** The units one GSI costs for one item written from `before` to `after` (either may be absent). */
export const indexUnits = (
  table: TableShape,
  index: IndexShape,
  before: Item | undefined,
  after: Item | undefined,
): number => {
  const keyOf = (item: Item | undefined) =>
    item && index.keyAttributes.every((name) => item[name] !== undefined)
      ? index.keyAttributes.map((name) => item[name])
      : undefined;
  const oldKey = keyOf(before);
  const newKey = keyOf(after);
  if (!oldKey && !newKey) return 0;
  if (!oldKey && after) return unitsOf(sizeOfItem(entryOf(after, table, index)));
  if (!newKey && before) return unitsOf(sizeOfItem(entryOf(before, table, index)));
  if (!before || !after) return 0;
  const oldEntry = entryOf(before, table, index);
  const newEntry = entryOf(after, table, index);
  if (!same(oldKey, newKey)) return unitsOf(sizeOfItem(oldEntry)) + unitsOf(sizeOfItem(newEntry));
  return same(oldEntry, newEntry) ? 0 : unitsOf(sizeOfItem(newEntry));
};

interface Target {
  table: string;
  key: Key;
  transactional: boolean;
}

/** The items a write request writes: table, key, and whether inside a transaction. */
const targetsOf = (commandName: string, input: Item, keyNames: (table: string) => string[]): Target[] => {
  const keyFrom = (table: string, item: Item) =>
    Object.fromEntries(keyNames(table).map((name) => [name, item[name]]));
  const targets: Target[] = [];
  if (commandName.startsWith('TransactWrite')) {
    for (const action of (input.TransactItems as Item[] | undefined) ?? []) {
      const put = action.Put as { TableName: string; Item: Item } | undefined;
      const update = (action.Update ?? action.Delete) as { TableName: string; Key: Key } | undefined;
      if (put)
        targets.push({ table: put.TableName, key: keyFrom(put.TableName, put.Item), transactional: true });
      if (update) targets.push({ table: update.TableName, key: update.Key, transactional: true });
    }
  } else if (commandName.startsWith('BatchWrite')) {
    for (const [table, requests] of Object.entries((input.RequestItems as Record<string, Item[]>) ?? {})) {
      for (const request of requests) {
        const put = request.PutRequest as { Item: Item } | undefined;
        const del = request.DeleteRequest as { Key: Key } | undefined;
        if (put) targets.push({ table, key: keyFrom(table, put.Item), transactional: false });
        if (del) targets.push({ table, key: del.Key, transactional: false });
      }
    }
  } else if (commandName.startsWith('Put')) {
    const table = input.TableName as string;
    targets.push({ table, key: keyFrom(table, input.Item as Item), transactional: false });
  } else if (commandName.startsWith('Update') || commandName.startsWith('Delete')) {
    targets.push({ table: input.TableName as string, key: input.Key as Key, transactional: false });
  }
  return targets;
};

const isWrite = (name: string) => /^(TransactWrite|BatchWrite|Put|Update|Delete)/.test(name);

const copy = (t: WriteUnitTotals): WriteUnitTotals => ({
  ...t,
  tableUnits: { ...t.tableUnits },
  indexUnits: { ...t.indexUnits },
  items: { ...t.items },
});
const minus = <K extends string>(a: Partial<Record<K, number>>, b: Partial<Record<K, number>>) =>
  Object.fromEntries(
    Object.entries(a)
      .map(([k, v]) => [k, (v as number) - ((b as Record<string, number>)[k] ?? 0)] as const)
      .filter(([, v]) => v !== 0),
  ) as Partial<Record<K, number>>;

/**
 * Adds the meter to `client`: every write it sends from now on is costed. It reads the written items just
 * before and just after each write through `reader` (a client without the meter), so it is exact while no
 * other writer touches the same items in between — the bench measures its units on a quiet stack.
 */
export const meterWriteUnits = (
  client: DynamoDBDocumentClient,
  reader: DynamoDBDocumentClient,
  raw: DynamoDBClient,
): WriteUnitMeter => {
  const totals: WriteUnitTotals = {
    requests: 0,
    units: 0,
    tableUnits: {},
    indexUnits: {},
    items: {},
    refused: 0,
  };
  const meter: WriteUnitMeter = {
    active: false,
    snapshot: () => copy(totals),
    since: (b) => ({
      requests: totals.requests - b.requests,
      units: totals.units - b.units,
      tableUnits: minus(totals.tableUnits, b.tableUnits),
      indexUnits: minus(totals.indexUnits, b.indexUnits),
      items: minus(totals.items, b.items),
      refused: totals.refused - b.refused,
    }),
  };
  const shapes = new Map<string, Promise<TableShape>>();
  const shapeOf = (table: string): Promise<TableShape> => {
    let shape = shapes.get(table);
    if (!shape) {
      shape = raw.send(new DescribeTableCommand({ TableName: table })).then(({ Table }) => ({
        keyAttributes: (Table?.KeySchema ?? []).map((element) => element.AttributeName as string),
        indexes: (Table?.GlobalSecondaryIndexes ?? []).map((index: GlobalSecondaryIndexDescription) => ({
          name: index.IndexName as string,
          keyAttributes: (index.KeySchema ?? []).map((element) => element.AttributeName as string),
          projection: (index.Projection?.ProjectionType ?? 'ALL') as IndexShape['projection'],
          nonKeyAttributes: index.Projection?.NonKeyAttributes ?? [],
        })),
      }));
      shapes.set(table, shape);
    }
    return shape;
  };
  const read = async (targets: Target[]): Promise<Map<string, Item>> => {
    const found = new Map<string, Item>();
    const byTable = new Map<string, Key[]>();
    for (const { table, key } of targets) byTable.set(table, [...(byTable.get(table) ?? []), key]);
    for (const [table, tableKeys] of byTable) {
      const unique = [...new Map(tableKeys.map((key) => [JSON.stringify(key), key])).values()];
      for (let i = 0; i < unique.length; i += 100) {
        let pending: Key[] = unique.slice(i, i + 100);
        while (pending.length > 0) {
          const response = await reader.send(
            new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
          );
          for (const item of (response.Responses?.[table] as Item[] | undefined) ?? []) {
            const shape = await shapeOf(table);
            const key = Object.fromEntries(shape.keyAttributes.map((name) => [name, item[name]]));
            found.set(`${table}\u0000${JSON.stringify(key)}`, item);
          }
          pending = (response.UnprocessedKeys?.[table]?.Keys as Key[] | undefined) ?? [];
        }
      }
    }
    return found;
  };
  client.middlewareStack.add(
    (next, context) => async (callArgs) => {
      const name = context.commandName ?? '';
      if (!meter.active || !isWrite(name)) return next(callArgs);
      const input = callArgs.input as Item;
      const tables = new Set<string>();
      const keyNamesByTable = new Map<string, string[]>();
      const collect = (t: string) => tables.add(t);
      // Table names first, so that every table's key schema is known before the keys are taken out.
      for (const target of targetsOf(name, input, () => [])) collect(target.table);
      for (const table of tables) keyNamesByTable.set(table, (await shapeOf(table)).keyAttributes);
      const targets = targetsOf(name, input, (table) => keyNamesByTable.get(table) ?? []);
      const keyString = (target: Target) =>
        `${target.table}\u0000${JSON.stringify(
          Object.fromEntries((keyNamesByTable.get(target.table) ?? []).map((n) => [n, target.key[n]])),
        )}`;
      const before = await read(targets);
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(callArgs);
      } catch (error) {
        totals.refused++;
        throw error;
      }
      const after = await read(targets);
      // BatchWriteItem may leave items unprocessed: those were not written (the caller sends them again).
      const unprocessed = new Set<string>();
      const left = (result.output as { UnprocessedItems?: Record<string, Item[]> }).UnprocessedItems ?? {};
      for (const [table, requests] of Object.entries(left)) {
        for (const request of requests) {
          const put = request.PutRequest as { Item: Item } | undefined;
          const del = request.DeleteRequest as { Key: Key } | undefined;
          const key = put?.Item ?? del?.Key ?? {};
          unprocessed.add(keyString({ table, key, transactional: false }));
        }
      }
      totals.requests++;
      for (const target of targets) {
        const id = keyString(target);
        if (unprocessed.has(id)) continue;
        const shape = await shapeOf(target.table);
        const old = before.get(id);
        const now = after.get(id);
        const kind = kindOf(target.key);
        const base = unitsOf(Math.max(sizeOfItem(old), sizeOfItem(now))) * (target.transactional ? 2 : 1);
        totals.units += base;
        totals.tableUnits[kind] = (totals.tableUnits[kind] ?? 0) + base;
        totals.items[kind] = (totals.items[kind] ?? 0) + 1;
        for (const index of shape.indexes) {
          const units = indexUnits(shape, index, old, now);
          totals.units += units;
          totals.indexUnits[index.name] = (totals.indexUnits[index.name] ?? 0) + units;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'benchWriteUnits' },
  );
  return meter;
};

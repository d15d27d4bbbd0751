// The bench's write-unit rules (scripts/bench/write-units.ts), as DynamoDB's Developer Guide states them.

import { describe, expect, it } from 'vitest';
import { indexUnits, kindOf, sizeOfItem } from '../../scripts/bench/write-units.js';

const table = { keyAttributes: ['pk', 'sk'], indexes: [] };
const keysOnly = {
  name: 'byEmail',
  keyAttributes: ['gsiEmail'],
  projection: 'KEYS_ONLY' as const,
  nonKeyAttributes: [],
};
const all = { ...keysOnly, projection: 'ALL' as const };
const contact = (fields: Record<string, unknown>) => ({ pk: 'W#w', sk: 'C#1', ...fields });

describe('write units by DynamoDB rules', () => {
  it('sizes an item by its attribute names and values', () => {
    expect(sizeOfItem({ ab: 'xyz' })).toBe(5);
    expect(sizeOfItem({ é: 'é' })).toBe(4);
    expect(sizeOfItem({ n: 12345 })).toBe(1 + 4);
    expect(sizeOfItem({ big: 'x'.repeat(1021) })).toBe(1024);
  });

  it('costs a GSI nothing when the item has its key neither before nor after', () => {
    expect(indexUnits(table, keysOnly, contact({ a: 1 }), contact({ a: 2 }))).toBe(0);
  });

  it('costs one write when the entry is added or removed', () => {
    expect(indexUnits(table, keysOnly, undefined, contact({ gsiEmail: 'w#a@x.com' }))).toBe(1);
    expect(indexUnits(table, keysOnly, contact({ gsiEmail: 'w#a@x.com' }), undefined)).toBe(1);
    expect(indexUnits(table, keysOnly, contact({ gsiEmail: 'w#a@x.com' }), contact({}))).toBe(1);
  });

  it('costs two writes when the key changes: the old entry deleted, the new one put', () => {
    expect(
      indexUnits(table, keysOnly, contact({ gsiEmail: 'w#a@x.com' }), contact({ gsiEmail: 'w#b@x.com' })),
    ).toBe(2);
  });

  it('costs a keys-only index nothing when its key stays, whatever else changes', () => {
    const before = contact({ gsiEmail: 'w#a@x.com', title: 'CEO' });
    const after = contact({ gsiEmail: 'w#a@x.com', title: 'CTO' });
    expect(indexUnits(table, keysOnly, before, after)).toBe(0);
    expect(indexUnits(table, all, before, after)).toBe(1);
    expect(indexUnits(table, all, before, { ...before })).toBe(0);
  });

  it('sizes an index entry by what it projects, rounded up to 1 KB', () => {
    const big = contact({ gsiEmail: 'w#a@x.com', notes: 'x'.repeat(3000) });
    expect(indexUnits(table, keysOnly, undefined, big)).toBe(1);
    expect(indexUnits(table, all, undefined, big)).toBe(3);
  });

  it('tells contacts, guards, phone sets and the import’s own items apart by their keys', () => {
    expect(kindOf({ pk: 'W#w', sk: 'C#1' })).toBe('contact');
    expect(kindOf({ pk: 'W#w#E#a@x.com', sk: '-' })).toBe('emailGuard');
    expect(kindOf({ pk: 'W#w#P#+1212', sk: '-' })).toBe('phoneSet');
    expect(kindOf({ pk: 'W#w#I#01', sk: 'P' })).toBe('import');
  });
});

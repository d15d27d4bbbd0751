import { describe, expect, it } from 'vitest';
import { KeyCensus } from '../../../shared/import/key-census.js';

/** A file's rows as (email, phone) keys: some repeated near each other, some far apart, some never. */
const rowsOf = (count: number, seed = 7) => {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const rows: [string | undefined, string | undefined][] = [];
  for (let i = 0; i < count; i++) {
    const repeat = random();
    const n = repeat < 0.1 && i > 0 ? Math.floor(random() * i) : i;
    const phone = random() < 0.5 ? `+1415555${String(n % 5000).padStart(4, '0')}` : undefined;
    rows.push([`person${n}@example.com`, phone]);
  }
  return rows;
};

describe('KeyCensus', () => {
  it('says a key is ahead whenever a row not yet passed names it, and rarely otherwise', () => {
    // Prepare
    const rows = rowsOf(20_000);
    const census = new KeyCensus(40_000);
    for (const keys of rows) for (const key of keys) if (key) census.add(key);
    const remaining = new Map<string, number>();
    for (const keys of rows)
      for (const key of keys) if (key) remaining.set(key, (remaining.get(key) ?? 0) + 1);
    let falseAhead = 0;
    let checks = 0;
    // Act: pass the rows in order and ask about every key of the file along the way
    rows.forEach((keys, row) => {
      census.passRow(row, keys);
      for (const key of keys) if (key) remaining.set(key, (remaining.get(key) ?? 0) - 1);
      if (row % 2000 !== 0) return;
      for (const [key, left] of remaining) {
        checks++;
        // Assess: never "nothing ahead" while something is
        if (left > 0) expect(census.ahead(key)).toBe(true);
        else if (census.ahead(key)) falseAhead++;
      }
    });
    // Assess: false positives are rare, and at the end nothing is ahead
    expect(checks).toBeGreaterThan(100_000);
    expect(falseAhead / checks).toBeLessThan(0.01);
    for (const key of remaining.keys()) expect(census.ahead(key)).toBe(false);
  });

  it('passes a row planned again (after a conflict) only once', () => {
    // Prepare
    const census = new KeyCensus(100);
    census.add('a@example.com');
    census.add('a@example.com');
    // Act
    census.passRow(1, ['a@example.com']);
    census.passRow(1, ['a@example.com']);
    // Assess
    expect(census.ahead('a@example.com')).toBe(true);
    census.passRow(2, ['a@example.com']);
    expect(census.ahead('a@example.com')).toBe(false);
  });

  it('keeps a key named more often than a counter holds ahead for good', () => {
    // Prepare: one company phone on 300 rows
    const census = new KeyCensus(100);
    for (let i = 0; i < 300; i++) census.add('+14155550100');
    // Act
    for (let row = 0; row < 300; row++) census.passRow(row, ['+14155550100']);
    // Assess: saturated counters never count down, so the key is never dropped too early
    expect(census.ahead('+14155550100')).toBe(true);
    expect(census.ahead('+14155550199')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { KeyCensus } from '../../../shared/import/key-census.js';

describe('KeyCensus', () => {
  it('tells keys seen once from keys seen more than once, and never forgets one', () => {
    // Prepare
    const census = new KeyCensus(20_000);
    for (let i = 0; i < 10_000; i++) census.add(`person${i}@example.com`);
    for (let i = 0; i < 10_000; i += 100) census.add(`person${i}@example.com`);
    // Assess: no false negatives
    for (let i = 0; i < 10_000; i++) {
      expect(census.seen(`person${i}@example.com`)).toBe(true);
      if (i % 100 === 0) expect(census.repeated(`person${i}@example.com`)).toBe(true);
    }
    // and few false positives
    let falseRepeats = 0;
    let falseSeen = 0;
    for (let i = 0; i < 10_000; i++) {
      if (i % 100 !== 0 && census.repeated(`person${i}@example.com`)) falseRepeats++;
      if (census.seen(`stranger${i}@example.com`)) falseSeen++;
    }
    expect(falseRepeats).toBeLessThan(100);
    expect(falseSeen).toBeLessThan(100);
  });
});

import { describe, expect, it } from 'vitest';
import { cleanCell } from '../../../shared/domain/clean-cell.js';

describe('cleanCell', () => {
  it('trims surrounding space', () => {
    // Act / Assess
    expect(cleanCell('  Jane \t')).toBe('Jane');
    expect(cleanCell('   ')).toBe('');
  });

  it.each([
    ["'=SUM(A1:A2)", '=SUM(A1:A2)'],
    ["'+1 415 555 2671", '+1 415 555 2671'],
    ["'-12.5", '-12.5'],
    ["'@handle", '@handle'],
    ["  '=1+1  ", '=1+1'],
    ["' =1+1", '=1+1'],
    ["'\n@SUM(A1)", '@SUM(A1)'],
  ])('removes the apostrophe that escapes a formula: %j becomes %j', (cell, expected) => {
    // Act / Assess
    expect(cleanCell(cell)).toBe(expected);
  });

  it.each([["O'Brien"], ["'quoted'"], ["'"], ["'Jane"], ["' Jane"]])(
    'keeps an apostrophe before anything else: %j',
    (cell) => {
      // Act / Assess
      expect(cleanCell(cell)).toBe(cell);
    },
  );
});

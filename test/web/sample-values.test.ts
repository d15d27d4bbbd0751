// The mapping step's sample values and suggested keys: pure rules of the page, without a browser.

import { describe, expect, it } from 'vitest';
import { sampleValues, suggestedKey } from '../../web/src/sample-values.js';
import type { PreviewRow } from '../../web/src/types.js';

const rows = (...cells: string[][]): PreviewRow[] =>
  cells.map((row, i) => ({ row: i + 2, cells: row, outcome: 'created' }));

describe('sample values of a column', () => {
  it('are the first distinct non-empty values in row order, so a column empty in row 1 is not empty', () => {
    // Prepare
    const preview = rows(
      ['ann', ''],
      ['bob', ' Acme '],
      ['cy', 'Acme'],
      ['dee', '   '],
      ['eve', 'Globex'],
      ['fay', 'Initech'],
      ['gus', 'Umbrella'],
    );

    // Act, Assess
    expect(sampleValues(preview, 1)).toEqual(['Acme', 'Globex', 'Initech']);
    expect(sampleValues(preview, 0, 2)).toEqual(['ann', 'bob']);
  });

  it('are none for a column every previewed row leaves empty, or a row shorter than the header', () => {
    expect(sampleValues(rows(['a', ''], ['b']), 1)).toEqual([]);
  });
});

describe('the key suggested for a new custom field', () => {
  it('is the header in lower snake case, accents dropped', () => {
    expect(suggestedKey('Member since')).toBe('member_since');
    expect(suggestedKey('  Kundennr. (Ö) ')).toBe('kundennr_o');
  });

  it('starts with a letter, as a key must', () => {
    expect(suggestedKey('2nd phone')).toBe('field_2nd_phone');
    expect(suggestedKey('###')).toBe('');
  });
});

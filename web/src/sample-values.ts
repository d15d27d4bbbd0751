// What the mapping step shows of a column: its first few distinct non-empty values among the preview's rows.

import type { PreviewRow } from './types.js';

/** How many values a column shows: enough to tell a name from a company, few enough to stay one line or two. */
export const SAMPLES_PER_COLUMN = 3;

/**
 * The first `limit` distinct non-empty values of column `index`, in row order (blank cells are skipped, so a column
 * empty in row 1 shows what later rows hold); `[]` when every previewed row leaves it empty.
 */
export const sampleValues = (
  rows: readonly PreviewRow[],
  index: number,
  limit: number = SAMPLES_PER_COLUMN,
): string[] => {
  const values: string[] = [];
  for (const row of rows) {
    const value = (row.cells[index] ?? '').trim();
    if (value === '' || values.includes(value)) continue;
    values.push(value);
    if (values.length === limit) break;
  }
  return values;
};

/** A key a new custom field for a column could have: the header in lower snake case (`Member since` → `member_since`). */
export const suggestedKey = (header: string): string => {
  const key = header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return /^[a-z]/.test(key) ? key : key === '' ? '' : `field_${key}`.slice(0, 64);
};

// Merged ranges of a sheet, and the filler that gives every cell of a range its top-left value.

import { ImportError } from '../errors.js';
import { columnOf } from './cell-reference.js';
import type { ZipArchive } from './zip-archive.js';

export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A contact sheet has a handful; a sheet with more is not a list of contacts, and they cost memory. */
export const MAX_MERGED_RANGES = 100_000;
const MAX_MERGE_TEXT = MAX_MERGED_RANGES * 64;
const MARKER = Buffer.from('mergeCells');

const parseRef = (ref: string): { row: number; column: number } | undefined => {
  const column = columnOf(ref);
  const row = Number(/\d+$/.exec(ref)?.[0]);
  return column === undefined || !Number.isInteger(row) ? undefined : { row, column };
};

/**
 * The sheet's merged ranges. OOXML writes them after the rows (`<mergeCells>` follows `<sheetData>`), so the part
 * is inflated once to find them: a byte search, no XML parsing, until the marker is found.
 */
export const findMergedRanges = async (archive: ZipArchive, part: string): Promise<MergedRange[]> => {
  let carry = Buffer.alloc(0);
  let text: string | undefined;
  for await (const { bytes } of archive.read(part)) {
    if (text !== undefined) {
      text += bytes.toString('latin1');
    } else {
      const window = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
      const at = window.indexOf(MARKER);
      if (at >= 0) text = window.toString('latin1', at);
      else carry = Buffer.from(window.subarray(Math.max(0, window.length - MARKER.length)));
    }
    if (text !== undefined && text.length > MAX_MERGE_TEXT) break;
  }
  if (text === undefined) return [];
  const ranges: MergedRange[] = [];
  for (const match of text.matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+\d+):([A-Za-z]+\d+)"/g)) {
    const from = parseRef(match[1] ?? '');
    const to = parseRef(match[2] ?? '');
    if (!from || !to) continue;
    if (ranges.length >= MAX_MERGED_RANGES) {
      throw new ImportError(
        'file_too_large',
        `the sheet has more than ${MAX_MERGED_RANGES} merged ranges; unmerge its cells or save it as "CSV UTF-8"`,
      );
    }
    ranges.push({
      top: Math.min(from.row, to.row),
      bottom: Math.max(from.row, to.row),
      left: Math.min(from.column, to.column),
      right: Math.max(from.column, to.column),
    });
  }
  return ranges.sort((a, b) => a.top - b.top);
};

/** Fills rows in order: a merged range's cells all show its top-left cell's value, as Excel displays them. */
export class MergeFiller {
  private next = 0;
  private active: Array<{ range: MergedRange; value: string }> = [];

  constructor(private readonly ranges: MergedRange[]) {}

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** `cells` of row `row` (rows come in increasing order), with the merged ranges over it filled in. */
  fill(row: number, cells: string[]): string[] {
    if (this.ranges.length === 0) return cells;
    while (this.next < this.ranges.length && (this.ranges[this.next] as MergedRange).top <= row) {
      const range = this.ranges[this.next++] as MergedRange;
      if (range.bottom < row) continue;
      this.active.push({ range, value: range.top === row ? (cells[range.left] ?? '') : '' });
    }
    if (this.active.length === 0) return cells;
    this.active = this.active.filter(({ range }) => range.bottom >= row);
    for (const { range, value } of this.active) {
      if (value === '') continue;
      while (cells.length <= range.right) cells.push('');
      for (let column = range.left; column <= range.right; column++) cells[column] = value;
    }
    return cells;
  }
}

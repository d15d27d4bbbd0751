// Learns which of the supported delimiters a CSV uses, from a sample of its text.

import { parse } from 'csv-parse/sync';
import type { SupportedDelimiter } from '../domain/import-options.js';
import { buildParseOptions } from './csv-parse-options.js';

/** In order of preference when the sample cannot tell them apart (a single-column file). */
const CANDIDATES: readonly SupportedDelimiter[] = [',', ';', '\t', '|'];
/** The header is searched for among this many non-empty rows (SPEC §2). */
const HEADER_SEARCH_ROWS = 20;
/** Rows after the header that are compared with it. */
const FOLLOWING_ROWS = 50;
/** Share of the following rows that must have the header's cell count for a split to be consistent. */
const MIN_CONSISTENCY = 0.8;
/** Records parsed from the sample at most (blank lines included). */
const MAX_RECORDS = 500;

/** How the sample splits with one candidate. */
interface Layout {
  delimiter: SupportedDelimiter;
  preference: number;
  /** `looksLikeHeader` accepted one of the first rows. */
  headerFound: boolean;
  /** Cells in the header (the accepted row, else the first row of the most common width). */
  width: number;
  /** Non-empty rows above the header. */
  rowsAbove: number;
  /** Share of the following rows with as many cells as the header. */
  consistency: number;
}

/**
 * Picks the delimiter of `sampleText`, the first ~64 KiB of the decoded file (a last line the
 * sample cuts off is dropped). Candidates for which `looksLikeHeader` accepts one of the first
 * 20 non-empty rows come first. Among them, a split where the rows below the header have its
 * cell count beats one where they do not; then one that splits the very first row beats one
 * that needs rows above its header (a `;` file with decimal commas splits consistently with `,`
 * too, but only from its second row; notes above a header split with no delimiter); then the
 * most cells in the header wins. Defaults to `,`. An Excel `sep=;` first line settles it.
 */
export function detectDelimiter(
  sampleText: string,
  looksLikeHeader?: (cells: string[]) => boolean,
): SupportedDelimiter {
  const hinted = readSeparatorHint(sampleText);
  if (hinted) return hinted;
  const text = dropCutLine(sampleText);
  const layouts = CANDIDATES.map((delimiter, preference) =>
    measureLayout(text, delimiter, preference, looksLikeHeader),
  );
  const withHeader = layouts.filter((layout) => layout.headerFound);
  const pool = withHeader.length > 0 ? withHeader : layouts;
  const [best] = pool.sort(compareLayouts);
  return best?.delimiter ?? ',';
}

/** Excel's `sep=;` first line, which some tools write to name the delimiter. */
const SEPARATOR_HINT = /^sep=(.)\r?\n/i;

function readSeparatorHint(text: string): SupportedDelimiter | undefined {
  const hinted = SEPARATOR_HINT.exec(text)?.[1];
  return CANDIDATES.find((candidate) => candidate === hinted);
}

const isConsistent = (layout: Layout): boolean => layout.consistency >= MIN_CONSISTENCY;
/** The very first row splits into cells: no rows above the header need explaining. */
const splitsFirstRow = (layout: Layout): boolean => layout.rowsAbove === 0 && layout.width > 1;

/** Better layouts first. */
function compareLayouts(a: Layout, b: Layout): number {
  return (
    Number(isConsistent(b)) - Number(isConsistent(a)) ||
    Number(splitsFirstRow(b)) - Number(splitsFirstRow(a)) ||
    b.width - a.width ||
    a.rowsAbove - b.rowsAbove ||
    b.consistency - a.consistency ||
    a.preference - b.preference
  );
}

/** Drops the text after the last line end, which the end of the sample may have cut. */
function dropCutLine(text: string): string {
  const lastLineEnd = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return lastLineEnd === -1 ? text : text.slice(0, lastLineEnd + 1);
}

const isBlankRow = (cells: string[]): boolean => cells.every((cell) => cell.trim() === '');

function parseRows(text: string, delimiter: SupportedDelimiter): string[][] {
  // Skipping records with errors only drops a value the cut left unclosed at the end.
  const records: string[][] = parse(text, {
    ...buildParseOptions(delimiter),
    to: MAX_RECORDS,
    skip_records_with_error: true,
  });
  return records.filter((cells) => !isBlankRow(cells)).slice(0, HEADER_SEARCH_ROWS + FOLLOWING_ROWS);
}

/** The cell count most rows have; the larger one on a tie. */
function findMostCommonWidth(rows: string[][]): number {
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [width, count] of counts) {
    if (count > bestCount || (count === bestCount && width > best)) {
      best = width;
      bestCount = count;
    }
  }
  return best;
}

function measureLayout(
  text: string,
  delimiter: SupportedDelimiter,
  preference: number,
  looksLikeHeader: ((cells: string[]) => boolean) | undefined,
): Layout {
  const rows = parseRows(text, delimiter);
  const candidates = rows.slice(0, HEADER_SEARCH_ROWS);
  let headerIndex = looksLikeHeader ? candidates.findIndex((cells) => looksLikeHeader(cells)) : -1;
  const headerFound = headerIndex !== -1;
  if (!headerFound) {
    const width = findMostCommonWidth(rows);
    headerIndex = Math.max(
      0,
      candidates.findIndex((cells) => cells.length === width),
    );
  }
  const width = rows[headerIndex]?.length ?? 0;
  const following = rows.slice(headerIndex + 1, headerIndex + 1 + FOLLOWING_ROWS);
  const sameWidth = following.filter((cells) => cells.length === width).length;
  return {
    delimiter,
    preference,
    headerFound,
    width,
    rowsAbove: headerIndex,
    consistency: following.length === 0 ? 1 : sameWidth / following.length,
  };
}

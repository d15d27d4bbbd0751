// Report footers (SPEC §4 `footer`): the rows at the end of a file, after an empty row, that fill one cell each.

import type { CsvReadEvent } from '../csv/read-records.js';
import { cleanCell } from '../domain/clean-cell.js';

/**
 * Rows held while waiting to learn whether they end the file. Footers are a few lines (Salesforce writes two, a
 * spreadsheet one `Totals:` line); past this many one-cell rows the stretch is data, and memory stays bounded.
 */
export const MAX_FOOTER_ROWS = 100;

/** Rows that are read together: a run never pauses inside a group, so a continuation decides as the first run did. */
export interface RowGroup {
  events: CsvReadEvent[];
  /** The group ends the file: its rows that fill a cell are skipped `footer` (its empty rows stay `empty_row`). */
  footer: boolean;
}

const filledCells = (event: CsvReadEvent): number => {
  if (event.type !== 'record') return Number.POSITIVE_INFINITY;
  let filled = 0;
  for (const cell of event.cells) if (cleanCell(cell) !== '') filled++;
  return filled;
};

/**
 * Groups the file's rows: from an empty row, the rows that follow it while each fills at most one cell are held until
 * a fuller row (they are data, released as they are) or the end of the file (they are its footer) decides. A file of
 * one column has no footers: every row of it fills one cell.
 */
export async function* groupFooterRows(
  events: AsyncIterable<CsvReadEvent>,
  columns: number,
): AsyncGenerator<RowGroup> {
  let held: CsvReadEvent[] = [];
  for await (const event of events) {
    if (columns < 2) {
      yield { events: [event], footer: false };
      continue;
    }
    const filled = filledCells(event);
    if (held.length > 0 && filled <= 1 && held.length < MAX_FOOTER_ROWS) {
      held.push(event);
      continue;
    }
    if (held.length > 0) {
      yield { events: held, footer: false };
      held = [];
    }
    if (filled === 0) held.push(event);
    else yield { events: [event], footer: false };
  }
  if (held.length > 0) yield { events: held, footer: true };
}

/** How a row of a footer group is skipped; undefined for its empty rows (they stay `empty_row`). */
export const footerSkip = (event: CsvReadEvent): { code: 'footer'; message: string } | undefined => {
  if (event.type !== 'record') return undefined;
  const text = event.cells.map(cleanCell).find((cell) => cell !== '');
  if (text === undefined) return undefined;
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return {
    code: 'footer',
    message: `The row is a footer, not a contact: after an empty row at the end of the file, it fills one cell ("${shown}")`,
  };
};

// Writes a paged listing as it arrives: a JSON array (one item a line) or a table sized by its first page.

import type { CliIo } from './cli-io.js';
import { formatHeader, formatRow, measureColumns, type TableColumn } from './render-table.js';

export interface Listing<T> {
  fetchPage(cursor: string | undefined): Promise<{ items: T[]; cursor?: string }>;
  columns: readonly TableColumn[];
  toRow(item: T): string[];
}

/** Streams every page (a workspace's millions of contacts never sit in memory at once); returns the count. */
export const writeListing = async <T>(io: CliIo, json: boolean, listing: Listing<T>): Promise<number> => {
  let cursor: string | undefined;
  let count = 0;
  let widths: number[] | undefined;
  if (json) await io.write('[');
  do {
    const page = await listing.fetchPage(cursor);
    if (json) {
      const items = page.items.map((item, i) => `${count + i > 0 ? ',' : ''}\n  ${JSON.stringify(item)}`);
      if (items.length > 0) await io.write(items.join(''));
    } else if (page.items.length > 0) {
      const rows = page.items.map(listing.toRow);
      if (!widths) {
        widths = measureColumns(listing.columns, rows);
        await io.write(`${formatHeader(listing.columns, widths)}\n`);
      }
      const layout = widths;
      await io.write(`${rows.map((row) => formatRow(listing.columns, layout, row)).join('\n')}\n`);
    }
    count += page.items.length;
    cursor = page.cursor;
  } while (cursor);
  if (json) await io.write(count > 0 ? '\n]\n' : ']\n');
  return count;
};

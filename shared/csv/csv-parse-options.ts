// The csv-parse settings every reader of a CSV shares, so that delimiter detection sees what the import reads.

import type { Options } from 'csv-parse';
import type { SupportedDelimiter } from '../domain/import-options.js';

/**
 * Lenient, Excel-like parsing: a quote inside an unquoted value is kept as text, rows may have
 * any number of cells, and `\r\n`, `\n` and `\r` all end a record, even mixed in one file. The
 * line ends are listed rather than auto-discovered because csv-parse discovers only the first
 * one it meets, and would then read the others as text; a fixed list also makes a read started
 * in the middle of a file behave exactly like one started at the top.
 */
export function buildParseOptions(delimiter: SupportedDelimiter): Options {
  return {
    delimiter,
    quote: '"',
    escape: '"',
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    bom: false,
    cast: false,
    columns: false,
  };
}

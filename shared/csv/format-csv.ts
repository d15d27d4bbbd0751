// Writes one CSV line the way RFC 4180 and Excel expect it, for the error report and the template.

import { stringify } from 'csv-stringify/sync';

/**
 * Formats `cells` as one comma-separated line ending in `\r\n`, quoting a cell that holds a
 * comma, a double quote (doubled inside), `\n` or `\r`. Formula escaping is the caller's
 * choice (escapeFormula), not done here.
 */
export function formatCsvLine(cells: readonly string[]): string {
  return stringify([cells], {
    delimiter: ',',
    quote: '"',
    escape: '"',
    record_delimiter: '\r\n',
    // With an explicit record_delimiter csv-stringify would quote only a cell holding `\r\n` itself.
    quote_record_delimiter: true,
    eof: true,
  });
}

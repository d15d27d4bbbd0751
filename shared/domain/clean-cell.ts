// Turns a raw CSV cell into the text a value is read from (SPEC §3): trimmed, formula escape undone.

const FORMULA_STARTS = '=+-@';

/** The report escapes a cell that starts with a tab or a carriage return too; what is left, trimmed, is the value. */
const SPACE_STARTS = '\t\r';

/**
 * Trims the cell and removes the apostrophe the error report puts before `= + - @`, a tab or a
 * carriage return (so that a corrected report can be imported as it is). An empty result means
 * "no value".
 */
export function cleanCell(cell: string): string {
  const text = cell.trim();
  if (text.length > 1 && text.charAt(0) === "'") {
    if (FORMULA_STARTS.includes(text.charAt(1))) return text.slice(1);
    if (SPACE_STARTS.includes(text.charAt(1))) return text.slice(1).trim();
  }
  return text;
}

// Guards cells a spreadsheet would run as formulas (OWASP "CSV injection"), and undoes the guard on the way back in.

/**
 * A cell a spreadsheet may run: one that starts with `= + - @`, a tab or a carriage return (OWASP), or has
 * `= + - @` after leading white space (a space, a line feed…): spreadsheets skip that white space.
 */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/u;

const startsLikeFormula = (cell: string): boolean => FORMULA_START.test(cell);

/**
 * Puts an apostrophe before a cell a spreadsheet would run (see FORMULA_START), so a spreadsheet shows it as text.
 * A cell that already starts with an apostrophe followed by one of these is left as it is: it is escaped already,
 * and the importer reads it without the apostrophe.
 */
export function escapeFormula(cell: string): string {
  return startsLikeFormula(cell) ? `'${cell}` : cell;
}

/**
 * Removes the apostrophe escapeFormula added: a leading apostrophe followed by what a spreadsheet would run
 * (SPEC §3). `unescapeFormula(escapeFormula(cell))` gives back `cell` for every cell that is not escaped already.
 */
export function unescapeFormula(cell: string): string {
  return cell.charAt(0) === "'" && startsLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}

// Guards cells a spreadsheet would run as formulas (OWASP "CSV injection"), and undoes the guard on the way back in.

/** Characters that make a spreadsheet read a cell as a formula (OWASP): = + - @ tab, carriage return. */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

const startsLikeFormula = (cell: string): boolean => FORMULA_STARTS.has(cell.charAt(0));

/**
 * Puts an apostrophe before a cell that starts with `= + - @`, a tab or a carriage return, so a
 * spreadsheet shows it as text. A cell that already starts with an apostrophe followed by one of
 * these is left as it is: it is escaped already, and the importer reads it without the apostrophe.
 */
export function escapeFormula(cell: string): string {
  return startsLikeFormula(cell) ? `'${cell}` : cell;
}

/**
 * Removes the apostrophe escapeFormula added: a leading apostrophe followed by `= + - @`, a tab or
 * a carriage return (SPEC §3). `unescapeFormula(escapeFormula(cell))` gives back `cell` for every
 * cell that is not escaped already.
 */
export function unescapeFormula(cell: string): string {
  return cell.charAt(0) === "'" && startsLikeFormula(cell.slice(1, 2)) ? cell.slice(1) : cell;
}

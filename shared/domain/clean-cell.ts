// Turns a raw CSV cell into the text a value is read from (SPEC §3): trimmed, formula escape undone.

import { unescapeFormula } from '../csv/escape-formula.js';

/**
 * Trims the cell and removes the apostrophe the error report puts before what a spreadsheet would run (`= + - @`,
 * also after leading white space; a tab, a carriage return), so that a corrected report can be imported as it is.
 * What is left, trimmed, is the value; an empty result means "no value".
 */
export function cleanCell(cell: string): string {
  const text = cell.trim();
  if (text.charAt(0) !== "'") return text;
  const unescaped = unescapeFormula(text);
  return unescaped === text ? text : unescaped.trim();
}

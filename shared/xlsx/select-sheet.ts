// Which worksheet an import reads: the `sheet` option (a name, or a 1-based number), else the first visible one.

import { ImportError } from '../errors.js';
import type { SheetEntry } from './open-workbook.js';

const normalize = (name: string) => name.trim().toLowerCase();

/**
 * A name is matched first, ignoring case and surrounding spaces (Excel's own rule for sheet names), so that a
 * sheet named "2" is found by name; otherwise a whole number picks the sheet at that place in tab order.
 */
export const selectSheet = (sheets: SheetEntry[], wanted?: string | number): SheetEntry => {
  if (wanted === undefined) {
    const first = sheets.find((sheet) => !sheet.hidden) ?? sheets[0];
    if (!first) throw new ImportError('sheet_not_found', 'the workbook has no worksheet');
    return first;
  }
  const text = String(wanted);
  const byName = sheets.find((sheet) => normalize(sheet.name) === normalize(text));
  if (byName) return byName;
  if (/^\s*\d+\s*$/.test(text)) {
    const byNumber = sheets[Number(text) - 1];
    if (byNumber) return byNumber;
  }
  const names = sheets.map((sheet) => `"${sheet.name}"`).join(', ');
  throw new ImportError(
    'sheet_not_found',
    `the workbook has no sheet ${typeof wanted === 'number' ? `number ${wanted}` : `"${text}"`}; its ${sheets.length === 1 ? 'sheet is' : `${sheets.length} sheets are`} ${names}`,
  );
};

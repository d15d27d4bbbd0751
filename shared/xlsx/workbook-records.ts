// The records of an import's worksheet: the sheet its layout names, read through the sheet reader.

import type { ByteSource } from '../csv/byte-source.js';
import type { CsvReadEvent, ReadPosition } from '../csv/read-records.js';
import { openWorkbook } from './open-workbook.js';
import { readSheetRecords } from './read-sheet-records.js';
import { selectSheet } from './select-sheet.js';

/** What an import keeps of a workbook: the sheet it reads, and every worksheet's name (the preview lists them). */
export interface WorkbookLayout {
  sheet: string;
  sheets: string[];
}

/** The sheet `wanted` names (or the first visible one), and the workbook's sheet names. */
export const chooseSheet = async (source: ByteSource, wanted?: string | number): Promise<WorkbookLayout> => {
  const { sheets } = await openWorkbook(source);
  return { sheet: selectSheet(sheets, wanted).name, sheets: sheets.map((sheet) => sheet.name) };
};

export async function* readWorkbookRecords(
  source: ByteSource,
  workbook: WorkbookLayout,
  from?: ReadPosition,
): AsyncGenerator<CsvReadEvent> {
  const { sheets } = await openWorkbook(source);
  yield* readSheetRecords(source, selectSheet(sheets, workbook.sheet).part, from);
}

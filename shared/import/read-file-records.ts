// The seam where the engine picks its record reader: the worksheet of a workbook, or the CSV reader.

import { type ByteSource, type CsvReadEvent, type ReadPosition, readRecords } from '../csv/read-records.js';
import { readWorkbookRecords } from '../xlsx/workbook-records.js';
import type { ImportLayout } from './import-record.js';

/**
 * The file's records from the first one, or from just past `from`: what the layout detected decides how they are
 * read, so header detection, mapping, planning, the report and checkpoints above this are the same for both.
 */
export const readFileRecords = (
  source: ByteSource,
  layout: ImportLayout,
  from?: ReadPosition,
): AsyncGenerator<CsvReadEvent> =>
  layout.workbook
    ? readWorkbookRecords(source, layout.workbook, from)
    : readRecords(
        source,
        { encoding: layout.encoding, bomLength: layout.bomLength, delimiter: layout.delimiter },
        from,
      );

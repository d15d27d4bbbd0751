// Streams a worksheet's rows as the same record events the CSV reader yields, numbered as Excel numbers them.

import type { ByteSource } from '../csv/byte-source.js';
import type { CsvReadEvent, ReadPosition } from '../csv/read-records.js';
import { ImportError } from '../errors.js';
import { columnOf } from './cell-reference.js';
import { decodeOoxmlEscapes, formatIsoDateCell, formatNumericCell } from './format-cell.js';
import { findMergedRanges, MergeFiller } from './merged-ranges.js';
import { openWorkbook, type Workbook } from './open-workbook.js';
import { skipToRow } from './skip-to-row.js';
import { parseXmlPart } from './xml-part.js';

/** Excel's last column (XFD). */
const MAX_COLUMNS = 16_384;

interface CellState {
  column: number;
  type: string;
  style: number;
  value: string;
  inline: string;
}

/**
 * Reads the worksheet `part` of the workbook in `source` from the top, or from just past row `from.index` (a
 * zip entry cannot be entered in the middle: the rows before it are parsed again and not yielded). Every row
 * number from the first row on is a record: a row the sheet leaves out is an empty record, as in a CSV export;
 * empty rows after the last row with a value are not records (sheets formatted far down do not become thousands
 * of empty rows). `endOffset` is how far into the archive the sheet's compressed bytes have been read, for the
 * progress bar; the last record's is the size of the file.
 */
export async function* readSheetRecords(
  source: ByteSource,
  part: string,
  from?: ReadPosition,
): AsyncGenerator<CsvReadEvent> {
  const workbook = await openWorkbook(source);
  let ranges = workbook.mergedRanges.get(part);
  if (!ranges) {
    ranges = findMergedRanges(workbook.archive, part);
    workbook.mergedRanges.set(part, ranges);
  }
  const merges = new MergeFiller(await ranges);
  const skipThrough = from?.index ?? 0;
  const ready: CsvReadEvent[] = [];
  /** The next row number to hand out, and the first of a run of empty rows not yet handed out. */
  let nextRow = 1;
  let emptyFrom: number | undefined;
  let rowNumber = 0;
  let cells: string[] = [];
  let cell: CellState | undefined;
  let inValue = false;
  let inInline = false;
  let inText = false;
  let phonetic = 0;
  let sheetDataEnded = false;

  const emit = (index: number, row: string[]) => {
    // The end offset is set when the chunk being parsed is done (see release).
    if (index > skipThrough) ready.push({ type: 'record', index, cells: row, endOffset: 0 });
  };
  const flushEmpty = (before: number) => {
    for (let empty = emptyFrom ?? before; empty < before; empty++) emit(empty, ['']);
    emptyFrom = undefined;
  };
  /** Row `index` with `raw` cells: empty rows wait until a row with a value follows them. */
  const place = (index: number, raw: string[]) => {
    const filled = merges.fill(index, raw);
    let length = filled.length;
    while (length > 0 && (filled[length - 1] ?? '') === '') length--;
    if (length === 0) {
      emptyFrom ??= index;
      return;
    }
    flushEmpty(index);
    const row: string[] = new Array(length);
    for (let i = 0; i < length; i++) row[i] = filled[i] ?? '';
    emit(index, row);
  };
  const finishRow = () => {
    // Rows the sheet leaves out are empty, but for merged ranges that reach over them.
    for (let missing = nextRow; missing < rowNumber; missing++) place(missing, []);
    place(rowNumber, cells);
    nextRow = rowNumber + 1;
  };

  // A continuation enters the sheet at its checkpoint by a byte search, unless merged ranges need the rows before it.
  const skipBySearch = skipThrough > 0 && merges.isEmpty;
  if (skipBySearch) nextRow = skipThrough + 1;
  const bytes = skipBySearch ? skipToRow(workbook.archive, part, skipThrough) : workbook.archive.read(part);
  const chunks = parseXmlPart(part, bytes, {
    // saxes reports a self-closing element as an open and a close: the close finishes it.
    open: (name, a) => {
      if (sheetDataEnded) return;
      switch (name) {
        case 'row': {
          const r = a.r === undefined ? nextRow : Number(a.r);
          if (!Number.isInteger(r) || r < nextRow) {
            throw new ImportError(
              'malformed_csv',
              `the sheet's row after row ${nextRow - 1} is numbered "${a.r}", out of order`,
              {
                row: nextRow,
              },
            );
          }
          rowNumber = r;
          cells = [];
          break;
        }
        case 'c': {
          const column = a.r === undefined ? cells.length : columnOf(a.r);
          if (column === undefined || column >= MAX_COLUMNS) {
            throw new ImportError(
              'malformed_csv',
              `row ${rowNumber} has a cell with the reference "${a.r}"`,
              {
                row: rowNumber,
              },
            );
          }
          cell = { column, type: a.t ?? 'n', style: Number(a.s ?? 0), value: '', inline: '' };
          break;
        }
        case 'v':
          inValue = cell !== undefined;
          break;
        case 'is':
          inInline = cell !== undefined;
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          inText = inInline && phonetic === 0;
          break;
      }
    },
    text: (text) => {
      if (inValue && cell) cell.value += text;
      else if (inText && cell) cell.inline += text;
    },
    close: (name) => {
      if (sheetDataEnded) return;
      switch (name) {
        case 'v':
          inValue = false;
          break;
        case 't':
          inText = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'is':
          inInline = false;
          break;
        case 'c':
          if (cell) finishCell(workbook, cell, cells);
          cell = undefined;
          break;
        case 'row':
          finishRow();
          break;
        case 'sheetData':
          sheetDataEnded = true;
          break;
      }
    },
  });

  // The last record is held back until the sheet ends, to be given the file's size as its end offset.
  let held: CsvReadEvent | undefined;
  let sourceOffset = 0;
  function* release(): Generator<CsvReadEvent> {
    for (const event of ready.splice(0, ready.length)) {
      event.endOffset = sourceOffset;
      if (held) yield held;
      held = event;
    }
  }
  try {
    for await (const chunk of chunks) {
      sourceOffset = chunk.sourceOffset;
      yield* release();
      if (sheetDataEnded) break;
    }
  } catch (error) {
    // The rows read before an unreadable stretch are handed on first.
    yield* release();
    if (held) yield held;
    throw error;
  }
  yield* release();
  if (held) yield { ...held, endOffset: source.size };
}

function finishCell(workbook: Workbook, cell: CellState, cells: string[]): void {
  while (cells.length < cell.column) cells.push('');
  cells[cell.column] = displayValue(workbook, cell);
}

/** A cell's value as Excel shows it. */
function displayValue(workbook: Workbook, cell: CellState): string {
  switch (cell.type) {
    case 's': {
      const text = workbook.sharedStrings.get(Number(cell.value));
      if (text === undefined && cell.value.trim() !== '') {
        throw new ImportError(
          'malformed_csv',
          `a cell names shared string ${cell.value}, which the workbook does not have`,
        );
      }
      return text ?? '';
    }
    case 'inlineStr':
      return decodeOoxmlEscapes(cell.inline || cell.value);
    case 'str':
      return decodeOoxmlEscapes(cell.value);
    case 'b':
      return cell.value.trim() === '' ? '' : cell.value.trim() === '0' ? 'false' : 'true';
    case 'e':
      return cell.value;
    case 'd':
      return formatIsoDateCell(cell.value);
    default:
      return formatNumericCell(
        cell.value,
        workbook.formats[cell.style] ?? { kind: 'number' },
        workbook.date1904,
      );
  }
}

// Reads the head of a file to learn its encoding, delimiter, header row and column mapping.

import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { detectDelimiter } from '../csv/detect-delimiter.js';
import { detectEncoding } from '../csv/detect-encoding.js';
import {
  type ByteSource,
  type CsvDialect,
  type CsvReadEvent,
  type ReadPosition,
  readRecords,
} from '../csv/read-records.js';
import type { CustomField } from '../domain/fields.js';
import { LIMITS } from '../domain/fields.js';
import type { ImportOptions } from '../domain/import-options.js';
import { isHeaderRow, mapColumns } from '../domain/map-headers.js';
import { ImportError } from '../errors.js';
import { assertNotEncrypted, looksLikeZip } from '../xlsx/identify-workbook.js';
import { chooseSheet, readWorkbookRecords } from '../xlsx/workbook-records.js';
import type { ImportLayout, ImportWarning } from './import-record.js';

const HEAD_BYTES = 64 * 1024;
/**
 * Without a BOM, an Excel export is UTF-8 only if all of it is: its first accented name may come after the head.
 * This much of the file is checked before UTF-8 is believed (a few milliseconds; the rest streams as UTF-8).
 */
const UTF8_CHECK_BYTES = 8 * 1024 * 1024;

const readHead = async (source: ByteSource, bytes: number): Promise<Buffer> => {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of await source.open(0)) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= bytes) break;
  }
  return Buffer.concat(chunks).subarray(0, bytes);
};

/** Cuts a multi-byte UTF-8 sequence that the sample's end split, so that only real errors count. */
const wholeSequences = (bytes: Buffer): Buffer => {
  let start = bytes.length;
  for (let back = 1; back <= 3 && bytes.length - back >= 0; back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) !== 0x80) {
      start = bytes.length - back;
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return needed > back ? bytes.subarray(0, start) : bytes;
    }
  }
  return bytes;
};

/** UTF-8 from the head, unless a later part of the file is not UTF-8: then it is Windows-1252 after all. */
const confirmUtf8 = async (source: ByteSource): Promise<'utf-8' | 'windows-1252'> => {
  if (source.size <= HEAD_BYTES) return 'utf-8';
  const sample = await readHead(source, UTF8_CHECK_BYTES);
  return isUtf8(sample.length < source.size ? wholeSequences(sample) : sample) ? 'utf-8' : 'windows-1252';
};

const isEmptyRecord = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/**
 * Column names are stored with the import (a DynamoDB item holds 400 KB) and named in up to 100 summary errors:
 * a header row with longer names is no list of column names, and failing clearly beats failing to store it.
 */
const MAX_HEADER_CELL_BYTES = 512;
const MAX_HEADER_BYTES = 64 * 1024;

const assertStorableHeader = (headers: string[], row: number) => {
  let total = 0;
  for (const [i, name] of headers.entries()) {
    const bytes = Buffer.byteLength(name, 'utf8');
    total += bytes;
    if (bytes > MAX_HEADER_CELL_BYTES || total > MAX_HEADER_BYTES) {
      throw new ImportError(
        'malformed_csv',
        bytes > MAX_HEADER_CELL_BYTES
          ? `column ${i + 1} of the header (row ${row}) is ${bytes} bytes long; a column name may have at most ${MAX_HEADER_CELL_BYTES}`
          : `the header (row ${row}) is longer than ${MAX_HEADER_BYTES / 1024} KiB; column names may take at most that much in all`,
        { row },
      );
    }
  }
};

/** Excel's `sep=;` first line names the delimiter and is not shown as a row (SPEC §4: rows numbered as Excel shows them). */
const SEPARATOR_LINE = /^sep=.$/i;

/** Where the rows start: past a `sep=` line, which then counts as row 0, or at the top. */
const pastSeparatorLine = async (
  source: ByteSource,
  dialect: CsvDialect,
): Promise<ReadPosition | undefined> => {
  for await (const event of readRecords(source, dialect)) {
    const separator = event.type === 'record' && SEPARATOR_LINE.test(event.cells.join(dialect.delimiter));
    return separator ? { offset: event.endOffset, index: 0 } : undefined;
  }
  return undefined;
};

type LayoutOptions = Pick<ImportOptions, 'encoding' | 'delimiter' | 'mapping' | 'sheet' | 'headerRow'>;
type HeaderContext = Parameters<typeof isHeaderRow>[1];

/** The file's records as the header search reads them: a workbook's sheet, or a CSV in its detected dialect. */
const openRecords = async (
  source: ByteSource,
  options: LayoutOptions,
  ctx: HeaderContext,
): Promise<{
  records: AsyncGenerator<CsvReadEvent>;
  reading: Pick<ImportLayout, 'encoding' | 'bomLength' | 'delimiter' | 'workbook'>;
}> => {
  if (source.size === 0) throw new ImportError('empty_file', 'the file is empty');
  const head = await readHead(source, HEAD_BYTES);
  // A workbook is known by its bytes (SPEC §12): its sheet's rows go through the same header search as a CSV's.
  await assertNotEncrypted(source, head);
  if (looksLikeZip(head)) {
    const workbook = await chooseSheet(source, options.sheet);
    return {
      records: readWorkbookRecords(source, workbook),
      reading: { encoding: 'utf-8', bomLength: 0, delimiter: ',', workbook },
    };
  }
  const detected = detectEncoding(head, options.encoding);
  const { bomLength } = detected;
  const encoding =
    detected.encoding === 'utf-8' && bomLength === 0 && !options.encoding
      ? await confirmUtf8(source)
      : detected.encoding;
  const headText = iconv.decode(Buffer.from(head.subarray(bomLength)), encoding);
  const delimiter = options.delimiter ?? detectDelimiter(headText, (cells) => isHeaderRow(cells, ctx));
  const dialect = { encoding, bomLength, delimiter };
  return {
    records: readRecords(source, dialect, await pastSeparatorLine(source, dialect)),
    reading: dialect,
  };
};

export const detectLayout = async (
  source: ByteSource,
  options: LayoutOptions,
  customFields: CustomField[],
): Promise<ImportLayout> => {
  const ctx = { customFields, ...(options.mapping ? { mapping: options.mapping } : {}) };
  const { records, reading } = await openRecords(source, options, ctx);
  return findLayout(records, ctx, reading, options.headerRow);
};

/**
 * The first non-empty records of the file, read as the header search reads them: what a person picks the header
 * row from when none was found (SPEC §2). A record the reader could not parse is left out.
 */
export const firstRecords = async (
  source: ByteSource,
  options: LayoutOptions,
  customFields: CustomField[],
  count: number,
): Promise<Array<{ row: number; cells: string[] }>> => {
  const ctx = { customFields, ...(options.mapping ? { mapping: options.mapping } : {}) };
  const { records } = await openRecords(source, options, ctx);
  const rows: Array<{ row: number; cells: string[] }> = [];
  for await (const event of records) {
    if (event.type === 'record' && !isEmptyRecord(event.cells)) {
      rows.push({ row: event.index, cells: event.cells.slice(0, LIMITS.columns) });
      if (rows.length >= count) break;
    }
  }
  return rows;
};

/** Finds the header among the first rows and maps its columns: the same rule for a CSV file and a worksheet. */
const findLayout = async (
  records: AsyncGenerator<CsvReadEvent>,
  ctx: HeaderContext,
  reading: Pick<ImportLayout, 'encoding' | 'bomLength' | 'delimiter' | 'workbook'>,
  /** The header's row as a person picked it (the `headerRow` option): taken whatever it maps to. */
  headerRow?: number,
): Promise<ImportLayout> => {
  let nonEmpty = 0;
  let header: { index: number; cells: string[]; endOffset: number } | undefined;
  for await (const event of records) {
    if (event.type === 'malformed') {
      nonEmpty++;
    } else if (!isEmptyRecord(event.cells)) {
      nonEmpty++;
      if (event.cells.length > LIMITS.columns) {
        throw new ImportError(
          'too_many_columns',
          `row ${event.index} has ${event.cells.length} columns; at most ${LIMITS.columns} are supported`,
          { row: event.index },
        );
      }
      if (headerRow === undefined ? isHeaderRow(event.cells, ctx) : event.index === headerRow) {
        header = { index: event.index, cells: event.cells, endOffset: event.endOffset };
        break;
      }
    }
    if (headerRow === undefined ? nonEmpty >= LIMITS.headerSearchRows : event.index >= headerRow) break;
  }
  if (!header) {
    if (nonEmpty === 0) throw new ImportError('empty_file', 'the file has no rows');
    if (headerRow !== undefined) {
      throw new ImportError(
        'no_header',
        `row ${headerRow} (the headerRow option) is empty or past the end of the file`,
      );
    }
    throw new ImportError(
      'no_header',
      `none of the first ${LIMITS.headerSearchRows} rows has a column that maps to a contact field (such as Email, Phone, First Name)`,
    );
  }
  const headers = header.cells.map((cell) => cell.trim());
  assertStorableHeader(headers, header.index);
  const mapped = mapColumns(headers, ctx);
  const warnings: ImportWarning[] = [...mapped.warnings];
  const above = nonEmpty - 1;
  if (above > 0) {
    warnings.unshift({
      code: 'rows_above_header_ignored',
      message: `${above} row${above === 1 ? '' : 's'} above the header (row ${header.index}) ${above === 1 ? 'was' : 'were'} ignored`,
    });
  }
  // The mapping is fixed now (SPEC §5): the custom fields it uses are kept with the layout, so a field created
  // while the import runs changes nothing of it.
  const used = new Set(
    mapped.mapping.targets.flatMap((target) => (target.kind === 'custom' ? [target.key] : [])),
  );
  const customFields = ctx.customFields.filter(
    (field) => used.has(field.key) || field.mapsTo === 'external_id',
  );
  return {
    ...reading,
    headerRow: header.index,
    headerEndOffset: header.endOffset,
    headers,
    columns: mapped.columns,
    warnings,
    customFields,
  };
};

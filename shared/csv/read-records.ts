// Streams the records of a CSV file with the exact source byte offset after each, so a read can resume at any record.

import { type CsvError, type Options, Parser } from 'csv-parse';
import type { SupportedDelimiter, SupportedEncoding } from '../domain/import-options.js';
import { ImportError } from '../errors.js';
import type { ByteSource } from './byte-source.js';
import { buildParseOptions } from './csv-parse-options.js';
import { createParserInput } from './parser-input.js';

export type { ByteSource } from './byte-source.js';

/** How to read a file: what detection found, or what the import's options say. */
export interface CsvDialect {
  encoding: SupportedEncoding;
  /** Bytes of the byte order mark at the start of the file (0 when none). */
  bomLength: number;
  delimiter: SupportedDelimiter;
}

/**
 * One record of the file. `index` is the record's 1-based number from the top of the file, the
 * row number a spreadsheet shows (a quoted multi-line record counts once; an empty line is a
 * record of one empty cell). `endOffset` is the source byte offset just past the record and its
 * line end: reading again from it, with this index, yields exactly the records that follow.
 *
 * `malformed` is a record the reader could not parse but could skip past: with the lenient options
 * the reader uses (quotes inside values kept as text, any number of cells), that is a value whose
 * opening quote is never closed, or a record that grows past MAX_RECORD_BYTES. The reader skips
 * the line that record starts on and goes on with the next line, so one stray quote costs one
 * row, not the rest of the file.
 */
export type CsvReadEvent =
  | { type: 'record'; index: number; cells: string[]; endOffset: number }
  | { type: 'malformed'; index: number; endOffset: number; message: string };

/** Where to start: just past a record an earlier read yielded, with that record's index. */
export interface ReadPosition {
  offset: number;
  index: number;
}

/** A record longer than this is not a contact: it is a quote that is never closed, or not a CSV. */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** Bytes handed to csv-parse at a time. */
const FEED_BYTES = 64 * 1024;

/**
 * Reads `source` as CSV from the top (just past the BOM), or from `from`. Memory stays bounded by
 * one source chunk, the records parsed from it, and the record in progress (at most
 * MAX_RECORD_BYTES). Throws `malformed_csv` when the rest of the file cannot be read: a quote
 * that is never closed, or a record over MAX_RECORD_BYTES. The records before it are yielded first.
 */
export async function* readRecords(
  source: ByteSource,
  dialect: CsvDialect,
  from?: ReadPosition,
): AsyncGenerator<CsvReadEvent> {
  let position = from;
  for (;;) {
    const reader = readUntilUnreadable(source, dialect, position);
    let last: ReadPosition = position ?? { offset: dialect.bomLength, index: 0 };
    try {
      for await (const event of reader) {
        last = { offset: event.endOffset, index: event.index };
        yield event;
      }
      return;
    } catch (error) {
      if (!(error instanceof ImportError) || !isSkippable(error)) throw error;
      const lineEnd = await findLineEnd(source, last.offset, dialect.encoding);
      if (lineEnd === undefined) throw error;
      const row = last.index + 1;
      const message =
        String(error.context.reason) === 'record_too_long'
          ? `Row ${row} grows past ${MAX_RECORD_BYTES / 1024 / 1024} MiB, so it was skipped up to the end of its line; look for a double quote (") that opens a value and is never closed.`
          : `Row ${row} opens a quoted value that is never closed, so it was skipped up to the end of its line; look for a stray double quote (") at the start of a cell.`;
      yield { type: 'malformed', index: row, endOffset: lineEnd, message };
      position = { offset: lineEnd, index: last.index + 1 };
    }
  }
}

const SKIPPABLE = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_MAX_RECORD_SIZE', 'record_too_long']);
const isSkippable = (error: ImportError): boolean => SKIPPABLE.has(String(error.context.reason));

/**
 * The source offset just past the line end that follows `offset` (LF, CR or CRLF, in the file's
 * encoding; the end of the source ends the last line), or undefined when no line ends within
 * MAX_RECORD_BYTES.
 */
async function findLineEnd(
  source: ByteSource,
  offset: number,
  encoding: SupportedEncoding,
): Promise<number | undefined> {
  const unit = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  const charAt = (bytes: Buffer, i: number) =>
    unit === 1
      ? bytes[i]
      : encoding === 'utf-16le'
        ? (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8)
        : ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  let pending = Buffer.alloc(0);
  let base = offset;
  let sawCr = false;
  for await (const chunk of await source.open(offset)) {
    pending = Buffer.concat([pending, chunk]);
    let i = 0;
    for (; i + unit <= pending.length; i += unit) {
      const char = charAt(pending, i);
      if (sawCr) return char === 0x0a ? base + i + unit : base + i;
      if (char === 0x0a) return base + i + unit;
      if (char === 0x0d) sawCr = true;
    }
    base += i;
    pending = pending.subarray(i);
    if (base - offset > MAX_RECORD_BYTES) return undefined;
  }
  // The end of the file ends its last line: an unclosed quote there costs that row, as it does anywhere else.
  return base + pending.length;
}

async function* readUntilUnreadable(
  source: ByteSource,
  dialect: CsvDialect,
  from?: ReadPosition,
): AsyncGenerator<CsvReadEvent> {
  const startOffset = from?.offset ?? dialect.bomLength;
  let index = from?.index ?? 0;
  if (startOffset >= source.size) return;

  const input = createParserInput(dialect.encoding);
  const ready: CsvReadEvent[] = [];
  let bytesRead = startOffset;
  let lastEndOffset = startOffset;
  let parserBytesFed = 0;
  let sourceEnded = false;
  const onRecord = (cells: string[], parserBytes: number) => {
    index += 1;
    // The last record ends where the source ends, even past bytes that decode to nothing (a
    // dangling half of a UTF-16 character).
    const endOffset =
      sourceEnded && parserBytes === parserBytesFed
        ? bytesRead
        : startOffset + input.sourceLength(parserBytes);
    ready.push({ type: 'record', index, cells: input.finishCells(cells), endOffset });
    lastEndOffset = endOffset;
  };
  const parser = new RecordParser(
    {
      ...buildParseOptions(dialect.delimiter),
      encoding: input.parserEncoding,
      max_record_size: MAX_RECORD_BYTES,
    },
    onRecord,
  );
  // Errors are taken from the write callbacks; this keeps the stream's own 'error' event quiet.
  parser.on('error', () => undefined);

  const chunks = await source.open(startOffset);
  try {
    for await (const chunk of chunks) {
      // A source may hand over large chunks (S3 does); feeding slices keeps the batch of parsed
      // records waiting to be yielded small.
      for (let offset = 0; offset < chunk.length; offset += FEED_BYTES) {
        const slice = chunk.subarray(offset, offset + FEED_BYTES);
        bytesRead += slice.length;
        const bytes = input.write(slice);
        parserBytesFed += bytes.length;
        const error = await writeToParser(parser, bytes);
        yield* takeAll(ready);
        if (error !== undefined) throw describeParseError(error, index + 1);
        if (bytesRead - lastEndOffset > MAX_RECORD_BYTES) throw describeRecordTooLong(index + 1);
      }
    }
    sourceEnded = true;
    const tail = input.end();
    parserBytesFed += tail.length;
    const error = await endParser(parser, tail);
    yield* takeAll(ready);
    if (error !== undefined) throw describeParseError(error, index + 1);
  } finally {
    parser.destroy();
  }
}

/**
 * csv-parse emits each record with `this.push`, right after setting `info.bytes` to the end of
 * the record and its line end. Taking records there gives that offset for free; csv-parse's own
 * ways to get it (`on_record`'s context, `info: true`) build an info object per record, which
 * costs more than parsing the record (about 3 s per million records).
 */
class RecordParser extends Parser {
  readonly #onRecord: (cells: string[], parserBytes: number) => void;

  constructor(options: Options, onRecord: (cells: string[], parserBytes: number) => void) {
    super(options);
    this.#onRecord = onRecord;
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(chunk, encoding);
    this.#onRecord(chunk as string[], this.info.bytes);
    return true;
  }
}

function takeAll(events: CsvReadEvent[]): CsvReadEvent[] {
  return events.splice(0, events.length);
}

function writeToParser(parser: Parser, bytes: Buffer): Promise<Error | undefined> {
  if (bytes.length === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    parser.write(bytes, (error?: Error | null) => resolve(error ?? undefined));
  });
}

function endParser(parser: Parser, tail: Buffer): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const onError = (error: Error) => {
      parser.off('finish', onFinish);
      resolve(error);
    };
    const onFinish = () => {
      parser.off('error', onError);
      resolve(undefined);
    };
    parser.once('error', onError);
    parser.once('finish', onFinish);
    if (tail.length > 0) parser.write(tail);
    parser.end();
  });
}

function describeRecordTooLong(row: number, cause?: unknown): ImportError {
  return new ImportError(
    'malformed_csv',
    `Row ${row} is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB, so the file cannot be read past it. ` +
      'This usually means a double quote (") opens a value in that row and is never closed.',
    { row, reason: 'record_too_long' },
    { cause },
  );
}

function describeParseError(error: Error, row: number): ImportError {
  if (error instanceof ImportError) return error;
  switch ((error as Partial<CsvError>).code) {
    case 'CSV_MAX_RECORD_SIZE':
      return describeRecordTooLong(row, error);
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportError(
        'malformed_csv',
        `Row ${row} opens a quoted value that is never closed, so the rest of the file cannot be read. ` +
          'Look for a stray double quote (") at the start of a cell in that row.',
        { row, reason: 'CSV_QUOTE_NOT_CLOSED' },
        { cause: error },
      );
    default:
      return new ImportError(
        'malformed_csv',
        `Row ${row} cannot be read as CSV: ${error.message}`,
        { row },
        { cause: error },
      );
  }
}

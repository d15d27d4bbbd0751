// Enters a sheet's XML at the first row past a checkpoint by a byte search, so a continuation parses no row twice.

import type { EntryChunk, ZipArchive } from './zip-archive.js';

const ROW_TAG = /<((?:[\w.-]+:)?)row\b([^>]*)>/g;
const ROW_NUMBER = /(?:^|\s)r="(\d+)"/;

/**
 * The sheet part's bytes from the first `<row>` numbered past `after`, behind a synthetic `<worksheet><sheetData>`
 * so that the XML parser sees a whole document (the sheet's own closing tags end it). Rows before it are found by a
 * byte search, not parsed: several times faster. A row without its number (`r`) cannot be skipped this way: the
 * part is then given whole from its start, to be parsed and skipped row by row.
 */
export async function* skipToRow(
  archive: ZipArchive,
  part: string,
  after: number,
): AsyncGenerator<EntryChunk> {
  const chunks = archive.read(part)[Symbol.asyncIterator]();
  let pending = Buffer.alloc(0);
  let sourceOffset = 0;
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      sourceOffset = next.value.sourceOffset;
      const bytes = pending.length > 0 ? Buffer.concat([pending, next.value.bytes]) : next.value.bytes;
      // Tag names and numbers are ASCII: latin1 maps each byte to one character, so indices are byte offsets.
      const text = bytes.toString('latin1');
      ROW_TAG.lastIndex = 0;
      for (let match = ROW_TAG.exec(text); match; match = ROW_TAG.exec(text)) {
        const number = ROW_NUMBER.exec(match[2] ?? '');
        if (!number) {
          await chunks.return?.(undefined);
          yield* archive.read(part);
          return;
        }
        if (Number(number[1]) > after) {
          const prefix = match[1] ?? '';
          const opening = Buffer.from(`<${prefix}worksheet><${prefix}sheetData>`);
          yield { bytes: Buffer.concat([opening, bytes.subarray(match.index)]), sourceOffset };
          for (let rest = await chunks.next(); !rest.done; rest = await chunks.next()) yield rest.value;
          return;
        }
      }
      // A tag cut by the chunk's end is searched again with the next chunk.
      const open = text.lastIndexOf('<');
      pending =
        open >= 0 && text.indexOf('>', open) < 0 ? Buffer.from(bytes.subarray(open)) : Buffer.alloc(0);
    }
  } finally {
    await chunks.return?.(undefined);
  }
  // No row past the checkpoint: an empty sheet.
  yield { bytes: Buffer.from('<worksheet><sheetData></sheetData></worksheet>'), sourceOffset };
}

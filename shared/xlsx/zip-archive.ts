// A zip archive read through a ByteSource: yauzl reads the central directory at its end, entries are streamed on demand.

import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import type { ByteSource } from '../csv/byte-source.js';
import { ImportError } from '../errors.js';

/** The end of the archive, kept in memory: the central directory is read there in small pieces (one GET, not dozens). */
const TAIL_BYTES = 256 * 1024;

/** A piece of an entry's uncompressed bytes, and how far into the archive its compressed bytes reach. */
export interface EntryChunk {
  bytes: Buffer;
  /** Archive offset just past the compressed bytes read so far: progress that grows with the entry. */
  sourceOffset: number;
}

export interface ZipArchive {
  /** Entry names as the archive spells them. */
  names(): string[];
  has(name: string): boolean;
  uncompressedSize(name: string): number;
  /** Streams one entry's uncompressed bytes from its start. */
  read(name: string): AsyncGenerator<EntryChunk>;
}

/**
 * A yauzl RandomAccessReader over a ByteSource: ranges inside the cached tail come from memory, others from
 * `open(start)` cut at `end` (S3 serves that as a ranged GET, stopped once the range is read).
 */
class ByteSourceReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly source: ByteSource,
    private readonly tail: Buffer,
    private readonly tailStart: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (start >= this.tailStart) {
      return Readable.from([this.tail.subarray(start - this.tailStart, end - this.tailStart)]);
    }
    return Readable.from(rangeOf(this.source, start, end));
  }
}

async function* rangeOf(source: ByteSource, start: number, end: number): AsyncGenerator<Buffer> {
  let at = start;
  for await (const chunk of await source.open(start)) {
    const piece = Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.length, end - at));
    at += piece.length;
    if (piece.length > 0) yield piece;
    if (at >= end) return;
  }
}

const readTail = async (source: ByteSource): Promise<{ tail: Buffer; tailStart: number }> => {
  const tailStart = Math.max(0, source.size - TAIL_BYTES);
  const chunks: Buffer[] = [];
  for await (const chunk of rangeOf(source, tailStart, source.size)) chunks.push(chunk);
  return { tail: Buffer.concat(chunks), tailStart };
};

const unreadable = (cause: unknown) =>
  new ImportError(
    'not_csv',
    'This file starts like a zip archive (an Excel workbook is one) but its contents cannot be read: it may be cut short or damaged. Save it again as .xlsx or as CSV UTF-8 and import that file.',
    {},
    { cause },
  );

/** Opens `source` as a zip archive; `not_csv` when it is not a readable one. */
export const openZipArchive = async (source: ByteSource): Promise<ZipArchive> => {
  const { tail, tailStart } = await readTail(source);
  let zip: yauzl.ZipFile;
  const entries = new Map<string, yauzl.Entry>();
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(
      new ByteSourceReader(source, tail, tailStart),
      source.size,
      { lazyEntries: true, autoClose: false, strictFileNames: false },
    );
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
  } catch (error) {
    throw unreadable(error);
  }
  const entryOf = (name: string): yauzl.Entry => {
    const entry = entries.get(name);
    if (!entry) throw new ImportError('not_csv', `the workbook has no part ${name}`);
    return entry;
  };
  return {
    names: () => [...entries.keys()],
    has: (name) => entries.has(name),
    uncompressedSize: (name) => entryOf(name).uncompressedSize,
    read: (name) => readEntry(zip, entryOf(name)),
  };
};

async function* readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncGenerator<EntryChunk> {
  if (entry.isEncrypted()) {
    throw new ImportError(
      'encrypted_file',
      'The workbook is protected with a password. Remove it, save, and import again.',
    );
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw unreadable(undefined);
  let raw: Readable;
  let dataStart: number;
  try {
    ({ fileDataStart: dataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true }));
    // yauzl 3.4's openReadStreamLowLevelPromise calls the wrong method: the callback form is wrapped here.
    raw = await new Promise<Readable>((resolve, reject) =>
      zip.openReadStreamLowLevel(
        dataStart,
        entry.compressedSize,
        0,
        entry.compressedSize,
        false,
        null,
        (error, stream) => (error ? reject(error) : resolve(stream)),
      ),
    );
  } catch (error) {
    throw unreadable(error);
  }
  let sourceOffset = dataStart;
  if (entry.compressionMethod === 0) {
    for await (const chunk of raw) {
      sourceOffset += (chunk as Buffer).length;
      yield { bytes: chunk as Buffer, sourceOffset };
    }
    return;
  }
  // Inflated here rather than by yauzl, so that each piece knows how far into the archive it reaches.
  const inflate = createInflateRaw();
  const counted = raw.on('data', (chunk: Buffer) => {
    sourceOffset += chunk.length;
  });
  counted.on('error', (error) => inflate.destroy(error));
  counted.pipe(inflate);
  try {
    for await (const bytes of inflate) yield { bytes: bytes as Buffer, sourceOffset };
  } catch (error) {
    throw unreadable(error);
  } finally {
    raw.destroy();
    inflate.destroy();
  }
}

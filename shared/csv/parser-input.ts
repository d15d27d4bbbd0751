// Feeds csv-parse bytes it can scan safely and maps the parser's byte counts back to source offsets.

import iconv from 'iconv-lite';
import type { SupportedEncoding } from '../domain/import-options.js';
import { readLatin1AsWindows1252 } from './decode-windows-1252.js';

/**
 * What the reader needs from an encoding. csv-parse scans bytes and counts `info.bytes` in the
 * bytes it was given, so an encoding whose delimiters, quotes and line ends are single ASCII
 * bytes that never occur inside another character (UTF-8, Windows-1252) is fed as it is and the
 * counts are source offsets. UTF-16 is not: csv-parse compares bytes without regard to 2-byte
 * alignment, so `精一` (BE 7C 00 4E in UTF-16LE) would contain a `|`. It is transcoded to
 * UTF-8 instead, and offsets are mapped back by counting UTF-16 code units, 2 bytes each.
 */
export interface ParserInput {
  /** The encoding csv-parse turns cell bytes into strings with. */
  readonly parserEncoding: 'utf8' | 'latin1';
  /** The bytes csv-parse reads for the next source chunk. */
  write(chunk: Uint8Array): Buffer;
  /** The bytes still held back when the source ends. */
  end(): Buffer;
  /** Source bytes taken by the first `parserBytes` bytes fed to csv-parse; calls never go backwards. */
  sourceLength(parserBytes: number): number;
  /** Finishes the cells csv-parse decoded (in place) and returns them. */
  finishCells(cells: string[]): string[];
}

const EMPTY = Buffer.alloc(0);

const toBuffer = (chunk: Uint8Array): Buffer =>
  Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/** Creates the input adapter for a source in `encoding`. */
export function createParserInput(encoding: SupportedEncoding): ParserInput {
  switch (encoding) {
    case 'utf-8':
      return createPassThroughInput('utf8', (cells) => cells);
    case 'windows-1252':
      return createPassThroughInput('latin1', finishWindows1252Cells);
    case 'utf-16le':
    case 'utf-16be':
      return createUtf16Input(encoding);
  }
}

function finishWindows1252Cells(cells: string[]): string[] {
  for (let i = 0; i < cells.length; i++) cells[i] = readLatin1AsWindows1252(cells[i] as string);
  return cells;
}

function createPassThroughInput(
  parserEncoding: 'utf8' | 'latin1',
  finishCells: (cells: string[]) => string[],
): ParserInput {
  return {
    parserEncoding,
    write: toBuffer,
    end: () => EMPTY,
    sourceLength: (parserBytes) => parserBytes,
    finishCells,
  };
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

function createUtf16Input(encoding: 'utf-16le' | 'utf-16be'): ParserInput {
  // stripBOM: false, or a U+FEFF at the start of a resumed read would vanish and shift offsets.
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  const units = new Utf8UnitCounter();
  let heldHighSurrogate = '';
  const transcode = (text: string): Buffer => {
    const bytes = Buffer.from(text, 'utf8');
    units.push(bytes);
    return bytes;
  };
  return {
    parserEncoding: 'utf8',
    write: (chunk) => {
      let text = heldHighSurrogate + decoder.write(toBuffer(chunk));
      heldHighSurrogate = '';
      // A surrogate pair split across chunks must reach Buffer.from whole, or each half becomes U+FFFD.
      if (text.length > 0 && isHighSurrogate(text.charCodeAt(text.length - 1))) {
        heldHighSurrogate = text.slice(-1);
        text = text.slice(0, -1);
      }
      return transcode(text);
    },
    end: () => {
      const text = heldHighSurrogate + (decoder.end() ?? '');
      heldHighSurrogate = '';
      return transcode(text);
    },
    sourceLength: (parserBytes) => 2 * units.countBefore(parserBytes),
    finishCells: (cells) => cells,
  };
}

/**
 * Counts the UTF-16 code units of the UTF-8 bytes fed so far, up to a byte position. Every
 * character starts with a byte that is not a continuation byte (10xxxxxx); a 4-byte sequence
 * (lead byte 11110xxx) is a surrogate pair, two units. A lone surrogate was written as U+FFFD,
 * one unit for one unit. Only the chunks the cursor has not passed are kept.
 */
class Utf8UnitCounter {
  private readonly chunks: Buffer[] = [];
  private firstChunkStart = 0;
  private cursor = 0;
  private units = 0;

  push(bytes: Buffer): void {
    if (bytes.length > 0) this.chunks.push(bytes);
  }

  countBefore(position: number): number {
    while (this.cursor < position) {
      const chunk = this.chunks[0];
      if (chunk === undefined) throw new RangeError(`position ${position} is past the bytes fed`);
      const from = this.cursor - this.firstChunkStart;
      const to = Math.min(chunk.length, position - this.firstChunkStart);
      let units = this.units;
      for (let i = from; i < to; i++) {
        const byte = chunk[i] as number;
        if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
      }
      this.units = units;
      this.cursor = this.firstChunkStart + to;
      if (to === chunk.length) {
        this.chunks.shift();
        this.firstChunkStart += chunk.length;
      }
    }
    return this.units;
  }
}

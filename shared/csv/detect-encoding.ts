// Learns a file's text encoding from its first bytes, and turns away files that are not text at all.

import iconv from 'iconv-lite';
import type { SupportedEncoding } from '../domain/import-options.js';
import { ImportError } from '../errors.js';
import { decodeWindows1252 } from './decode-windows-1252.js';

/** How many bytes from the top of the file the detections look at. */
export const SAMPLE_BYTES = 64 * 1024;

export interface DetectedEncoding {
  encoding: SupportedEncoding;
  /** Bytes of the byte order mark to skip (0 when none). */
  bomLength: number;
}

const BOMS: ReadonlyArray<{ encoding: SupportedEncoding; bytes: readonly number[] }> = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

const SAVE_AS_CSV =
  'Open it in Excel (or Numbers, or Google Sheets) and save or download it as an Excel workbook (.xlsx) or as "CSV UTF-8", then import that file.';

/** Files people pick by mistake, recognised by their first bytes. */
const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; message: string }> = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    message: `This file is an Excel workbook (.xlsx) or another zip archive, not a CSV file. ${SAVE_AS_CSV}`,
  },
  {
    bytes: [0x50, 0x4b, 0x05, 0x06],
    message: `This file is an empty zip archive, not a CSV file. ${SAVE_AS_CSV}`,
  },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    message: `This file is an older Excel workbook (.xls), not a CSV file. ${SAVE_AS_CSV}`,
  },
  {
    bytes: [0x25, 0x50, 0x44, 0x46],
    message:
      'This file is a PDF document, not a CSV file. Export the contacts from the program they come from as CSV.',
  },
  {
    bytes: [0x1f, 0x8b],
    message: 'This file is compressed (gzip). Decompress it and import the CSV file inside.',
  },
  {
    bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    message: 'This file is a PNG image, not a CSV file.',
  },
  {
    bytes: [0xff, 0xd8, 0xff],
    message: 'This file is a JPEG image, not a CSV file.',
  },
  {
    bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66],
    message: `This file is a rich text document (.rtf), not a CSV file. ${SAVE_AS_CSV}`,
  },
];

const NOT_TEXT =
  'This file does not look like a CSV file: it contains binary data. Export the contacts as CSV and import that file.';

/** Share of control characters above which a sample is binary; text has next to none. */
const MAX_CONTROL_SHARE = 0.05;
const MIN_CONTROLS_FOR_BINARY = 8;

const startsWith = (head: Uint8Array, bytes: readonly number[]): boolean =>
  head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte);

/**
 * Detects the encoding of a file from `head`, its first bytes (up to SAMPLE_BYTES): a BOM first;
 * without one, UTF-16 when every other byte is NUL, UTF-8 when the bytes are valid UTF-8, else
 * Windows-1252 (what Excel writes on Windows). With `override`, that encoding is used and its own
 * BOM, if the file has it, is still skipped. Throws `empty_file` when there is nothing but a BOM
 * or white space, and `not_csv` when the bytes are not text.
 */
export function detectEncoding(head: Uint8Array, override?: SupportedEncoding): DetectedEncoding {
  if (head.length === 0) throw new ImportError('empty_file', 'The file is empty.');
  const signature = SIGNATURES.find(({ bytes }) => startsWith(head, bytes));
  if (signature) throw new ImportError('not_csv', signature.message);

  const bom = BOMS.find(({ bytes }) => startsWith(head, bytes));
  let detected: DetectedEncoding;
  if (override !== undefined) {
    detected = { encoding: override, bomLength: bom?.encoding === override ? bom.bytes.length : 0 };
  } else if (bom) {
    detected = { encoding: bom.encoding, bomLength: bom.bytes.length };
  } else {
    detected = { encoding: guessEncodingWithoutBom(head), bomLength: 0 };
  }

  const body = head.subarray(detected.bomLength);
  if (body.length === 0) {
    throw new ImportError('empty_file', 'The file is empty: it holds only a byte order mark and no rows.');
  }
  const text = decodeSample(body, detected.encoding);
  if (text.trim() === '') {
    throw new ImportError('empty_file', 'The file is empty: it holds only blank lines.');
  }
  assertText(text);
  return detected;
}

function guessEncodingWithoutBom(head: Uint8Array): SupportedEncoding {
  const utf16 = guessUtf16WithoutBom(head);
  if (utf16) return utf16;
  if (head.includes(0)) throw new ImportError('not_csv', NOT_TEXT);
  return isUtf8(head) ? 'utf-8' : 'windows-1252';
}

/**
 * Text in UTF-16 without a BOM is mostly ASCII with a NUL beside every character: NUL in the
 * odd bytes is little-endian, in the even bytes big-endian. Binary files have NULs everywhere.
 */
function guessUtf16WithoutBom(head: Uint8Array): SupportedEncoding | undefined {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenNuls++;
    if (head[2 * i + 1] === 0) oddNuls++;
  }
  if (oddNuls >= pairs * 0.7 && evenNuls <= pairs * 0.05) return 'utf-16le';
  if (evenNuls >= pairs * 0.7 && oddNuls <= pairs * 0.05) return 'utf-16be';
  return undefined;
}

function isUtf8(head: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(dropCutCharacter(head));
    return true;
  } catch {
    return false;
  }
}

/** Bytes a UTF-8 sequence starting with `lead` takes, or 0 when `lead` does not start one. */
function countUtf8SequenceBytes(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Drops a multi-byte UTF-8 character that the end of the sample cuts in two. */
function dropCutCharacter(head: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, head.length); back++) {
    const byte = head[head.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const length = countUtf8SequenceBytes(byte);
    return length > back ? head.subarray(0, head.length - back) : head;
  }
  return head;
}

function decodeSample(body: Uint8Array, encoding: SupportedEncoding): string {
  switch (encoding) {
    case 'windows-1252':
      return decodeWindows1252(body);
    case 'utf-8':
      return Buffer.from(dropCutCharacter(body)).toString('utf8');
    case 'utf-16le':
    case 'utf-16be':
      return iconv.decode(Buffer.from(body.subarray(0, body.length - (body.length % 2))), encoding, {
        stripBOM: false,
      });
  }
}

/** C0 controls other than tab, line feed, vertical tab (FileMaker's line break), form feed and carriage return; and DEL. */
const isBinaryControl = (code: number): boolean =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d) ||
  code === 0x7f;

/** Text has no NUL and next to no other control characters. */
function assertText(text: string): void {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) throw new ImportError('not_csv', NOT_TEXT);
    if (isBinaryControl(code)) controls++;
  }
  if (controls >= MIN_CONTROLS_FOR_BINARY && controls > text.length * MAX_CONTROL_SHARE) {
    throw new ImportError('not_csv', NOT_TEXT);
  }
}

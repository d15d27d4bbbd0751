// Knows a workbook by its bytes: a zip archive (an .xlsx, or an .ods, .numbers… to turn away) or an encrypted one.

import type { ByteSource } from '../csv/byte-source.js';
import { ImportError } from '../errors.js';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** OLE compound files: old .xls and .doc, and any Office file encrypted with a password. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (head: Uint8Array, bytes: readonly number[]): boolean =>
  head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte);

/** A zip archive's first bytes: maybe an .xlsx workbook (openWorkbook tells). */
export const looksLikeZip = (head: Uint8Array): boolean => startsWith(head, ZIP);

const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

const readRange = async (source: ByteSource, start: number, length: number): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let got = 0;
  for await (const chunk of await source.open(start)) {
    chunks.push(Buffer.from(chunk));
    got += chunk.length;
    if (got >= length) break;
  }
  return Buffer.concat(chunks).subarray(0, length);
};

/**
 * An Office file protected with a password is an OLE compound file holding an `EncryptedPackage` stream (MS-OFFCRYPTO):
 * its name is in the directory, whose first sector the header points to.
 */
const isEncryptedOfficeFile = async (source: ByteSource, head: Buffer): Promise<boolean> => {
  if (head.includes(ENCRYPTED_PACKAGE)) return true;
  if (head.length < 0x34) return false;
  const sectorSize = 2 ** head.readUInt16LE(0x1e);
  const directory = head.readUInt32LE(0x30);
  if (sectorSize < 512 || sectorSize > 4096 || directory >= 0xfffffffa) return false;
  const start = (directory + 1) * sectorSize;
  if (start >= source.size) return false;
  return (await readRange(source, start, sectorSize)).includes(ENCRYPTED_PACKAGE);
};

/** Fails `encrypted_file` for a password-protected workbook; other OLE files are left to the CSV checks (`not_csv`). */
export const assertNotEncrypted = async (source: ByteSource, head: Uint8Array): Promise<void> => {
  if (!startsWith(head, OLE)) return;
  if (await isEncryptedOfficeFile(source, Buffer.from(head.buffer, head.byteOffset, head.length))) {
    throw new ImportError(
      'encrypted_file',
      'This workbook is protected with a password, so it cannot be read. Open it, remove the password (File > Info > Protect Workbook > Encrypt with Password), save it, and import it again.',
    );
  }
};

// The key settings are remembered under (SPEC §11): a file's header row, normalised, in order, hashed.

import { createHash } from 'node:crypto';

/**
 * One header as remembering compares it: Unicode NFC, surrounding space trimmed, inner runs of white space made
 * one space, case folded. So `E-mail ` and `e-mail` are one column, while `E-mail` and `Email` stay two: a
 * different spelling is a different export, whose mapping a person may want to check again.
 */
export const normalizeRememberedHeader = (header: string): string =>
  header.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();

/** The header row's key: SHA-256 of its normalised headers in order (their count included), hex. */
export const headerKey = (headers: readonly string[]): string =>
  createHash('sha256')
    .update(JSON.stringify(headers.map(normalizeRememberedHeader)))
    .digest('hex');

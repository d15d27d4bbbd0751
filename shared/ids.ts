// Identifiers: import ids sort by creation time (newest-first listing), contact ids are random (spread writes).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { importIdSchema } from './api/import-summary.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const ulid = (now: number, entropy: Uint8Array): string => {
  let time = '';
  let ms = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(entropy[i] ?? 0) % 32];
  return time + random;
};

/** A ULID: milliseconds then random characters, in Crockford base32 (26 characters). */
export const newImportId = (now: number = Date.now()): string => ulid(now, randomBytes(16));

/** The same ULID for the same seed: a redelivered event for one object version names the same import. */
export const importIdFor = (now: number, seed: string): string =>
  ulid(now, createHash('sha256').update(seed).digest());

export const newContactId = (): string => randomUUID();

export const isImportId = (value: string): boolean => importIdSchema.safeParse(value).success;

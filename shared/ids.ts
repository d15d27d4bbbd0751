// Identifiers: import ids sort by creation time (newest-first listing), contact ids are random (spread writes).

import { randomBytes, randomUUID } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 48 bits of milliseconds then 80 random bits, in Crockford base32 (26 characters). */
export const newImportId = (now: number = Date.now()): string => {
  let time = '';
  let ms = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(bytes[i] ?? 0) % 32];
  return time + random;
};

export const newContactId = (): string => randomUUID();

export const isImportId = (value: string): boolean => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(value);

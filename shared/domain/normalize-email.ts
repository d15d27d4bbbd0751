// Checks an email address and gives the form contacts are stored and matched by (SPEC §3).

import { hasInvisibleCharacters } from './invisible-characters.js';

/** Whitespace (any script's) and characters only a quoted local part may hold. */
const FORBIDDEN = /[\s<>()[\]\\,;:"]/u;

/**
 * The address in NFC, lower-cased, or undefined when it is not one: exactly one `@`, a non-empty local
 * part, a domain of non-empty labels with at least one dot, no spaces, no control, zero-width, soft-hyphen or
 * bidi character (an invisible mark would make a second contact of one address), nor `<>()[]\,;:"` (so that
 * `Jane <jane@example.com>` or two addresses in one cell are rejected rather than half-read).
 * The length limit is the caller's, so it can report `value_too_long` apart.
 */
export function normalizeEmail(text: string): string | undefined {
  const email = text.trim().normalize('NFC').toLowerCase();
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@') || FORBIDDEN.test(email) || hasInvisibleCharacters(email)) {
    return undefined;
  }
  const labels = email.slice(at + 1).split('.');
  if (labels.length < 2 || labels.some((label) => label === '')) return undefined;
  return email;
}

// Checks an email address and gives the form contacts are stored and matched by (SPEC §3).

/** Whitespace (any script's), zero-width characters, and characters only a quoted local part may hold. */
const FORBIDDEN = /[\s\u200b-\u200d\u2060\ufeff<>()[\]\\,;:"]/u;

/**
 * The address lower-cased, or undefined when it is not one: exactly one `@`, a non-empty local
 * part, a domain of non-empty labels with at least one dot, no spaces nor `<>()[]\,;:"` (so that
 * `Jane <jane@example.com>` or two addresses in one cell are rejected rather than half-read).
 * The length limit is the caller's, so it can report `value_too_long` apart.
 */
export function normalizeEmail(text: string): string | undefined {
  const email = text.trim().toLowerCase();
  const at = email.indexOf('@');
  if (at <= 0 || at !== email.lastIndexOf('@') || FORBIDDEN.test(email)) return undefined;
  const labels = email.slice(at + 1).split('.');
  if (labels.length < 2 || labels.some((label) => label === '')) return undefined;
  return email;
}

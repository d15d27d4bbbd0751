// Reduces a CSV header (or a field name) to the form header matching compares (SPEC §2).

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{M}\p{N}]+/gu;

/**
 * Ignores case, surrounding space, punctuation and spaces: `First Name`, `first-name` and
 * `FIRST_NAME` all become `firstname`. Letters and digits of every script are kept (with their
 * combining marks, which scripts such as Devanagari need); NFKC folds full-width and composed forms.
 */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(NOT_LETTER_OR_DIGIT, '');
}

// Every data row ends with exactly one outcome and, unless created or updated, one code (SPEC §4).

export const SKIP_CODES = [
  'empty_row',
  'no_identity',
  'already_exists',
  'not_found',
  'unchanged',
  'footer',
] as const;
export type SkipCode = (typeof SKIP_CODES)[number];

export const ROW_ERROR_CODES = [
  'invalid_email',
  'invalid_phone',
  'invalid_value',
  'value_too_long',
  'ambiguous_match',
  'extra_columns',
  'malformed_row',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

export type RowOutcome =
  | { outcome: 'created'; contactId: string }
  | { outcome: 'updated'; contactId: string; matchedRow?: number }
  | { outcome: 'skipped'; code: SkipCode; message: string; matchedRow?: number }
  | { outcome: 'errored'; code: RowErrorCode; column?: string; message: string };

/** `matchedRow`: the earlier row of the same import that created the contact a row updated or left unchanged. */
export type OutcomeName = RowOutcome['outcome'];

/** The error report keeps errored rows and skipped rows a person may want to fix (SPEC §6). */
export const isReported = (outcome: RowOutcome): boolean =>
  outcome.outcome === 'errored' ||
  (outcome.outcome === 'skipped' && outcome.code !== 'empty_row' && outcome.code !== 'unchanged');

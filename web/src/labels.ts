// Words the page shows for the API's codes: display text only, the rules behind the codes stay on the server.

import type { ImportMode, ImportStatus, Outcome } from './types.js';

export const BUILT_IN_FIELDS: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'full_name', label: 'Full name' },
  { value: 'first_name', label: 'First name' },
  { value: 'last_name', label: 'Last name' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'company_name', label: 'Company' },
  { value: 'job_title', label: 'Job title' },
  { value: 'tags', label: 'Tags' },
  // Not stored: the row's country for reading its phone number (SPEC §2).
  { value: 'phone_country', label: "Phone number's country" },
];

export const EXTERNAL_ID = 'external_id';
export const IGNORE = 'ignore';

export const MODE_LABELS: Record<ImportMode, string> = {
  upsert: 'Create and update',
  create_only: 'Create only',
  update_only: 'Update only',
};

export const STATUS_LABELS: Record<ImportStatus, string> = {
  pending: 'Waiting',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
};

export const OUTCOME_LABELS: Record<Outcome, string> = {
  created: 'Created',
  updated: 'Updated',
  skipped: 'Skipped',
  errored: 'Errored',
};

/** What the preview predicts, in the future tense. */
export const PREDICTION_LABELS: Record<Outcome, string> = {
  created: 'Will be created',
  updated: 'Will update a contact',
  skipped: 'Will be skipped',
  errored: 'Error',
};

export const CODE_LABELS: Record<string, string> = {
  empty_row: 'Empty row',
  no_identity: 'No name, email or phone',
  already_exists: 'Contact already exists (create only)',
  not_found: 'No matching contact (update only)',
  unchanged: 'Nothing to change',
  footer: 'Footer line at the end of the file',
  invalid_email: 'Invalid email',
  invalid_phone: 'Invalid phone number',
  invalid_value: 'Invalid value',
  value_too_long: 'Value too long',
  ambiguous_match: 'Several contacts match',
  extra_columns: 'More cells than the header',
  malformed_row: 'Unreadable row',
};

export const codeLabel = (code: string): string => CODE_LABELS[code] ?? code;

export const DELIMITER_LABELS: Record<string, string> = {
  ',': 'comma (,)',
  ';': 'semicolon (;)',
  '\t': 'tab',
  '|': 'pipe (|)',
};

// Words the page shows for the API's codes: display text only, the rules behind the codes stay on the server.

import type { CustomField, ImportMode, ImportSource, ImportStatus, Outcome } from './types.js';

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

/**
 * The name a person reads for a field: a built-in's label ("First name"), a custom field's own label, "External id";
 * a key the page does not know (a field created elsewhere meanwhile) as it is.
 */
export const fieldLabel = (field: string, customFields: readonly CustomField[]): string => {
  if (field === EXTERNAL_ID) {
    const holder = customFields.find((f) => f.mapsTo === 'external_id');
    return holder ? `External id (${holder.label})` : 'External id';
  }
  return (
    BUILT_IN_FIELDS.find((f) => f.value === field)?.label ??
    customFields.find((f) => f.key === field)?.label ??
    field
  );
};

export const SOURCE_LABELS: Record<ImportSource, string> = {
  upload: 'Upload',
  api: 'API',
  drop: 'Drop folder',
  cli: 'CLI',
};

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
  cancelled: 'Cancelled',
  expired: 'Upload never arrived',
};

/** The statuses an import never leaves (as shared/api/import-summary.ts's ENDED_STATUSES). */
const ENDED_STATUSES: ReadonlySet<ImportStatus> = new Set(['completed', 'failed', 'cancelled', 'expired']);
export const isEnded = (status: ImportStatus): boolean => ENDED_STATUSES.has(status);

export const OUTCOME_LABELS: Record<Outcome, string> = {
  created: 'Created',
  updated: 'Updated',
  skipped: 'Skipped',
  errored: 'Errored',
};

/** A dry run's counts: what the import would have done. */
export const DRY_RUN_OUTCOME_LABELS: Record<Outcome, string> = {
  created: 'Would create',
  updated: 'Would update',
  skipped: 'Would skip',
  errored: 'Would error',
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

/** Why an undo kept a contact as it is (a revert's `keptBy`, SPEC §10). */
export const KEPT_BY_LABELS: Record<'changed_since' | 'email_taken', string> = {
  changed_since: 'changed since the import',
  email_taken: 'whose email another contact now has',
};

/** What the page says when the server refuses an undo (the 409s of POST /imports/{id}/revert). */
export const REVERT_REFUSAL_LABELS: Record<string, string> = {
  already_reverted: 'This import has been undone already.',
  revert_running: 'An undo of this import is running already.',
  not_revertible: 'This import cannot be undone.',
  revert_window_passed: 'This import can no longer be undone: the time to undo it has passed.',
};

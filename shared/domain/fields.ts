// The contact fields a column can map to, the custom field model, and the length limits of SPEC §3.

import type { OverwritePolicy } from './import-options.js';

export const BUILT_IN_FIELDS = [
  'full_name',
  'first_name',
  'last_name',
  'email',
  'phone',
  'company_name',
  'job_title',
  'tags',
] as const;

export type BuiltInField = (typeof BUILT_IN_FIELDS)[number];

/** `external_id` is not stored as such: it is routed into the custom field whose `mapsTo` is `external_id`. */
export const EXTERNAL_ID = 'external_id';

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomField {
  key: string;
  label: string;
  type: CustomFieldType;
  mapsTo?: 'external_id';
}

/** A typed custom value: text as string, number as number, boolean as boolean, date as `YYYY-MM-DD`. */
export type CustomValue = string | number | boolean;

/** A column's own overwrite policy, from the mapping (SPEC §9). */
type ColumnPolicy = { overwrite?: OverwritePolicy };

/**
 * Where one CSV column goes. `phone_country`: the row's country for its phone number, not stored; a custom
 * column with `phoneCountry` is stored and is that country as well (a country column mapped to a custom field).
 */
export type ColumnTarget =
  | ({ kind: 'field'; field: BuiltInField } & ColumnPolicy)
  | ({ kind: 'custom'; key: string; field: CustomField; phoneCountry?: true } & ColumnPolicy)
  | { kind: 'phone_country' }
  | { kind: 'ignore' };

/** The mapping of the whole header: one target per column index, plus what the summary shows. */
export interface ColumnMapping {
  headers: string[];
  targets: ColumnTarget[];
}

export const LIMITS = {
  name: 256,
  companyName: 256,
  jobTitle: 256,
  email: 254,
  text: 2048,
  tag: 64,
  tags: 100,
  columns: 500,
  headerSearchRows: 20,
  summaryErrors: 100,
} as const;

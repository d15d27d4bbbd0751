// A workspace's settings (SPEC §3): the defaults its imports take where their options say nothing.

import type { DateFormat, DecimalSeparator } from '../domain/import-options.js';

export interface WorkspaceSettings {
  /** ISO 3166 alpha-2 country of phone numbers written without +code. */
  defaultCountry?: string;
  dateFormat?: DateFormat;
  decimalSeparator?: DecimalSeparator;
}

// The options an import runs with: validated by the schema, the mapping checked against the workspace's
// fields, and what they leave out taken from the workspace's settings, else the built-in defaults.

import type { CustomField } from '../domain/fields.js';
import { validateMapping } from '../domain/map-headers.js';
import { DEFAULT_VALUE_FORMAT } from '../domain/parse-custom-value.js';
import type { WorkspaceSettings } from '../settings/workspace-settings.js';
import {
  FALLBACK_COUNTRY,
  type ImportOptionsInput,
  type ResolvedImportOptions,
} from './import-option-schema.js';
import { validateImportOptions } from './read-import-options.js';

export const resolveImportOptions = (
  input: ImportOptionsInput,
  customFields: CustomField[],
  workspace: WorkspaceSettings = {},
): ResolvedImportOptions => {
  const options = validateImportOptions(input);
  if (options.mapping) validateMapping(options.mapping, customFields);
  return {
    ...options,
    defaultCountry: options.defaultCountry ?? workspace.defaultCountry ?? FALLBACK_COUNTRY,
    dateFormat: options.dateFormat ?? workspace.dateFormat ?? DEFAULT_VALUE_FORMAT.dateFormat,
    decimalSeparator:
      options.decimalSeparator ?? workspace.decimalSeparator ?? DEFAULT_VALUE_FORMAT.decimalSeparator,
  };
};

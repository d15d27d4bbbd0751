// The options an import runs with: validated by the schema, the mapping checked against the workspace's
// fields, and the default country resolved (the options', else the workspace's, else US).

import type { CustomField } from '../domain/fields.js';
import { validateMapping } from '../domain/map-headers.js';
import {
  FALLBACK_COUNTRY,
  type ImportOptionsInput,
  type ResolvedImportOptions,
} from './import-option-schema.js';
import { validateImportOptions } from './read-import-options.js';

export const resolveImportOptions = (
  input: ImportOptionsInput,
  customFields: CustomField[],
  workspaceCountry?: string,
): ResolvedImportOptions => {
  const options = validateImportOptions(input);
  if (options.mapping) validateMapping(options.mapping, customFields);
  return { ...options, defaultCountry: options.defaultCountry ?? workspaceCountry ?? FALLBACK_COUNTRY };
};

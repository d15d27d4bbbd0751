// The CSV template (SPEC §7 GET /template): built-in headers, external_id when a field maps to it, custom keys.

import { escapeFormula } from '../csv/escape-formula.js';
import { formatCsvLine } from '../csv/format-csv.js';
import { BUILT_IN_FIELDS, type CustomField, EXTERNAL_ID } from '../domain/fields.js';

export const buildTemplate = (customFields: CustomField[]): string => {
  const headers: string[] = [...BUILT_IN_FIELDS];
  if (customFields.some((field) => field.mapsTo === 'external_id')) headers.push(EXTERNAL_ID);
  for (const field of customFields) if (field.mapsTo !== 'external_id') headers.push(field.key);
  return `\ufeff${formatCsvLine(headers.map(escapeFormula))}`;
};

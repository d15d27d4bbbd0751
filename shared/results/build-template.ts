// The CSV template (SPEC §7 GET /template): built-in headers, external_id when a field maps to it, custom keys,
// and on request (`?example=true`) one example row that imports as one contact whatever the workspace's settings.

import { escapeFormula } from '../csv/escape-formula.js';
import { formatCsvLine } from '../csv/format-csv.js';
import { BUILT_IN_FIELDS, type BuiltInField, type CustomField, EXTERNAL_ID } from '../domain/fields.js';

/**
 * Plausible values that are nobody's: a reserved example.com address (RFC 2606) and a number of the 555-0100…0199
 * range kept for fiction, in international form so that no default country changes it.
 */
const BUILT_IN_EXAMPLE: Record<BuiltInField, string> = {
  full_name: 'Ada Lovelace',
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada.lovelace@example.com',
  phone: '+1 415 555 0123',
  company_name: 'Example Analytics',
  job_title: 'Engineer',
  tags: 'customer;newsletter',
};

/** A value of each type that every date format and decimal separator reads the same: ISO dates, whole numbers. */
const CUSTOM_EXAMPLE: Record<CustomField['type'], string> = {
  text: 'Example',
  number: '42',
  date: '2024-03-31',
  boolean: 'true',
};

const EXTERNAL_ID_EXAMPLE = { text: 'EXT-0001', number: '1001' } as const;

export const buildTemplate = (customFields: CustomField[], options: { example?: boolean } = {}): string => {
  const externalId = customFields.find((field) => field.mapsTo === EXTERNAL_ID);
  const columns: Array<{ header: string; example: string }> = BUILT_IN_FIELDS.map((field) => ({
    header: field,
    example: BUILT_IN_EXAMPLE[field],
  }));
  if (externalId) {
    columns.push({
      header: EXTERNAL_ID,
      example: externalId.type === 'number' ? EXTERNAL_ID_EXAMPLE.number : EXTERNAL_ID_EXAMPLE.text,
    });
  }
  for (const field of customFields) {
    if (field.mapsTo !== EXTERNAL_ID)
      columns.push({ header: field.key, example: CUSTOM_EXAMPLE[field.type] });
  }
  const header = formatCsvLine(columns.map((column) => escapeFormula(column.header)));
  const example = options.example
    ? formatCsvLine(columns.map((column) => escapeFormula(column.example)))
    : '';
  return `\ufeff${header}${example}`;
};

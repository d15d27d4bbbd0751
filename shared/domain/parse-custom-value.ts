// Reads a custom field's cell as a value of the field's type (SPEC §3): text, number, date, boolean.

import type { CustomFieldType, CustomValue } from './fields.js';

/**
 * Plain decimal notation with an optional sign and decimal point; `,` is accepted only as a
 * thousands separator in groups of three (`1,234,567.89`). Rejected on purpose: the European
 * `1.234,56` (which `1,234` would make ambiguous), exponents (`1.2E+15` is how spreadsheets
 * mangle long identifiers), currency signs, percentages and spaces inside the number.
 */
const NUMBER = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)$/;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['1', true],
  ['0', false],
]);

/** The number the text writes, or undefined (also for values too large to be finite). */
export function parseNumberValue(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text.replaceAll(',', ''));
  if (!Number.isFinite(value)) return undefined;
  return value === 0 ? 0 : value;
}

/** The text itself when it is an ISO `YYYY-MM-DD` date that exists in the calendar, else undefined. */
export function parseDateValue(text: string): string | undefined {
  const parts = ISO_DATE.exec(text);
  if (parts === null) return undefined;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return text;
}

/** `true/false/yes/no/1/0` in any case, else undefined. */
export function parseBooleanValue(text: string): boolean | undefined {
  return BOOLEANS.get(text.toLowerCase());
}

/** The typed value of a (cleaned, non-empty) cell, or undefined when it does not fit the type. Text length is the caller's check. */
export function parseCustomValue(text: string, type: CustomFieldType): CustomValue | undefined {
  switch (type) {
    case 'text':
      return text;
    case 'number':
      return parseNumberValue(text);
    case 'date':
      return parseDateValue(text);
    case 'boolean':
      return parseBooleanValue(text);
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

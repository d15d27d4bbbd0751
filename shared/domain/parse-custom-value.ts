// Reads a custom field's cell as a value of the field's type (SPEC §3): text, number, date, boolean.

import type { CustomFieldType, CustomValue } from './fields.js';
import type { DateFormat, DecimalSeparator } from './import-options.js';

/** How the workspace or the import writes numbers and dates (SPEC §3 `dateFormat`, `decimalSeparator`). */
export interface ValueFormat {
  dateFormat: DateFormat;
  decimalSeparator: DecimalSeparator;
}

export const DEFAULT_VALUE_FORMAT: ValueFormat = { dateFormat: 'YMD', decimalSeparator: '.' };

/**
 * Plain decimal notation with an optional sign and decimal point; `,` is accepted only as a
 * thousands separator in groups of three (`1,234,567.89`). Rejected on purpose: the European
 * `1.234,56` (which `1,234` would make ambiguous), exponents (`1.2E+15` is how spreadsheets
 * mangle long identifiers), currency signs, percentages and spaces inside the number.
 */
const POINT_NUMBER = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)$/;

/**
 * With `,` as the decimal mark: thousands in groups of three, separated by `.` or by a space (a plain one, or
 * the no-break and narrow no-break spaces French and Swiss spreadsheets write), never both (`1.234,56`,
 * `1 234 567,8`, `-12,5`, `,5`).
 */
const COMMA_NUMBER = /^[+-]?(?:(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?|,\d+)$/;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Day and month of one or two digits, a four-digit year, separated alike by `/`, `.` or `-`. */
const PARTS_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['1', true],
  ['0', false],
]);

/** The number the text writes with that decimal mark, or undefined (also for values too large to be finite). */
export function parseNumberValue(text: string, decimalSeparator: DecimalSeparator = '.'): number | undefined {
  const plain =
    decimalSeparator === ','
      ? COMMA_NUMBER.test(text)
        ? text.replace(/[. \u00a0\u202f]/g, '').replace(',', '.')
        : undefined
      : POINT_NUMBER.test(text)
        ? text.replaceAll(',', '')
        : undefined;
  if (plain === undefined) return undefined;
  const value = Number(plain);
  if (!Number.isFinite(value)) return undefined;
  return value === 0 ? 0 : value;
}

/**
 * The date as ISO `YYYY-MM-DD` when it exists in the calendar, else undefined. ISO is read in every format; `MDY`
 * also reads `03/15/2024` and `3.15.2024`, `DMY` `15/03/2024` and `15.03.2024` (a four-digit year only: `03/04/24`
 * leaves too much to guess).
 */
export function parseDateValue(text: string, dateFormat: DateFormat = 'YMD'): string | undefined {
  const iso = ISO_DATE.exec(text);
  if (iso !== null) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  if (dateFormat === 'YMD') return undefined;
  const parts = PARTS_DATE.exec(text);
  if (parts === null) return undefined;
  const first = Number(parts[1]);
  const second = Number(parts[3]);
  const year = Number(parts[4]);
  return dateFormat === 'MDY' ? isoDate(year, first, second) : isoDate(year, second, first);
}

/** What the cell should look like, for the message of one that does not. */
export function expectedDate(dateFormat: DateFormat): string {
  if (dateFormat === 'MDY') return 'MM/DD/YYYY or YYYY-MM-DD, such as 03/31/2024';
  if (dateFormat === 'DMY') return 'DD/MM/YYYY, DD.MM.YYYY or YYYY-MM-DD, such as 31.03.2024';
  return 'YYYY-MM-DD, such as 2024-03-31';
}

/** What the cell should look like, for the message of one that does not. */
export function expectedNumber(decimalSeparator: DecimalSeparator): string {
  return decimalSeparator === ','
    ? 'digits with an optional sign and decimal comma, such as 1234, -12,5 or 1.234,56'
    : 'digits with an optional sign and decimal point, such as 1234, -12.5 or 1,234.56';
}

/** `true/false/yes/no/1/0` in any case, else undefined. */
export function parseBooleanValue(text: string): boolean | undefined {
  return BOOLEANS.get(text.toLowerCase());
}

/** The typed value of a (cleaned, non-empty) cell, or undefined when it does not fit the type. Text length is the caller's check. */
export function parseCustomValue(
  text: string,
  type: CustomFieldType,
  format: ValueFormat = DEFAULT_VALUE_FORMAT,
): CustomValue | undefined {
  switch (type) {
    case 'text':
      return text;
    case 'number':
      return parseNumberValue(text, format.decimalSeparator);
    case 'date':
      return parseDateValue(text, format.dateFormat);
    case 'boolean':
      return parseBooleanValue(text);
  }
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

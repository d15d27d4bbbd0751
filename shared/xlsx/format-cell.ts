// A cell's stored value as Excel shows it: whole numbers in full, dates as YYYY-MM-DD, booleans as true/false.

import type { NumberFormatKind } from './number-formats.js';

const DAY_MS = 86_400_000;
/** Day 0 of each date system: 1900's counts from 1899-12-31, and believes 1900 was a leap year (Lotus's bug). */
const EPOCH_1900 = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** Excel's dates end at 9999-12-31. */
const MAX_SERIAL = 2_958_465;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A number in the shortest form that is not exponential: whole numbers digit by digit (a phone stored as a number
 * keeps every digit), others to Excel's 15 significant digits (so 0.1 + 0.2 shows as 0.3).
 */
export const formatNumber = (value: number): string => {
  if (Object.is(value, -0)) return '0';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
  const rounded = Number(value.toPrecision(15));
  if (Number.isInteger(rounded)) return formatNumber(rounded);
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  return rounded.toFixed(20).replace(/0+$/, '');
};

/** A serial date of the workbook's date system as `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or `HH:MM:SS`. */
export const formatSerialDate = (
  serial: number,
  kind: 'date' | 'datetime' | 'time',
  date1904: boolean,
): string => {
  const seconds = Math.round(serial * 86_400);
  const days = Math.floor(seconds / 86_400);
  const rest = seconds - days * 86_400;
  const time = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  if (kind === 'time') return time;
  let date: string;
  if (!date1904 && days === 60) {
    date = '1900-02-29';
  } else {
    const epoch = date1904 ? EPOCH_1904 : EPOCH_1900;
    const shifted = !date1904 && days > 60 ? days - 1 : days;
    const d = new Date(epoch + shifted * DAY_MS);
    date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  }
  return kind === 'datetime' ? `${date} ${time}` : date;
};

/** A numeric cell's text (`<v>`) as its number format shows it. */
export const formatNumericCell = (text: string, format: NumberFormatKind, date1904: boolean): string => {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) return text;
  switch (format.kind) {
    case 'date':
    case 'datetime':
    case 'time':
      return value >= 0 && value <= MAX_SERIAL + 1
        ? formatSerialDate(value, format.kind, date1904)
        : formatNumber(value);
    case 'zeros':
      return Number.isInteger(value) && value >= 0
        ? formatNumber(value).padStart(format.digits, '0')
        : formatNumber(value);
    case 'number':
      return formatNumber(value);
  }
};

/** A cell of type `d` (an ISO 8601 date, as strict workbooks store them). */
export const formatIsoDateCell = (text: string): string => {
  const match = /^(\d{4}-\d\d-\d\d)(?:T(\d\d:\d\d(?::\d\d)?))?/.exec(text.trim());
  if (!match) return text;
  const [, date, time] = match;
  return !time || /^00:00(:00)?$/.test(time)
    ? (date as string)
    : `${date} ${time.length === 5 ? `${time}:00` : time}`;
};

/** OOXML writes characters XML cannot hold as `_xHHHH_` (a carriage return is `_x000D_`). */
export const decodeOoxmlEscapes = (text: string): string =>
  text.includes('_x')
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;

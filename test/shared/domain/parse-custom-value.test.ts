import { describe, expect, it } from 'vitest';
import {
  parseBooleanValue,
  parseCustomValue,
  parseDateValue,
  parseNumberValue,
} from '../../../shared/domain/parse-custom-value.js';

describe('parseNumberValue', () => {
  it.each([
    ['1234', 1234],
    ['-12.5', -12.5],
    ['+7', 7],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['1,234.56', 1234.56],
    ['1,234,567', 1234567],
    ['-0', 0],
    ['007', 7],
  ])('reads %j as %d', (text, expected) => {
    // Act / Assess
    expect(parseNumberValue(text)).toBe(expected);
  });

  it.each([
    'NaN',
    'Infinity',
    '-Infinity',
    '1e3',
    '1.2E+15',
    '12abc',
    '$12',
    '12%',
    '1 234',
    '1.234,56',
    '12,34',
    '1,2345',
    '12.',
    '-',
    '0x1F',
    '9'.repeat(400),
  ])('rejects %j', (text) => {
    // Act / Assess
    expect(parseNumberValue(text)).toBeUndefined();
  });
});

describe('parseDateValue', () => {
  it.each(['2024-03-31', '2024-02-29', '2000-02-29', '1999-12-01'])(
    'accepts the calendar date %j',
    (text) => {
      // Act / Assess
      expect(parseDateValue(text)).toBe(text);
    },
  );

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-1-5',
    '31/03/2024',
    '03/31/2024',
    '2024-03-31T10:00:00Z',
    'tomorrow',
  ])('rejects %j', (text) => {
    // Act / Assess
    expect(parseDateValue(text)).toBeUndefined();
  });
});

describe('parseBooleanValue', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['Yes', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['0', false],
  ])('reads %j as %s', (text, expected) => {
    // Act / Assess
    expect(parseBooleanValue(text)).toBe(expected);
  });

  it.each(['maybe', 'y', 'n', 'on', '2', 'ja'])('rejects %j', (text) => {
    // Act / Assess
    expect(parseBooleanValue(text)).toBeUndefined();
  });
});

describe('parseCustomValue', () => {
  it('reads a cell by the type of its field', () => {
    // Act / Assess
    expect(parseCustomValue('Gold tier', 'text')).toBe('Gold tier');
    expect(parseCustomValue('1,234.5', 'number')).toBe(1234.5);
    expect(parseCustomValue('2024-03-31', 'date')).toBe('2024-03-31');
    expect(parseCustomValue('no', 'boolean')).toBe(false);
  });
});

describe('numbers with a decimal comma (decimalSeparator ",")', () => {
  it.each([
    ['1.234,56', 1234.56],
    ['1 234,56', 1234.56],
    ['1\u00a0234,56', 1234.56],
    ['1\u202f234\u202f567,8', 1234567.8],
    ['-12,5', -12.5],
    [',5', 0.5],
    ['1234', 1234],
    ['1.234', 1234],
  ])('reads %j as %d', (text, expected) => {
    // Act / Assess
    expect(parseNumberValue(text, ',')).toBe(expected);
  });

  it.each(['1,234.56', '1.234 567,8', '12.34,5', '1,2,3', '1.23,4', '12,', '1e3'])('rejects %j', (text) => {
    // Act / Assess
    expect(parseNumberValue(text, ',')).toBeUndefined();
  });
});

describe('dates in the day and month orders of spreadsheets (dateFormat MDY, DMY)', () => {
  it.each([
    ['MDY', '03/15/2024', '2024-03-15'],
    ['MDY', '3/5/2024', '2024-03-05'],
    ['MDY', '02/29/2024', '2024-02-29'],
    ['DMY', '15.03.2024', '2024-03-15'],
    ['DMY', '15/03/2024', '2024-03-15'],
    ['DMY', '5-3-2024', '2024-03-05'],
    ['DMY', '2024-03-15', '2024-03-15'],
    ['MDY', '2024-03-15', '2024-03-15'],
  ] as const)('reads %s %j as %j', (format, text, expected) => {
    // Act / Assess
    expect(parseDateValue(text, format)).toBe(expected);
  });

  it.each([
    ['MDY', '15/03/2024'],
    ['DMY', '03/15/2024'],
    ['DMY', '31.04.2024'],
    ['MDY', '02/29/2023'],
    ['DMY', '15.03.24'],
    ['DMY', '15/03-2024'],
    ['YMD', '03/15/2024'],
    ['YMD', '15.03.2024'],
  ] as const)('rejects %s %j', (format, text) => {
    // Act / Assess
    expect(parseDateValue(text, format)).toBeUndefined();
  });

  it('reads a custom value by the format given', () => {
    // Act / Assess
    expect(parseCustomValue('15.03.2024', 'date', { dateFormat: 'DMY', decimalSeparator: ',' })).toBe(
      '2024-03-15',
    );
    expect(parseCustomValue('1.234,5', 'number', { dateFormat: 'DMY', decimalSeparator: ',' })).toBe(1234.5);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bufferByteSource } from '../../../shared/csv/buffer-byte-source.js';
import type { CsvReadEvent } from '../../../shared/csv/read-records.js';
import { detectLayout } from '../../../shared/import/detect-layout.js';
import { formatNumber, formatNumericCell, formatSerialDate } from '../../../shared/xlsx/format-cell.js';
import { formatCodeKind } from '../../../shared/xlsx/number-formats.js';
import { SharedStrings } from '../../../shared/xlsx/shared-strings.js';
import { chooseSheet, readWorkbookRecords } from '../../../shared/xlsx/workbook-records.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/xlsx/${name}`, import.meta.url));

/** Tiny chunks split every XML part and the zip's central directory across reads. */
const sourceOf = (name: string, chunkBytes = 97) => bufferByteSource(fixture(name), chunkBytes);

const readRows = async (name: string, sheet?: string | number) => {
  const source = sourceOf(name);
  const workbook = await chooseSheet(source, sheet);
  const events: CsvReadEvent[] = [];
  for await (const event of readWorkbookRecords(source, workbook)) events.push(event);
  return {
    workbook,
    events,
    rows: events.map((e) => (e.type === 'record' ? [e.index, ...e.cells] : [e.index])),
  };
};

describe('reading a workbook LibreOffice wrote', () => {
  it('reads cells as Excel shows them: whole numbers in full, dates, formulas, rich text and merged cells', async () => {
    // Act
    const { workbook, rows } = await readRows('contacts.xlsx');
    // Assess
    expect(workbook).toEqual({ sheet: 'Contacts', sheets: ['Contacts', 'Leads'] });
    expect(rows).toEqual([
      [1, 'First Name', 'Last Name', 'Email', 'Phone', 'Company', 'birthday', 'vip', 'score', 'zip'],
      // A phone stored as a number keeps its digits, a date shows as YYYY-MM-DD, a formula as its cached value,
      // and 00000 keeps a zip code's leading zero.
      [
        2,
        'Jürgen',
        'Müller',
        'jurgen@example.de',
        '4930901820',
        'München GmbH',
        '1980-02-29',
        '1',
        '42',
        '01234',
      ],
      // Rich text is plain text; the merged Company cell (E2:E3) shows its top-left value; 03/15/2024 is a date.
      [3, 'Ana', 'López', 'ana@example.es', '15112345678', 'München GmbH', '2024-03-15', '0', '10.5'],
      // A row the sheet leaves out (row 4) is an empty row, numbered as Excel numbers it.
      [4, ''],
      [5, 'Li', 'Wei', 'li.wei@example.cn', '+86 10 1234 5678', 'Beijing Ltd', '', '', '0.3'],
    ]);
  });

  it('reads the sheet the option names, by name or by its 1-based number', async () => {
    const byName = await readRows('contacts.xlsx', 'leads');
    const byNumber = await readRows('contacts.xlsx', 2);
    expect(byName.workbook.sheet).toBe('Leads');
    expect(byNumber.rows).toEqual(byName.rows);
    expect(byName.rows[2]).toEqual([3, 'Olu Ade', 'olu@example.ng']);
  });

  it('fails sheet_not_found naming the sheets the workbook has', async () => {
    await expect(chooseSheet(sourceOf('contacts.xlsx'), 'Customers')).rejects.toMatchObject({
      code: 'sheet_not_found',
      message: expect.stringContaining('"Contacts", "Leads"'),
    });
    await expect(chooseSheet(sourceOf('contacts.xlsx'), 3)).rejects.toMatchObject({
      code: 'sheet_not_found',
    });
  });

  it('reads dates of the 1904 date system', async () => {
    const { rows } = await readRows('dates-1904.xlsx');
    expect(rows).toEqual([
      [1, 'Email', 'birthday'],
      [2, 'mac@example.com', '2024-03-15'],
      [3, 'early@example.com', '1904-01-02'],
    ]);
  });

  it('reads a streamed workbook: inline strings, booleans, error cells, data descriptors, prefixed XML', async () => {
    const { rows } = await readRows('inline-strings.xlsx');
    expect(rows).toEqual([
      [1, 'Full Name', 'Email', 'subscribed', 'Notes'],
      [2, 'Zoë Ångström', 'zoe@example.se', 'true', 'line one\r\nline two'],
      [3, 'Sam Lee', 'sam@example.com', 'false', '#N/A'],
    ]);
  });

  it('resumes just past a row without losing or repeating one, and its last record ends at the file size', async () => {
    const source = sourceOf('2000-rows.xlsx', 4096);
    const workbook = await chooseSheet(source);
    const all: CsvReadEvent[] = [];
    for await (const event of readWorkbookRecords(source, workbook)) all.push(event);
    const resumed: CsvReadEvent[] = [];
    for await (const event of readWorkbookRecords(source, workbook, { index: 1234, offset: 0 }))
      resumed.push(event);
    expect(all).toHaveLength(2001);
    expect(resumed.map((e) => e.index)).toEqual(all.slice(1234).map((e) => e.index));
    expect(resumed[0]).toMatchObject({
      index: 1235,
      cells: ['Name1234', 'Surname1234', 'person1234@example.com', '4155551234', 'Company 13'],
    });
    const offsets = all.map((e) => e.endOffset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets.at(-1)).toBe(source.size);
  });
});

describe('resuming a sheet at a checkpoint', () => {
  const readFrom = async (name: string, index: number) => {
    const source = sourceOf(name, 1024);
    const workbook = await chooseSheet(source);
    const events: CsvReadEvent[] = [];
    for await (const event of readWorkbookRecords(source, workbook, { index, offset: 0 })) events.push(event);
    return events;
  };

  it('gives a merged range’s value to its rows past the checkpoint (the rows before it are parsed again)', async () => {
    const events = await readFrom('contacts.xlsx', 2);
    expect(events.map((e) => e.index)).toEqual([3, 4, 5]);
    expect(events[0]).toMatchObject({ cells: expect.arrayContaining(['München GmbH']) });
  });

  it('yields nothing past the last row', async () => {
    expect(await readFrom('2000-rows.xlsx', 2001)).toEqual([]);
    expect(await readFrom('2000-rows.xlsx', 5000)).toEqual([]);
  });

  it('enters the sheet at any row and yields exactly the rows after it', async () => {
    for (const index of [1, 2, 999, 1000, 1999, 2000]) {
      const events = await readFrom('2000-rows.xlsx', index);
      expect(events).toHaveLength(2001 - index);
      expect(events[0]?.index).toBe(index + 1);
      if (events[0]?.type === 'record') expect(events[0].cells[0]).toBe(`Name${index}`);
    }
  });
});

describe('files that are not .xlsx workbooks', () => {
  const layoutOf = (name: string) => detectLayout(sourceOf(name, 65536), {}, []);

  it('turns away an OpenDocument spreadsheet with not_csv, saying to save it as CSV or xlsx', async () => {
    await expect(layoutOf('contacts.ods')).rejects.toMatchObject({
      code: 'not_csv',
      message: expect.stringMatching(/OpenDocument spreadsheet \(\.ods\).*\.xlsx.*CSV/),
    });
  });

  it('turns away an old Excel workbook (.xls) with not_csv', async () => {
    await expect(layoutOf('contacts.xls')).rejects.toMatchObject({
      code: 'not_csv',
      message: expect.stringMatching(/\.xls\b.*\.xlsx/),
    });
  });

  it('fails encrypted_file for a workbook protected with a password', async () => {
    await expect(layoutOf('encrypted.xlsx')).rejects.toMatchObject({ code: 'encrypted_file' });
  });

  it('names a zip archive that holds no workbook', async () => {
    // A zip of one stored file, "a.txt", written byte by byte.
    const zip = Buffer.from(
      '504b03040a00000000000000000000000000000000000500000000006100000000504b01021e030a0000000000000000000000000000000000000500000000000000000000000000000000000061504b050600000000010001003300000023000000000',
      'hex',
    );
    const fixed = Buffer.concat([zip, Buffer.alloc(1)]);
    await expect(detectLayout(bufferByteSource(fixed), {}, [])).rejects.toMatchObject({ code: 'not_csv' });
  });
});

describe('cell values', () => {
  it('writes whole numbers digit by digit and others to 15 significant digits', () => {
    expect(formatNumber(447700900123)).toBe('447700900123');
    expect(formatNumber(4.47700900123e11)).toBe('447700900123');
    expect(formatNumber(1e20)).toBe('100000000000000000000');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(1.5e-7)).toBe('0.00000015');
  });

  it('reads serial dates of both date systems, with Excel’s 1900-02-29', () => {
    expect(formatSerialDate(1, 'date', false)).toBe('1900-01-01');
    expect(formatSerialDate(59, 'date', false)).toBe('1900-02-28');
    expect(formatSerialDate(60, 'date', false)).toBe('1900-02-29');
    expect(formatSerialDate(61, 'date', false)).toBe('1900-03-01');
    expect(formatSerialDate(45366, 'date', false)).toBe('2024-03-15');
    expect(formatSerialDate(43904, 'date', true)).toBe('2024-03-15');
    expect(formatSerialDate(45366.75, 'datetime', false)).toBe('2024-03-15 18:00:00');
    expect(formatSerialDate(0.5, 'time', false)).toBe('12:00:00');
  });

  it('knows date, time and zero-padded formats from their codes', () => {
    expect(formatCodeKind('yyyy\\-mm\\-dd')).toEqual({ kind: 'date' });
    expect(formatCodeKind('[$-409]mmmm d, yyyy;@')).toEqual({ kind: 'date' });
    expect(formatCodeKind('dd/mm/yyyy hh:mm')).toEqual({ kind: 'datetime' });
    expect(formatCodeKind('h:mm AM/PM')).toEqual({ kind: 'time' });
    expect(formatCodeKind('[h]:mm:ss')).toEqual({ kind: 'time' });
    expect(formatCodeKind('00000')).toEqual({ kind: 'zeros', digits: 5 });
    expect(formatCodeKind('#,##0.00 "days"')).toEqual({ kind: 'number' });
    expect(formatCodeKind('[Red]0.00%')).toEqual({ kind: 'number' });
    expect(formatCodeKind('General')).toEqual({ kind: 'number' });
    expect(formatNumericCell('4.47700900123E+11', { kind: 'number' }, false)).toBe('447700900123');
  });
});

describe('the shared-strings table', () => {
  it('holds strings as UTF-8 bytes and gives each back by its index', () => {
    const table = new SharedStrings();
    const strings = Array.from({ length: 50_000 }, (_, i) => `Ünïcödé ${i} ✓`);
    for (const text of strings) table.add(text);
    expect(table.size).toBe(50_000);
    expect(table.get(0)).toBe(strings[0]);
    expect(table.get(49_999)).toBe(strings[49_999]);
    expect(table.get(50_000)).toBeUndefined();
    // Text bytes in segments plus 12 bytes per string (start and length), far below V8's string overhead.
    expect(table.bytes).toBeLessThan(2 * 1024 * 1024 + 50_000 * 24);
  });
});

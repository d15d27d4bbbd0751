import { describe, expect, it } from 'vitest';
import { bufferByteSource } from '../../../shared/csv/buffer-byte-source.js';
import { formatCsvLine } from '../../../shared/csv/format-csv.js';
import { readRecords } from '../../../shared/csv/read-records.js';

describe('formatCsvLine', () => {
  it('joins plain cells with commas and ends the line with CRLF', () => {
    // Act / Assess
    expect(formatCsvLine(['Zoë', 'Müller', 'zoe@example.com'])).toBe('Zoë,Müller,zoe@example.com\r\n');
  });

  it('quotes cells holding a comma, a quote or a line break, doubling quotes', () => {
    // Act / Assess
    expect(formatCsvLine(['Acme, Inc.', 'say "hi"', 'a\nb', 'c\rd', 'e\r\nf'])).toBe(
      '"Acme, Inc.","say ""hi""","a\nb","c\rd","e\r\nf"\r\n',
    );
  });

  it('keeps empty cells and formulas as they are', () => {
    // Act / Assess
    expect(formatCsvLine(['', '=1+1', ''])).toBe(',=1+1,\r\n');
  });

  it('writes lines the reader gives back cell for cell', async () => {
    // Prepare
    const rows = [
      ['name', 'notes', ''],
      ['Zoë', 'line 1\nline 2', '"quoted", with comma'],
      ['x\ry', '', 'z'],
    ];
    const bytes = Buffer.from(rows.map(formatCsvLine).join(''), 'utf8');

    // Act
    const cells: string[][] = [];
    for await (const event of readRecords(bufferByteSource(bytes), {
      encoding: 'utf-8',
      bomLength: 0,
      delimiter: ',',
    })) {
      if (event.type === 'record') cells.push(event.cells);
    }

    // Assess
    expect(cells).toEqual(rows);
  });
});

import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding } from '../../../shared/csv/detect-encoding.js';
import { ImportError } from '../../../shared/errors.js';

const CSV = 'First Name,Last Name,Email\r\nZoë,Müller,zoe@example.com\r\nJosé,Núñez,jose@example.com (€)\r\n';

function detectionError(head: Uint8Array): ImportError {
  try {
    detectEncoding(head);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected detection to fail');
}

describe('detectEncoding', () => {
  it.each([
    ['utf-8', [0xef, 0xbb, 0xbf], 3],
    ['utf-16le', [0xff, 0xfe], 2],
    ['utf-16be', [0xfe, 0xff], 2],
  ] as const)('recognises %s by its byte order mark', (encoding, bom, bomLength) => {
    // Prepare
    const head = Buffer.concat([Buffer.from(bom), iconv.encode(CSV, encoding)]);

    // Act / Assess
    expect(detectEncoding(head)).toEqual({ encoding, bomLength });
  });

  it('reads a file without BOM as UTF-8 when its bytes are valid UTF-8', () => {
    // Act / Assess
    expect(detectEncoding(Buffer.from(CSV, 'utf8'))).toEqual({ encoding: 'utf-8', bomLength: 0 });
  });

  it('reads a file of plain ASCII as UTF-8', () => {
    // Act / Assess
    expect(detectEncoding(Buffer.from('email\na@example.com\n'))).toEqual({
      encoding: 'utf-8',
      bomLength: 0,
    });
  });

  it('reads a file without BOM that is not valid UTF-8 as Windows-1252, what Excel writes', () => {
    // Act / Assess
    expect(detectEncoding(iconv.encode(CSV, 'windows-1252'))).toEqual({
      encoding: 'windows-1252',
      bomLength: 0,
    });
  });

  it('still reads UTF-8 when the end of the sample cuts a character in two', () => {
    // Prepare
    const bytes = Buffer.from('name\nZoë 🙂\n', 'utf8');

    // Act / Assess
    for (let cut = 1; cut <= 4; cut++) {
      const head = bytes.subarray(0, bytes.indexOf(Buffer.from('🙂')) + cut);
      expect(detectEncoding(head)).toEqual({ encoding: 'utf-8', bomLength: 0 });
    }
  });

  it.each(['utf-16le', 'utf-16be'] as const)(
    'recognises %s without a BOM by the NUL beside each character',
    (encoding) => {
      // Act / Assess
      expect(detectEncoding(iconv.encode(CSV, encoding))).toEqual({ encoding, bomLength: 0 });
    },
  );

  it('uses the encoding an override names, and skips its BOM', () => {
    // Prepare
    const head = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]);

    // Act / Assess
    expect(detectEncoding(head, 'utf-8')).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(Buffer.from(CSV), 'windows-1252')).toEqual({
      encoding: 'windows-1252',
      bomLength: 0,
    });
  });

  it('keeps the bytes of a BOM that does not belong to the override', () => {
    // Prepare
    const head = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]);

    // Act / Assess
    expect(detectEncoding(head, 'windows-1252')).toEqual({ encoding: 'windows-1252', bomLength: 0 });
  });

  it.each([
    ['no bytes', []],
    ['only a UTF-8 BOM', [0xef, 0xbb, 0xbf]],
    ['only a UTF-16 BOM', [0xff, 0xfe]],
    ['only blank lines', [...Buffer.from(' \r\n\r\n\t\n')]],
    ['a BOM and blank lines', [0xef, 0xbb, 0xbf, 0x0d, 0x0a]],
  ])('fails with empty_file for a file of %s', (_name, bytes) => {
    // Act
    const error = detectionError(Buffer.from(bytes));

    // Assess
    expect(error.code).toBe('empty_file');
    expect(error.message).toMatch(/empty/);
  });

  it.each([
    ['an .xlsx workbook', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], /Excel workbook.*CSV/],
    ['an old .xls workbook', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00], /\.xls\b.*CSV/],
    ['a PDF', [...Buffer.from('%PDF-1.7\n%âãÏÓ\n')], /PDF/],
    ['a gzip file', [0x1f, 0x8b, 0x08, 0x00], /gzip/],
    ['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00], /PNG/],
    ['a JPEG image', [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], /JPEG/],
  ])('fails with not_csv and a hint for %s', (_name, bytes, message) => {
    // Act
    const error = detectionError(Buffer.from(bytes));

    // Assess
    expect(error.code).toBe('not_csv');
    expect(error.message).toMatch(message);
  });

  it('fails with not_csv for NUL bytes in a file that is not UTF-16', () => {
    // Act
    const error = detectionError(Buffer.from('name,email\nAda,ada@example.com\u0000\u0000\u0001\n'));

    // Assess
    expect(error.code).toBe('not_csv');
  });

  it('fails with not_csv for many control characters', () => {
    // Prepare
    const binary = Buffer.alloc(512);
    for (let i = 0; i < binary.length; i++) binary[i] = i % 2 === 0 ? 0x41 : (i % 31) + 1;

    // Act
    const error = detectionError(binary);

    // Assess
    expect(error.code).toBe('not_csv');
  });

  it('accepts a few stray control characters in text', () => {
    // Act / Assess
    expect(
      detectEncoding(Buffer.from(`name,notes\nAda,line\u000bbreak\u0007\n${'x,y\n'.repeat(50)}`)),
    ).toEqual({
      encoding: 'utf-8',
      bomLength: 0,
    });
  });
});

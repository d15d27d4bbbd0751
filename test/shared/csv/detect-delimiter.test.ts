import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../../shared/csv/detect-delimiter.js';

const FIELDS = new Set([
  'firstname',
  'lastname',
  'email',
  'emailaddress',
  'phone',
  'company',
  'position',
  'url',
]);
/** Stands in for the header mapping: accepts a row when one cell names a field. */
const looksLikeHeader = (cells: string[]) =>
  cells.some((cell) => FIELDS.has(cell.toLowerCase().replace(/[^a-z]/g, '')));

const LINKEDIN =
  'Notes:\n' +
  '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download it."\n' +
  '\n' +
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n' +
  'Zoë,Müller,https://www.linkedin.com/in/zoe,,"Acme, Inc.",CTO,01 Mar 2024\n' +
  'Ada,Lovelace,https://www.linkedin.com/in/ada,ada@example.com,Engines,Analyst,02 Mar 2024\n';

describe('detectDelimiter', () => {
  it.each([
    [',', 'First Name,Last Name,Email\nZoë,Müller,zoe@example.com\nAda,Lovelace,ada@example.com\n'],
    [';', 'First Name;Last Name;Email\nZoë;Müller;zoe@example.com\nAda;Lovelace;ada@example.com\n'],
    ['\t', 'First Name\tLast Name\tEmail\nZoë\tMüller\tzoe@example.com\nAda\tLovelace\tada@example.com\n'],
    ['|', 'First Name|Last Name|Email\nZoë|Müller|zoe@example.com\nAda|Lovelace|ada@example.com\n'],
  ] as const)('recognises %j with and without a header check', (delimiter, text) => {
    // Act / Assess
    expect(detectDelimiter(text, looksLikeHeader)).toBe(delimiter);
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('finds the header of a LinkedIn export below its notes', () => {
    // Act / Assess
    expect(detectDelimiter(LINKEDIN, looksLikeHeader)).toBe(',');
    expect(detectDelimiter(LINKEDIN)).toBe(',');
  });

  it('recognises semicolons in a European Excel file whose amounts have decimal commas', () => {
    // Prepare
    const text =
      'Name;Email;Revenue\nZoë Müller;zoe@example.com;1234,50\nJosé;jose@example.com;99,95\nAda;ada@example.com;7,5\n';

    // Act / Assess
    expect(detectDelimiter(text, looksLikeHeader)).toBe(';');
    expect(detectDelimiter(text)).toBe(';');
  });

  it('recognises tabs when values hold commas', () => {
    // Prepare
    const text =
      'Company\tEmail\tAddress\n"Acme, Inc."\ta@example.com\t1 Main St, Springfield, IL\nBeta\tb@example.com\t2 High St, Leeds\n';

    // Act / Assess
    expect(detectDelimiter(text, looksLikeHeader)).toBe('\t');
    expect(detectDelimiter(text)).toBe('\t');
  });

  it('ignores delimiters inside quoted values', () => {
    // Prepare
    const text = 'email;notes\na@example.com;"x,y,z,w"\nb@example.com;"1,2,3,4"\n';

    // Act / Assess
    expect(detectDelimiter(text)).toBe(';');
  });

  it('prefers the delimiter whose header the header check accepts', () => {
    // Prepare: with `,` every row splits in two, but no header cell names a field.
    const text = 'Title;Email\nDr., Jones;j@example.com\nMr., Smith;s@example.com\n';

    // Act / Assess
    expect(detectDelimiter(text, looksLikeHeader)).toBe(';');
  });

  it('chooses a comma for a single-column file', () => {
    // Act / Assess
    expect(detectDelimiter('email\na@example.com\nb@example.com\n', looksLikeHeader)).toBe(',');
    expect(detectDelimiter('email\na@example.com\n')).toBe(',');
  });

  it('chooses a comma when the sample is empty', () => {
    // Act / Assess
    expect(detectDelimiter('')).toBe(',');
  });

  it('drops a last line the sample cuts off', () => {
    // Prepare: the cut line would be the only one where `,` splits.
    const text = `email;name\n${'a@example.com;Ada\n'.repeat(3)}b@example.com;Jones, Bo`;

    // Act / Assess
    expect(detectDelimiter(text)).toBe(';');
  });

  it('copes with a sample that ends inside a quoted multi-line value', () => {
    // Prepare
    const text = 'email|notes\na@example.com|"first line\nsecond line"\nb@example.com|"cut, here\nand';

    // Act / Assess
    expect(detectDelimiter(text, looksLikeHeader)).toBe('|');
  });

  it('follows an Excel sep= line', () => {
    // Act / Assess
    expect(detectDelimiter('sep=|\r\nname,email|notes\nAda,x|y\n')).toBe('|');
  });
});

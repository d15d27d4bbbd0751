import { describe, expect, it } from 'vitest';
import type { CustomField } from '../../../shared/domain/fields.js';
import { mapColumns } from '../../../shared/domain/map-headers.js';
import { createRowReader, type RowReader, readRow } from '../../../shared/domain/read-row.js';
import { isImportError } from '../../../shared/errors.js';

const accountId: CustomField = {
  key: 'account_id',
  label: 'Account ID',
  type: 'text',
  mapsTo: 'external_id',
};
const score: CustomField = { key: 'score', label: 'Score', type: 'number' };
const birthday: CustomField = { key: 'birthday', label: 'Birthday', type: 'date' };
const vip: CustomField = { key: 'is_vip', label: 'VIP', type: 'boolean' };
const notes: CustomField = { key: 'notes', label: 'Notes', type: 'text' };

/** A reader for an inline CSV header, mapped as an import would map it. */
const readerFor = (header: string, defaultCountry = 'US', customFields: CustomField[] = []): RowReader =>
  createRowReader({ mapping: mapColumns(header.split(','), { customFields }).mapping, defaultCountry });

describe('readRow: values', () => {
  it('reads every built-in field of a row', () => {
    // Prepare
    const read = readerFor('Full Name,First Name,Last Name,Email,Phone,Company,Job Title,Tags');

    // Act
    const reading = read([
      'Jane Doe',
      'Jane',
      'Doe',
      'Jane.Doe@Example.com',
      '(415) 555-2671',
      'Acme Inc.',
      'CTO',
      'vip; partner',
    ]);

    // Assess
    expect(reading).toEqual({
      kind: 'values',
      values: {
        fullName: 'Jane Doe',
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane.doe@example.com',
        phone: '+14155552671',
        companyName: 'Acme Inc.',
        jobTitle: 'CTO',
        tags: ['vip', 'partner'],
      },
    });
  });

  it('trims cells and leaves empty cells out of the values', () => {
    // Prepare
    const read = readerFor('First Name,Last Name,Email,Company');

    // Act
    const reading = read(['  Jane ', '   ', ' jane@example.com ', '']);

    // Assess
    expect(reading).toEqual({ kind: 'values', values: { firstName: 'Jane', email: 'jane@example.com' } });
  });

  it('reads a row shorter than the header, its missing cells empty', () => {
    // Prepare
    const read = readerFor('Email,First Name,Last Name,Company');

    // Act
    const reading = read(['jane@example.com']);

    // Assess
    expect(reading).toEqual({ kind: 'values', values: { email: 'jane@example.com' } });
  });

  it('does not derive the full name from first and last name', () => {
    // Prepare
    const read = readerFor('First Name,Last Name');

    // Act
    const reading = read(['Jane', 'Doe']);

    // Assess
    expect(reading).toEqual({ kind: 'values', values: { firstName: 'Jane', lastName: 'Doe' } });
  });

  it('removes the apostrophe the error report puts before = + - @', () => {
    // Prepare
    const read = readerFor('Name,Phone,Company,Job Title');

    // Act
    const reading = read(["'=Jane", "'+44 20 7946 0958", "'@Acme", "'-CTO-"]);

    // Assess
    expect(reading).toEqual({
      kind: 'values',
      values: { fullName: '=Jane', phone: '+442079460958', companyName: '@Acme', jobTitle: '-CTO-' },
    });
  });

  it('ignores the cells of unmapped and ignored columns, whatever they hold', () => {
    // Prepare
    const mapping = mapColumns(['Email', 'Notes', 'Phone'], {
      customFields: [],
      mapping: { Phone: 'ignore' },
    });
    const read = createRowReader({ mapping: mapping.mapping, defaultCountry: 'US' });

    // Act
    const reading = read(['jane@example.com', 'x'.repeat(5000), 'not a phone']);

    // Assess
    expect(reading).toEqual({ kind: 'values', values: { email: 'jane@example.com' } });
  });

  it('keeps names of any script as they are', () => {
    // Prepare
    const read = readerFor('First Name,Last Name,Company');

    // Act
    const readings = [
      read(['José', 'Núñez', 'Telefónica']),
      read(['Łukasz', 'Żółć', 'Żabka']),
      read(['小龍', '李', '嘉禾']),
      read(['محمد', 'الفارسي', 'أرامكو']),
      read(['Ελένη', 'Παπαδοπούλου', '']),
      read(['Zoë', "O'Brien-Smith", '']),
    ];

    // Assess
    expect(
      readings.map((reading) => (reading.kind === 'values' ? reading.values.lastName : reading.kind)),
    ).toEqual(['Núñez', 'Żółć', '李', 'الفارسي', 'Παπαδοπούλου', "O'Brien-Smith"]);
    expect(readings[2]).toEqual({
      kind: 'values',
      values: { firstName: '小龍', lastName: '李', companyName: '嘉禾' },
    });
  });
});

describe('readRow: several columns for one field', () => {
  it('takes the first non-empty value from the left', () => {
    // Prepare
    const read = readerFor('Name,Business Phone,Mobile Phone,Home Phone');

    // Act
    const reading = read(['Jane', '', '(415) 555-2671', '(415) 555-9999']);

    // Assess
    expect(reading).toEqual({ kind: 'values', values: { fullName: 'Jane', phone: '+14155552671' } });
  });

  it('does not check the values that lose to an earlier column', () => {
    // Prepare
    const read = readerFor('E-mail Address,E-mail 2 Address,Business Phone,Home Phone');

    // Act
    const reading = read(['jane@example.com', 'not an email', '415 555 2671', 'not a phone']);

    // Assess
    expect(reading).toEqual({ kind: 'values', values: { email: 'jane@example.com', phone: '+14155552671' } });
  });

  it('checks the first non-empty value even when a later column would be valid', () => {
    // Prepare
    const read = readerFor('E-mail 1 - Value,E-mail 2 - Value');

    // Act
    const reading = read(['jane@', 'jane@example.com']);

    // Assess
    expect(reading).toMatchObject({ kind: 'errored', code: 'invalid_email', column: 'E-mail 1 - Value' });
  });

  it("uses the first of the values a Google Contacts cell separates with ' ::: ', noting the emails left out", () => {
    // Prepare
    const read = readerFor('Name,E-mail 1 - Value,Phone 1 - Value');

    // Act
    const reading = read([
      'Jane',
      'Jane@Example.com ::: jane@work.example',
      '+1 415-555-2671 ::: +1 415-555-9999',
    ]);

    // Assess
    expect(reading).toEqual({
      kind: 'values',
      values: { fullName: 'Jane', email: 'jane@example.com', phone: '+14155552671' },
      notes: ['extra_emails_ignored'],
    });
  });
});

describe('readRow: skipped rows', () => {
  it('skips a row whose cells are all empty as empty_row', () => {
    // Prepare
    const read = readerFor('Name,Email');

    // Act / Assess
    expect(read(['', '  '])).toMatchObject({ kind: 'skipped', code: 'empty_row' });
    expect(read([])).toMatchObject({ kind: 'skipped', code: 'empty_row' });
    expect(read(['', '', '', ''])).toMatchObject({ kind: 'skipped', code: 'empty_row' });
  });

  it('skips a row with no name, email or phone as no_identity', () => {
    // Prepare
    const read = readerFor('Name,Email,Phone,Company,Tags,Score', 'US', [score]);

    // Act
    const reading = read(['', '', '', 'Acme', 'vip', '12']);

    // Assess
    expect(reading).toEqual({ kind: 'skipped', code: 'no_identity', message: expect.any(String) });
  });

  it('skips a row whose only values are in unmapped columns as no_identity', () => {
    // Prepare
    const read = readerFor('Email,Notes');

    // Act / Assess
    expect(read(['', 'called twice'])).toMatchObject({ kind: 'skipped', code: 'no_identity' });
  });

  it.each([
    ['a full name', ['Jane', '', '', '', '']],
    ['a first name', ['', 'Jane', '', '', '']],
    ['a last name', ['', '', 'Doe', '', '']],
    ['an email', ['', '', '', 'jane@example.com', '']],
    ['a phone', ['', '', '', '', '415 555 2671']],
  ])('reads a row whose only identity is %s', (_, cells) => {
    // Prepare
    const read = readerFor('Full Name,First Name,Last Name,Email,Phone');

    // Act / Assess
    expect(read(cells).kind).toBe('values');
  });

  it('errors rather than skips a row whose only identity is an invalid email', () => {
    // Prepare
    const read = readerFor('Email,Company');

    // Act / Assess
    expect(read(['jane@', 'Acme'])).toMatchObject({ kind: 'errored', code: 'invalid_email' });
  });
});

describe('readRow: extra columns', () => {
  it('errors a row with a non-empty cell past the header as extra_columns', () => {
    // Prepare
    const read = readerFor('Name,Email,Phone,Company,Job Title,Tags');

    // Act
    const reading = read(['Jane', 'jane@example.com', '', 'Acme', 'CTO', '', 'Smith & Co']);

    // Assess
    expect(reading).toEqual({
      kind: 'errored',
      code: 'extra_columns',
      column: 'column 7',
      message: expect.stringContaining('"Smith & Co"'),
    });
  });

  it('accepts empty cells past the header', () => {
    // Prepare
    const read = readerFor('Name,Email');

    // Act / Assess
    expect(read(['Jane', 'jane@example.com', '', '  '])).toEqual({
      kind: 'values',
      values: { fullName: 'Jane', email: 'jane@example.com' },
    });
  });

  it('reports extra columns before an invalid value', () => {
    // Prepare
    const read = readerFor('Name,Email');

    // Act / Assess
    expect(read(['Jane', 'jane@', 'x'])).toMatchObject({ code: 'extra_columns', column: 'column 3' });
  });
});

describe('readRow: email', () => {
  it('lower-cases the email', () => {
    // Prepare
    const read = readerFor('Email');

    // Act / Assess
    expect(read(['JANE@EXAMPLE.COM'])).toEqual({ kind: 'values', values: { email: 'jane@example.com' } });
  });

  it.each(['jane@', '@example.com', 'jane', 'jane@example', 'jane@@example.com', 'jane doe@example.com'])(
    'errors %j as invalid_email, naming the value and the header',
    (email) => {
      // Prepare
      const read = readerFor('Name,E-mail Address');

      // Act
      const reading = read(['Jane', email]);

      // Assess
      expect(reading).toEqual({
        kind: 'errored',
        code: 'invalid_email',
        column: 'E-mail Address',
        message: expect.stringContaining(`"${email}" is not a valid email address`),
      });
    },
  );

  it('accepts an email of 254 characters and errors one of 255 as value_too_long', () => {
    // Prepare
    const read = readerFor('Email');
    const longest = `${'a'.repeat(64)}@${'b'.repeat(185)}.com`;
    const tooLong = `${'a'.repeat(65)}@${'b'.repeat(185)}.com`;

    // Act / Assess
    expect(longest).toHaveLength(254);
    expect(read([longest])).toEqual({ kind: 'values', values: { email: longest } });
    expect(read([tooLong])).toMatchObject({ kind: 'errored', code: 'value_too_long', column: 'Email' });
  });
});

describe('readRow: phone', () => {
  it.each([
    ['US', '(415) 555-2671 x123', '+14155552671'],
    ['US', '+44 20 7946 0958', '+442079460958'],
    ['US', '0044 20 7946 0958', '+442079460958'],
    ['GB', '020 7946 0958', '+442079460958'],
    ['GB', '07911 123456', '+447911123456'],
    ['DE', '030 1234567', '+49301234567'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['IN', '98765 43210', '+919876543210'],
    ['gb', '020 7946 0958', '+442079460958'],
  ])('reads phones in the default country %s: %j is %s', (country, text, e164) => {
    // Prepare
    const read = readerFor('Phone', country);

    // Act / Assess
    expect(read([text])).toEqual({ kind: 'values', values: { phone: e164 } });
  });

  it('reads one national number differently in different default countries', () => {
    // Prepare
    const inGb = readerFor('Phone', 'GB');
    const inFr = readerFor('Phone', 'FR');

    // Act / Assess
    expect(inGb(['0121 234 5678'])).toMatchObject({ values: { phone: '+441212345678' } });
    expect(inFr(['01 42 68 53 00'])).toMatchObject({ values: { phone: '+33142685300' } });
    expect(inFr(['020 7946 0958'])).toMatchObject({ kind: 'errored', code: 'invalid_phone' });
  });

  it('errors an invalid phone as invalid_phone, naming the value and what is expected', () => {
    // Prepare
    const read = readerFor('Name,Mobile Phone');

    // Act
    const reading = read(['Jane', '555-0100']);

    // Assess
    expect(reading).toEqual({
      kind: 'errored',
      code: 'invalid_phone',
      column: 'Mobile Phone',
      message: expect.stringMatching(/^"555-0100" is not a valid phone number \(expected a US number/),
    });
  });

  it('refuses to read with a default country it does not know', () => {
    // Prepare
    const { mapping } = mapColumns(['Phone'], { customFields: [] });

    // Act
    let error: unknown;
    try {
      createRowReader({ mapping, defaultCountry: 'ZZ' });
    } catch (thrown) {
      error = thrown;
    }

    // Assess
    expect(isImportError(error, 'invalid_request')).toBe(true);
  });
});

describe('readRow: lengths', () => {
  it.each([
    ['First Name', 256],
    ['Last Name', 256],
    ['Full Name', 256],
    ['Company', 256],
    ['Job Title', 256],
  ])('accepts %s up to %d characters and errors a longer one as value_too_long', (header, limit) => {
    // Prepare
    const read = readerFor(`Email,${header}`);

    // Act
    const atLimit = read(['jane@example.com', 'x'.repeat(limit)]);
    const overLimit = read(['jane@example.com', 'x'.repeat(limit + 1)]);

    // Assess
    expect(atLimit.kind).toBe('values');
    expect(overLimit).toEqual({
      kind: 'errored',
      code: 'value_too_long',
      column: header,
      message: expect.stringContaining(`${limit + 1} characters where at most ${limit} are allowed`),
    });
  });

  it('counts characters, not UTF-16 units, so 256 emoji make a valid name', () => {
    // Prepare
    const read = readerFor('Name');

    // Act / Assess
    expect(read(['😀'.repeat(256)]).kind).toBe('values');
    expect(read(['😀'.repeat(257)])).toMatchObject({ code: 'value_too_long' });
  });

  it('quotes only the start of a long value in the message', () => {
    // Prepare
    const read = readerFor('Name');

    // Act
    const reading = read(['x'.repeat(3000)]);

    // Assess
    expect(reading.kind === 'errored' && reading.message.length).toBeLessThan(200);
  });
});

describe('readRow: tags', () => {
  it('splits, trims and de-duplicates tags case-insensitively, keeping the first spelling', () => {
    // Prepare
    const read = readerFor('Email,Tags');

    // Act
    const reading = read(['jane@example.com', 'VIP, lead;vip | Partner ,, LEAD']);

    // Assess
    expect(reading).toEqual({
      kind: 'values',
      values: { email: 'jane@example.com', tags: ['VIP', 'lead', 'Partner'] },
    });
  });

  it('reads a tags cell of only separators as no tags, letting a later tags column give them', () => {
    // Prepare
    const read = readerFor('Email,Categories,Labels');

    // Act / Assess
    expect(read(['jane@example.com', ' ; , ', 'Friends'])).toEqual({
      kind: 'values',
      values: { email: 'jane@example.com', tags: ['Friends'] },
    });
    expect(read(['jane@example.com', ' ; , ', ''])).toEqual({
      kind: 'values',
      values: { email: 'jane@example.com' },
    });
  });

  it('accepts a tag of 64 characters and 100 tags, and errors a longer tag or more tags as value_too_long', () => {
    // Prepare
    const read = readerFor('Email,Tags');
    const hundred = Array.from({ length: 100 }, (_, index) => `tag${index}`).join(',');

    // Act / Assess
    expect(read(['jane@example.com', 't'.repeat(64)]).kind).toBe('values');
    expect(read(['jane@example.com', hundred]).kind).toBe('values');
    expect(read(['jane@example.com', `ok,${'t'.repeat(65)}`])).toMatchObject({
      code: 'value_too_long',
      column: 'Tags',
    });
    expect(read(['jane@example.com', `${hundred},one more`])).toMatchObject({
      code: 'value_too_long',
      message: expect.stringContaining('101 tags'),
    });
  });

  it('counts duplicates once toward the 100 tags', () => {
    // Prepare
    const read = readerFor('Email,Tags');
    const hundred = Array.from({ length: 100 }, (_, index) => `tag${index}`).join(',');

    // Act / Assess
    expect(read(['jane@example.com', `${hundred},TAG0,Tag1`]).kind).toBe('values');
  });
});

describe('readRow: custom fields', () => {
  const read = readerFor('Email,Score,Birthday,Is VIP,Notes,External ID', 'US', [
    score,
    birthday,
    vip,
    notes,
    accountId,
  ]);

  it('reads each custom field by its type', () => {
    // Act
    const reading = read(['jane@example.com', '1,234.5', '1990-02-28', 'Yes', 'Met at the fair', 'A-00042']);

    // Assess
    expect(reading).toEqual({
      kind: 'values',
      values: {
        email: 'jane@example.com',
        customFields: {
          score: 1234.5,
          birthday: '1990-02-28',
          is_vip: true,
          notes: 'Met at the fair',
          account_id: 'A-00042',
        },
      },
    });
  });

  it('leaves empty custom cells out', () => {
    // Act / Assess
    expect(read(['jane@example.com', '', '', '0', '', ''])).toEqual({
      kind: 'values',
      values: { email: 'jane@example.com', customFields: { is_vip: false } },
    });
  });

  it.each([
    ['Score', ['jane@example.com', '12abc'], '"12abc" is not a number'],
    ['Score', ['jane@example.com', 'NaN'], '"NaN" is not a number'],
    ['Score', ['jane@example.com', 'Infinity'], '"Infinity" is not a number'],
    [
      'Birthday',
      ['jane@example.com', '', '2023-02-29'],
      '"2023-02-29" is not a valid date (expected YYYY-MM-DD',
    ],
    ['Birthday', ['jane@example.com', '', '28/02/1990'], '"28/02/1990" is not a valid date'],
    ['Is VIP', ['jane@example.com', '', '', 'maybe'], '"maybe" is not a yes/no value'],
  ])('errors an invalid value in %s as invalid_value', (column, cells, message) => {
    // Act
    const reading = read(cells);

    // Assess
    expect(reading).toEqual({
      kind: 'errored',
      code: 'invalid_value',
      column,
      message: expect.stringContaining(message),
    });
  });

  it('accepts custom text up to 2048 characters and errors a longer one as value_too_long', () => {
    // Act / Assess
    expect(read(['jane@example.com', '', '', '', 'n'.repeat(2048)]).kind).toBe('values');
    expect(read(['jane@example.com', '', '', '', 'n'.repeat(2049)])).toMatchObject({
      code: 'value_too_long',
      column: 'Notes',
    });
  });
});

describe('readRow: which error', () => {
  it('reports the first invalid cell from the left', () => {
    // Prepare
    const read = readerFor('Phone,Email,Score', 'US', [score]);

    // Act
    const reading = read(['123', 'jane@', 'abc']);

    // Assess
    expect(reading).toMatchObject({ kind: 'errored', code: 'invalid_phone', column: 'Phone' });
  });

  it('reports the first invalid cell from the left even when its field comes later in the list', () => {
    // Prepare
    const read = readerFor('Score,Email', 'US', [score]);

    // Act / Assess
    expect(read(['abc', 'jane@'])).toMatchObject({ code: 'invalid_value', column: 'Score' });
  });
});

describe('readRow: convenience', () => {
  it('reads a row with the mapping and default country given', () => {
    // Prepare
    const { mapping } = mapColumns(['Name', 'Phone'], { customFields: [] });

    // Act
    const inGb = readRow(['Jane', '020 7946 0958'], { mapping, defaultCountry: 'GB' });
    const inUs = readRow(['Jane', '020 7946 0958'], { mapping, defaultCountry: 'US' });

    // Assess
    expect(inGb).toEqual({ kind: 'values', values: { fullName: 'Jane', phone: '+442079460958' } });
    expect(inUs).toMatchObject({ kind: 'errored', code: 'invalid_phone' });
  });

  it('returns a new values object for every row', () => {
    // Prepare
    const read = readerFor('Email,Tags');

    // Act
    const first = read(['jane@example.com', 'a']);
    const second = read(['bob@example.com', '']);

    // Assess
    expect(first).toEqual({ kind: 'values', values: { email: 'jane@example.com', tags: ['a'] } });
    expect(second).toEqual({ kind: 'values', values: { email: 'bob@example.com' } });
  });
});

describe("readRow: the row's country for its phone", () => {
  it('reads a national number in the country the row names, before the default (a Swedish 08 number)', () => {
    // Prepare
    const read = readerFor('Name,Phone,Mailing Country', 'US');

    // Act
    const reading = read(['Sven', '08-123 456 78', 'Sweden']);

    // Assess
    expect(reading).toEqual({ kind: 'values', values: { fullName: 'Sven', phone: '+46812345678' } });
  });

  it.each([
    ['SE', '+46812345678'],
    ['se', '+46812345678'],
    ['Schweden', '+46812345678'],
    ['Suède', '+46812345678'],
    ['Suecia', '+46812345678'],
    ['Zweden', '+46812345678'],
  ])('takes the country cell %j', (country, phone) => {
    // Prepare
    const read = readerFor('Name,Phone,Country');

    // Act
    const reading = read(['Sven', '08-123 456 78', country]);

    // Assess
    expect(reading).toMatchObject({ kind: 'values', values: { phone } });
  });

  it("reads UK as GB in a country cell, and falls back to the import's default for a country it does not know", () => {
    // Prepare
    const read = readerFor('Name,Phone,Country', 'US');

    // Act
    const british = read(['Ann', '020 7946 0958', 'UK']);
    const unknown = read(['Bob', '(415) 555-0132', 'Atlantis']);
    const empty = read(['Cy', '(415) 555-0133', '']);

    // Assess
    expect(british).toMatchObject({ values: { phone: '+442079460958' } });
    expect(unknown).toMatchObject({ values: { phone: '+14155550132' } });
    expect(empty).toMatchObject({ values: { phone: '+14155550133' } });
  });

  it('keeps an international number as it is, whatever the row country', () => {
    // Prepare
    const read = readerFor('Name,Phone,Country');

    // Act
    const reading = read(['Ann', '+1 415 555 0132', 'Germany']);

    // Assess
    expect(reading).toMatchObject({ values: { phone: '+14155550132' } });
  });

  it("names the row's country when its number is not valid there", () => {
    // Prepare
    const read = readerFor('Name,Phone,Country');

    // Act
    const reading = read(['Ann', '12', 'France']);

    // Assess
    expect(reading).toMatchObject({ kind: 'errored', code: 'invalid_phone', column: 'Phone' });
    expect(reading.kind === 'errored' && reading.message).toContain('FR number');
  });

  it('stores the country cell in the custom field the column maps to, and reads the phone in that country', () => {
    // Prepare
    const country: CustomField = { key: 'country', label: 'Country', type: 'text' };
    const read = readerFor('Name,Phone,Country', 'US', [country]);

    // Act
    const reading = read(['Sven', '08-123 456 78', 'Sweden']);

    // Assess
    expect(reading).toEqual({
      kind: 'values',
      values: { fullName: 'Sven', phone: '+46812345678', customFields: { country: 'Sweden' } },
    });
  });
});

describe('readRow: a cell of several email addresses', () => {
  it.each([
    ['a@x.example, b@x.example'],
    ['a@x.example; b@x.example'],
    ['a@x.example ::: b@x.example'],
    ['not-an-address, A@x.example'],
  ])('takes the first valid address of %j and notes extra_emails_ignored', (cell) => {
    // Prepare
    const read = readerFor('Name,Email');

    // Act
    const reading = read(['Ann', cell]);

    // Assess
    expect(reading).toEqual({
      kind: 'values',
      values: { fullName: 'Ann', email: 'a@x.example' },
      notes: ['extra_emails_ignored'],
    });
  });

  it('errors the row invalid_email naming the first address when none of them is valid', () => {
    // Prepare
    const read = readerFor('Name,Email');

    // Act
    const reading = read(['Ann', 'nobody, nobody else']);

    // Assess
    expect(reading).toMatchObject({ kind: 'errored', code: 'invalid_email', column: 'Email' });
    expect(reading.kind === 'errored' && reading.message).toContain('"nobody"');
  });

  it('notes nothing for a cell of one address', () => {
    // Prepare
    const read = readerFor('Name,Email');

    // Act
    const reading = read(['Ann', 'a@x.example']);

    // Assess
    expect(reading).toEqual({ kind: 'values', values: { fullName: 'Ann', email: 'a@x.example' } });
  });
});

describe('readRow: Unicode (SPEC §3)', () => {
  it('normalises text to NFC and removes controls, zero-width marks, soft hyphens and bidi controls', () => {
    // Prepare: a name typed in NFD, with a NUL, a zero-width space, a soft hyphen and a right-to-left override.
    const read = readerFor('First Name,Last Name,Company,Job Title,Tags,Notes', 'US', [notes]);
    // Act
    const reading = read([
      'Jose\u0301',
      'Mu\u0000l\u200bler',
      'Ac\u00adme\u202e',
      '\u200eCEO\u2069',
      't\u200b1;t1;\ufeffT2',
      'line one\nline\ttwo\u0007',
    ]);
    // Assess
    expect(reading).toEqual({
      kind: 'values',
      values: {
        firstName: 'José',
        lastName: 'Muller',
        companyName: 'Acme',
        jobTitle: 'CEO',
        tags: ['t1', 'T2'],
        customFields: { notes: 'line one\nline\ttwo' },
      },
    });
  });

  it('reads a cell of only invisible characters as no value', () => {
    const read = readerFor('Email,First Name');
    expect(read(['a@x.com', '\u200b\u200e'])).toEqual({ kind: 'values', values: { email: 'a@x.com' } });
  });

  it.each([
    ['a@x.com\u200e', 'a trailing left-to-right mark'],
    ['a\u00ad@x.com', 'a soft hyphen'],
    ['a@x\u0000.com', 'a NUL'],
    ['\u202ea@x.com', 'a bidi override'],
  ])('errors an email with an invisible character, %j (%s), as invalid_email', (email) => {
    const read = readerFor('Email');
    expect(read([email])).toMatchObject({ kind: 'errored', code: 'invalid_email', column: 'Email' });
  });

  it('reads an email typed in NFD as the NFC one', () => {
    const read = readerFor('Email');
    expect(read(['JOSE\u0301@x.com'])).toEqual({ kind: 'values', values: { email: 'jos\u00e9@x.com' } });
  });
});

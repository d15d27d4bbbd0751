import { describe, expect, it } from 'vitest';
import type { CustomField } from '../../../shared/domain/fields.js';
import {
  findHeaderRow,
  isHeaderRow,
  type MappingContext,
  mapColumns,
  validateMapping,
} from '../../../shared/domain/map-headers.js';
import { isImportError } from '../../../shared/errors.js';

const noCustomFields: MappingContext = { customFields: [] };

const accountId: CustomField = {
  key: 'account_id',
  label: 'Account ID',
  type: 'text',
  mapsTo: 'external_id',
};
const birthday: CustomField = { key: 'birthday', label: 'Birthday', type: 'date' };
const vip: CustomField = { key: 'is_vip', label: 'VIP', type: 'boolean' };

/** The summary's field per header, for compact assertions. */
const fieldsOf = (header: string, ctx: MappingContext = noCustomFields): Record<string, string | null> =>
  Object.fromEntries(
    mapColumns(header.split(','), ctx).columns.map((column) => [column.header, column.field]),
  );

const mappedOnly = (fields: Record<string, string | null>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null));

const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('mapColumns: exact field names', () => {
  it('maps headers that name a field whatever their case, spaces or punctuation', () => {
    // Prepare
    const header = 'First Name,last-name,EMAIL,Phone,company_name,Job Title,TAGS,Full Name';

    // Act
    const fields = fieldsOf(header);

    // Assess
    expect(fields).toEqual({
      'First Name': 'first_name',
      'last-name': 'last_name',
      EMAIL: 'email',
      Phone: 'phone',
      company_name: 'company_name',
      'Job Title': 'job_title',
      TAGS: 'tags',
      'Full Name': 'full_name',
    });
  });

  it('returns one target per column, the header text trimmed', () => {
    // Act
    const { mapping } = mapColumns([' Email ', 'Notes', 'first name'], noCustomFields);

    // Assess
    expect(mapping).toEqual({
      headers: ['Email', 'Notes', 'first name'],
      targets: [
        { kind: 'field', field: 'email' },
        { kind: 'ignore' },
        { kind: 'field', field: 'first_name' },
      ],
    });
  });

  it('lists columns that map to nothing with field null, without a warning', () => {
    // Act
    const result = mapColumns(['Email', 'Notes', ''], noCustomFields);

    // Assess
    expect(result.columns).toEqual([
      { header: 'Email', field: 'email' },
      { header: 'Notes', field: null },
      { header: '', field: null },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('fails the import when the header has more than 500 columns', () => {
    // Prepare
    const headers = ['Email', ...Array.from({ length: 500 }, (_, index) => `Column ${index}`)];

    // Act
    const error = thrownBy(() => mapColumns(headers, noCustomFields));

    // Assess
    expect(isImportError(error, 'too_many_columns')).toBe(true);
  });

  it('accepts exactly 500 columns', () => {
    // Prepare
    const headers = ['Email', ...Array.from({ length: 499 }, (_, index) => `Column ${index}`)];

    // Act
    const result = mapColumns(headers, noCustomFields);

    // Assess
    expect(result.columns).toHaveLength(500);
  });
});

describe('mapColumns: exports of other products', () => {
  it('maps the old Google Contacts export', () => {
    // Prepare
    const header =
      'Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,' +
      'Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,' +
      'Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,' +
      'E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,' +
      'Phone 2 - Type,Phone 2 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,' +
      'Organization 1 - Title,Organization 1 - Department,Organization 1 - Symbol,Organization 1 - Location,' +
      'Organization 1 - Job Description,Website 1 - Type,Website 1 - Value';

    // Act
    const fields = fieldsOf(header);

    // Assess
    expect(mappedOnly(fields)).toEqual({
      Name: 'full_name',
      'Given Name': 'first_name',
      'Family Name': 'last_name',
      Occupation: 'job_title',
      'Group Membership': 'tags',
      'E-mail 1 - Value': 'email',
      'E-mail 2 - Value': 'email',
      'Phone 1 - Value': 'phone',
      'Phone 2 - Value': 'phone',
      'Organization 1 - Name': 'company_name',
      'Organization 1 - Title': 'job_title',
    });
  });

  it('maps the Google Contacts export of 2023 and later', () => {
    // Prepare
    const header =
      'First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,' +
      'Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,' +
      'Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,' +
      'Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,' +
      'Address 1 - City,Address 1 - Country';

    // Act
    const fields = fieldsOf(header);

    // Assess
    expect(mappedOnly(fields)).toEqual({
      'First Name': 'first_name',
      'Last Name': 'last_name',
      'Organization Name': 'company_name',
      'Organization Title': 'job_title',
      Labels: 'tags',
      'E-mail 1 - Value': 'email',
      'E-mail 2 - Value': 'email',
      'Phone 1 - Value': 'phone',
      'Phone 2 - Value': 'phone',
      'Address 1 - Country': 'phone_country',
    });
  });

  it('maps the Outlook export, leaving its Title (Mr./Dr.) unmapped beside Job Title', () => {
    // Prepare
    const header =
      'Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,Business Street,Business City,' +
      "Business Postal Code,Business Country/Region,Assistant's Phone,Business Fax,Business Phone,Business Phone 2," +
      'Callback,Car Phone,Company Main Phone,Home Fax,Home Phone,Home Phone 2,ISDN,Mobile Phone,Other Fax,' +
      'Other Phone,Pager,Primary Phone,Radio Phone,TTY/TDD Phone,Telex,Account,Anniversary,Birthday,Categories,' +
      'E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,E-mail 2 Type,E-mail 2 Display Name,' +
      'E-mail 3 Address,E-mail 3 Type,E-mail 3 Display Name,Gender,Initials,Keywords,Notes,Profession,Web Page';

    // Act
    const fields = fieldsOf(header);

    // Assess
    expect(fields.Title).toBeNull();
    expect(mappedOnly(fields)).toEqual({
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Company: 'company_name',
      'Job Title': 'job_title',
      'Business Country/Region': 'phone_country',
      'Business Phone': 'phone',
      'Business Phone 2': 'phone',
      'Home Phone': 'phone',
      'Home Phone 2': 'phone',
      'Mobile Phone': 'phone',
      'Other Phone': 'phone',
      'Primary Phone': 'phone',
      Categories: 'tags',
      'E-mail Address': 'email',
      'E-mail 2 Address': 'email',
      'E-mail 3 Address': 'email',
    });
  });

  it('maps the HubSpot export, leaving Record ID unmapped', () => {
    // Prepare
    const header =
      'Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Company Name,Job Title,' +
      'Contact owner,Lead status,Create Date,Associated Company';

    // Act
    const fields = fieldsOf(header);

    // Assess
    expect(fields['Record ID']).toBeNull();
    expect(mappedOnly(fields)).toEqual({
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      'Phone Number': 'phone',
      'Mobile Phone Number': 'phone',
      'Company Name': 'company_name',
      'Job Title': 'job_title',
    });
  });

  it('maps the LinkedIn connections export, leaving URL and Connected On unmapped', () => {
    // Prepare
    const header = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On';

    // Act
    const fields = fieldsOf(header);

    // Assess
    expect(fields).toEqual({
      'First Name': 'first_name',
      'Last Name': 'last_name',
      URL: null,
      'Email Address': 'email',
      Company: 'company_name',
      Position: 'job_title',
      'Connected On': null,
    });
  });
});

describe('mapColumns: exact names beat synonyms', () => {
  it('leaves synonym columns unmapped when a column names their field exactly', () => {
    // Act
    const fields = fieldsOf('Name,Mobile,E-mail Address,Phone,Email,Company,Organization');

    // Assess
    expect(fields).toEqual({
      Name: 'full_name',
      Mobile: null,
      'E-mail Address': null,
      Phone: 'phone',
      Email: 'email',
      Company: 'company_name',
      Organization: 'company_name',
    });
  });

  it('maps every synonym column of a field that no column names exactly', () => {
    // Act
    const fields = fieldsOf('Business Phone,Mobile Phone,Home Phone');

    // Assess
    expect(fields).toEqual({ 'Business Phone': 'phone', 'Mobile Phone': 'phone', 'Home Phone': 'phone' });
  });

  it('counts a field named by the explicit mapping as named exactly', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [], mapping: { 'Work Mail': 'email' } };

    // Act
    const fields = fieldsOf('Work Mail,Email Address', ctx);

    // Assess
    expect(fields).toEqual({ 'Work Mail': 'email', 'Email Address': null });
  });
});

describe('mapColumns: custom fields', () => {
  it('maps a column whose normalised header equals a custom field key', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [birthday, vip] };

    // Act
    const result = mapColumns(['Email', 'Birthday', 'IS VIP'], ctx);

    // Assess
    expect(result.columns.map((column) => column.field)).toEqual(['email', 'birthday', 'is_vip']);
    expect(result.mapping.targets[1]).toEqual({ kind: 'custom', key: 'birthday', field: birthday });
  });

  it('prefers a custom field key over a synonym of the same spelling', () => {
    // Prepare
    const mobile: CustomField = { key: 'mobile', label: 'Mobile', type: 'text' };

    // Act
    const fields = fieldsOf('Email,Mobile', { customFields: [mobile] });

    // Assess
    expect(fields).toEqual({ Email: 'email', Mobile: 'mobile' });
  });
});

describe('mapColumns: external_id', () => {
  it('routes an external_id column into the custom field that maps to external_id', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [birthday, accountId] };

    // Act
    const result = mapColumns(['External ID', 'Email'], ctx);

    // Assess
    expect(result.columns[0]).toEqual({ header: 'External ID', field: 'external_id' });
    expect(result.mapping.targets[0]).toEqual({ kind: 'custom', key: 'account_id', field: accountId });
    expect(result.warnings).toEqual([]);
  });

  it('ignores an external_id column with warning external_id_unmapped when no custom field maps to it', () => {
    // Act
    const result = mapColumns(['external_id', 'Email'], noCustomFields);

    // Assess
    expect(result.columns[0]).toEqual({ header: 'external_id', field: null });
    expect(result.mapping.targets[0]).toEqual({ kind: 'ignore' });
    expect(result.warnings).toEqual([
      { code: 'external_id_unmapped', message: expect.stringContaining('external_id') },
    ]);
  });

  it('routes a column mapped to external_id explicitly', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [accountId], mapping: { 'Acct #': 'external_id' } };

    // Act
    const result = mapColumns(['Acct #', 'Email'], ctx);

    // Assess
    expect(result.columns[0]).toEqual({ header: 'Acct #', field: 'external_id' });
    expect(result.mapping.targets[0]).toEqual({ kind: 'custom', key: 'account_id', field: accountId });
  });

  it('warns external_id_unmapped for a column mapped to external_id explicitly when no field maps to it', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [], mapping: { 'Acct #': 'external_id' } };

    // Act
    const result = mapColumns(['Acct #', 'Email'], ctx);

    // Assess
    expect(result.columns[0]).toEqual({ header: 'Acct #', field: null });
    expect(result.warnings.map((warning) => warning.code)).toEqual(['external_id_unmapped']);
  });

  it('shows the custom key for a column named by the key of the external-id field', () => {
    // Act
    const result = mapColumns(['Account ID'], { customFields: [accountId] });

    // Assess
    expect(result.columns[0]).toEqual({ header: 'Account ID', field: 'account_id' });
    expect(result.mapping.targets[0]).toEqual({ kind: 'custom', key: 'account_id', field: accountId });
  });
});

describe('mapColumns: explicit mapping', () => {
  it('overrides the automatic mapping of a column', () => {
    // Prepare
    const ctx: MappingContext = {
      customFields: [],
      mapping: { Email: 'ignore', 'Work Address': 'email', Notes: 'job_title' },
    };

    // Act
    const fields = fieldsOf('Email,Work Address,Notes', ctx);

    // Assess
    expect(fields).toEqual({ Email: null, 'Work Address': 'email', Notes: 'job_title' });
  });

  it('maps a column to a custom field by its key', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [birthday], mapping: { DOB: 'birthday' } };

    // Act
    const result = mapColumns(['Email', 'DOB'], ctx);

    // Assess
    expect(result.columns[1]).toEqual({ header: 'DOB', field: 'birthday' });
    expect(result.mapping.targets[1]).toEqual({ kind: 'custom', key: 'birthday', field: birthday });
  });

  it('matches mapping keys to headers by their normalised form when no header matches exactly', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [], mapping: { 'work-address': 'email' } };

    // Act
    const fields = fieldsOf('Work Address,Name', ctx);

    // Assess
    expect(fields).toEqual({ 'Work Address': 'email', Name: 'full_name' });
  });

  it('prefers the header that matches a key exactly over one that matches only once normalised', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [], mapping: { 'E-mail': 'ignore' } };

    // Act
    const fields = fieldsOf('Email,E-mail', ctx);

    // Assess
    expect(fields).toEqual({ Email: 'email', 'E-mail': null });
  });

  it('accepts a field name in the mapping written like a header', () => {
    // Prepare
    const ctx: MappingContext = {
      customFields: [],
      mapping: { 'Correo electrónico': 'Email', Nombre: 'First Name' },
    };

    // Act
    const fields = fieldsOf('Correo electrónico,Nombre', ctx);

    // Assess
    expect(fields).toEqual({ 'Correo electrónico': 'email', Nombre: 'first_name' });
  });

  it('warns mapping_header_not_found for a key that matches no header', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [], mapping: { 'Acct #': 'ignore' } };

    // Act
    const result = mapColumns(['Email'], ctx);

    // Assess
    expect(result.warnings).toEqual([
      { code: 'mapping_header_not_found', message: expect.stringContaining('Acct #') },
    ]);
  });

  it('throws unknown_field naming a mapping value that is no field', () => {
    // Prepare
    const ctx: MappingContext = { customFields: [], mapping: { 'Acct #': 'acount_id' } };

    // Act
    const error = thrownBy(() => mapColumns(['Acct #', 'Email'], ctx));

    // Assess
    expect(isImportError(error, 'unknown_field')).toBe(true);
    expect((error as Error).message).toContain('"acount_id"');
  });
});

describe('isHeaderRow', () => {
  it('is true when one column maps to a field', () => {
    // Act / Assess
    expect(isHeaderRow(['Notes', 'E-mail Address'], noCustomFields)).toBe(true);
  });

  it('is false for a data row or a note', () => {
    // Act / Assess
    expect(isHeaderRow(['Jane', 'jane@example.com', '+1 415 555 2671'], noCustomFields)).toBe(false);
    expect(isHeaderRow(['Notes:'], noCustomFields)).toBe(false);
    expect(isHeaderRow([], noCustomFields)).toBe(false);
  });

  it('counts a column the explicit mapping sends to a field, but not one it ignores', () => {
    // Prepare
    const mapsToEmail: MappingContext = { customFields: [], mapping: { Correo: 'email' } };
    const ignores: MappingContext = { customFields: [], mapping: { Correo: 'ignore' } };

    // Act / Assess
    expect(isHeaderRow(['Correo', 'Notas'], mapsToEmail)).toBe(true);
    expect(isHeaderRow(['Correo', 'Notas'], ignores)).toBe(false);
  });

  it('counts a custom field key', () => {
    // Act / Assess
    expect(isHeaderRow(['Birthday'], { customFields: [birthday] })).toBe(true);
  });

  it('does not count an external_id column that no custom field takes', () => {
    // Act / Assess
    expect(isHeaderRow(['External ID'], noCustomFields)).toBe(false);
    expect(isHeaderRow(['External ID'], { customFields: [accountId] })).toBe(true);
  });
});

describe('findHeaderRow', () => {
  it('finds the LinkedIn header below its notes', () => {
    // Prepare
    const rows = [
      ['Notes:'],
      [
        'When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address.',
      ],
      ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'],
      ['Jane', 'Doe', 'https://www.linkedin.com/in/janedoe', '', 'Acme', 'CTO', '01 Mar 2024'],
    ];

    // Act
    const index = findHeaderRow(rows, noCustomFields);

    // Assess
    expect(index).toBe(2);
  });

  it('finds the header in the first row', () => {
    // Act / Assess
    expect(findHeaderRow([['email'], ['jane@example.com']], noCustomFields)).toBe(0);
  });

  it('returns -1 when no row maps a column', () => {
    // Act / Assess
    expect(
      findHeaderRow(
        [
          ['Jane', 'jane@example.com'],
          ['Bob', 'bob@example.com'],
        ],
        noCustomFields,
      ),
    ).toBe(-1);
    expect(findHeaderRow([], noCustomFields)).toBe(-1);
  });
});

describe('validateMapping', () => {
  it('accepts built-in fields, custom keys, external_id with its field, and ignore', () => {
    // Prepare
    const mapping = { A: 'first_name', B: 'birthday', C: 'external_id', D: 'ignore', E: 'Email' };

    // Act / Assess
    expect(() => validateMapping(mapping, [birthday, accountId])).not.toThrow();
  });

  it('throws unknown_field naming the value that is no field', () => {
    // Act
    const error = thrownBy(() => validateMapping({ Notes: 'notes' }, [birthday]));

    // Assess
    expect(isImportError(error, 'unknown_field')).toBe(true);
    expect((error as Error).message).toContain('"notes"');
  });

  it('throws invalid_mapping when external_id is named but no custom field maps to it', () => {
    // Act
    const error = thrownBy(() => validateMapping({ 'Acct #': 'external_id' }, [birthday]));

    // Assess
    expect(isImportError(error, 'invalid_mapping')).toBe(true);
  });
});

describe('mapColumns: headers as real exports write them', () => {
  it('drops the prefix every header shares: Pipedrive people, old style', () => {
    // Prepare
    const header =
      'Person - ID,Person - Name,Person - First name,Person - Last name,Person - Organization,Person - Email - Work,' +
      'Person - Email - Home,Person - Phone - Work,Person - Phone - Mobile,Person - Label,Person - Owner';

    // Act
    const fields = mappedOnly(fieldsOf(header));

    // Assess
    expect(fields).toEqual({
      'Person - Name': 'full_name',
      'Person - First name': 'first_name',
      'Person - Last name': 'last_name',
      'Person - Organization': 'company_name',
      'Person - Email - Work': 'email',
      'Person - Email - Home': 'email',
      'Person - Phone - Work': 'phone',
      'Person - Phone - Mobile': 'phone',
      'Person - Label': 'tags',
    });
  });

  it('reads qualifiers without a prefix: Pipedrive people, newer style', () => {
    // Act
    const fields = mappedOnly(fieldsOf('Name,Organization,Email - Work,Email - Other,Phone - Mobile,Labels'));

    // Assess
    expect(fields).toEqual({
      Name: 'full_name',
      Organization: 'company_name',
      'Email - Work': 'email',
      'Email - Other': 'email',
      'Phone - Mobile': 'phone',
      Labels: 'tags',
    });
  });

  it('keeps headers whole when all of them share only a field name (Email - Work, Email - Home)', () => {
    // Act
    const fields = fieldsOf('Email - Work,Email - Home');

    // Assess
    expect(fields).toEqual({ 'Email - Work': 'email', 'Email - Home': 'email' });
  });

  it('maps German headers, the file that used to fail no_header', () => {
    // Act
    const fields = fieldsOf('Vorname,Nachname,E-Mail-Adresse,Telefonnummer,Firma');

    // Assess
    expect(fields).toEqual({
      Vorname: 'first_name',
      Nachname: 'last_name',
      'E-Mail-Adresse': 'email',
      Telefonnummer: 'phone',
      Firma: 'company_name',
    });
  });

  it('leaves a qualified column unmapped beside one that names its field exactly', () => {
    // Act
    const fields = fieldsOf('Email,Email - Work,Phone (mobile)');

    // Assess
    expect(fields).toEqual({ Email: 'email', 'Email - Work': null, 'Phone (mobile)': 'phone' });
  });

  it('lets a custom field key win over a qualified name, and the explicit mapping over both', () => {
    // Prepare
    const workEmail: CustomField = { key: 'work_email', label: 'Work email', type: 'text' };
    const ctx: MappingContext = { customFields: [workEmail], mapping: { 'Email (home)': 'ignore' } };

    // Act
    const fields = fieldsOf('Work Email,Email (home),Email (other)', ctx);

    // Assess
    expect(fields).toEqual({ 'Work Email': 'work_email', 'Email (home)': null, 'Email (other)': 'email' });
  });

  it('never maps fax, pager or company main-line columns to phone', () => {
    // Act
    const fields = fieldsOf(
      'Name,Business Fax,Pager,Company Main Phone,Phone (work fax),Telefon Firma,Fax geschäftlich,Mobile',
    );

    // Assess
    expect(mappedOnly(fields)).toEqual({ Name: 'full_name', Mobile: 'phone' });
  });
});

describe('mapColumns: the country column', () => {
  it.each([
    'Country',
    'Country/Region',
    'Mailing Country',
    'MailingCountry',
    'Land',
    'Pays',
    'País',
    'Paese',
  ])('maps %j to phone_country, which stores nothing', (header) => {
    // Act
    const { columns, mapping } = mapColumns(['Email', header], noCustomFields);

    // Assess
    expect(columns[1]).toEqual({ header, field: 'phone_country' });
    expect(mapping.targets[1]).toEqual({ kind: 'phone_country' });
  });

  it('stores a country column whose header is a custom field key, and keeps it as the phone country', () => {
    // Prepare
    const country: CustomField = { key: 'country', label: 'Country', type: 'text' };

    // Act
    const { columns, mapping } = mapColumns(['Email', 'Country'], { customFields: [country] });

    // Assess
    expect(columns[1]).toEqual({ header: 'Country', field: 'country' });
    expect(mapping.targets[1]).toEqual({
      kind: 'custom',
      key: 'country',
      field: country,
      phoneCountry: true,
    });
  });

  it('stores a country column mapped to a custom field explicitly, as the phone country too', () => {
    // Prepare
    const land: CustomField = { key: 'land', label: 'Land', type: 'text' };

    // Act
    const { mapping } = mapColumns(['Email', 'Mailing Country'], {
      customFields: [land],
      mapping: { 'Mailing Country': 'land' },
    });

    // Assess
    expect(mapping.targets[1]).toEqual({ kind: 'custom', key: 'land', field: land, phoneCountry: true });
  });

  it('takes any column as the phone country when the mapping says phone_country, and none when it says ignore', () => {
    // Act
    const named = mapColumns(['Email', 'Ctry'], { customFields: [], mapping: { Ctry: 'phone_country' } });
    const ignored = mapColumns(['Email', 'Country'], { customFields: [], mapping: { Country: 'ignore' } });

    // Assess
    expect(named.columns[1]).toEqual({ header: 'Ctry', field: 'phone_country' });
    expect(ignored.mapping.targets[1]).toEqual({ kind: 'ignore' });
  });

  it('does not take a row whose only field is a country as the header', () => {
    // Act / Assess
    expect(isHeaderRow(['Country', 'Report run on'], noCustomFields)).toBe(false);
    expect(isHeaderRow(['Country', 'Email'], noCustomFields)).toBe(true);
  });
});

describe('mapColumns: no_match_column', () => {
  it('warns when no column maps to email or phone, as contacts could never be matched again', () => {
    // Act
    const { warnings } = mapColumns(['First Name', 'Last Name', 'Company'], noCustomFields);

    // Assess
    expect(warnings).toEqual([
      { code: 'no_match_column', message: expect.stringContaining('email or phone') },
    ]);
  });

  it('does not warn when a phone column alone can match', () => {
    // Act
    const { warnings } = mapColumns(['Name', 'Mobile'], noCustomFields);

    // Assess
    expect(warnings).toEqual([]);
  });
});

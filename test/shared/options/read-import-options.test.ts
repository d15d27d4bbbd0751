import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../shared/errors.js';
import {
  importOptionsFromFlags,
  importOptionsFromJson,
  importOptionsFromMetadata,
  importOptionsFromQuery,
  type OptionSource,
  readBooleanText,
  readImportOptions,
} from '../../../shared/options/read-import-options.js';

/** The error a read throws, for its code, message and the option it names. */
const refusal = (read: () => unknown): ImportError => {
  try {
    read();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('the options were accepted');
};

describe('the boolean spelling of every text source', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    [' Yes ', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['0', false],
  ])('reads %j as %s', (text, value) => {
    expect(readBooleanText(text)).toBe(value);
  });

  it.each(['maybe', '', 'on', '2', 'y'])('does not read %j', (text) => {
    expect(readBooleanText(text)).toBeUndefined();
  });

  it.each<[OptionSource, Record<string, unknown>]>([
    ['query', { dryRun: 'YES' }],
    ['metadata', { 'dry-run': 'yes' }],
    ['flags', { dryRun: 'Yes' }],
  ])('is the same in the %s', (source, raw) => {
    expect(readImportOptions(raw, source)).toEqual({ dryRun: true });
  });

  it('refuses any other word, naming the option as the source spells it', () => {
    const query = refusal(() => importOptionsFromQuery({ dryRun: 'maybe' }));
    expect(query).toMatchObject({ code: 'invalid_request', context: { option: 'dryRun' } });
    expect(query.message).toBe('dryRun takes true, false, yes, no, 1 or 0');
    expect(refusal(() => importOptionsFromFlags({ dryRun: 'maybe' })).message).toContain('--dry-run takes');
  });

  it('takes a JSON boolean only in a JSON body', () => {
    expect(importOptionsFromJson({ dryRun: true })).toEqual({ dryRun: true });
    expect(refusal(() => importOptionsFromJson({ dryRun: 'true' })).message).toBe(
      'dryRun takes true or false',
    );
  });

  it('takes a boolean CLI flag as commander gives it', () => {
    expect(importOptionsFromFlags({ dryRun: true })).toEqual({ dryRun: true });
    expect(importOptionsFromFlags({ dryRun: false })).toEqual({ dryRun: false });
  });
});

describe('the mode spelling of every way in', () => {
  it.each<[OptionSource, Record<string, unknown>]>([
    ['json', { mode: 'create-only' }],
    ['json', { mode: 'create_only' }],
    ['query', { mode: 'CREATE-ONLY' }],
    ['metadata', { mode: ' create_only ' }],
    ['flags', { mode: 'create-only' }],
  ])('reads create-only with a dash or an underscore, in any case (%s %j)', (source, raw) => {
    expect(readImportOptions(raw, source)).toEqual({ mode: 'create_only' });
  });

  it('refuses an unknown mode naming it in the source spelling, the CLI saying what it got', () => {
    // Prepare
    const raw = { mode: 'merge' };
    // Act
    const json = refusal(() => importOptionsFromJson(raw));
    const flags = refusal(() => importOptionsFromFlags(raw));
    // Assess
    expect(json.message).toBe('mode takes upsert, create-only or update-only (dashes or underscores)');
    expect(flags.message).toBe(
      '--mode takes upsert, create-only or update-only (dashes or underscores); got "merge"',
    );
  });
});

describe('reading the options of a JSON body', () => {
  it('returns the options given, normalised, and nothing else of the body', () => {
    const options = importOptionsFromJson({
      fileName: 'a.csv',
      fileSize: 10,
      mode: 'update-only',
      defaultCountry: ' gb ',
      mapping: { 'Acct #': 'external_id' },
      encoding: 'latin1',
      delimiter: 'tab',
    });
    expect(options).toEqual({
      mode: 'update_only',
      defaultCountry: 'GB',
      mapping: { 'Acct #': 'external_id' },
      encoding: 'windows-1252',
      delimiter: '\t',
    });
  });

  it('reads only the body s own keys: a __proto__ key is no option', () => {
    const body = JSON.parse('{"fileName":"a.csv","__proto__":{"dryRun":true}}') as Record<string, unknown>;
    expect(importOptionsFromJson(body)).toEqual({});
  });

  it.each([
    [{ defaultCountry: 'XX' }, 'defaultCountry "XX" is not a country code libphonenumber knows'],
    [{ defaultCountry: 'GBR' }, 'defaultCountry must be a two-letter ISO 3166 country code (US, GB, DE…)'],
    [{ defaultCountry: 'UK' }, 'defaultCountry is not an ISO 3166 country code: use GB for UK'],
    [{ encoding: 'ebcdic' }, 'encoding takes utf-8, utf-16le, utf-16be or windows-1252'],
    [{ delimiter: 'x' }, 'delimiter takes "," ";" "|" or tab'],
    [{ mapping: 'Email=email' }, 'mapping takes an object of column header → field'],
    [{ mode: null }, 'mode takes upsert, create-only or update-only (dashes or underscores)'],
  ])('refuses %j with a 400 naming the option', (body, message) => {
    const error = refusal(() => importOptionsFromJson(body));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe(message);
  });

  it('names the mapping entry that is wrong', () => {
    expect(refusal(() => importOptionsFromJson({ mapping: { Email: { $ne: 1 } } })).message).toMatch(
      /^mapping\.Email: /,
    );
  });

  it('refuses a mapping of more than 500 columns', () => {
    const mapping = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`h${i}`, 'ignore']));
    expect(refusal(() => importOptionsFromJson({ mapping })).message).toBe('mapping has at most 500 entries');
  });
});

describe('reading the options of a query string', () => {
  it('reads every option from its text, the mapping as JSON', () => {
    const options = importOptionsFromQuery({
      fileName: 'feed.csv',
      mode: 'update-only',
      dryRun: '1',
      defaultCountry: 'fr',
      mapping: '{"Notes":"ignore"}',
      encoding: 'utf8',
      delimiter: ';',
    });
    expect(options).toEqual({
      mode: 'update_only',
      dryRun: true,
      defaultCountry: 'FR',
      mapping: { Notes: 'ignore' },
      encoding: 'utf-8',
      delimiter: ';',
    });
  });

  it('takes an empty value as an option not given, but for a boolean', () => {
    expect(importOptionsFromQuery({ mode: '', defaultCountry: '', mapping: '' })).toEqual({});
    expect(refusal(() => importOptionsFromQuery({ dryRun: '' })).message).toContain('dryRun takes');
  });

  it('refuses a mapping that is not JSON', () => {
    const error = refusal(() => importOptionsFromQuery({ mapping: '{nope' }));
    expect(error).toMatchObject({ code: 'invalid_request', context: { option: 'mapping' } });
    expect(error.message).toBe('mapping takes JSON: an object of column header → field');
  });
});

describe('reading the options of a drop from its object metadata', () => {
  it('reads x-amz-meta-<kebab> keys as the SDK gives them, leaving other metadata alone', () => {
    const read = importOptionsFromMetadata({
      mode: 'create-only',
      'dry-run': 'No',
      'default-country': 'gb',
      mapping: '{"Acct":"ignore"}',
      encoding: 'windows-1252',
      delimiter: 'tab',
      'exported-by': 'nightly job',
    });
    expect(read).toEqual({
      options: {
        mode: 'create_only',
        dryRun: false,
        defaultCountry: 'GB',
        mapping: { Acct: 'ignore' },
        encoding: 'windows-1252',
        delimiter: '\t',
      },
    });
  });

  it('reads keys that still carry their x-amz-meta- prefix', () => {
    expect(importOptionsFromMetadata({ 'x-amz-meta-dry-run': 'true' }).options).toEqual({ dryRun: true });
  });

  it('takes the defaults for metadata it cannot read, saying why without repeating the value', () => {
    // Prepare: a system that put an email where the mode goes.
    const metadata = { mode: 'jane.doe@example.com', 'default-country': 'GB' };
    // Act
    const read = importOptionsFromMetadata(metadata);
    // Assess
    expect(read.options).toEqual({});
    expect(read.ignored).toBe(
      'x-amz-meta-mode takes upsert, create-only or update-only (dashes or underscores)',
    );
    expect(read.ignored).not.toContain('jane');
  });

  it('takes the defaults for a dry-run it cannot read', () => {
    expect(importOptionsFromMetadata({ 'dry-run': 'maybe' })).toEqual({
      options: {},
      ignored: 'x-amz-meta-dry-run takes true, false, yes, no, 1 or 0',
    });
  });
});

describe('reading the options of CLI flags', () => {
  it('reads commander s values: camelCase attributes, --map repeated', () => {
    const options = importOptionsFromFlags({
      json: true,
      workspace: 'acme',
      mode: 'update-only',
      dryRun: true,
      defaultCountry: 'de',
      map: ['Acct #=external_id', 'Score=A=ignore'],
      encoding: 'utf-16le',
      delimiter: '|',
    });
    expect(options).toEqual({
      mode: 'update_only',
      dryRun: true,
      defaultCountry: 'DE',
      mapping: { 'Acct #': 'external_id', 'Score=A': 'ignore' },
      encoding: 'utf-16le',
      delimiter: '|',
    });
  });

  it('reads the kebab flag names as well', () => {
    expect(importOptionsFromFlags({ 'dry-run': true, 'default-country': 'es' })).toEqual({
      dryRun: true,
      defaultCountry: 'ES',
    });
  });

  it('refuses a --map entry without a header or a field, and a header mapped twice', () => {
    expect(refusal(() => importOptionsFromFlags({ map: ['Email'] })).message).toMatch(
      /^--map takes "Header=field"/,
    );
    expect(refusal(() => importOptionsFromFlags({ map: ['Email=email', 'Email=phone'] })).message).toBe(
      '--map names the column "Email" twice',
    );
  });

  it('says back the value of a flag it refuses', () => {
    expect(refusal(() => importOptionsFromFlags({ defaultCountry: 'UKR' })).message).toBe(
      '--default-country must be a two-letter ISO 3166 country code (US, GB, DE…); got "UKR"',
    );
  });
});

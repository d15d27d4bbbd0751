// Reads one CSV data row into contact values, or says why it is skipped or errored (SPEC §3).

import type { CountryCode } from 'libphonenumber-js';
import { ImportError } from '../errors.js';
import { cleanCell } from './clean-cell.js';
import type { ContactFieldKey, ContactValues } from './contact.js';
import { countryOfCell } from './country-names.js';
import {
  type BuiltInField,
  type ColumnMapping,
  type ColumnTarget,
  type CustomField,
  type CustomValue,
  LIMITS,
} from './fields.js';
import type { OverwritePolicy } from './import-options.js';
import { cleanText } from './invisible-characters.js';
import { normalizeEmail } from './normalize-email.js';
import { normalizePhone, toPhoneCountry } from './normalize-phone.js';
import type { RowErrorCode } from './outcomes.js';
import {
  DEFAULT_VALUE_FORMAT,
  expectedDate,
  expectedNumber,
  parseBooleanValue,
  parseDateValue,
  parseNumberValue,
  type ValueFormat,
} from './parse-custom-value.js';
import type { RowNoteCode } from './row-notes.js';
import { splitTags } from './tags.js';

/** A cell left out of its row (`invalidCells: cell`, SPEC §3). */
export interface CellError {
  code: RowErrorCode;
  column: string;
  message: string;
}

export type RowReading =
  | {
      kind: 'values';
      values: ContactValues;
      notes?: RowNoteCode[];
      cellErrors?: CellError[];
      /** The mapped fields whose every cell was blank (read with `blankCells: clear`, SPEC §9). */
      blanks?: ContactFieldKey[];
    }
  | { kind: 'skipped'; code: 'empty_row' | 'no_identity' | 'footer'; message: string }
  | { kind: 'errored'; code: RowErrorCode; column?: string; message: string };

export interface RowReaderContext {
  mapping: ColumnMapping;
  /** ISO 3166 alpha-2 country national phone numbers are read in. */
  defaultCountry: string;
  /** How custom number and date cells are written (default: `.` decimals, ISO dates). */
  format?: ValueFormat;
  /** `row` (default): an invalid cell errors its row; `cell`: the row is read without it. */
  invalidCells?: 'row' | 'cell';
  /** `clear`: the reading names the mapped fields the row left blank (`blanks`), for the merge to clear. */
  blankCells?: 'ignore' | 'clear';
}

export type RowReader = (cells: readonly string[]) => RowReading;

type CellValue = string | number | boolean | string[];

/** Why a cell's text is no value of its field; a class so the per-cell check is one `instanceof`. */
class CellProblem {
  constructor(
    readonly code: RowErrorCode,
    readonly message: string,
  ) {}
}

/** A value read with something the summary tells (`extra_emails_ignored`). */
class NotedValue {
  constructor(
    readonly value: CellValue,
    readonly note: RowNoteCode,
  ) {}
}

/** Reads a cleaned, non-empty cell; undefined when it holds no value after all (a tags cell of only separators). */
type ReadCell = (text: string) => CellValue | NotedValue | CellProblem | undefined;

/** Where a read value goes; columns mapped to the same field share a slot, and the first value from the left fills it. */
interface Slot {
  key: ContactFieldKey;
  assign: (values: ContactValues, value: CellValue) => void;
  /** A name, the email or the phone: what a row needs not to be skipped `no_identity`. */
  identifies: boolean;
}

interface ColumnPlan {
  index: number;
  header: string;
  slot: number;
  read: ReadCell;
}

/** Separates the values of one Google Contacts cell (`a@x.com ::: b@y.com`); single-valued fields keep the first. */
const MULTI_VALUE_SEPARATOR = ':::';
/** Separates the addresses of an email cell that holds several (SPEC §3). */
const EMAIL_SEPARATORS = /[,;]|:::/;

const PREVIEW_LENGTH = 60;

/** What a decoder puts for bytes its encoding cannot decode: never stored (SPEC §5), the cell is errored instead. */
const REPLACEMENT_CHARACTER = '\ufffd';

const undecodable = (): CellProblem =>
  new CellProblem(
    'invalid_value',
    "The cell holds bytes the file's encoding cannot decode (the file was read as UTF-8 from its first bytes). " +
      'Save the file as "CSV UTF-8" and import it again, or import it with the encoding it was written in.',
  );

const PROPERTY_OF_FIELD = {
  full_name: 'fullName',
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  phone: 'phone',
  company_name: 'companyName',
  job_title: 'jobTitle',
  tags: 'tags',
} as const satisfies Record<BuiltInField, keyof ContactValues>;

const IDENTITY_FIELDS: ReadonlySet<BuiltInField> = new Set([
  'full_name',
  'first_name',
  'last_name',
  'email',
  'phone',
]);

/**
 * Prepares the per-column work for one header once, and returns the function that reads each row.
 * Throws `invalid_request` when the default country is not one libphonenumber-js knows.
 */
export function createRowReader(ctx: RowReaderContext): RowReader {
  const country = toPhoneCountry(ctx.defaultCountry);
  if (country === undefined) {
    throw new ImportError('invalid_request', `"${ctx.defaultCountry}" is not a known country code`);
  }
  const format = ctx.format ?? DEFAULT_VALUE_FORMAT;
  const leaveOut = ctx.invalidCells === 'cell';
  const namesBlanks = ctx.blankCells === 'clear';
  const width = ctx.mapping.headers.length;
  const slotByKey = new Map<string, number>();
  const slots: Slot[] = [];
  const plans: ColumnPlan[] = [];
  // The row's own country for its phone (SPEC §2): the first country column from the left that names one.
  const countryColumns = ctx.mapping.targets.flatMap((target, index) =>
    target.kind === 'phone_country' || (target.kind === 'custom' && target.phoneCountry) ? [index] : [],
  );
  let rowCountry = country;
  ctx.mapping.headers.forEach((header, index) => {
    const target = ctx.mapping.targets[index];
    if (target === undefined || target.kind === 'ignore' || target.kind === 'phone_country') return;
    const key = slotKey(target);
    let slot = slotByKey.get(key);
    if (slot === undefined) {
      slot = slots.push(createSlot(target)) - 1;
      slotByKey.set(key, slot);
    }
    plans.push({ index, header, slot, read: createCellReader(target, () => rowCountry, format) });
  });
  const filled: (CellValue | undefined)[] = slots.map(() => undefined);
  // A slot one of whose cells held something it could not read (left out): not blank, so never cleared.
  const unreadable: boolean[] = slots.map(() => false);

  return (cells) => {
    let hasValue = false;
    for (let index = 0; index < cells.length; index++) {
      const text = cleanCell(cells[index] ?? '');
      if (text === '') continue;
      if (index >= width) {
        return {
          kind: 'errored',
          code: 'extra_columns',
          column: `column ${index + 1}`,
          message: `${quote(text)} is in column ${index + 1}, but the header has ${width} columns (is a delimiter inside an unquoted value?)`,
        };
      }
      hasValue = true;
    }
    if (!hasValue) return { kind: 'skipped', code: 'empty_row', message: 'The row is empty' };

    rowCountry = countryOfRow(cells, countryColumns) ?? country;
    filled.fill(undefined);
    unreadable.fill(false);
    let notes: RowNoteCode[] | undefined;
    let cellErrors: CellError[] | undefined;
    for (const plan of plans) {
      if (filled[plan.slot] !== undefined) continue;
      const text = cleanCell(cells[plan.index] ?? '');
      if (text === '') continue;
      let value = text.includes(REPLACEMENT_CHARACTER) ? undecodable() : plan.read(text);
      if (value instanceof CellProblem) {
        const problem = { code: value.code, column: plan.header, message: value.message };
        if (!leaveOut) return { kind: 'errored', ...problem };
        // Left out: a later column of the same field may still fill it.
        cellErrors = [...(cellErrors ?? []), problem];
        unreadable[plan.slot] = true;
        continue;
      }
      if (value instanceof NotedValue) {
        notes = [...(notes ?? []), value.note];
        value = value.value;
      }
      filled[plan.slot] = value;
    }

    const values: ContactValues = {};
    let identified = false;
    let blanks: ContactFieldKey[] | undefined;
    for (let slot = 0; slot < slots.length; slot++) {
      const value = filled[slot];
      const destination = slots[slot];
      if (destination === undefined) continue;
      if (value === undefined) {
        if (namesBlanks && !unreadable[slot]) blanks = [...(blanks ?? []), destination.key];
        continue;
      }
      destination.assign(values, value);
      identified ||= destination.identifies;
    }
    if (!identified) {
      const leftOut = cellErrors?.map((cell) => `${cell.code} in ${cell.column}`).join(', ');
      return {
        kind: 'skipped',
        code: 'no_identity',
        message: `The row has no name, email or phone${leftOut ? ` (left out: ${leftOut})` : ''}`,
      };
    }
    const reading: RowReading = { kind: 'values', values };
    if (notes) reading.notes = notes;
    if (cellErrors) reading.cellErrors = cellErrors;
    if (blanks) reading.blanks = blanks;
    return reading;
  };
}

function countryOfRow(cells: readonly string[], columns: readonly number[]): CountryCode | undefined {
  for (const index of columns) {
    const text = cleanCell(cells[index] ?? '');
    if (text !== '') {
      const country = countryOfCell(text);
      if (country !== undefined) return country;
    }
  }
  return undefined;
}

const readersByMapping = new WeakMap<ColumnMapping, Map<string, RowReader>>();

/** Reads one row; a convenience over `createRowReader` that reuses the reader prepared for the same mapping object. */
export function readRow(cells: readonly string[], ctx: RowReaderContext): RowReading {
  let byCountry = readersByMapping.get(ctx.mapping);
  if (byCountry === undefined) {
    byCountry = new Map();
    readersByMapping.set(ctx.mapping, byCountry);
  }
  const format = ctx.format ?? DEFAULT_VALUE_FORMAT;
  const key = `${ctx.defaultCountry} ${format.dateFormat} ${format.decimalSeparator} ${ctx.invalidCells ?? 'row'} ${ctx.blankCells ?? 'ignore'}`;
  let reader = byCountry.get(key);
  if (reader === undefined) {
    reader = createRowReader(ctx);
    byCountry.set(key, reader);
  }
  return reader(cells);
}

export type ValueTarget = Exclude<ColumnTarget, { kind: 'ignore' } | { kind: 'phone_country' }>;

/** A value read as a cell of its field is (SPEC §3): how a person's edit is read, by the import's very rules. */
export type FieldReading = { value: CellValue | undefined } | { code: RowErrorCode; message: string };

export function readFieldValue(
  target: ValueTarget,
  cell: string,
  ctx: { country: CountryCode; format?: ValueFormat },
): FieldReading {
  const text = cleanCell(cell);
  if (text === '') return { value: undefined };
  const read = text.includes(REPLACEMENT_CHARACTER)
    ? undecodable()
    : createCellReader(target, () => ctx.country, ctx.format ?? DEFAULT_VALUE_FORMAT)(text);
  if (read instanceof CellProblem) return { code: read.code, message: read.message };
  return { value: read instanceof NotedValue ? read.value : read };
}

/** The field a column fills, as the update rules name it; columns of one field share it. */
function slotKey(target: ValueTarget): ContactFieldKey {
  return target.kind === 'field' ? PROPERTY_OF_FIELD[target.field] : `custom:${target.key}`;
}

/**
 * The fields whose columns carry a policy of their own (SPEC §9). Columns that fill one field share its policy:
 * the first one given, from the left.
 */
export function fieldPolicies(mapping: ColumnMapping): Partial<Record<ContactFieldKey, OverwritePolicy>> {
  const policies: Partial<Record<ContactFieldKey, OverwritePolicy>> = {};
  for (const target of mapping.targets) {
    if (target.kind !== 'field' && target.kind !== 'custom') continue;
    const key = slotKey(target);
    if (target.overwrite !== undefined && policies[key] === undefined) policies[key] = target.overwrite;
  }
  return policies;
}

function createSlot(target: ValueTarget): Slot {
  const key = slotKey(target);
  if (target.kind === 'custom') {
    const customKey = target.key;
    return {
      key,
      identifies: false,
      assign: (values, value) => {
        values.customFields ??= {};
        values.customFields[customKey] = value as CustomValue;
      },
    };
  }
  const property = PROPERTY_OF_FIELD[target.field];
  return {
    key,
    identifies: IDENTITY_FIELDS.has(target.field),
    assign: (values, value) => {
      (values as Record<typeof property, CellValue>)[property] = value;
    },
  };
}

function createCellReader(target: ValueTarget, country: () => CountryCode, format: ValueFormat): ReadCell {
  if (target.kind === 'custom') return createCustomReader(target.field, format);
  switch (target.field) {
    case 'full_name':
    case 'first_name':
    case 'last_name':
      return createTextReader(LIMITS.name, 'a name');
    case 'company_name':
      return createTextReader(LIMITS.companyName, 'a company name');
    case 'job_title':
      return createTextReader(LIMITS.jobTitle, 'a job title');
    case 'email':
      return readEmail;
    case 'phone':
      return (text) => readPhone(text, country());
    case 'tags':
      return readTags;
  }
}

/** Names, company, title and text values: NFC, invisible characters removed (SPEC §3); nothing left is no value. */
function createTextReader(limit: number, what: string): ReadCell {
  return (cell) => {
    const text = cleanText(cell);
    if (text === '') return undefined;
    return exceeds(text, limit) ? tooLong(text, what, limit) : text;
  };
}

/** One address, or the first valid one of several (`a@x.example, b@x.example`), the others noted as ignored. */
function readEmail(cell: string): CellValue | NotedValue | CellProblem {
  const parts = EMAIL_SEPARATORS.test(cell)
    ? cell
        .split(EMAIL_SEPARATORS)
        .map((part) => part.trim())
        .filter((part) => part !== '')
    : [cell];
  const [text = cell] = parts;
  if (parts.length > 1) {
    const email = parts.map(readOneEmail).find((value) => typeof value === 'string');
    if (email !== undefined) return new NotedValue(email, 'extra_emails_ignored');
  }
  return readOneEmail(text);
}

function readOneEmail(text: string): string | CellProblem {
  if (exceeds(text, LIMITS.email)) return tooLong(text, 'an email address', LIMITS.email);
  return (
    normalizeEmail(text) ??
    new CellProblem(
      'invalid_email',
      `${quote(text)} is not a valid email address (expected name@example.com)`,
    )
  );
}

function readPhone(cell: string, country: CountryCode): CellValue | CellProblem {
  const text = firstOfMultiValue(cell);
  return (
    normalizePhone(text, country) ??
    new CellProblem(
      'invalid_phone',
      `${quote(text)} is not a valid phone number (expected a ${country} number, or an international one such as +44 20 7946 0958)`,
    )
  );
}

function readTags(cell: string): CellValue | CellProblem | undefined {
  const tags = splitTags(cleanText(cell));
  if (tags.length === 0) return undefined;
  if (tags.length > LIMITS.tags) {
    return new CellProblem(
      'value_too_long',
      `The cell holds ${tags.length} tags; at most ${LIMITS.tags} are allowed`,
    );
  }
  for (const tag of tags) {
    if (exceeds(tag, LIMITS.tag)) return tooLong(tag, 'a tag', LIMITS.tag);
  }
  return tags;
}

function createCustomReader(field: CustomField, format: ValueFormat): ReadCell {
  switch (field.type) {
    case 'text':
      return createTextReader(LIMITS.text, `the field ${field.key}`);
    case 'number':
      return (text) =>
        parseNumberValue(text, format.decimalSeparator) ??
        new CellProblem(
          'invalid_value',
          `${quote(text)} is not a number (expected ${expectedNumber(format.decimalSeparator)})`,
        );
    case 'date':
      return (text) =>
        parseDateValue(text, format.dateFormat) ??
        new CellProblem(
          'invalid_value',
          `${quote(text)} is not a valid date (expected ${expectedDate(format.dateFormat)})`,
        );
    case 'boolean':
      return (text) =>
        parseBooleanValue(text) ??
        new CellProblem(
          'invalid_value',
          `${quote(text)} is not a yes/no value (expected true, false, yes, no, 1 or 0)`,
        );
  }
}

function firstOfMultiValue(text: string): string {
  if (!text.includes(MULTI_VALUE_SEPARATOR)) return text;
  for (const part of text.split(MULTI_VALUE_SEPARATOR)) {
    const value = part.trim();
    if (value !== '') return value;
  }
  return '';
}

/** Limits count characters (code points), so an emoji or a CJK extension character counts once. */
function exceeds(text: string, limit: number): boolean {
  return text.length > limit && countCharacters(text) > limit;
}

function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function tooLong(text: string, what: string, limit: number): CellProblem {
  return new CellProblem(
    'value_too_long',
    `${quote(text)} is too long for ${what}: ${countCharacters(text)} characters where at most ${limit} are allowed`,
  );
}

/** The value as a message quotes it: cut short, so a 2 000-character cell does not flood the report. */
function quote(text: string): string {
  const characters = [...text.slice(0, PREVIEW_LENGTH * 2)];
  return characters.length > PREVIEW_LENGTH
    ? `"${characters.slice(0, PREVIEW_LENGTH).join('')}…"`
    : `"${text}"`;
}

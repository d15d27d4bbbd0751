// Maps a CSV header row to contact fields (SPEC §2): explicit mapping, then custom field keys, exact field names, synonyms and qualified names.

import type { ColumnSummary } from '../api/import-summary.js';
import { ImportError } from '../errors.js';
import {
  BUILT_IN_FIELDS,
  type BuiltInField,
  type ColumnMapping,
  type ColumnTarget,
  type CustomField,
  EXTERNAL_ID,
  LIMITS,
} from './fields.js';
import { findQualifiedField, findSynonymField, type HeaderField, PHONE_COUNTRY } from './header-synonyms.js';
import type { OverwritePolicy } from './import-options.js';
import { type ImportMapping, type MappingValue, mappedField, mappedPolicy } from './import-options.js';
import { normalizeHeader } from './normalize-header.js';
import { sharedPrefixLength } from './shared-header-prefix.js';

export { normalizeHeader } from './normalize-header.js';

/** The mapping value that leaves a column out. */
export const IGNORE = 'ignore';

export interface MappingContext {
  customFields: readonly CustomField[];
  /** CSV header → built-in field name, `external_id`, custom field key, or `ignore`; or that with its policy. */
  mapping?: ImportMapping;
}

/** One column as the summary lists it: the field is the built-in name, the custom key, `external_id`, or null. */
export type { ColumnSummary };

export type MappingWarningCode = 'mapping_header_not_found' | 'external_id_unmapped' | 'no_match_column';

export interface MappingWarning {
  code: MappingWarningCode;
  message: string;
}

export interface HeaderMapping {
  mapping: ColumnMapping;
  columns: ColumnSummary[];
  warnings: MappingWarning[];
}

/** What a column or a mapping value names, before `external_id` is routed. */
type FieldChoice = (
  | { kind: 'field'; field: BuiltInField }
  | { kind: 'phone_country' }
  | { kind: 'custom'; field: CustomField; phoneCountry?: true }
  | { kind: 'external_id' }
  | { kind: 'ignore' }
) & { overwrite?: OverwritePolicy };

type ChoiceSource = 'mapping' | 'custom' | 'exact' | 'synonym';

interface ColumnChoice {
  choice: FieldChoice;
  source: ChoiceSource;
}

const EXACT_NAMES: ReadonlyMap<string, FieldChoice> = new Map<string, FieldChoice>([
  ...BUILT_IN_FIELDS.map((field): [string, FieldChoice] => [
    normalizeHeader(field),
    { kind: 'field', field },
  ]),
  [normalizeHeader(EXTERNAL_ID), { kind: 'external_id' }],
  [normalizeHeader(PHONE_COUNTRY), { kind: 'phone_country' }],
]);

const PHONE_FIELDS: ReadonlySet<string> = new Set(['email', 'phone']);

/**
 * Maps each column of the header. Per column: the explicit mapping (keys matched to headers
 * exactly, else by normalised form), then a custom field key, then a field's exact name, then a
 * synonym or a field's name among qualifiers (`Email - Work`); a header that maps to nothing is
 * tried again without the prefix every header of the row shares (`Person - `). Synonym columns of
 * a field that some column names exactly (or by mapping) are left unmapped. A country column is
 * the row's phone country (`phone_country`), and stored as well when it maps to a custom field.
 * Header cells are trimmed. Warns `no_match_column` when no column maps to email or phone. Throws
 * `too_many_columns` past 500 columns and `unknown_field` for a mapping value that names no field.
 */
export function mapColumns(headers: readonly string[], ctx: MappingContext): HeaderMapping {
  const trimmed = trimHeaders(headers);
  if (trimmed.length > LIMITS.columns) {
    throw new ImportError(
      'too_many_columns',
      `The header has ${trimmed.length} columns; at most ${LIMITS.columns} are supported`,
    );
  }
  const { choices, unmatchedKeys } = chooseFields(trimmed, ctx);
  const externalIdField = ctx.customFields.find((field) => field.mapsTo === EXTERNAL_ID);
  const warnings: MappingWarning[] = unmatchedKeys.map((key) => ({
    code: 'mapping_header_not_found',
    message: `The mapping names the column "${key}", which the header does not have`,
  }));
  const targets: ColumnTarget[] = [];
  const columns: ColumnSummary[] = [];
  trimmed.forEach((header, index) => {
    const choice = choices[index] ?? { kind: 'ignore' };
    if (choice.kind === 'external_id' && externalIdField === undefined) {
      warnings.push({
        code: 'external_id_unmapped',
        message: `Column "${header}" holds external ids, but no custom field maps to external_id: the column is ignored`,
      });
    }
    const target = toTarget(choice, externalIdField);
    targets.push(target);
    const field = toSummaryField(choice, externalIdField);
    const policy = 'overwrite' in target ? target.overwrite : undefined;
    columns.push({ header, field, ...(policy !== undefined ? { overwrite: policy } : {}) });
  });
  if (!targets.some((target) => target.kind === 'field' && PHONE_FIELDS.has(target.field))) {
    warnings.push({
      code: 'no_match_column',
      message:
        'No column maps to email or phone: contacts can be created, but a later import can never match them (map a column to email or phone)',
    });
  }
  return { mapping: { headers: trimmed, targets }, columns, warnings };
}

/**
 * Whether the cells can be the header: at least one column maps to a field (explicit mapping included), other
 * than the phone country alone (a note above the header that says `Country` is no header).
 */
export function isHeaderRow(cells: readonly string[], ctx: MappingContext): boolean {
  const externalIdField = ctx.customFields.find((field) => field.mapsTo === EXTERNAL_ID);
  const { choices } = chooseFields(trimHeaders(cells), ctx);
  return choices.some(
    (choice) =>
      choice !== undefined &&
      choice.kind !== 'phone_country' &&
      toSummaryField(choice, externalIdField) !== null,
  );
}

/** The index of the first header row among `rows` (the caller passes the first 20 non-empty rows), or -1. */
export function findHeaderRow(rows: readonly (readonly string[])[], ctx: MappingContext): number {
  return rows.findIndex((row) => isHeaderRow(row, ctx));
}

/**
 * Checks a mapping before an import starts: every value must be a built-in field, `external_id`,
 * a custom field key or `ignore` (`unknown_field`), and `external_id` needs a custom field that
 * maps to it (`invalid_mapping`).
 */
export function validateMapping(mapping: ImportMapping, customFields: readonly CustomField[]): void {
  const hasExternalIdField = customFields.some((field) => field.mapsTo === EXTERNAL_ID);
  for (const [header, value] of Object.entries(mapping)) {
    const choice = resolveMappingValue(header, value, customFields);
    if (choice.kind === 'external_id' && !hasExternalIdField) {
      throw new ImportError(
        'invalid_mapping',
        `The mapping sends "${header}" to external_id, but no custom field maps to external_id: create one with mapsTo "external_id" first`,
        { column: header, field: mappedField(value) },
      );
    }
  }
}

function trimHeaders(headers: readonly string[]): string[] {
  return headers.map((header) => header.trim());
}

function chooseFields(
  headers: readonly string[],
  ctx: MappingContext,
): { choices: (FieldChoice | undefined)[]; unmatchedKeys: string[] } {
  const normalized = headers.map(normalizeHeader);
  const { explicit, unmatchedKeys } = applyExplicitMapping(headers, normalized, ctx);
  const customByKey = indexCustomFields(ctx.customFields);
  const prefix = sharedPrefixLength(headers);
  const columnChoices = headers.map((header, index): ColumnChoice | undefined => {
    const unprefixed = prefix > 0 ? header.slice(prefix).trim() : undefined;
    const mapped = explicit[index];
    if (mapped !== undefined) {
      const country = namesCountry(header) || (unprefixed !== undefined && namesCountry(unprefixed));
      return { choice: country ? withPhoneCountry(mapped) : mapped, source: 'mapping' };
    }
    return (
      resolveHeader(header, customByKey) ??
      (unprefixed !== undefined ? resolveHeader(unprefixed, customByKey) : undefined)
    );
  });
  // A field named exactly (or by the mapping) takes no synonym columns: Outlook's `Title` beside `Job Title`.
  const namedFields = new Set<string>();
  for (const column of columnChoices) {
    const named = column === undefined ? undefined : vocabularyField(column.choice);
    if (column?.source !== 'synonym' && named !== undefined) namedFields.add(named);
  }
  const choices = columnChoices.map((column) => {
    if (column === undefined) return undefined;
    const named = vocabularyField(column.choice);
    if (column.source === 'synonym' && named !== undefined && namedFields.has(named)) return undefined;
    return column.choice;
  });
  return { choices, unmatchedKeys };
}

/** One header (or its part after the shared prefix): a custom field key, a field's exact name, a synonym or a qualified name. */
function resolveHeader(
  header: string,
  customByKey: ReadonlyMap<string, CustomField>,
): ColumnChoice | undefined {
  const name = normalizeHeader(header);
  const custom = customByKey.get(name);
  if (custom !== undefined) {
    const choice: FieldChoice = { kind: 'custom', field: custom };
    return { choice: namesCountry(header) ? withPhoneCountry(choice) : choice, source: 'custom' };
  }
  const exact = EXACT_NAMES.get(name);
  if (exact !== undefined) return { choice: exact, source: 'exact' };
  const synonym = findSynonymField(header) ?? findQualifiedField(header);
  if (synonym !== undefined) return { choice: toFieldChoice(synonym), source: 'synonym' };
  return undefined;
}

/** Whether the header names a country column, whatever it maps to. */
function namesCountry(header: string): boolean {
  return (
    normalizeHeader(header) === normalizeHeader(PHONE_COUNTRY) ||
    (findSynonymField(header) ?? findQualifiedField(header)) === PHONE_COUNTRY
  );
}

/** A country column mapped to a custom field is stored there and is the row's phone country too. */
function withPhoneCountry(choice: FieldChoice): FieldChoice {
  return choice.kind === 'custom' ? { ...choice, phoneCountry: true } : choice;
}

function toFieldChoice(field: HeaderField): FieldChoice {
  return field === PHONE_COUNTRY ? { kind: 'phone_country' } : { kind: 'field', field };
}

/** The vocabulary's field a choice fills, for the rule that an exact name takes its field's synonym columns. */
function vocabularyField(choice: FieldChoice): string | undefined {
  if (choice.kind === 'field') return choice.field;
  if (choice.kind === 'phone_country') return PHONE_COUNTRY;
  return undefined;
}

/** Matches mapping keys to columns: exactly first, then by normalised form among the columns left. */
function applyExplicitMapping(
  headers: readonly string[],
  normalized: readonly string[],
  ctx: MappingContext,
): { explicit: (FieldChoice | undefined)[]; unmatchedKeys: string[] } {
  const explicit: (FieldChoice | undefined)[] = headers.map(() => undefined);
  const entries = Object.entries(ctx.mapping ?? {}).map(([key, value]) => ({
    key,
    choice: resolveMappingValue(key, value, ctx.customFields),
  }));
  const unmatched = new Set<string>();
  for (const { key, choice } of entries) {
    const wanted = key.trim();
    let matched = false;
    headers.forEach((header, index) => {
      if (header === wanted && explicit[index] === undefined) {
        explicit[index] = choice;
        matched = true;
      }
    });
    if (!matched) unmatched.add(key);
  }
  for (const { key, choice } of entries) {
    if (!unmatched.has(key)) continue;
    const wanted = normalizeHeader(key);
    if (wanted === '') continue;
    const taken = explicit.map((column) => column !== undefined);
    normalized.forEach((name, index) => {
      if (name === wanted && !taken[index]) {
        explicit[index] = choice;
        unmatched.delete(key);
      }
    });
  }
  return { explicit, unmatchedKeys: [...unmatched] };
}

/** A mapping value, with the policy it carries (SPEC §9). */
function resolveMappingValue(
  header: string,
  value: MappingValue,
  customFields: readonly CustomField[],
): FieldChoice {
  const choice = resolveMappedField(header, mappedField(value), customFields);
  const overwrite = mappedPolicy(value);
  return overwrite === undefined ? choice : { ...choice, overwrite };
}

/** A mapped field by its exact spelling first, then by normalised form (`Email`, `First Name`). */
function resolveMappedField(
  header: string,
  value: string,
  customFields: readonly CustomField[],
): FieldChoice {
  const wanted = value.trim();
  if (wanted === IGNORE) return { kind: 'ignore' };
  if (wanted === EXTERNAL_ID) return { kind: 'external_id' };
  if ((BUILT_IN_FIELDS as readonly string[]).includes(wanted)) {
    return { kind: 'field', field: wanted as BuiltInField };
  }
  if (wanted === PHONE_COUNTRY) return { kind: 'phone_country' };
  const custom = customFields.find((field) => field.key === wanted);
  if (custom !== undefined) return { kind: 'custom', field: custom };
  const name = normalizeHeader(wanted);
  if (name === normalizeHeader(IGNORE)) return { kind: 'ignore' };
  const customByName = indexCustomFields(customFields).get(name);
  if (customByName !== undefined) return { kind: 'custom', field: customByName };
  const exact = EXACT_NAMES.get(name);
  if (exact !== undefined) return exact;
  const known = [
    ...BUILT_IN_FIELDS,
    EXTERNAL_ID,
    PHONE_COUNTRY,
    ...customFields.map((field) => field.key),
    IGNORE,
  ];
  throw new ImportError(
    'unknown_field',
    `The mapping sends "${header}" to "${value}", which is not a field; use one of: ${known.join(', ')}`,
    { column: header, field: value },
  );
}

function indexCustomFields(customFields: readonly CustomField[]): Map<string, CustomField> {
  const byName = new Map<string, CustomField>();
  for (const field of customFields) {
    const name = normalizeHeader(field.key);
    if (!byName.has(name)) byName.set(name, field);
  }
  return byName;
}

function toTarget(choice: FieldChoice, externalIdField: CustomField | undefined): ColumnTarget {
  const policy = choice.overwrite !== undefined ? { overwrite: choice.overwrite } : {};
  switch (choice.kind) {
    case 'field':
      return { kind: 'field', field: choice.field, ...policy };
    case 'custom':
      return {
        kind: 'custom',
        key: choice.field.key,
        field: choice.field,
        ...(choice.phoneCountry ? { phoneCountry: true as const } : {}),
        ...policy,
      };
    case 'phone_country':
      return { kind: 'phone_country' };
    case 'external_id':
      return externalIdField === undefined
        ? { kind: 'ignore' }
        : { kind: 'custom', key: externalIdField.key, field: externalIdField, ...policy };
    case 'ignore':
      return { kind: 'ignore' };
  }
}

function toSummaryField(choice: FieldChoice, externalIdField: CustomField | undefined): string | null {
  switch (choice.kind) {
    case 'field':
      return choice.field;
    case 'custom':
      return choice.field.key;
    case 'phone_country':
      return PHONE_COUNTRY;
    case 'external_id':
      return externalIdField === undefined ? null : EXTERNAL_ID;
    case 'ignore':
      return null;
  }
}

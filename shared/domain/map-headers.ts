// Maps a CSV header row to contact fields (SPEC §2): explicit mapping, then custom field keys, exact field names, synonyms.

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
import { findSynonymField } from './header-synonyms.js';
import { normalizeHeader } from './normalize-header.js';

export { normalizeHeader } from './normalize-header.js';

/** The mapping value that leaves a column out. */
export const IGNORE = 'ignore';

export interface MappingContext {
  customFields: readonly CustomField[];
  /** CSV header → built-in field name, `external_id`, custom field key, or `ignore`. */
  mapping?: Readonly<Record<string, string>>;
}

/** One column as the summary lists it: the field is the built-in name, the custom key, `external_id`, or null. */
export interface ColumnSummary {
  header: string;
  field: string | null;
}

export type MappingWarningCode = 'mapping_header_not_found' | 'external_id_unmapped';

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
type FieldChoice =
  | { kind: 'field'; field: BuiltInField }
  | { kind: 'custom'; field: CustomField }
  | { kind: 'external_id' }
  | { kind: 'ignore' };

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
]);

/**
 * Maps each column of the header. Per column: the explicit mapping (keys matched to headers
 * exactly, else by normalised form), then a custom field key, then a field's exact name, then a
 * synonym; synonym columns of a field that some column names exactly (or by mapping) are left
 * unmapped. Header cells are trimmed. Throws `too_many_columns` past 500 columns and
 * `unknown_field` for a mapping value that names no field.
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
    targets.push(toTarget(choice, externalIdField));
    columns.push({ header, field: toSummaryField(choice, externalIdField) });
  });
  return { mapping: { headers: trimmed, targets }, columns, warnings };
}

/** Whether the cells can be the header: at least one column maps to a field (explicit mapping included). */
export function isHeaderRow(cells: readonly string[], ctx: MappingContext): boolean {
  const externalIdField = ctx.customFields.find((field) => field.mapsTo === EXTERNAL_ID);
  const { choices } = chooseFields(trimHeaders(cells), ctx);
  return choices.some((choice) => choice !== undefined && toSummaryField(choice, externalIdField) !== null);
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
export function validateMapping(
  mapping: Readonly<Record<string, string>>,
  customFields: readonly CustomField[],
): void {
  const hasExternalIdField = customFields.some((field) => field.mapsTo === EXTERNAL_ID);
  for (const [header, value] of Object.entries(mapping)) {
    const choice = resolveMappingValue(header, value, customFields);
    if (choice.kind === 'external_id' && !hasExternalIdField) {
      throw new ImportError(
        'invalid_mapping',
        `The mapping sends "${header}" to external_id, but no custom field maps to external_id: create one with mapsTo "external_id" first`,
        { column: header, field: value },
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
  const columnChoices = normalized.map((name, index): ColumnChoice | undefined => {
    const mapped = explicit[index];
    if (mapped !== undefined) return { choice: mapped, source: 'mapping' };
    const custom = customByKey.get(name);
    if (custom !== undefined) return { choice: { kind: 'custom', field: custom }, source: 'custom' };
    const exact = EXACT_NAMES.get(name);
    if (exact !== undefined) return { choice: exact, source: 'exact' };
    const synonym = findSynonymField(name);
    if (synonym !== undefined) return { choice: { kind: 'field', field: synonym }, source: 'synonym' };
    return undefined;
  });
  // A field named exactly (or by the mapping) takes no synonym columns: Outlook's `Title` beside `Job Title`.
  const namedFields = new Set<BuiltInField>();
  for (const column of columnChoices) {
    if (column?.source !== 'synonym' && column?.choice.kind === 'field') namedFields.add(column.choice.field);
  }
  const choices = columnChoices.map((column) => {
    if (column === undefined) return undefined;
    if (
      column.source === 'synonym' &&
      column.choice.kind === 'field' &&
      namedFields.has(column.choice.field)
    ) {
      return undefined;
    }
    return column.choice;
  });
  return { choices, unmatchedKeys };
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

/** A mapping value by its exact spelling first, then by normalised form (`Email`, `First Name`). */
function resolveMappingValue(
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
  const custom = customFields.find((field) => field.key === wanted);
  if (custom !== undefined) return { kind: 'custom', field: custom };
  const name = normalizeHeader(wanted);
  if (name === normalizeHeader(IGNORE)) return { kind: 'ignore' };
  const customByName = indexCustomFields(customFields).get(name);
  if (customByName !== undefined) return { kind: 'custom', field: customByName };
  const exact = EXACT_NAMES.get(name);
  if (exact !== undefined) return exact;
  const known = [...BUILT_IN_FIELDS, EXTERNAL_ID, ...customFields.map((field) => field.key), IGNORE];
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
  switch (choice.kind) {
    case 'field':
      return { kind: 'field', field: choice.field };
    case 'custom':
      return { kind: 'custom', key: choice.field.key, field: choice.field };
    case 'external_id':
      return externalIdField === undefined
        ? { kind: 'ignore' }
        : { kind: 'custom', key: externalIdField.key, field: externalIdField };
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
    case 'external_id':
      return externalIdField === undefined ? null : EXTERNAL_ID;
    case 'ignore':
      return null;
  }
}

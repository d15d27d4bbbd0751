// The vocabularies of import options (modes, encodings, delimiters, date formats, decimal separators, update rules,
// the mapping's values) and the types the engine runs with.
// Each option's names, spellings, validation and default are declared once, in shared/options/import-option-schema.ts.

export type {
  ImportOptions,
  ImportOptionsInput,
  ResolvedImportOptions,
} from '../options/import-option-schema.js';

export const IMPORT_MODES = ['upsert', 'create_only', 'update_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const SUPPORTED_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type SupportedEncoding = (typeof SUPPORTED_ENCODINGS)[number];

export const SUPPORTED_DELIMITERS = [',', ';', '\t', '|'] as const;
export type SupportedDelimiter = (typeof SUPPORTED_DELIMITERS)[number];

/** How custom date cells are written: ISO `YYYY-MM-DD` always; `MDY` (US) and `DMY` also read `03/15/2024`, `15.03.2024`. */
export const DATE_FORMATS = ['YMD', 'MDY', 'DMY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** The decimal mark of custom number cells: `.` (`1,234.56`) or `,` (`1.234,56`, `1 234,56`). */
export const DECIMAL_SEPARATORS = ['.', ','] as const;
export type DecimalSeparator = (typeof DECIMAL_SEPARATORS)[number];

/** What an invalid cell costs (SPEC §3): its row (`row`, default), or only itself (`cell`: the row is imported without it). */
export const INVALID_CELLS = ['row', 'cell'] as const;
export type InvalidCells = (typeof INVALID_CELLS)[number];

/** What an update may change of a field a matched contact has (SPEC §9): `always` (default), `if_empty`, `never`. */
export const OVERWRITE_POLICIES = ['always', 'if_empty', 'never'] as const;
export type OverwritePolicy = (typeof OVERWRITE_POLICIES)[number];

/** What an empty cell of a mapped column does to a matched contact (SPEC §9): nothing (`ignore`), or `clear` its field. */
export const BLANK_CELLS = ['ignore', 'clear'] as const;
export type BlankCells = (typeof BLANK_CELLS)[number];

/** How a row's tags meet a matched contact's (SPEC §9): `append` (default), `replace` them, or `remove` them. */
export const TAG_MODES = ['append', 'replace', 'remove'] as const;
export type TagMode = (typeof TAG_MODES)[number];

/** A column of the mapping with a policy of its own (SPEC §9): `{"Title": {"field": "job_title", "overwrite": "if_empty"}}`. */
export interface ColumnRule {
  field: string;
  overwrite?: OverwritePolicy;
}

/** A mapping value: the field (a built-in name, a custom key, `external_id`, `ignore`), or the field with its policy. */
export type MappingValue = string | ColumnRule;

/** The explicit mapping of an import: CSV header → mapping value. */
export type ImportMapping = Readonly<Record<string, MappingValue>>;

/** The field a mapping value names. */
export const mappedField = (value: MappingValue): string => (typeof value === 'string' ? value : value.field);

/** The policy a mapping value carries, if any. */
export const mappedPolicy = (value: MappingValue): OverwritePolicy | undefined =>
  typeof value === 'string' ? undefined : value.overwrite;

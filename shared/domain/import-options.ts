// The vocabularies of import options (modes, encodings, delimiters, date formats, decimal separators) and the types the engine runs with.
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

// The JSON the page reads from the HTTP API (SPEC §6, §7): shapes only, every rule stays on the server.

export type ImportMode = 'upsert' | 'create_only' | 'update_only';
export type ImportStatus = 'pending' | 'running' | 'completed' | 'failed';
export type Outcome = 'created' | 'updated' | 'skipped' | 'errored';

export interface CustomField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'boolean';
  mapsTo?: 'external_id';
}

export interface Counts {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  errored: number;
}

export interface ColumnSummary {
  header: string;
  field: string | null;
}

export interface Warning {
  code: string;
  message: string;
}

export interface SummaryError {
  row: number;
  code: string;
  column?: string;
  message: string;
}

export interface ImportSummary {
  id: string;
  status: ImportStatus;
  source: 'upload' | 'api' | 'drop' | 'cli';
  fileName: string;
  options: { mode: ImportMode; dryRun: boolean; defaultCountry: string };
  counts: Counts;
  skippedBy: Record<string, number | undefined>;
  /** Cells left out of imported rows, by code (`invalidCells: cell`); absent on imports older than the option. */
  cellErrors?: Record<string, number | undefined>;
  errors: SummaryError[];
  columns: ColumnSummary[];
  warnings: Warning[];
  progress: { rowsProcessed: number; bytesProcessed: number; bytesTotal: number };
  failure?: { code: string; message: string };
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface PreviewRow {
  row: number;
  cells: string[];
  outcome: Outcome;
  code?: string;
  column?: string;
  message?: string;
}

export interface Preview {
  encoding: string;
  delimiter: string;
  headerRow: number;
  headers: string[];
  columns: ColumnSummary[];
  warnings: Warning[];
  rows: PreviewRow[];
  counts: Counts;
  options: { mode: ImportMode; dryRun: true; defaultCountry: string };
  /** An .xlsx workbook's sheet read and all its worksheets, in tab order. */
  workbook?: { sheet: string; sheets: string[] };
}

export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
}

export interface CreatedImport {
  importId: string;
  upload: PresignedUpload;
  maxBytes: number;
  expiresAt: string;
}

/** What the person chose for the next import; sent to the preview and to POST /imports alike. */
export interface ImportChoices {
  mode: ImportMode;
  dryRun: boolean;
  defaultCountry: string;
  encoding: string;
  delimiter: string;
  /** `row` (an invalid cell errors its row) or `cell` (the row is imported without it). */
  invalidCells: string;
  /** `YMD`, `MDY`, `DMY`, or empty: the workspace's setting. */
  dateFormat: string;
  /** `.`, `,`, or empty: the workspace's setting. */
  decimalSeparator: string;
  /** Only the columns the person changed: header → field, custom key, `external_id` or `ignore`. */
  mapping: Record<string, string>;
}

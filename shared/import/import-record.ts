// The import as it is stored: its record (what and how), its progress (how far) and its summary (SPEC §6).

import type {
  ColumnSummary,
  ImportCounts,
  ImportSource,
  ImportStatus,
  ImportSummary,
  ImportWarning,
  SummaryError,
} from '../api/import-summary.js';
import type { CustomField } from '../domain/fields.js';
import type {
  ResolvedImportOptions,
  SupportedDelimiter,
  SupportedEncoding,
} from '../domain/import-options.js';
import type { RowErrorCode, SkipCode } from '../domain/outcomes.js';
import { type RowNoteCounts, rowNoteWarnings } from '../domain/row-notes.js';
import type { ImportFailureCode } from '../errors.js';
import { type ImportOptionName, summaryOptions } from '../options/import-option-schema.js';
import type { OptionSources } from '../options/resolve-import-options.js';
import type { WorkbookLayout } from '../xlsx/workbook-records.js';

// The summary's shapes are the API's (shared/api): the engine writes what the API shows.
export { IMPORT_SOURCES } from '../api/import-summary.js';
export type {
  ColumnSummary,
  ImportCounts,
  ImportSource,
  ImportStatus,
  ImportSummary,
  ImportWarning,
  SummaryError,
};

/** What the engine learnt from the head of the file; kept so that a later invocation can resume. */
export interface ImportLayout {
  encoding: SupportedEncoding;
  bomLength: number;
  delimiter: SupportedDelimiter;
  /** The header's record number (its spreadsheet row). */
  headerRow: number;
  /** Source byte offset just past the header record: where the data rows start. */
  headerEndOffset: number;
  headers: string[];
  columns: ColumnSummary[];
  warnings: ImportWarning[];
  /**
   * The custom fields the mapping uses (and the one `external_id` goes to), as they were when the import started:
   * later invocations map the header with these, so the mapping stays fixed. Absent on imports started before.
   */
  customFields?: CustomField[];
  /** The version of the file the import reads (its S3 ETag): every later read is pinned to it (`file_changed`). */
  version?: string;
  /** Set when the file is an .xlsx workbook: the sheet read (its rows are the records) and the workbook's sheets. */
  workbook?: WorkbookLayout;
  /** The key of the header row (SPEC §11): the settings of a completed real import are remembered under it. */
  headerKey?: string;
  /** The import whose remembered settings apply (SPEC §11), when some do: its id, when it completed, which options. */
  remembered?: { importId: string; finishedAt: string; options: ImportOptionName[] };
}

export interface ImportRecord {
  workspaceId: string;
  importId: string;
  source: ImportSource;
  fileName: string;
  /** Where the CSV lives in the bucket. */
  objectKey: string;
  /** The options in force: once the header is read, with the settings remembered for it (SPEC §11). */
  options: ResolvedImportOptions;
  /** Where each option came from (explicit, profile, workspace); absent on imports started before. */
  optionSources?: OptionSources;
  /** Warnings known before the file is read (a drop's unknown profile), first in the summary's. */
  warnings?: ImportWarning[];
  status: ImportStatus;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  bytesTotal?: number;
  layout?: ImportLayout;
  failure?: { code: ImportFailureCode; message: string };
  /** The error report's object key, once written. */
  reportKey?: string;
  /** When the upload's presigned POST stops being accepted (uploads only): past it, and its grace, the import is `expired`. */
  uploadExpiresAt?: string;
  /** When the finished import was announced (its event sent, its metrics emitted): a retry announces it otherwise. */
  announcedAt?: string;
}

export type SkippedBy = Partial<Record<SkipCode, number>>;

/** Errored rows by code: they add up to `counts.errored`. */
export type ErroredBy = Partial<Record<RowErrorCode, number>>;

/** Cells left out of imported rows (`invalidCells: cell`), by code. */
export type CellErrorCounts = Partial<Record<RowErrorCode, number>>;

/** Written with every batch of contacts, in the same transaction: counts and checkpoint never drift apart. */
export interface ImportProgress {
  /** Number of the last record applied (0 before the first). */
  row: number;
  /** Source byte offset just past that record. */
  offset: number;
  counts: ImportCounts;
  skippedBy: SkippedBy;
  /** Errored rows by code; written once there are any (absent on items written before it was counted). */
  erroredBy?: ErroredBy;
  /**
   * Rows read with a note (`extra_emails_ignored`), by code: each gives a warning of the summary; and
   * `matched_earlier_row`, the rows updated or left unchanged whose contact an earlier row of this import created.
   */
  noted?: RowNoteCounts & { matched_earlier_row?: number };
  /** Cells left out of rows read (`invalidCells: cell`), by code; written once there are any. */
  cellErrors?: CellErrorCounts;
  /** How many errors the summary keeps so far (at most LIMITS.summaryErrors). */
  errorsKept: number;
  /** The next error-report segment number. */
  segment: number;
  /**
   * When POST /imports/{id}/cancel asked the import to stop: no batch begins after it (a real import's fold sees
   * it; a dry run's progress write is conditioned on its absence), and the run that meets it ends it `cancelled`.
   */
  cancelRequestedAt?: string;
  /** The run that holds the import: only it may advance the progress. */
  runId?: string;
  leaseUntil?: number;
}

export const emptyCounts = (): ImportCounts => ({ rows: 0, created: 0, updated: 0, skipped: 0, errored: 0 });

export const initialProgress = (): ImportProgress => ({
  row: 0,
  offset: 0,
  counts: emptyCounts(),
  skippedBy: {},
  errorsKept: 0,
  segment: 0,
});

/** The header's warnings, then those of the rows read so far (SPEC §6). */
export const warningsOf = (layout: ImportLayout | undefined, progress: ImportProgress): ImportWarning[] => [
  ...(layout?.warnings ?? []),
  ...rowNoteWarnings(progress.noted),
];

export const buildSummary = (
  record: ImportRecord,
  progress: ImportProgress,
  errors: SummaryError[],
): ImportSummary => ({
  id: record.importId,
  status: record.status,
  source: record.source,
  fileName: record.fileName,
  options: summaryOptions(record.options),
  counts: progress.counts,
  skippedBy: progress.skippedBy,
  erroredBy: progress.erroredBy ?? {},
  cellErrors: progress.cellErrors ?? {},
  ...(progress.noted?.matched_earlier_row ? { matchedEarlierRows: progress.noted.matched_earlier_row } : {}),
  errors,
  columns: record.layout?.columns ?? [],
  warnings: [...(record.warnings ?? []), ...warningsOf(record.layout, progress)],
  progress: {
    rowsProcessed: progress.counts.rows,
    bytesProcessed: progress.offset,
    bytesTotal: record.bytesTotal ?? 0,
    ...(progress.row > 0 ? { lastRow: progress.row } : {}),
  },
  ...(record.failure ? { failure: record.failure } : {}),
  ...(progress.cancelRequestedAt ? { cancelRequestedAt: progress.cancelRequestedAt } : {}),
  createdAt: record.createdAt,
  ...(record.startedAt ? { startedAt: record.startedAt } : {}),
  ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
});

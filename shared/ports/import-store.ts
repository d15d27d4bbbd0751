// The port for import records: create, claim, lay out, finish and read them.

import type { ImportFailureCode } from '../errors.js';
import type {
  ImportLayout,
  ImportProgress,
  ImportRecord,
  ImportStatus,
  SummaryError,
} from '../import/import-record.js';

export interface StoredImport {
  record: ImportRecord;
  progress: ImportProgress;
  errors: SummaryError[];
}

export interface ImportPage {
  imports: StoredImport[];
  cursor?: string;
}

export interface ImportStore {
  createImport(record: ImportRecord): Promise<void>;
  /** The import at its checkpoint: what a run resumes from (the counts of the batches folded into it). */
  getImport(workspaceId: string, importId: string): Promise<StoredImport | undefined>;
  /**
   * The import as one watching it sees it (GET /imports/{id}): the checkpoint's counts plus those of the
   * transactions of the batch under way already committed (their lane receipts). Between two reads they never go
   * down, and once the import has ended they are its checkpoint's.
   */
  getLiveImport(workspaceId: string, importId: string): Promise<StoredImport | undefined>;
  listImports(workspaceId: string, page: { limit: number; cursor?: string }): Promise<ImportPage>;
  /**
   * Takes the import for one run: succeeds when nobody holds it, when `runId` already holds it (a retry of the
   * same invocation), or when the holder's lease has expired. Returns the progress to resume from, or
   * undefined when another live run holds it or it has finished.
   */
  claimImport(
    workspaceId: string,
    importId: string,
    claim: { runId: string; leaseUntil: number; now: number },
  ): Promise<ImportProgress | undefined>;
  startImport(
    workspaceId: string,
    importId: string,
    /** `options`: the options in force once the header is read (remembered settings applied), when they changed. */
    start: { layout: ImportLayout; bytesTotal: number; startedAt: string; options?: ImportRecord['options'] },
  ): Promise<void>;
  finishImport(
    workspaceId: string,
    importId: string,
    finish: {
      runId: string;
      status: Extract<ImportStatus, 'completed' | 'failed' | 'cancelled'>;
      finishedAt: string;
      failure?: { code: ImportFailureCode; message: string };
      reportKey?: string;
      bytesTotal?: number;
    },
  ): Promise<void>;
  /**
   * Counts an attempt that an unexpected error ended at the import's current checkpoint, and returns how many
   * attempts have ended so at that checkpoint (a checkpoint that has moved on starts again from 1).
   */
  recordFailedAttempt(workspaceId: string, importId: string): Promise<number>;
  /**
   * Asks the import to stop (POST /imports/{id}/cancel). One that no run has claimed yet (pending) ends
   * `cancelled` at once and can no longer be claimed; one a run holds is flagged, and no batch begins after the
   * flag (the run that meets it ends the import). `ended` when it had already ended; undefined when there is none.
   */
  cancelImport(
    workspaceId: string,
    importId: string,
    at: string,
  ): Promise<'cancelled' | 'cancelling' | 'ended' | undefined>;
  /**
   * Ends a pending upload whose file never arrived (`expired`), unless a run has claimed it: from then on no run
   * can. True when it is expired now (by this call or an earlier one).
   */
  expireUpload(workspaceId: string, importId: string, at: string): Promise<boolean>;
  /** Records that the finished import's event and metrics went out. */
  markAnnounced(workspaceId: string, importId: string, at: string): Promise<void>;
}

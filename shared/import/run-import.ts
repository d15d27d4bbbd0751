// The lifecycle of one import run: streams a claimed import's file in batches and ends it completed, failed,
// cancelled or paused (the batches themselves: commit-batch.ts).

import type { ByteSource } from '../csv/read-records.js';
import { mapColumns } from '../domain/map-headers.js';
import { DEFAULT_MERGE_RULES, type MergeRules } from '../domain/merge-contact.js';
import type { RowOutcome } from '../domain/outcomes.js';
import { createRowReader, fieldPolicies, type RowReading } from '../domain/read-row.js';
import { ImportError, type ImportFailureCode, isImportError } from '../errors.js';
import type { CommitLaneStore } from '../ports/commit-lane-store.js';
import type { ContactStore } from '../ports/contact-store.js';
import type { CustomFieldStore } from '../ports/custom-field-store.js';
import type { ImportStore } from '../ports/import-store.js';
import type { JournalStore } from '../ports/journal-store.js';
import type { RememberedSettingsStore } from '../ports/remembered-settings-store.js';
import type { ReportStore } from '../ports/report-store.js';
import { BatchCommitter, type BatchSettings, type Lanes } from './commit-batch.js';
import { keepDryRunState, type Position, resumePoint, takeCensus } from './dry-run-state.js';
import { assembleReport } from './error-report.js';
import type { ImportLayout, ImportProgress, ImportRecord, SummaryError } from './import-record.js';
import { FAILURE_CODES, type PlannedRow, readBatches } from './read-batches.js';
import { readHeader, rememberSettings } from './remembered-header.js';
import { isTransientError } from './transient-error.js';
import { WorkingSet } from './working-set.js';

export interface ImportEngineDeps {
  contacts: ContactStore;
  imports: ImportStore;
  reports: ReportStore;
  customFields: CustomFieldStore;
  /** Where a real import keeps what a revert needs (SPEC §10); none: nothing is kept (a preview). */
  journals?: JournalStore;
  newContactId: () => string;
  now: () => Date;
  /** Files larger than this fail with `file_too_large` before a row is read. */
  maxBytes: number;
  /** The settings remembered per header row (SPEC §11): read when the header is, kept when a real import completes. */
  remembered?: RememberedSettingsStore;
  /**
   * Attempts an unexpected error may end at one checkpoint before the import fails `internal` (default 3: Lambda
   * runs an asynchronous invocation, and Step Functions a continuation, three times at most).
   */
  maxAttempts?: number;
  /**
   * An import's commit lanes (createEngineDeps gives them to every way in); without them (a preview's memory
   * stores), one transaction at a time carries the checkpoint.
   */
  lanes?: CommitLaneStore;
  /** Transactions of one batch in flight at once (default DEFAULT_COMMIT_CONCURRENCY); a deployment setting. */
  commitConcurrency?: number;
  /** At most this many actions a transaction (default: as many as DynamoDB takes, less room); tests lower it. */
  maxPlanActions?: number;
}

/**
 * Transactions of one batch in flight at once, chosen by measurement (docs/PERFORMANCE.md "Several transactions
 * in flight").
 */
export const DEFAULT_COMMIT_CONCURRENCY = 8;

export interface ImportRun {
  workspaceId: string;
  importId: string;
  /** The run that claimed the import (ImportStore.claimImport). */
  runId: string;
  source: ByteSource;
  /** Asked between batches: true stops the run with status `paused`, to be resumed from the checkpoint. */
  shouldPause?: () => boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows read, looked up and planned together (default 500). */
  batchRows?: number;
  /** Sees each row's planned outcome (a preview shows them); on a re-planned batch a row is seen again. */
  onRow?: (row: PlannedOutcome) => void;
}

export interface PlannedOutcome {
  row: number;
  cells: string[];
  outcome: RowOutcome;
}

export type RunStatus = 'completed' | 'failed' | 'cancelled' | 'paused' | 'lost';

export interface RunResult {
  status: RunStatus;
  progress?: ImportProgress;
  failure?: { code: ImportFailureCode; message: string };
}

const MAX_ATTEMPTS = 3;

/** Runs (or resumes) one claimed import until it completes, fails, pauses at a batch boundary, or loses its claim. */
export const runImport = async (deps: ImportEngineDeps, run: ImportRun): Promise<RunResult> => {
  const { workspaceId, importId, runId } = run;
  const stored = await deps.imports.getImport(workspaceId, importId);
  if (!stored) throw new ImportError('not_found', 'no such import');
  if (stored.progress.runId !== runId) return { status: 'lost' };
  const engine = new ImportEngine(deps, run, stored.record, stored.progress, stored.errors);
  return engine.run();
};

/** The lifecycle of one run: start (header, mapping, resume point), the batches, and how the run ends. */
class ImportEngine {
  private readonly dryRun: boolean;
  private batches: BatchCommitter;
  private lanes: Lanes | undefined;
  private plan: BatchSettings['plan'];

  constructor(
    private readonly deps: ImportEngineDeps,
    private readonly job: ImportRun,
    private readonly record: ImportRecord,
    progress: ImportProgress,
    errors: SummaryError[],
  ) {
    this.dryRun = record.options.dryRun;
    const { workspaceId, importId } = job;
    this.plan = { workspaceId, importId, mode: record.options.mode, rules: DEFAULT_MERGE_RULES };
    this.batches = this.committer(progress, errors, new WorkingSet());
  }

  private get progress(): ImportProgress {
    return this.batches.progress;
  }

  private committer(progress: ImportProgress, errors: SummaryError[], set: WorkingSet): BatchCommitter {
    const settings: BatchSettings = {
      deps: this.deps,
      job: this.job,
      dryRun: this.dryRun,
      plan: this.plan,
      ...(this.lanes ? { lanes: this.lanes } : {}),
      ...(this.deps.maxPlanActions !== undefined ? { maxPlanActions: this.deps.maxPlanActions } : {}),
    };
    return new BatchCommitter(settings, progress, errors, set);
  }

  async run(): Promise<RunResult> {
    const result = await this.runToEnd();
    // Once the import has ended (and the report holds what they held), the segments and a dry run's state go.
    if (result.status === 'completed' || result.status === 'failed' || result.status === 'cancelled') {
      await this.deps.reports.deleteRunState(this.job.workspaceId, this.job.importId);
    }
    return result;
  }

  private async runToEnd(): Promise<RunResult> {
    const { workspaceId, importId } = this.job;
    let layout = this.record.layout;
    if (!this.dryRun && this.deps.lanes) {
      // The lanes take this run's id first: no transaction of an earlier run of the import can commit after this.
      const concurrency = this.deps.commitConcurrency ?? DEFAULT_COMMIT_CONCURRENCY;
      try {
        const states = await this.deps.lanes.takeLanes(workspaceId, importId, this.job.runId, concurrency);
        this.lanes = { store: this.deps.lanes, states, concurrency };
      } catch (error) {
        if (isImportError(error, 'lease_lost')) return { status: 'lost' };
        throw error;
      }
      this.batches = this.committer(this.progress, this.batches.errors, this.batches.set);
    }
    // A batch an earlier run left partly committed is finished first, whatever came since.
    const unfinished = this.lanes?.states.some(
      (lane) => lane.batch === this.progress.row && lane.units.length > 0,
    );
    // Cancelled while no run held it (between invocations, or its run died): it ends here, nothing more read.
    if (this.progress.cancelRequestedAt && !unfinished) return this.endCancelled(layout);
    try {
      if (this.job.source.size > this.deps.maxBytes) {
        throw new ImportError(
          'file_too_large',
          `the file has ${this.job.source.size} bytes; at most ${this.deps.maxBytes} are accepted`,
        );
      }
      let customFields = await this.deps.customFields.listCustomFields(workspaceId);
      if (!layout) {
        const detected = await readHeader(this.headerContext(), customFields);
        const version = this.job.source.version?.();
        layout = version !== undefined ? { ...detected.layout, version } : detected.layout;
        await this.deps.imports.startImport(workspaceId, importId, {
          layout,
          bytesTotal: this.job.source.size,
          startedAt: this.deps.now().toISOString(),
          ...(detected.options ? { options: detected.options } : {}),
        });
        // The options in force from here on, in every later invocation too (the record keeps them).
        if (detected.options) this.record.options = detected.options;
      }
      // Every read is of the version the import started with; an object overwritten since fails `file_changed`.
      if (layout.version !== undefined) this.job.source.pin?.(layout.version);
      // The mapping is the one the import started with (SPEC §5): fields created since do not change it.
      customFields = layout.customFields ?? customFields;
      const ctx = {
        customFields,
        ...(this.record.options.mapping ? { mapping: this.record.options.mapping } : {}),
      };
      const { mapping } = mapColumns(layout.headers, ctx);
      const { defaultCountry, dateFormat, decimalSeparator, invalidCells, blankCells } = this.record.options;
      const readRow = createRowReader({
        mapping,
        defaultCountry,
        invalidCells: invalidCells ?? 'row',
        blankCells: blankCells ?? 'ignore',
        // Imports registered before these options existed read as they did then.
        // A workbook's numbers are stored numbers, which the sheet reader writes with a `.` whatever the locale.
        format: {
          dateFormat: dateFormat ?? 'YMD',
          decimalSeparator: layout.workbook ? '.' : (decimalSeparator ?? '.'),
        },
      });
      const externalIdKey = customFields.find((field) => field.mapsTo === 'external_id')?.key;
      // A dry run writes nothing, so what it changed stays in memory for later rows: only what they can reach.
      const { start, overlay } = await resumePoint(
        this.where(),
        layout,
        this.progress.row,
        this.progress.offset,
        this.dryRun,
      );
      const census = this.dryRun ? await takeCensus(this.job.source, layout, readRow, start) : undefined;
      const set = new WorkingSet(externalIdKey, census);
      if (overlay) set.restore(overlay);
      // The headers a row outcome names: the phone column (an ambiguous match), the tags column (too many tags).
      const phoneIndex = mapping.targets.findIndex((t) => t.kind === 'field' && t.field === 'phone');
      const phoneColumn = phoneIndex >= 0 ? layout.headers[phoneIndex] : undefined;
      const tagsIndex = mapping.targets.findIndex((t) => t.kind === 'field' && t.field === 'tags');
      const tagsColumn = tagsIndex >= 0 ? layout.headers[tagsIndex] : undefined;
      // Imports registered before the update rules existed run by those of SPEC §4.
      const { overwrite, tagMode } = this.record.options;
      const rules: MergeRules = {
        overwrite: overwrite ?? 'always',
        blankCells: blankCells ?? 'ignore',
        tagMode: tagMode ?? 'append',
        fields: fieldPolicies(mapping),
      };
      this.plan = {
        workspaceId,
        importId,
        mode: this.record.options.mode,
        rules,
        ...(phoneColumn !== undefined ? { phoneColumn } : {}),
        ...(tagsColumn !== undefined ? { tagsColumn } : {}),
      };
      this.batches = this.committer(this.progress, this.batches.errors, set);

      const paused = await this.processRows(layout, readRow, start);
      if (paused) return { status: 'paused', progress: this.progress };
      const reportKey = await assembleReport(this.deps.reports, workspaceId, importId, layout.headers);
      const finishedAt = this.deps.now().toISOString();
      // Before the import is marked completed: a completion done again (a crash in between) remembers again, the same.
      await rememberSettings(this.headerContext(), layout, finishedAt);
      await this.deps.imports.finishImport(workspaceId, importId, {
        runId: this.job.runId,
        status: 'completed',
        finishedAt,
        reportKey,
      });
      return { status: 'completed', progress: this.progress };
    } catch (error) {
      if (isImportError(error, 'lease_lost')) return { status: 'lost' };
      if (isImportError(error, 'cancel_requested')) return this.endCancelled(layout);
      if (error instanceof ImportError && FAILURE_CODES.has(error.code)) {
        return this.fail(error.code as ImportFailureCode, error.message, layout);
      }
      return this.failOnceRetriesAreSpent(error, layout);
    }
  }

  private headerContext() {
    return { deps: this.deps, job: this.job, record: this.record };
  }

  private where() {
    return { reports: this.deps.reports, workspaceId: this.job.workspaceId, importId: this.job.importId };
  }

  /**
   * An error no rule foresaw: thrown for the invocation to be retried, until it has ended as many attempts at the
   * same checkpoint as the platform makes; the last one fails the import `internal`, so it never stays `running`.
   * Throttling and network faults are thrown as they are: the SDK and the platform retry them, and they pass.
   */
  private async failOnceRetriesAreSpent(error: unknown, layout?: ImportLayout): Promise<RunResult> {
    const maxAttempts = this.deps.maxAttempts ?? MAX_ATTEMPTS;
    if (isImportError(error, 'storage_limit')) {
      // Met again on every attempt: the import fails now, saying which limit, rather than after its retries.
      const message =
        `DynamoDB refused a write after row ${this.progress.row} as too large (an item over 400 KB or a transaction ` +
        'over 4 MB), so the import ended there. The rows up to it are applied and counted.';
      return this.fail('internal', message, layout);
    }
    if (isTransientError(error) || !Number.isFinite(maxAttempts)) throw error;
    const { workspaceId, importId } = this.job;
    const attempts = await this.deps.imports.recordFailedAttempt(workspaceId, importId);
    if (attempts < maxAttempts) throw error;
    // The cause goes to the log (by the invocation), not into the summary: it may quote a cell.
    const stored = await this.deps.imports.getImport(workspaceId, importId);
    const checkpoint = Math.max(stored?.progress.row ?? this.progress.row, layout?.headerRow ?? 0);
    const message =
      `An unexpected error stopped the import ${attempts} times in the rows after row ${checkpoint}, so it ended ` +
      "there. The rows up to it are applied and counted; the error is in the import function's log.";
    return this.fail('internal', message, layout);
  }

  private async fail(code: ImportFailureCode, message: string, layout?: ImportLayout): Promise<RunResult> {
    const { workspaceId, importId } = this.job;
    // What committed of the batch it fails in is counted (SPEC §5: rows applied stay applied and counted).
    await this.batches.foldCommitted().catch((error) => {
      if (code !== 'internal') throw error;
    });
    // Rows applied before the failure stay applied; their report is kept (an import that fails for want of
    // storage may lack one).
    const reportKey = layout
      ? await assembleReport(this.deps.reports, workspaceId, importId, layout.headers).catch((error) => {
          if (code !== 'internal') throw error;
          return undefined;
        })
      : undefined;
    const failure = { code, message };
    await this.deps.imports.finishImport(workspaceId, importId, {
      runId: this.job.runId,
      status: 'failed',
      finishedAt: this.deps.now().toISOString(),
      failure,
      bytesTotal: this.job.source.size,
      ...(reportKey ? { reportKey } : {}),
    });
    return { status: 'failed', progress: this.progress, failure };
  }

  /**
   * Ends a cancelled import at its checkpoint: the rows committed stay applied and counted, the report holds
   * theirs (not those of a batch planned but refused), and the status is `cancelled` (SPEC §6).
   */
  private async endCancelled(layout?: ImportLayout): Promise<RunResult> {
    const { workspaceId, importId } = this.job;
    const reportKey = layout
      ? await assembleReport(this.deps.reports, workspaceId, importId, layout.headers, this.progress.row)
      : undefined;
    await this.deps.imports.finishImport(workspaceId, importId, {
      runId: this.job.runId,
      status: 'cancelled',
      finishedAt: this.deps.now().toISOString(),
      ...(reportKey ? { reportKey } : {}),
    });
    return { status: 'cancelled', progress: this.progress };
  }

  /** Returns true when it stopped early because the run asked to pause. */
  private async processRows(
    layout: ImportLayout,
    readRow: (cells: string[]) => RowReading,
    start: Position,
  ): Promise<boolean> {
    const batchRows = this.job.batchRows ?? 500;
    const reader = readBatches(this.job.source, layout, start, readRow, batchRows);
    // Rows up to the checkpoint are counted already: a continued dry run plans them again only to rebuild its overlay.
    const counted = this.progress.row;
    // The first batch of every run rewrites the report segment an interrupted attempt may have left.
    let supersede = true;
    let batch = await reader.next();
    for (;;) {
      if (batch.length === 0) return reader.ended();
      const last = batch.length < batchRows;
      const replayed = batch.filter((row) => row.event.index <= counted).length;
      const work = async () => {
        if (replayed > 0) await this.batches.replan(batch.slice(0, replayed));
        if (replayed < batch.length) await this.batches.apply(batch.slice(replayed), supersede);
      };
      // Parsing and normalising the next rows (pure CPU) overlaps this batch's round trips to DynamoDB.
      const [applied, ahead] = await Promise.allSettled([work(), last ? Promise.resolve([]) : reader.next()]);
      if (applied.status === 'rejected') throw applied.reason;
      if (ahead.status === 'rejected') throw ahead.reason;
      if (replayed < batch.length) {
        supersede = false;
        this.job.onProgress?.(this.progress);
      }
      if (last) return reader.ended();
      if (this.job.shouldPause?.()) {
        await reader.close();
        const { index, endOffset } = (batch[batch.length - 1] as PlannedRow).event;
        if (this.dryRun) {
          await keepDryRunState(this.where(), { index, offset: endOffset }, this.batches.set.overlay());
        }
        return true;
      }
      batch = ahead.value;
    }
  }
}

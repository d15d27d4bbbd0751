// The import engine: streams a claimed import's CSV, plans rows in file order and commits them with checkpoints.

import { isEnded } from '../api/import-summary.js';
import type { ByteSource, CsvReadEvent } from '../csv/read-records.js';
import type { ContactFieldKey, ContactValues } from '../domain/contact.js';
import type { CustomField } from '../domain/fields.js';
import { LIMITS } from '../domain/fields.js';
import type { ResolvedImportOptions } from '../domain/import-options.js';
import { mapColumns } from '../domain/map-headers.js';
import { DEFAULT_MERGE_RULES, type MergeRules } from '../domain/merge-contact.js';
import type { RowOutcome } from '../domain/outcomes.js';
import { isReported } from '../domain/outcomes.js';
import { createRowReader, fieldPolicies, type RowReading } from '../domain/read-row.js';
import { FILE_FAILURE_CODES, ImportError, type ImportFailureCode, isImportError } from '../errors.js';
import { layersOfResolved, optionSources, resolveImportOptions } from '../options/resolve-import-options.js';
import type { ContactBatch, ContactStore } from '../ports/contact-store.js';
import type { CustomFieldStore } from '../ports/custom-field-store.js';
import type { ImportStore } from '../ports/import-store.js';
import type { JournalStore } from '../ports/journal-store.js';
import type { RememberedSettingsStore } from '../ports/remembered-settings-store.js';
import type { ReportStore } from '../ports/report-store.js';
import { headerKey } from '../profiles/header-key.js';
import {
  changesDefaults,
  REMEMBERED_OPTION_NAMES,
  type RememberedSettings,
  rememberedOptionsOf,
} from '../profiles/remembered-settings.js';
import type { JournalEntry } from '../revert/journal-entry.js';
import { toJournalLine } from '../revert/read-journal.js';
import { detectLayout, firstRecords } from './detect-layout.js';
import { assembleReport, toSegmentLine, withCellsLeftOut } from './error-report.js';
import { footerSkip, groupFooterRows } from './footer-rows.js';
import type { ImportLayout, ImportProgress, ImportRecord, SummaryError } from './import-record.js';
import { KeyCensus } from './key-census.js';
import { type PlanContext, planRow } from './plan-row.js';
import { readFileRecords } from './read-file-records.js';
import { isTransientError } from './transient-error.js';
import { hasNeeds, noNeeds, type OverlayState, WorkingSet } from './working-set.js';

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
}

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

/** Transactions take 100 actions; one is the progress item, one the error sample, four the largest row. */
const MAX_ROW_ACTIONS = 4;
const MAX_UNIT_ACTIONS = 100 - 2 - MAX_ROW_ACTIONS;
/** Transactions take 4 MB; leave room for keys and the progress item. */
const MAX_UNIT_BYTES = 3_000_000;
const MAX_CONFLICT_RETRIES = 50;
const MAX_ATTEMPTS = 3;

const FAILURE_CODES: ReadonlySet<string> = new Set(FILE_FAILURE_CODES);

/** A row of the file and the byte offset just past it. */
interface Position {
  offset: number;
  index: number;
}

/** What a paused dry run keeps: its overlay as it stood after row `row`, which ends at byte `offset`. */
interface DryRunState {
  version: 2;
  row: number;
  offset: number;
  overlay: OverlayState;
}

/** The kept state, or undefined when there is none or it is not one this engine wrote. */
const parseDryRunState = (text: string | undefined): DryRunState | undefined => {
  if (!text) return undefined;
  try {
    const state = JSON.parse(text) as Partial<DryRunState>;
    const { overlay } = state;
    const valid =
      state.version === 2 &&
      Number.isInteger(state.row) &&
      Number.isInteger(state.offset) &&
      Array.isArray(overlay?.emails) &&
      Array.isArray(overlay?.phones) &&
      Array.isArray(overlay?.contacts);
    return valid ? (state as DryRunState) : undefined;
  } catch {
    return undefined;
  }
};

interface Unit {
  writes: Pick<ContactBatch, 'contacts' | 'newEmails' | 'phones'>;
  expectedRow: number;
  next: ImportProgress;
  errors?: SummaryError[];
  /** What the unit's transaction does to each contact it writes, for the journal. */
  journal: JournalEntry[];
}

interface PlannedRow {
  event: CsvReadEvent;
  reading: RowReading;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cloneProgress = (progress: ImportProgress): ImportProgress => ({
  ...progress,
  counts: { ...progress.counts },
  skippedBy: { ...progress.skippedBy },
  ...(progress.noted ? { noted: { ...progress.noted } } : {}),
  ...(progress.cellErrors ? { cellErrors: { ...progress.cellErrors } } : {}),
  ...(progress.erroredBy ? { erroredBy: { ...progress.erroredBy } } : {}),
});

const toOutcomeOf = (reading: RowReading): RowOutcome | undefined => {
  if (reading.kind === 'skipped') return { outcome: 'skipped', code: reading.code, message: reading.message };
  if (reading.kind === 'errored') {
    return {
      outcome: 'errored',
      code: reading.code,
      ...(reading.column !== undefined ? { column: reading.column } : {}),
      message: reading.message,
    };
  }
  return undefined;
};

/** Runs (or resumes) one claimed import until it completes, fails, pauses at a batch boundary, or loses its claim. */
export const runImport = async (deps: ImportEngineDeps, run: ImportRun): Promise<RunResult> => {
  const { workspaceId, importId, runId } = run;
  const stored = await deps.imports.getImport(workspaceId, importId);
  if (!stored) throw new ImportError('not_found', 'no such import');
  if (stored.progress.runId !== runId) return { status: 'lost' };
  const engine = new ImportEngine(deps, run, stored.record, stored.progress, stored.errors);
  return engine.run();
};

class ImportEngine {
  private set: WorkingSet;
  private readonly dryRun: boolean;
  /** The headers a row outcome names: the phone column (an ambiguous match), the tags column (too many tags). */
  private namedColumns: Pick<PlanContext, 'phoneColumn' | 'tagsColumn'> = {};
  private rules: MergeRules = DEFAULT_MERGE_RULES;

  constructor(
    private readonly deps: ImportEngineDeps,
    private readonly job: ImportRun,
    private readonly record: ImportRecord,
    private progress: ImportProgress,
    private errors: SummaryError[],
  ) {
    this.dryRun = record.options.dryRun;
    this.set = new WorkingSet();
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
    // Cancelled while no run held it (between invocations, or its run died): it ends here, nothing more read.
    if (this.progress.cancelRequestedAt) return this.endCancelled(layout);
    try {
      if (this.job.source.size > this.deps.maxBytes) {
        throw new ImportError(
          'file_too_large',
          `the file has ${this.job.source.size} bytes; at most ${this.deps.maxBytes} are accepted`,
        );
      }
      let customFields = await this.deps.customFields.listCustomFields(workspaceId);
      if (!layout) {
        const detected = await this.readHeader(customFields);
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
      const { start, overlay } = await this.resumePoint(layout);
      const census = this.dryRun ? await this.takeCensus(layout, readRow, start) : undefined;
      this.set = new WorkingSet(externalIdKey, census);
      if (overlay) this.set.restore(overlay);
      const phoneIndex = mapping.targets.findIndex((t) => t.kind === 'field' && t.field === 'phone');
      const phoneColumn = phoneIndex >= 0 ? layout.headers[phoneIndex] : undefined;
      const tagsIndex = mapping.targets.findIndex((t) => t.kind === 'field' && t.field === 'tags');
      const tagsColumn = tagsIndex >= 0 ? layout.headers[tagsIndex] : undefined;
      this.namedColumns = {
        ...(phoneColumn !== undefined ? { phoneColumn } : {}),
        ...(tagsColumn !== undefined ? { tagsColumn } : {}),
      };
      // Imports registered before the update rules existed run by those of SPEC §4.
      const { overwrite, tagMode } = this.record.options;
      this.rules = {
        overwrite: overwrite ?? 'always',
        blankCells: blankCells ?? 'ignore',
        tagMode: tagMode ?? 'append',
        fields: fieldPolicies(mapping),
      };

      const paused = await this.processRows(layout, readRow, start);
      if (paused) return { status: 'paused', progress: this.progress };
      const reportKey = await assembleReport(this.deps.reports, workspaceId, importId, layout.headers);
      const finishedAt = this.deps.now().toISOString();
      // Before the import is marked completed: a completion done again (a crash in between) remembers again, the same.
      await this.rememberSettings(layout, finishedAt);
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

  /**
   * Finds the header, then the settings remembered for it (SPEC §11): they apply to the options that were not given
   * explicitly nor by a profile, unless the import says `ignoreRemembered`, with a warning naming their import. A
   * header found only by a remembered mapping is found too: among the first rows, the one settings are kept for.
   * Returns the options in force when they changed.
   */
  private async readHeader(
    customFields: CustomField[],
  ): Promise<{ layout: ImportLayout; options?: ResolvedImportOptions }> {
    const { workspaceId, importId } = this.job;
    const { remembered } = this.deps;
    const remembering =
      remembered !== undefined &&
      this.record.optionSources !== undefined &&
      !this.record.options.ignoreRemembered;
    const lookup = async (headers: string[]) => {
      if (!remembering) return undefined;
      const found = await remembered.getRemembered(workspaceId, headerKey(headers));
      return found && found.importId !== importId && changesDefaults(found.options) ? found : undefined;
    };
    let detected: ImportLayout;
    try {
      detected = await detectLayout(this.job.source, this.record.options, customFields);
    } catch (error) {
      if (!remembering || !isImportError(error, 'no_header') || this.record.options.headerRow !== undefined) {
        throw error;
      }
      const rows = await firstRecords(
        this.job.source,
        this.record.options,
        customFields,
        LIMITS.headerSearchRows,
      );
      for (const row of rows) {
        const found = await lookup(row.cells.map((cell) => cell.trim()));
        const applied = found ? await this.applyRemembered(found, row.row, customFields) : undefined;
        if (applied) return applied;
      }
      throw error;
    }
    const found = await lookup(detected.headers);
    const applied = found ? await this.applyRemembered(found, detected.headerRow, customFields) : undefined;
    return applied ?? { layout: { ...detected, headerKey: headerKey(detected.headers) } };
  }

  /** The layout and options with remembered settings, or undefined when they would change nothing. */
  private async applyRemembered(
    found: RememberedSettings,
    headerRow: number,
    customFields: CustomField[],
  ): Promise<{ layout: ImportLayout; options: ResolvedImportOptions } | undefined> {
    const sources = this.record.optionSources ?? {};
    const layers = { ...layersOfResolved(this.record.options, sources), remembered: found.options };
    let options: ResolvedImportOptions;
    try {
      options = resolveImportOptions(layers, customFields);
    } catch (error) {
      // A remembered mapping to a field the workspace no longer has is of no use: the import goes without it.
      if (isImportError(error, 'unknown_field') || isImportError(error, 'invalid_mapping')) return undefined;
      throw error;
    }
    // The remembered options that change something: a rule remembered at its default is no news.
    const taken = optionSources(layers);
    const applied = REMEMBERED_OPTION_NAMES.filter(
      (name) => taken[name] === 'remembered' && changesDefaults({ [name]: options[name] }),
    );
    if (applied.length === 0) return undefined;
    // The header is the same row; its columns are mapped again, with the remembered mapping.
    const layout = await detectLayout(this.job.source, { ...options, headerRow }, customFields);
    const warning = {
      code: 'settings_from_previous_import',
      message: `The ${applied.join(', ')} of import ${found.importId} (completed ${found.finishedAt}), the last completed import of a file with this header, apply: give them in the options, or ignoreRemembered, to import otherwise`,
    };
    return {
      layout: {
        ...layout,
        headerKey: headerKey(layout.headers),
        remembered: { importId: found.importId, finishedAt: found.finishedAt, options: applied },
        warnings: [warning, ...layout.warnings],
      },
      options,
    };
  }

  /** A completed real import's mapping and rules are remembered for its header row; a dry run's never are. */
  private async rememberSettings(layout: ImportLayout, finishedAt: string): Promise<void> {
    if (this.dryRun || !this.deps.remembered || layout.headerKey === undefined) return;
    await this.deps.remembered.remember(this.job.workspaceId, layout.headerKey, {
      importId: this.job.importId,
      finishedAt,
      options: rememberedOptionsOf(this.record.options),
    });
  }

  /**
   * An error no rule foresaw: thrown for the invocation to be retried, until it has ended as many attempts at the
   * same checkpoint as the platform makes; the last one fails the import `internal`, so it never stays `running`.
   * Throttling and network faults are thrown as they are: the SDK and the platform retry them, and they pass.
   */
  private async failOnceRetriesAreSpent(error: unknown, layout?: ImportLayout): Promise<RunResult> {
    const maxAttempts = this.deps.maxAttempts ?? MAX_ATTEMPTS;
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
    const records = readFileRecords(this.job.source, layout, start);
    // A batch ends between groups: rows held to tell a footer from data are decided alike by every continuation.
    const events = groupFooterRows(records, layout.headers.length);
    // Rows up to the checkpoint are counted already: a continued dry run plans them again only to rebuild its overlay.
    const counted = this.progress.row;
    const batchRows = this.job.batchRows ?? 500;
    // Where the file cannot be read any further (SPEC §5), the rows read before that point are applied and
    // counted first: the failure is kept here and thrown once they are in.
    let unreadable: ImportError | undefined;
    const readBatch = async (): Promise<PlannedRow[]> => {
      const batch: PlannedRow[] = [];
      if (unreadable) return batch;
      try {
        while (batch.length < batchRows) {
          const next = await events.next();
          if (next.done) break;
          for (const event of next.value.events) {
            const footer = next.value.footer ? footerSkip(event) : undefined;
            const reading: RowReading =
              event.type !== 'record'
                ? { kind: 'errored', code: 'malformed_row', message: event.message }
                : footer
                  ? { kind: 'skipped', ...footer }
                  : readRow(event.cells);
            batch.push({ event, reading });
          }
        }
      } catch (error) {
        if (!(error instanceof ImportError) || !FAILURE_CODES.has(error.code)) throw error;
        unreadable = error;
      }
      return batch;
    };
    const ended = (): false => {
      if (unreadable) throw unreadable;
      return false;
    };
    // The first batch of every run rewrites the report segment an interrupted attempt may have left.
    let supersede = true;
    let batch = await readBatch();
    for (;;) {
      if (batch.length === 0) return ended();
      const last = batch.length < batchRows;
      const replayed = batch.filter((row) => row.event.index <= counted).length;
      const work = async () => {
        if (replayed > 0) {
          await this.planBatch(batch.slice(0, replayed));
          this.endBatch();
        }
        if (replayed < batch.length) await this.applyBatch(batch.slice(replayed), supersede);
      };
      // Parsing and normalising the next rows (pure CPU) overlaps this batch's round trips to DynamoDB.
      const [applied, ahead] = await Promise.allSettled([work(), last ? Promise.resolve([]) : readBatch()]);
      if (applied.status === 'rejected') throw applied.reason;
      if (ahead.status === 'rejected') throw ahead.reason;
      if (replayed < batch.length) {
        supersede = false;
        this.job.onProgress?.(this.progress);
      }
      if (last) return ended();
      if (this.job.shouldPause?.()) {
        await events.return?.(undefined);
        const { index, endOffset } = (batch[batch.length - 1] as PlannedRow).event;
        if (this.dryRun) await this.keepDryRunState({ index, offset: endOffset });
        return true;
      }
      batch = ahead.value;
    }
  }

  /** Plans and commits one batch; a conflict with another writer re-reads and re-plans from the failed unit. */
  private async applyBatch(batch: PlannedRow[], supersede: boolean) {
    let from = 0;
    let mustSupersede = supersede;
    for (let attempt = 0; ; attempt++) {
      const rows = batch.slice(from);
      // Planning is inside the retry: a guard or phone set read just before another writer removed its contact
      // is a conflict like a failed condition, re-planned on fresh reads.
      try {
        const { units, lines } = await this.planBatch(rows);
        const segment = this.progress.segment;
        const ref = { segment, fromRow: rows[0]?.event.index ?? 0 };
        const { workspaceId, importId } = this.job;
        // The journal's units, beside the report's lines: one object each per batch, written at once, before the
        // batch's transactions (a committed unit is always in them); a re-planned batch supersedes them as a whole.
        const journal = this.dryRun ? undefined : this.deps.journals;
        const journalLines = units.flatMap((unit) =>
          unit.journal.length > 0 ? [toJournalLine({ lastRow: unit.next.row, entries: unit.journal })] : [],
        );
        const writes: Promise<void>[] = [];
        if (lines.length > 0 || mustSupersede) {
          writes.push(this.deps.reports.putSegment(workspaceId, importId, ref, lines.join('\n')));
        }
        if (journal && (journalLines.length > 0 || mustSupersede)) {
          writes.push(journal.putSegment(workspaceId, importId, ref, journalLines.join('\n')));
        }
        if (writes.length > 0) {
          await Promise.all(writes);
          for (const unit of units) unit.next.segment = segment + 1;
        }
        for (const unit of units) {
          await this.deps.contacts.writeBatch({
            workspaceId: this.job.workspaceId,
            ...unit.writes,
            progress: {
              importId: this.job.importId,
              runId: this.job.runId,
              expectedRow: unit.expectedRow,
              next: unit.next,
            },
            ...(unit.errors ? { errors: unit.errors } : {}),
          });
          this.progress = unit.next;
          if (unit.errors) this.errors = unit.errors;
        }
        this.endBatch();
        return;
      } catch (error) {
        const unsure = isImportError(error, 'write_conflict') || isImportError(error, 'lease_lost');
        if (!unsure || attempt >= MAX_CONFLICT_RETRIES) throw error;
        // A dry run writes no contact, so its conflict is one met while planning: a fresh set would lose its overlay,
        // so the invocation ends and the next one rebuilds the overlay from the checkpoint.
        if (this.dryRun && isImportError(error, 'write_conflict')) throw error;
        // The write may have been applied all the same (an SDK retry after a lost response fails on its own
        // write): the stored checkpoint says which units are in, and whether this run still holds the import.
        await this.reloadCheckpoint();
        from = this.firstUncommitted(batch);
        if (from >= batch.length) {
          this.endBatch();
          return;
        }
        // Re-plan from the first unit not committed, on fresh reads.
        this.set = this.set.fresh();
        mustSupersede = true;
        await sleep(Math.min(2000, 20 * 2 ** Math.min(attempt, 7)) * Math.random());
      }
    }
  }

  /** After a batch is in: a dry run writes nothing, so what it changed stays pinned as the overlay later rows see. */
  private endBatch(): void {
    if (!this.dryRun) this.set.unpinAll();
    this.set.evictClean();
  }

  /** The stored checkpoint, when this run still holds the import; `lease_lost` when it does not. */
  private async reloadCheckpoint(): Promise<void> {
    const stored = await this.deps.imports.getImport(this.job.workspaceId, this.job.importId);
    if (!stored || isEnded(stored.record.status) || stored.progress.runId !== this.job.runId) {
      throw new ImportError('lease_lost', 'another run holds this import');
    }
    this.progress = stored.progress;
    this.errors = stored.errors;
    // The progress write was refused because the import was cancelled: this run ends it at this checkpoint.
    if (stored.progress.cancelRequestedAt)
      throw new ImportError('cancel_requested', 'the import was cancelled');
  }

  private firstUncommitted(batch: PlannedRow[]): number {
    const index = batch.findIndex((row) => row.event.index > this.progress.row);
    return index < 0 ? batch.length : index;
  }

  private async planBatch(rows: PlannedRow[]) {
    const { workspaceId } = this.job;
    const set = this.set;
    const prefetch = noNeeds();
    for (const { reading } of rows) {
      if (reading.kind !== 'values') continue;
      if (reading.values.email && !set.knowsEmail(reading.values.email))
        prefetch.emails.add(reading.values.email);
      if (reading.values.phone && !set.knowsPhone(reading.values.phone))
        prefetch.phones.add(reading.values.phone);
    }
    if (hasNeeds(prefetch)) {
      await set.load(this.deps.contacts, workspaceId, prefetch);
      const likely = noNeeds();
      for (const id of set.likelyContacts(prefetch.emails, prefetch.phones)) likely.contacts.add(id);
      if (hasNeeds(likely)) await set.load(this.deps.contacts, workspaceId, likely);
    }

    const ctx: PlanContext = {
      workspaceId,
      importId: this.job.importId,
      mode: this.record.options.mode,
      now: this.deps.now().toISOString(),
      newId: this.deps.newContactId,
      ...this.namedColumns,
      rules: this.rules,
    };
    const units: Unit[] = [];
    const lines: string[] = [];
    let running = cloneProgress(this.progress);
    let errors = this.errors;
    let errorsChanged = false;
    let expectedRow = this.progress.row;

    const seal = () => {
      const writes = set.seal();
      const unit: Unit = {
        writes: this.dryRun ? { contacts: [], newEmails: [], phones: [] } : writes,
        expectedRow,
        next: running,
        ...(errorsChanged ? { errors } : {}),
        journal: this.dryRun ? [] : set.journalOfLastSeal(),
      };
      units.push(unit);
      expectedRow = running.row;
      running = cloneProgress(running);
      errorsChanged = false;
    };

    for (const row of rows) {
      if (!this.dryRun && (set.pendingActions() > MAX_UNIT_ACTIONS || set.pendingBytes() > MAX_UNIT_BYTES)) {
        seal();
      }
      const outcome = toOutcomeOf(row.reading) ?? (await this.planValues(row.event.index, row.reading, ctx));
      const { event } = row;
      running.row = event.index;
      running.offset = event.endOffset;
      running.counts.rows += 1;
      running.counts[outcome.outcome] += 1;
      if (outcome.outcome === 'skipped') {
        running.skippedBy[outcome.code] = (running.skippedBy[outcome.code] ?? 0) + 1;
      }
      if (outcome.outcome === 'errored') {
        running.erroredBy = {
          ...running.erroredBy,
          [outcome.code]: (running.erroredBy?.[outcome.code] ?? 0) + 1,
        };
      }
      if ('matchedRow' in outcome && outcome.matchedRow !== undefined) {
        running.noted = {
          ...running.noted,
          matched_earlier_row: (running.noted?.matched_earlier_row ?? 0) + 1,
        };
      }
      for (const note of row.reading.kind === 'values' ? (row.reading.notes ?? []) : []) {
        running.noted = { ...running.noted, [note]: (running.noted?.[note] ?? 0) + 1 };
      }
      if (outcome.outcome === 'errored' && errors.length < LIMITS.summaryErrors) {
        errors = [
          ...errors,
          {
            row: event.index,
            code: outcome.code,
            ...(outcome.column !== undefined ? { column: outcome.column } : {}),
            message: outcome.message,
          },
        ];
        running.errorsKept = errors.length;
        errorsChanged = true;
      }
      const cellErrors = row.reading.kind === 'values' ? row.reading.cellErrors : undefined;
      for (const cell of cellErrors ?? []) {
        running.cellErrors = {
          ...running.cellErrors,
          [cell.code]: (running.cellErrors?.[cell.code] ?? 0) + 1,
        };
      }
      this.job.onRow?.({ row: event.index, cells: event.type === 'record' ? event.cells : [], outcome });
      if (isReported(outcome) || cellErrors) {
        const reported = cellErrors ? withCellsLeftOut(outcome, cellErrors) : outcome;
        lines.push(toSegmentLine(event.index, reported, event.type === 'record' ? event.cells : []));
      }
    }
    seal();
    return { units, lines };
  }

  /**
   * Where this run reads from: the checkpoint, or the first row after the header. A continued dry run wrote nothing,
   * so it starts where the overlay it kept was taken (at the first row when it kept none: an invocation that died)
   * and plans the rows up to the checkpoint again, uncounted, so that later rows see what they changed.
   */
  private async resumePoint(layout: ImportLayout): Promise<{ start: Position; overlay?: OverlayState }> {
    const first = { offset: layout.headerEndOffset, index: layout.headerRow };
    if (this.progress.row === 0) return { start: first };
    if (!this.dryRun) return { start: { offset: this.progress.offset, index: this.progress.row } };
    const kept = parseDryRunState(
      await this.deps.reports.getDryRunState(this.job.workspaceId, this.job.importId),
    );
    if (!kept || kept.row > this.progress.row || kept.row < first.index) return { start: first };
    return { start: { offset: kept.offset, index: kept.row }, overlay: kept.overlay };
  }

  /** A paused dry run keeps its overlay for the invocation that continues it. */
  private async keepDryRunState(at: Position): Promise<void> {
    const state: DryRunState = { version: 2, row: at.index, offset: at.offset, overlay: this.set.overlay() };
    await this.deps.reports.putDryRunState(this.job.workspaceId, this.job.importId, JSON.stringify(state));
  }

  /** Reads the rest of the file once to count the emails and phones its rows name (a few MB, whatever its size). */
  private async takeCensus(
    layout: ImportLayout,
    readRow: (cells: string[]) => RowReading,
    start: Position,
  ): Promise<KeyCensus> {
    const census = new KeyCensus(Math.ceil(this.job.source.size / 32));
    for await (const event of readFileRecords(this.job.source, layout, start)) {
      if (event.type !== 'record') continue;
      const reading = readRow(event.cells);
      if (reading.kind !== 'values') continue;
      if (reading.values.email) census.add(reading.values.email);
      if (reading.values.phone) census.add(reading.values.phone);
    }
    return census;
  }

  private async planValues(row: number, reading: RowReading, ctx: PlanContext): Promise<RowOutcome> {
    const { values, blanks } = reading as { values: ContactValues; blanks?: ContactFieldKey[] };
    this.set.beginRow(row, values.email, values.phone);
    for (let round = 0; round < 5; round++) {
      const result = planRow(values, this.set, ctx, blanks, row);
      if (result.kind === 'outcome') return result.outcome;
      await this.set.load(this.deps.contacts, this.job.workspaceId, result.needs);
    }
    // What the row needs is still missing after it was read: another writer removed a contact between the read of
    // its guard or phone set and the read of the contact itself.
    throw new ImportError('write_conflict', 'a contact was removed while the batch was planned');
  }
}

// One batch of rows: planned into transaction plans, committed with the checkpoint, re-planned after a conflict.

import { isEnded } from '../api/import-summary.js';
import type { ContactFieldKey, ContactValues } from '../domain/contact.js';
import type { RowOutcome } from '../domain/outcomes.js';
import type { RowReading } from '../domain/read-row.js';
import { ImportError, isImportError } from '../errors.js';
import type { ContactBatch } from '../ports/contact-store.js';
import type { JournalEntry } from '../revert/journal-entry.js';
import { toJournalLine } from '../revert/read-journal.js';
import type { ImportProgress, SummaryError } from './import-record.js';
import { OutcomeTally, outcomeOfReading } from './outcome-tally.js';
import { type PlanContext, planRow } from './plan-row.js';
import type { PlannedRow } from './read-batches.js';
import type { ImportEngineDeps, ImportRun } from './run-import.js';
import { hasNeeds, noNeeds, type WorkingSet } from './working-set.js';

/** Transactions take 100 actions; one is the progress item, one the error sample, four the largest row. */
const MAX_ROW_ACTIONS = 4;
const MAX_PLAN_ACTIONS = 100 - 2 - MAX_ROW_ACTIONS;
/** Transactions take 4 MB; leave room for keys and the progress item. */
const MAX_PLAN_BYTES = 3_000_000;
const MAX_CONFLICT_RETRIES = 50;

/** One transaction's plan: the writes of consecutive rows, and the checkpoint that moves with them. */
interface TransactionPlan {
  writes: Pick<ContactBatch, 'contacts' | 'newEmails' | 'phones'>;
  expectedRow: number;
  next: ImportProgress;
  errors?: SummaryError[];
  /** What the transaction does to each contact it writes, for the journal. */
  journal: JournalEntry[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a batch is planned and committed with: the run, and the rules and columns every row is planned by. */
export interface BatchSettings {
  deps: ImportEngineDeps;
  job: ImportRun;
  dryRun: boolean;
  plan: Omit<PlanContext, 'now' | 'newId'>;
}

/**
 * The batches of one run, in file order. Holds the checkpoint committed last (the progress and the error sample)
 * and the working set later batches plan on.
 */
export class BatchCommitter {
  constructor(
    private readonly settings: BatchSettings,
    public progress: ImportProgress,
    public errors: SummaryError[],
    public set: WorkingSet,
  ) {}

  /** Plans rows already counted only to rebuild what later rows see (a continued dry run's overlay). */
  async replan(rows: PlannedRow[]): Promise<void> {
    await this.planBatch(rows);
    this.endBatch();
  }

  /** Plans and commits one batch; a conflict with another writer re-reads and re-plans from the failed unit. */
  async apply(batch: PlannedRow[], supersede: boolean): Promise<void> {
    const { deps, job, dryRun } = this.settings;
    const { workspaceId, importId } = job;
    let from = 0;
    let mustSupersede = supersede;
    for (let attempt = 0; ; attempt++) {
      const rows = batch.slice(from);
      // Planning is inside the retry: a guard or phone set read just before another writer removed its contact
      // is a conflict like a failed condition, re-planned on fresh reads.
      try {
        const { plans, lines } = await this.planBatch(rows);
        const segment = this.progress.segment;
        const ref = { segment, fromRow: rows[0]?.event.index ?? 0 };
        // The journal's units, beside the report's lines: one object each per batch, written at once, before the
        // batch's transactions (a committed unit is always in them); a re-planned batch supersedes them as a whole.
        const journal = dryRun ? undefined : deps.journals;
        const journalLines = plans.flatMap((plan) =>
          plan.journal.length > 0 ? [toJournalLine({ lastRow: plan.next.row, entries: plan.journal })] : [],
        );
        const writes: Promise<void>[] = [];
        if (lines.length > 0 || mustSupersede) {
          writes.push(deps.reports.putSegment(workspaceId, importId, ref, lines.join('\n')));
        }
        if (journal && (journalLines.length > 0 || mustSupersede)) {
          writes.push(journal.putSegment(workspaceId, importId, ref, journalLines.join('\n')));
        }
        if (writes.length > 0) {
          await Promise.all(writes);
          for (const plan of plans) plan.next.segment = segment + 1;
        }
        for (const plan of plans) {
          await deps.contacts.writeBatch({
            workspaceId,
            ...plan.writes,
            progress: { importId, runId: job.runId, expectedRow: plan.expectedRow, next: plan.next },
            ...(plan.errors ? { errors: plan.errors } : {}),
          });
          this.progress = plan.next;
          if (plan.errors) this.errors = plan.errors;
        }
        this.endBatch();
        return;
      } catch (error) {
        const unsure = isImportError(error, 'write_conflict') || isImportError(error, 'lease_lost');
        if (!unsure || attempt >= MAX_CONFLICT_RETRIES) throw error;
        // A dry run writes no contact, so its conflict is one met while planning: a fresh set would lose its overlay,
        // so the invocation ends and the next one rebuilds the overlay from the checkpoint.
        if (dryRun && isImportError(error, 'write_conflict')) throw error;
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
    if (!this.settings.dryRun) this.set.unpinAll();
    this.set.evictClean();
  }

  /** The stored checkpoint, when this run still holds the import; `lease_lost` when it does not. */
  private async reloadCheckpoint(): Promise<void> {
    const { deps, job } = this.settings;
    const stored = await deps.imports.getImport(job.workspaceId, job.importId);
    if (!stored || isEnded(stored.record.status) || stored.progress.runId !== job.runId) {
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

  /** Reads what the rows name in as few rounds as it can, then plans them in file order into transaction plans. */
  private async planBatch(rows: PlannedRow[]) {
    const { deps, job, dryRun } = this.settings;
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
      await set.load(deps.contacts, job.workspaceId, prefetch);
      const likely = noNeeds();
      for (const id of set.likelyContacts(prefetch.emails, prefetch.phones)) likely.contacts.add(id);
      if (hasNeeds(likely)) await set.load(deps.contacts, job.workspaceId, likely);
    }

    const ctx: PlanContext = {
      ...this.settings.plan,
      now: deps.now().toISOString(),
      newId: deps.newContactId,
    };
    const plans: TransactionPlan[] = [];
    const tally = new OutcomeTally(this.progress, this.errors);
    let expectedRow = this.progress.row;

    const seal = () => {
      const writes = set.seal();
      const { next, errors } = tally.close();
      plans.push({
        writes: dryRun ? { contacts: [], newEmails: [], phones: [] } : writes,
        expectedRow,
        next,
        ...(errors ? { errors } : {}),
        journal: dryRun ? [] : set.journalOfLastSeal(),
      });
      expectedRow = next.row;
    };

    for (const row of rows) {
      if (!dryRun && (set.pendingActions() > MAX_PLAN_ACTIONS || set.pendingBytes() > MAX_PLAN_BYTES)) seal();
      const outcome =
        outcomeOfReading(row.reading) ?? (await this.planValues(row.event.index, row.reading, ctx));
      const { event } = row;
      tally.count(event, row.reading, outcome);
      job.onRow?.({ row: event.index, cells: event.type === 'record' ? event.cells : [], outcome });
    }
    seal();
    return { plans, lines: tally.lines };
  }

  private async planValues(row: number, reading: RowReading, ctx: PlanContext): Promise<RowOutcome> {
    const { deps, job } = this.settings;
    const { values, blanks } = reading as { values: ContactValues; blanks?: ContactFieldKey[] };
    this.set.beginRow(row, values.email, values.phone);
    for (let round = 0; round < 5; round++) {
      const result = planRow(values, this.set, ctx, blanks, row);
      if (result.kind === 'outcome') return result.outcome;
      await this.set.load(deps.contacts, job.workspaceId, result.needs);
    }
    // What the row needs is still missing after it was read: another writer removed a contact between the read of
    // its guard or phone set and the read of the contact itself.
    throw new ImportError('write_conflict', 'a contact was removed while the batch was planned');
  }
}

// One batch of rows: planned into transaction plans, committed with the checkpoint, re-planned after a conflict.

import { isEnded } from '../api/import-summary.js';
import type { ContactFieldKey, ContactValues } from '../domain/contact.js';
import { LIMITS } from '../domain/fields.js';
import type { RowOutcome } from '../domain/outcomes.js';
import type { RowReading } from '../domain/read-row.js';
import { ImportError, isImportError } from '../errors.js';
import type { CommitLaneStore, LaneState, UnitReceipt } from '../ports/commit-lane-store.js';
import type { ContactBatch } from '../ports/contact-store.js';
import type { ReportStore } from '../ports/report-store.js';
import type { JournalEntry } from '../revert/journal-entry.js';
import { toJournalLine } from '../revert/read-journal.js';
import type { ImportProgress, SummaryError } from './import-record.js';
import { OutcomeTally, outcomeOfReading } from './outcome-tally.js';
import { type PlanContext, planRow } from './plan-row.js';
import type { PlannedRow } from './read-batches.js';
import type { ImportEngineDeps, ImportRun } from './run-import.js';
import { sendInOrder } from './send-in-order.js';
import { deltaOf, foldReceipts, zeroProgress } from './unit-receipt.js';
import { hasNeeds, noNeeds, type UnitWrites, type WorkingSet } from './working-set.js';

/**
 * Transactions take 100 actions; one is the progress item, one the error sample, six the largest row (its contact,
 * its guard, and the heads and member items of the phone it leaves and the phone it joins).
 */
const MAX_ROW_ACTIONS = 6;
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

/** A transaction of a batch with several in flight: its rows' writes, report and journal lines, and receipt. */
interface LanePlan {
  writes: UnitWrites;
  footprint: ReadonlySet<string>;
  receipt: UnitReceipt;
  lines: string[];
  journalLine?: string;
}

/** A committed transaction of the current batch: its receipt, and the lines its segment must keep for its rows. */
interface CommittedPlan {
  receipt: UnitReceipt;
  lines: string[];
  journalLine?: string;
}

/** Where segments are read back from: the report's and the journal's stores alike. */
type SegmentSource = Pick<ReportStore, 'listSegments' | 'readSegment'>;

/** The lanes a real import commits through (several transactions in flight), as this run last saw them. */
export interface Lanes {
  store: CommitLaneStore;
  states: LaneState[];
  /** How many transactions may be in flight at once (lanes 0…concurrency-1). */
  concurrency: number;
}

/** What a batch is planned and committed with: the run, and the rules and columns every row is planned by. */
export interface BatchSettings {
  deps: ImportEngineDeps;
  job: ImportRun;
  dryRun: boolean;
  plan: Omit<PlanContext, 'now' | 'newId'>;
  /** Absent (a dry run, a preview): one transaction at a time, each carrying the checkpoint. */
  lanes?: Lanes;
  /** At most this many actions a transaction (tests make it small, to give a batch many transactions). */
  maxPlanActions?: number;
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
    if (this.settings.lanes && !this.settings.dryRun) return this.applyInLanes(batch, this.settings.lanes);
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

  /**
   * A real import's batch, several transactions in flight: each moves its own lane (its receipt: rows, counts,
   * errors), in an order that keeps every transaction behind the earlier ones it shares an item with; once all are
   * in, one write folds the receipts into the checkpoint. After a failure the committed set is read back from the
   * lanes (fencing those whose last outcome is unknown) and the other rows are planned again on fresh reads.
   */
  private async applyInLanes(batch: PlannedRow[], lanes: Lanes): Promise<void> {
    const { deps, job } = this.settings;
    const { workspaceId, importId, runId } = job;
    const checkpoint = this.progress.row;
    const ref = { segment: this.progress.segment, fromRow: batch[0]?.event.index ?? 0 };
    const committed = new Map<number, CommittedPlan>();
    const inLanes = () => lanes.states.flatMap((lane) => (lane.batch === checkpoint ? lane.units : []));
    // Transactions an earlier run committed in this batch: their lines are in the segment it wrote.
    const earlier = inLanes();
    if (earlier.length > 0) await this.carryLines(ref, earlier, committed);
    for (let attempt = 0; ; attempt++) {
      const covered = (row: number) =>
        [...committed.values()].some(({ receipt }) => row >= receipt.fromRow && row <= receipt.toRow);
      // Planning may meet a conflict too (a contact removed between the read of its guard and its own read): it is
      // handled as a failed transaction would be, on fresh reads.
      let plans: LanePlan[] = [];
      let planning: unknown;
      try {
        plans = await this.planInLanes(batch, covered);
      } catch (error) {
        if (!isImportError(error, 'write_conflict')) throw error;
        planning = error;
      }
      if (plans.length > 0) {
        const all = [...committed.values(), ...plans];
        const lines = all.flatMap((plan) => plan.lines).sort((a, b) => rowOf(a) - rowOf(b));
        const journalLines = all
          .flatMap((plan) => (plan.journalLine ? [plan.journalLine] : []))
          .sort((a, b) => rowOf(a) - rowOf(b));
        // Written before any of the transactions: each that commits is in it, beside the lines of those before.
        await Promise.all([
          deps.reports.putSegment(workspaceId, importId, ref, lines.join('\n')),
          ...(deps.journals
            ? [deps.journals.putSegment(workspaceId, importId, ref, journalLines.join('\n'))]
            : []),
        ]);
      }
      const laneIds = Array.from({ length: lanes.concurrency }, (_, k) => k);
      const outcome = await sendInOrder(plans, laneIds, async (plan, k) => {
        const state = lanes.states.find((lane) => lane.lane === k);
        if (!state) throw new ImportError('lease_lost', 'the lanes were not taken for this run');
        const units = [...(state.batch === checkpoint ? state.units : []), plan.receipt];
        await deps.contacts.writeBatch({
          workspaceId,
          ...plan.writes,
          lane: { importId, runId, lane: k, expectedSeq: state.seq, batch: checkpoint, units },
        });
        Object.assign(state, { seq: state.seq + 1, batch: checkpoint, units });
        committed.set(plan.receipt.fromRow, plan);
      });
      if (outcome.failure === undefined && planning === undefined) break;
      const error = outcome.failure ?? planning;
      const unsure = isImportError(error, 'write_conflict') || isImportError(error, 'lease_lost');
      if (!unsure) throw error;
      // A transaction whose answer was lost may still commit: its lane is moved on first, so that it cannot.
      for (const k of outcome.failedLanes) {
        const state = lanes.states.find((lane) => lane.lane === k);
        if (state)
          await lanes.store.fenceLane(workspaceId, importId, { runId, lane: k, expectedSeq: state.seq });
      }
      lanes.states = await lanes.store.readLanes(workspaceId, importId);
      if (lanes.states.some((lane) => lane.runId !== runId)) {
        throw new ImportError('lease_lost', 'another run holds this import');
      }
      if (attempt >= MAX_CONFLICT_RETRIES) throw error;
      const missing = inLanes().filter((receipt) => !committed.has(receipt.fromRow));
      if (missing.length > 0) await this.carryLines(ref, missing, committed);
      this.set = this.set.fresh();
      await sleep(Math.min(2000, 20 * 2 ** Math.min(attempt, 7)) * Math.random());
    }
    const receipts = [...committed.values()].map((plan) => plan.receipt);
    await this.fold(receipts, lanes);
    this.endBatch();
  }

  /**
   * Moves the checkpoint over the receipts of the batch begun at it (all of it, or what committed of a batch an
   * import ends in). A cancel asked meanwhile ends the import there (SPEC §6: at its next batch).
   */
  private async fold(receipts: UnitReceipt[], lanes: Lanes): Promise<void> {
    const { job } = this.settings;
    const folded = foldReceipts(this.progress, this.errors, receipts);
    folded.next.segment = this.progress.segment + 1;
    const errorsChanged = JSON.stringify(folded.errors) !== JSON.stringify(this.errors);
    const { cancelRequested } = await lanes.store.foldBatch(job.workspaceId, job.importId, {
      runId: job.runId,
      expectedRow: this.progress.row,
      next: folded.next,
      ...(errorsChanged ? { errors: folded.errors } : {}),
    });
    this.progress = folded.next;
    this.errors = folded.errors;
    if (cancelRequested) throw new ImportError('cancel_requested', 'the import was cancelled');
  }

  /** Counts what committed of a batch the import ends in (it failed): the checkpoint moves to the last of it. */
  async foldCommitted(): Promise<void> {
    const { lanes, job } = this.settings;
    if (!lanes || this.settings.dryRun) return;
    const states = await lanes.store.readLanes(job.workspaceId, job.importId);
    const receipts = states.flatMap((lane) => (lane.batch === this.progress.row ? lane.units : []));
    if (receipts.length === 0) return;
    await this.fold(receipts, lanes).catch((error) => {
      if (!isImportError(error, 'cancel_requested')) throw error;
    });
  }

  /** The report and journal lines of transactions committed by an earlier attempt, from the segment it wrote. */
  private async carryLines(
    ref: { segment: number; fromRow: number },
    receipts: UnitReceipt[],
    into: Map<number, CommittedPlan>,
  ): Promise<void> {
    const { deps, job } = this.settings;
    const read = async (store: SegmentSource) => {
      const found = (await store.listSegments(job.workspaceId, job.importId)).find(
        (segment) => segment.segment === ref.segment && segment.fromRow === ref.fromRow,
      );
      const lines: string[] = [];
      if (found) for await (const line of store.readSegment(found.key)) if (line !== '') lines.push(line);
      return lines;
    };
    const [report, journal] = await Promise.all([
      read(deps.reports),
      deps.journals ? read(deps.journals) : Promise.resolve([]),
    ]);
    for (const receipt of receipts) {
      const within = (line: string) => rowOf(line) >= receipt.fromRow && rowOf(line) <= receipt.toRow;
      const journalLine = journal.find(within);
      into.set(receipt.fromRow, {
        receipt,
        lines: report.filter(within),
        ...(journalLine ? { journalLine } : {}),
      });
    }
  }

  /**
   * Plans the rows of the batch no committed transaction covers, in file order, into transactions that each
   * tally their own rows from zero (their receipts) and never span a committed stretch.
   */
  private async planInLanes(batch: PlannedRow[], covered: (row: number) => boolean): Promise<LanePlan[]> {
    const { deps, job } = this.settings;
    const set = this.set;
    const rows = batch.filter((row) => !covered(row.event.index));
    if (rows.length === 0) return [];
    await this.prefetch(rows);
    set.clearFootprint();
    const ctx: PlanContext = {
      ...this.settings.plan,
      now: deps.now().toISOString(),
      newId: deps.newContactId,
    };
    // Each transaction keeps its rows' errors while the summary had room when the batch began: merged by row at the
    // fold, the first ones in file order are kept, whichever transactions committed.
    const room = LIMITS.summaryErrors - this.errors.length;
    const plans: LanePlan[] = [];
    let tally = new OutcomeTally(zeroProgress(), [], room);
    let fromRow: number | undefined;
    let previous: PlannedRow | undefined;
    const seal = () => {
      if (fromRow === undefined || !previous) return;
      const writes = set.seal();
      const journal = set.journalOfLastSeal();
      const receipt: UnitReceipt = {
        fromRow,
        toRow: previous.event.index,
        offset: previous.event.endOffset,
        delta: deltaOf(tally.progress),
        errors: tally.errors,
      };
      plans.push({
        writes,
        footprint: set.footprintOfLastSeal(),
        receipt,
        lines: tally.lines,
        ...(journal.length > 0
          ? { journalLine: toJournalLine({ lastRow: receipt.toRow, entries: journal }) }
          : {}),
      });
      tally = new OutcomeTally(zeroProgress(), [], room);
      fromRow = undefined;
    };
    const maxActions = this.settings.maxPlanActions ?? MAX_PLAN_ACTIONS;
    for (const row of batch) {
      const index = row.event.index;
      if (covered(index)) {
        seal();
        continue;
      }
      if (set.pendingActions() > maxActions || set.pendingBytes() > MAX_PLAN_BYTES) seal();
      const outcome = outcomeOfReading(row.reading) ?? (await this.planValues(index, row.reading, ctx));
      tally.count(row.event, row.reading, outcome);
      job.onRow?.({ row: index, cells: row.event.type === 'record' ? row.event.cells : [], outcome });
      fromRow ??= index;
      previous = row;
    }
    seal();
    return plans;
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
    await this.prefetch(rows);

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

    const maxActions = this.settings.maxPlanActions ?? MAX_PLAN_ACTIONS;
    for (const row of rows) {
      if (!dryRun && (set.pendingActions() > maxActions || set.pendingBytes() > MAX_PLAN_BYTES)) seal();
      const outcome =
        outcomeOfReading(row.reading) ?? (await this.planValues(row.event.index, row.reading, ctx));
      const { event } = row;
      tally.count(event, row.reading, outcome);
      job.onRow?.({ row: event.index, cells: event.type === 'record' ? event.cells : [], outcome });
    }
    seal();
    return { plans, lines: tally.lines };
  }

  /** Reads the guards, phone sets and likely contacts the rows name, in as few rounds as it can. */
  private async prefetch(rows: PlannedRow[]): Promise<void> {
    const { deps, job } = this.settings;
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

/** The row a report line (`[row, …]`) or a journal line (`[lastRow, …]`) is for. */
const rowOf = (line: string): number => Number(line.slice(1, line.indexOf(',')));

// The revert engine (SPEC §10): undoes an import's contacts from its journal, pass by pass in id order, each
// transaction carrying the revert's checkpoint, so that a revert interrupted anywhere ends as an uninterrupted one.

import { ImportError, isImportError } from '../errors.js';
import { isTransientError } from '../import/transient-error.js';
import { hasNeeds, noNeeds, WorkingSet } from '../import/working-set.js';
import type { ContactStore } from '../ports/contact-store.js';
import type { ImportStore } from '../ports/import-store.js';
import type { JournalStore } from '../ports/journal-store.js';
import type { RevertStore } from '../ports/revert-store.js';
import { planUndo, type UndoOutcome } from './plan-revert.js';
import { readJournal } from './read-journal.js';
import { type ContactUndo, passesFor, reduceJournal } from './reduce-journal.js';
import type { RevertCheckpoint, RevertPosition } from './revert-record.js';

export interface RevertEngineDeps {
  contacts: ContactStore;
  imports: ImportStore;
  reverts: RevertStore;
  journals: JournalStore;
  now: () => Date;
  /**
   * Attempts an unexpected error may end at one checkpoint before the revert fails `internal` (default 3, as an
   * import's: Step Functions runs a round three times at most).
   */
  maxAttempts?: number;
}

export interface RevertJob {
  workspaceId: string;
  importId: string;
  /** Stable across retries of one round (Step Functions carries it from round to round). */
  runId: string;
  /** How long the claim holds before another run may take a stalled revert over. */
  leaseMs: number;
  /** Asked between transactions: true stops the run `paused`, to be continued from the checkpoint. */
  shouldPause?: () => boolean;
  onProgress?: (checkpoint: RevertCheckpoint) => void;
  /** Contacts read and planned together (default 100). */
  contactsPerChunk?: number;
  /** Journal bytes one pass folds (PASS_BYTES): small values make tests and the bench run several passes. */
  passBytes?: number;
}

export type RevertRunStatus = 'completed' | 'failed' | 'paused' | 'lost' | 'busy';

/**
 * Transactions take 100 actions; one is the checkpoint, and one contact's undo takes at most seven (the contact, two
 * guards, the heads and member items of the phone it leaves and the phone it takes back).
 */
const MAX_UNIT_ACTIONS = 100 - 1 - 7;
const MAX_CONFLICT_RETRIES = 50;
const MAX_ATTEMPTS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cloneCheckpoint = (checkpoint: RevertCheckpoint): RevertCheckpoint => ({
  ...checkpoint,
  counts: { ...checkpoint.counts },
  keptBy: { ...checkpoint.keptBy },
});

const count = (checkpoint: RevertCheckpoint, outcome: UndoOutcome) => {
  checkpoint.counts.contacts += 1;
  if (outcome.outcome === 'deleted') checkpoint.counts.deleted += 1;
  else if (outcome.outcome === 'restored') checkpoint.counts.restored += 1;
  else {
    checkpoint.counts.kept += 1;
    checkpoint.keptBy[outcome.code] += 1;
  }
};

/** Claims the revert for this run and runs it until it completes, pauses, or loses its claim. */
export const processRevert = async (deps: RevertEngineDeps, job: RevertJob): Promise<RevertRunStatus> => {
  const { workspaceId, importId, runId } = job;
  const now = deps.now().getTime();
  const state = await deps.reverts.claimRevert(workspaceId, importId, {
    runId,
    leaseUntil: now + job.leaseMs,
    now,
  });
  if (!state) return 'busy';
  const stored = await deps.imports.getImport(workspaceId, importId);
  if (!stored) throw new ImportError('not_found', 'no such import');
  const engine = new RevertEngine(deps, job, state.dryRun, stored.progress.row, state);
  try {
    return await engine.run();
  } catch (error) {
    if (isImportError(error, 'lease_lost')) return 'lost';
    return failOnceRetriesAreSpent(deps, job, error);
  }
};

/**
 * An error no rule foresaw (a value storage refuses, a bug) is met again at the same checkpoint by every retry:
 * counted there, it is thrown for the platform to retry until the attempts are spent, then the revert ends `failed`
 * `internal` instead of staying `running`. Throttling and network faults are thrown as they are: they pass.
 */
const failOnceRetriesAreSpent = async (
  deps: RevertEngineDeps,
  job: RevertJob,
  error: unknown,
): Promise<RevertRunStatus> => {
  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS;
  if (isTransientError(error) || !Number.isFinite(maxAttempts)) throw error;
  const { workspaceId, importId, runId } = job;
  const stored = await deps.reverts.getRevert(workspaceId, importId);
  if (stored?.status !== 'running' || stored.runId !== runId) return 'lost';
  const attempts = await deps.reverts.recordFailedAttempt(
    workspaceId,
    importId,
    `${stored.pass}/${stored.after}`,
  );
  if (attempts < maxAttempts) throw error;
  // The cause goes to the log (by the invocation), not into the summary: it may quote a contact's value.
  const message =
    `An unexpected error stopped the revert ${attempts} times at the same point (${stored.counts.contacts} ` +
    "contacts undone), so it ended there. The contacts undone up to it stay undone and counted; the error is in the import function's log.";
  try {
    await deps.reverts.finishRevert(workspaceId, importId, {
      runId,
      status: 'failed',
      finishedAt: deps.now().toISOString(),
      failure: { code: 'internal', message },
    });
  } catch (finishError) {
    if (isImportError(finishError, 'lease_lost')) return 'lost';
    throw finishError;
  }
  return 'failed';
};

class RevertEngine {
  private checkpoint: RevertCheckpoint;

  constructor(
    private readonly deps: RevertEngineDeps,
    private readonly job: RevertJob,
    private readonly dryRun: boolean,
    /** The import's last committed row: journal units past it never committed. */
    private readonly lastRow: number,
    stored: RevertCheckpoint,
  ) {
    this.checkpoint = cloneCheckpoint(stored);
  }

  async run(): Promise<RevertRunStatus> {
    const { workspaceId, importId } = this.job;
    const segments = await this.deps.journals.listSegments(workspaceId, importId);
    const bytes = segments.reduce((sum, segment) => sum + (segment.bytes ?? 0), 0);
    const passes = passesFor(bytes, this.job.passBytes);
    const chunkSize = this.job.contactsPerChunk ?? 100;
    const start = this.stored;
    for (let pass = start.pass; pass < passes; pass++) {
      // A later pass starts from its first contact; the stored checkpoint moves there with its first transaction.
      this.pending = pass === start.pass ? undefined : { pass, after: '' };
      const after = pass === start.pass ? start.after : '';
      const units = readJournal(this.deps.journals, workspaceId, importId, this.lastRow);
      const undos = await reduceJournal(units, { pass, passes, after });
      for (let from = 0; from < undos.length; ) {
        const chunk = undos.slice(from, from + chunkSize);
        await this.applyChunk(chunk);
        from += chunk.length;
        this.job.onProgress?.(this.checkpoint);
        if (this.job.shouldPause?.()) return 'paused';
      }
    }
    await this.deps.reverts.finishRevert(workspaceId, importId, {
      runId: this.job.runId,
      status: 'completed',
      finishedAt: this.deps.now().toISOString(),
    });
    return 'completed';
  }

  /** A position moved to in memory and not yet written (an empty pass passed over). */
  private pending: RevertPosition | undefined;
  /** The position stored now: what the next transaction's condition expects. */
  private get stored(): RevertPosition {
    return { pass: this.checkpoint.pass, after: this.checkpoint.after };
  }

  /** Plans and commits the undos of one chunk; a conflict re-reads and re-plans from the first not committed. */
  private async applyChunk(chunk: ContactUndo[]): Promise<void> {
    let rest = chunk;
    for (let attempt = 0; ; attempt++) {
      try {
        // Planning is inside the retry: a guard read just before another writer removed its contact is a conflict.
        const units = await this.planUnits(rest);
        for (const unit of units) {
          await this.deps.contacts.writeBatch({
            workspaceId: this.job.workspaceId,
            ...unit.writes,
            revert: {
              importId: this.job.importId,
              runId: this.job.runId,
              expected: this.stored,
              next: unit.next,
            },
          });
          this.checkpoint = unit.next;
          this.pending = undefined;
        }
        return;
      } catch (error) {
        const unsure = isImportError(error, 'write_conflict') || isImportError(error, 'lease_lost');
        if (!unsure || attempt >= MAX_CONFLICT_RETRIES) throw error;
        // The write may have gone in all the same (an SDK retry fails on its own write): the stored checkpoint
        // says how far the revert is, and whether this run still holds it.
        const state = await this.deps.reverts.getRevert(this.job.workspaceId, this.job.importId);
        if (state?.status !== 'running' || state.runId !== this.job.runId) {
          throw new ImportError('lease_lost', 'another run holds this revert');
        }
        this.checkpoint = cloneCheckpoint(state);
        const pass = this.pending?.pass ?? this.checkpoint.pass;
        const done = pass === this.checkpoint.pass ? this.checkpoint.after : '';
        if (pass === this.checkpoint.pass) this.pending = undefined;
        rest = rest.filter((undo) => undo.id > done);
        if (rest.length === 0) return;
        await sleep(Math.min(2000, 20 * 2 ** Math.min(attempt, 7)) * Math.random());
      }
    }
  }

  private async planUnits(undos: ContactUndo[]) {
    const set = new WorkingSet();
    const { workspaceId } = this.job;
    const ids = noNeeds();
    for (const undo of undos) ids.contacts.add(undo.id);
    await set.load(this.deps.contacts, workspaceId, ids);
    const gone = new Set(undos.filter((undo) => !set.knowsContact(undo.id)).map((undo) => undo.id));
    // Guards and phone sets of the contacts read, in one round, before any is planned.
    const keys = noNeeds();
    for (const undo of undos) {
      const contact = set.contact(undo.id);
      if (contact?.email) keys.emails.add(contact.email);
      if (contact?.phone) keys.phones.add(contact.phone);
      const restored = undo.fields;
      const email = restored.get('email')?.before;
      const phone = restored.get('phone')?.before;
      if (email) keys.emails.add(email);
      if (phone) keys.phones.add(phone);
    }
    if (hasNeeds(keys)) await set.load(this.deps.contacts, workspaceId, keys);

    const now = this.deps.now().toISOString();
    const base = this.pending ?? this.stored;
    let running: RevertCheckpoint = {
      ...cloneCheckpoint(this.checkpoint),
      pass: base.pass,
      after: base.after,
    };
    const units: { writes: ReturnType<WorkingSet['seal']>; next: RevertCheckpoint }[] = [];
    const seal = () => {
      const writes = set.seal();
      units.push({
        writes: this.dryRun
          ? { contacts: [], removedContacts: [], newEmails: [], removedEmails: [], phones: [] }
          : writes,
        next: running,
      });
      running = cloneCheckpoint(running);
    };
    for (const [i, undo] of undos.entries()) {
      let outcome: UndoOutcome | undefined;
      for (let round = 0; round < 5 && !outcome; round++) {
        const plan = planUndo(undo, set, { now, gone });
        if (plan.kind === 'outcome') outcome = plan.outcome;
        else await set.load(this.deps.contacts, workspaceId, plan.needs);
      }
      if (!outcome)
        throw new ImportError('write_conflict', 'a contact was removed while the undo was planned');
      count(running, outcome);
      running.after = undo.id;
      if (set.pendingActions() > MAX_UNIT_ACTIONS || i === undos.length - 1) seal();
    }
    return units;
  }
}

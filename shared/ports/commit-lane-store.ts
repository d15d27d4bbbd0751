// The port for an import's commit lanes: several transactions of one batch in flight, each through its own lane.

import type { ImportProgress, SummaryError } from '../import/import-record.js';

/** What rows add to the counts: the progress's counters without its position. */
export type ProgressDelta = Pick<
  ImportProgress,
  'counts' | 'skippedBy' | 'erroredBy' | 'noted' | 'cellErrors'
>;

/** What one committed transaction did to the import's totals: its rows, their counts, their summary errors. */
export interface UnitReceipt {
  fromRow: number;
  toRow: number;
  /** The byte offset just past `toRow`. */
  offset: number;
  delta: ProgressDelta;
  /** Its rows' errors, as many as the summary could still keep when the batch began. */
  errors: SummaryError[];
}

/**
 * One lane (`<import>`/`L#k`): the run that holds it, how many transactions went through it (`seq`, each one
 * conditioned on the last), and the receipts of those of the batch that began after checkpoint row `batch`.
 */
export interface LaneState {
  lane: number;
  runId?: string;
  seq: number;
  batch: number;
  units: UnitReceipt[];
}

/** A transaction's lane write (in ContactBatch): conditioned on the run and on the lane's `expectedSeq`. */
export interface LaneWrite {
  importId: string;
  runId: string;
  lane: number;
  expectedSeq: number;
  batch: number;
  /** The lane's receipts for this batch once the transaction is in (those before it, and its own). */
  units: UnitReceipt[];
}

export interface CommitLaneStore {
  /**
   * Fences the import's lanes for this run (every lane that exists, and lanes 0…count-1): each takes `runId` and
   * moves its `seq` on, in one transaction conditioned on the run holding the import, so no transaction of an
   * earlier run commits after it. Returns the lanes as they are then; `lease_lost` when the run does not hold it.
   */
  takeLanes(workspaceId: string, importId: string, runId: string, count: number): Promise<LaneState[]>;
  /** The lanes, read strongly consistently. */
  readLanes(workspaceId: string, importId: string): Promise<LaneState[]>;
  /**
   * Moves a lane's `seq` on if it is still `expectedSeq`, so that a transaction sent on it whose outcome is
   * unknown can no longer commit. False when it had moved: that transaction committed.
   */
  fenceLane(
    workspaceId: string,
    importId: string,
    fence: { runId: string; lane: number; expectedSeq: number },
  ): Promise<boolean>;
  /**
   * Moves the import's checkpoint over a batch whose transactions are all in (the error sample first), conditioned
   * on the run and on the checkpoint the batch began at. Says whether a cancel was asked for meanwhile.
   */
  foldBatch(
    workspaceId: string,
    importId: string,
    fold: { runId: string; expectedRow: number; next: ImportProgress; errors?: SummaryError[] },
  ): Promise<{ cancelRequested: boolean }>;
}

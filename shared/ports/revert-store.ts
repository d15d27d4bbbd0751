// The port for reverts' state: started by the API, claimed and finished by the run (its checkpoint moves with
// its contact writes, through ContactStore.writeBatch).

import type { RevertFailure, RevertState } from '../revert/revert-record.js';

export type StartRefusal = 'already_reverted' | 'revert_running';

export interface RevertStore {
  getRevert(workspaceId: string, importId: string): Promise<RevertState | undefined>;
  /** The reverts of these imports (for a list of summaries). */
  getReverts(workspaceId: string, importIds: string[]): Promise<Map<string, RevertState>>;
  /**
   * Starts a revert, unless one is running or a real one has completed (a finished dry run, or a failed revert,
   * may be followed by another). Returns the refusal, or undefined when started.
   */
  startRevert(
    workspaceId: string,
    importId: string,
    start: { dryRun: boolean; startedAt: string },
  ): Promise<StartRefusal | undefined>;
  /**
   * Takes back a start whose first round could not be started (the state machine refused it): the item goes back
   * to `previous` (none: removed), only while it is the start at `startedAt` and no run has claimed it. False when
   * a run has (the round did start after all).
   */
  undoStart(
    workspaceId: string,
    importId: string,
    start: { startedAt: string; previous?: RevertState },
  ): Promise<boolean>;
  /** Takes the running revert for one run, as ImportStore.claimImport does; undefined when it cannot. */
  claimRevert(
    workspaceId: string,
    importId: string,
    claim: { runId: string; leaseUntil: number; now: number },
  ): Promise<RevertState | undefined>;
  /** Ends the revert held by `runId`; `lease_lost` when another run holds it or it has ended. */
  finishRevert(
    workspaceId: string,
    importId: string,
    finish: { runId: string; status: 'completed' | 'failed'; finishedAt: string; failure?: RevertFailure },
  ): Promise<void>;
  /**
   * Counts an attempt that an unexpected error ended at the checkpoint `at` names: the attempts there so far, this
   * one included (an error at another checkpoint starts the count again).
   */
  recordFailedAttempt(workspaceId: string, importId: string, at: string): Promise<number>;
  markRevertAnnounced(workspaceId: string, importId: string, at: string): Promise<void>;
}

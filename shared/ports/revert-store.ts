// The port for reverts' state: started by the API, claimed and finished by the run (its checkpoint moves with
// its contact writes, through ContactStore.writeBatch).

import type { RevertState } from '../revert/revert-record.js';

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
    finish: { runId: string; status: 'completed' | 'failed'; finishedAt: string },
  ): Promise<void>;
  markRevertAnnounced(workspaceId: string, importId: string, at: string): Promise<void>;
}

// The port for imports and reverts a run left unfinished: found when a stack starts, handed over to a new run.

export interface UnfinishedImport {
  workspaceId: string;
  importId: string;
  objectKey: string;
  /** The run that holds it; absent when none ever claimed it (its object-created event was never handled). */
  runId?: string;
  /** Until when that run's claim holds (epoch ms). */
  leaseUntil?: number;
}

/** A revert (SPEC §10) still `running`: its first round never claimed it (no runId), or its run stopped. */
export interface RunningRevert {
  workspaceId: string;
  importId: string;
  runId?: string;
  leaseUntil?: number;
}

export interface StalledImports {
  /**
   * Every import not yet completed or failed. Reads the whole table: meant for the local stack's start-up,
   * not for a large table in AWS (there, Lambda's retries and the DLQ's redrive resume imports).
   */
  listUnfinished(): Promise<UnfinishedImport[]>;
  /**
   * Hands the import from `fromRunId`, a run known to be dead, to `runId`: only while `fromRunId` still holds it
   * and it has not finished. False when another run took it first.
   */
  takeOver(
    workspaceId: string,
    importId: string,
    handover: { fromRunId: string; runId: string; leaseUntil: number },
  ): Promise<boolean>;
  /** Every revert still running (the whole table is read, as for imports). */
  listRunningReverts(): Promise<RunningRevert[]>;
  /** Hands a running revert from `fromRunId`, a run known to be dead, to `runId`, as takeOver does an import. */
  takeOverRevert(
    workspaceId: string,
    importId: string,
    handover: { fromRunId: string; runId: string; leaseUntil: number },
  ): Promise<boolean>;
}

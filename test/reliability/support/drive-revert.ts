// Drives one revert to its end the way AWS would, as driveImport does an import: rounds continued with the same run
// id (Step Functions), a failed round retried twice with it, then a new run once the dead run's lease has run out.

import type { RevertStore } from '../../../shared/ports/revert-store.js';
import { processRevert, type RevertEngineDeps } from '../../../shared/revert/run-revert.js';
import type { DriveStats, TestClock } from './drive-import.js';

export interface DriveRevertOptions {
  deps: RevertEngineDeps;
  /** Clean reads for the driver's own decisions (it plays AWS, not the code under test). */
  reverts: RevertStore;
  workspaceId: string;
  importId: string;
  clock: TestClock;
  random: () => number;
  /** Chance that a round runs out of time after a chunk and continues in the next one. */
  pauseRate?: number;
  contactsPerChunk?: number;
  passBytes?: number;
  leaseMs?: number;
  maxInvocations?: number;
  /** Called after each chunk a round committed (a test may race another writer there). */
  onProgress?: () => void;
}

const errorName = (error: unknown): string => {
  const e = error as { code?: string; name?: string };
  return e.code ?? e.name ?? 'unknown';
};

export const driveRevert = async (options: DriveRevertOptions): Promise<DriveStats> => {
  const leaseMs = options.leaseMs ?? 60_000;
  const stats: DriveStats = {
    invocations: 0,
    continuations: 0,
    lambdaRetries: 0,
    leaseTakeovers: 0,
    lost: 0,
    errors: new Map(),
  };
  let generation = 0;
  let runId = `${options.importId}-revert-0`;
  let retries = 0;
  const takeOver = () => {
    options.clock.advance(leaseMs + 1);
    generation++;
    runId = `${options.importId}-revert-${generation}`;
    retries = 0;
    stats.leaseTakeovers++;
  };
  for (;;) {
    stats.invocations++;
    if (stats.invocations > (options.maxInvocations ?? 500)) {
      throw new Error(`revert of ${options.importId} did not finish in ${stats.invocations - 1} invocations`);
    }
    try {
      const status = await processRevert(options.deps, {
        workspaceId: options.workspaceId,
        importId: options.importId,
        runId,
        leaseMs,
        shouldPause: () => options.random() < (options.pauseRate ?? 0),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.contactsPerChunk ? { contactsPerChunk: options.contactsPerChunk } : {}),
        ...(options.passBytes ? { passBytes: options.passBytes } : {}),
      });
      if (status === 'completed' || status === 'failed') return stats;
      if (status === 'paused') {
        stats.continuations++;
        continue;
      }
      const stored = await options.reverts.getRevert(options.workspaceId, options.importId);
      if (stored && stored.status !== 'running') return stats;
      if (status === 'lost') stats.lost++;
      // Held by a run that died: the revert is taken over once its lease has run out.
      takeOver();
    } catch (error) {
      const name = errorName(error);
      stats.errors.set(name, (stats.errors.get(name) ?? 0) + 1);
      if (retries < 2) {
        retries++;
        stats.lambdaRetries++;
      } else {
        takeOver();
      }
    }
  }
};

// Drives one revert to its end the way AWS would (driveRuns), as driveImport does an import.

import type { RevertStore } from '../../../shared/ports/revert-store.js';
import { processRevert, type RevertEngineDeps } from '../../../shared/revert/run-revert.js';
import { type DriveStats, driveRuns, type TestClock } from './drive-runs.js';

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

export const driveRevert = (options: DriveRevertOptions): Promise<DriveStats> => {
  const leaseMs = options.leaseMs ?? 60_000;
  return driveRuns({
    what: `revert of ${options.importId}`,
    clock: options.clock,
    leaseMs,
    ...(options.maxInvocations ? { maxInvocations: options.maxInvocations } : {}),
    runIdOf: (generation) => `${options.importId}-revert-${generation}`,
    invoke: (runId) =>
      processRevert(options.deps, {
        workspaceId: options.workspaceId,
        importId: options.importId,
        runId,
        leaseMs,
        shouldPause: () => options.random() < (options.pauseRate ?? 0),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.contactsPerChunk ? { contactsPerChunk: options.contactsPerChunk } : {}),
        ...(options.passBytes ? { passBytes: options.passBytes } : {}),
      }),
    ended: async () => {
      const stored = await options.reverts.getRevert(options.workspaceId, options.importId);
      return stored !== undefined && stored.status !== 'running';
    },
  });
};

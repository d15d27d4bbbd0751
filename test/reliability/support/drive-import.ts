// Drives one import to its end the way AWS would (driveRuns): continuations, Lambda's retries, lease takeovers.

import type { S3Client } from '@aws-sdk/client-s3';
import { s3ByteSource } from '../../../shared/adapters/s3/s3-byte-source.js';
import { isEnded } from '../../../shared/api/import-summary.js';
import { processImport } from '../../../shared/import/process-import.js';
import type { ImportEngineDeps } from '../../../shared/import/run-import.js';
import type { ImportStore } from '../../../shared/ports/import-store.js';
import { type DriveStats, driveRuns, type TestClock } from './drive-runs.js';

export interface DriveOptions {
  deps: ImportEngineDeps;
  /** Clean reads for the driver's own decisions (it plays AWS, not the code under test). */
  imports: ImportStore;
  s3: S3Client;
  bucket: string;
  objectKey: string;
  workspaceId: string;
  importId: string;
  clock: TestClock;
  random: () => number;
  batchRows: number;
  /** Chance that an invocation runs out of time after a batch and continues in the next one. */
  pauseRate?: number;
  leaseMs?: number;
  maxInvocations?: number;
  /** The first invocation's run id (a test may have started it elsewhere). */
  runId?: string;
}

export const driveImport = (options: DriveOptions): Promise<DriveStats> => {
  const leaseMs = options.leaseMs ?? 60_000;
  return driveRuns({
    what: `import ${options.importId}`,
    clock: options.clock,
    leaseMs,
    ...(options.maxInvocations ? { maxInvocations: options.maxInvocations } : {}),
    runIdOf: (generation) =>
      generation === 0 && options.runId ? options.runId : `${options.importId}-req-${generation}`,
    invoke: async (runId) => {
      const source = await s3ByteSource(options.s3, options.bucket, options.objectKey);
      const result = await processImport(options.deps, {
        workspaceId: options.workspaceId,
        importId: options.importId,
        runId,
        source,
        leaseMs,
        batchRows: options.batchRows,
        shouldPause: () => options.random() < (options.pauseRate ?? 0),
      });
      return result.status;
    },
    ended: async () => {
      const stored = await options.imports.getImport(options.workspaceId, options.importId);
      return stored !== undefined && isEnded(stored.record.status);
    },
  });
};

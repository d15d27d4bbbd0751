// Drives one import to its end the way AWS would: continuations with the same run id (Step Functions), a failed
// invocation retried twice with the same request id (Lambda), then a redelivery once the lease has expired.

import type { S3Client } from '@aws-sdk/client-s3';
import { s3ByteSource } from '../../../shared/adapters/s3/s3-byte-source.js';
import { isEnded } from '../../../shared/api/import-summary.js';
import { processImport } from '../../../shared/import/process-import.js';
import type { ImportEngineDeps } from '../../../shared/import/run-import.js';
import type { ImportStore } from '../../../shared/ports/import-store.js';

/** A clock that can jump forward, as time passes while a dead run's lease runs out. */
export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
}

export const createClock = (): TestClock => {
  let skew = 0;
  return {
    now: () => new Date(Date.now() + skew),
    advance: (ms) => {
      skew += ms;
    },
  };
};

export interface DriveStats {
  invocations: number;
  continuations: number;
  lambdaRetries: number;
  leaseTakeovers: number;
  /** Runs that ended `lost` although nobody else ran the import: in AWS the import would stay `running`. */
  lost: number;
  /** Errors that reached the invocation, by name or code. */
  errors: Map<string, number>;
}

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

const errorName = (error: unknown): string => {
  const e = error as { code?: string; name?: string };
  return e.code ?? e.name ?? 'unknown';
};

export const driveImport = async (options: DriveOptions): Promise<DriveStats> => {
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
  let runId = options.runId ?? `${options.importId}-req-0`;
  let retries = 0;
  const takeOver = () => {
    options.clock.advance(leaseMs + 1);
    generation++;
    runId = `${options.importId}-req-${generation}`;
    retries = 0;
    stats.leaseTakeovers++;
  };
  for (;;) {
    stats.invocations++;
    if (stats.invocations > (options.maxInvocations ?? 500)) {
      throw new Error(`import ${options.importId} did not finish in ${stats.invocations - 1} invocations`);
    }
    try {
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
      if (result.status === 'completed' || result.status === 'failed' || result.status === 'cancelled')
        return stats;
      if (result.status === 'paused') {
        stats.continuations++;
        continue;
      }
      const stored = await options.imports.getImport(options.workspaceId, options.importId);
      if (stored && isEnded(stored.record.status)) return stats;
      if (result.status === 'lost') stats.lost++;
      // Held by a run that died: the import is taken over once its lease has run out.
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

// Use case: claim an import for one run (exactly once per run) and drive the engine until it stops.

import type { ByteSource } from '../csv/read-records.js';
import { type ImportEngineDeps, type ImportRun, type RunResult, runImport } from './run-import.js';

export interface ProcessImport {
  workspaceId: string;
  importId: string;
  /** Stable across retries of one invocation (Lambda's request id), carried by continuations. */
  runId: string;
  source: ByteSource;
  /** How long the claim holds before another run may take a stalled import over. */
  leaseMs: number;
  shouldPause?: () => boolean;
  onProgress?: ImportRun['onProgress'];
  batchRows?: number;
}

export type ProcessResult = RunResult | { status: 'busy' };

/** `busy`: another live run holds the import, or it has finished: a redelivered event does nothing. */
export const processImport = async (deps: ImportEngineDeps, job: ProcessImport): Promise<ProcessResult> => {
  const now = deps.now().getTime();
  const claimed = await deps.imports.claimImport(job.workspaceId, job.importId, {
    runId: job.runId,
    leaseUntil: now + job.leaseMs,
    now,
  });
  if (!claimed) return { status: 'busy' };
  return runImport(deps, {
    workspaceId: job.workspaceId,
    importId: job.importId,
    runId: job.runId,
    source: job.source,
    ...(job.shouldPause ? { shouldPause: job.shouldPause } : {}),
    ...(job.onProgress ? { onProgress: job.onProgress } : {}),
    ...(job.batchRows ? { batchRows: job.batchRows } : {}),
  });
};

// What a local stack does as it starts on a data dir: the imports and reverts a stopped or killed stack left are resumed.

import type { Logger } from '@aws-lambda-powertools/logger';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Continuation } from '../functions/import/create-handler.js';
import type { StalledImports, UnfinishedImport } from '../shared/ports/stalled-imports.js';
import type { RunOwner } from './run-owner.js';
import { waitForWholeObject } from './s3-notifications.js';

export interface RecoveryDeps {
  stalled: StalledImports;
  s3: S3Client;
  bucket: string;
  owner: RunOwner;
  /** The lease a run of this stack takes (lease.ts). */
  leaseMs: number;
  /** Runs the import from its checkpoint in the background (the continuation loop). */
  resume: (continuation: Continuation) => Promise<void>;
  logger: Logger;
}

/** The object's size once it can be read whole; undefined when there is none (an upload never sent). */
const readableSize = async (s3: S3Client, bucket: string, key: string): Promise<number | undefined> => {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const size = head.ContentLength ?? 0;
    await waitForWholeObject(s3, bucket, key, size);
    return size;
  } catch (error) {
    if ((error as Error).name === 'NotFound') return undefined;
    throw error;
  }
};

/**
 * Resumes, each in a new run of this stack:
 * - imports held by a run whose stack is gone (killed, or stopped with its imports paused), at once, and those
 *   whose run's lease has run out, whoever held them: the hand-over is conditional on the dead run still
 *   holding the import, so of two stacks starting together one takes it, and a live stack's run is never taken;
 * - imports never claimed whose file is in the bucket: the stack died between accepting the file and handling
 *   its object-created event (in AWS, Lambda retries that event, then the DLQ keeps it for a redrive).
 * Returns the imports it resumed.
 */
export const recoverUnfinishedImports = async (deps: RecoveryDeps): Promise<UnfinishedImport[]> => {
  const { owner, logger } = deps;
  const resumed: UnfinishedImport[] = [];
  for (const unfinished of await deps.stalled.listUnfinished()) {
    const { workspaceId, importId, objectKey } = unfinished;
    const runId = owner.newRunId();
    /** Continues the import in this stack's new run, as the Step Functions loop would. */
    const resume = async (extra: { size?: number }) => {
      await deps.resume({
        kind: 'continue',
        workspaceId,
        importId,
        runId,
        bucket: deps.bucket,
        key: objectKey,
        ...extra,
      });
      resumed.push(unfinished);
    };
    if (unfinished.runId === undefined) {
      // Claimed in the run itself (ImportStore.claimImport): a live stack handling the event meanwhile wins or loses there.
      const size = await readableSize(deps.s3, deps.bucket, objectKey);
      if (size === undefined) continue;
      logger.info('starting an import whose event was never handled', { workspaceId, importId });
      await resume({ size });
      continue;
    }
    const now = Date.now();
    const stalled = (unfinished.leaseUntil ?? 0) < now || owner.isGone(unfinished.runId);
    if (!stalled) continue;
    const handedOver = await deps.stalled.takeOver(workspaceId, importId, {
      fromRunId: unfinished.runId,
      runId,
      leaseUntil: now + deps.leaseMs,
    });
    if (!handedOver) continue;
    logger.info('resuming an import whose run stopped', { workspaceId, importId });
    await resume({});
  }
  // Before the marks of gone stacks are pruned: they tell whose reverts may be taken over at once.
  await recoverRunningReverts(deps);
  owner.pruneGone();
  return resumed;
};

/**
 * Continues, each in a new run of this stack, the reverts (SPEC §10) that are still `running`: one whose first
 * round never claimed it (the stack died between the POST's 202 and the round), and one held by a run whose stack
 * is gone or whose lease has run out — handed over on the same condition as an import. The revert goes on from its
 * checkpoint: the same contacts and counts as if it had never stopped.
 */
const recoverRunningReverts = async (deps: RecoveryDeps): Promise<void> => {
  const { owner, logger } = deps;
  for (const revert of await deps.stalled.listRunningReverts()) {
    const { workspaceId, importId } = revert;
    const runId = owner.newRunId();
    if (revert.runId !== undefined) {
      const now = Date.now();
      const stalled = (revert.leaseUntil ?? 0) < now || owner.isGone(revert.runId);
      if (!stalled) continue;
      const handedOver = await deps.stalled.takeOverRevert(workspaceId, importId, {
        fromRunId: revert.runId,
        runId,
        leaseUntil: now + deps.leaseMs,
      });
      if (!handedOver) continue;
    }
    // Never claimed: the round claims it itself (RevertStore.claimRevert), so of two stacks one runs it.
    logger.info('resuming a revert whose run stopped', { workspaceId, importId });
    await deps.resume({ kind: 'revert', workspaceId, importId, runId });
  }
};

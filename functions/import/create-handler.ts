// The import function: S3 object-created events and continuations in, the engine run, the outcome announced.

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { Context, S3Event, S3EventRecord } from 'aws-lambda';
import { z } from 'zod';
import { s3ByteSource } from '../../shared/adapters/s3/s3-byte-source.js';
import { isImportError } from '../../shared/errors.js';
import { safeFileName } from '../../shared/http/parse-request.js';
import { importIdFor } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import { buildSummary, type ImportSummary } from '../../shared/import/import-record.js';
import { decodeEventKey, parseObjectKey } from '../../shared/import/object-keys.js';
import { type ProcessResult, processImport } from '../../shared/import/process-import.js';
import type { ImportEngineDeps } from '../../shared/import/run-import.js';
import { MetricUnit } from '../../shared/observability.js';
import { importOptionsFromMetadata } from '../../shared/options/read-import-options.js';
import type { ImportProfileStore } from '../../shared/ports/import-profile-store.js';
import type { SettingsStore } from '../../shared/ports/settings-store.js';
import { isProfileName } from '../../shared/profiles/profile-name.js';
import { revertSummary } from '../../shared/revert/revert-record.js';
import { processRevert, type RevertEngineDeps } from '../../shared/revert/run-revert.js';

export const importContinuationSchema = z.object({
  kind: z.literal('continue'),
  workspaceId: z.string().min(1),
  importId: z.string().min(1),
  runId: z.string().min(1),
  bucket: z.string().min(1),
  key: z.string().min(1),
  size: z.number().int().nonnegative().optional(),
});
/** A round of an import's revert (SPEC §10): started by POST /imports/{id}/revert, continued like an import. */
export const revertContinuationSchema = z.object({
  kind: z.literal('revert'),
  workspaceId: z.string().min(1),
  importId: z.string().min(1),
  runId: z.string().min(1),
});
export const continuationSchema = z.discriminatedUnion('kind', [
  importContinuationSchema,
  revertContinuationSchema,
]);
export type ImportContinuation = z.infer<typeof importContinuationSchema>;
export type RevertContinuation = z.infer<typeof revertContinuationSchema>;
export type Continuation = z.infer<typeof continuationSchema>;
/** The round's own event and how it ended: the state machine's next input (it loops while `paused`). */
export type ContinuationResult = Continuation & { status: ProcessResult['status'] };

export interface ImportHandlerDeps {
  engine: ImportEngineDeps;
  /** The revert engine's ports; absent: the function runs no reverts. */
  revert?: RevertEngineDeps;
  /** Announces a finished revert (EventBridge in AWS); its summary carries `revert`. */
  announceRevert?: (summary: ImportSummary) => Promise<void>;
  /** The workspace's settings, for a drop's options (SPEC §3). */
  settings?: SettingsStore;
  /** The workspace's import profiles: a drop's `x-amz-meta-profile`, or its folder's name (SPEC §11). */
  profiles?: ImportProfileStore;
  s3: S3Client;
  bucket: string;
  /** A run holds its import this long; a stalled run's import can be taken over afterwards. */
  leaseMs: number;
  /** The run pauses at a batch boundary once less than this much time is left in the invocation. */
  safetyMarginMs: number;
  /** Starts the next invocation of a paused import (Step Functions in AWS, a loop on the local stack). */
  continueLater: (continuation: Continuation) => Promise<void>;
  /** Announces a finished import (EventBridge in AWS). */
  announce: (summary: ImportSummary) => Promise<void>;
  logger: Logger;
  metrics: Metrics;
  /** Rows per engine batch; small values let tests exercise continuations on small files. */
  batchRows?: number;
}

/** The metric each announced end counts in. */
const ENDED_METRIC = {
  completed: 'ImportsCompleted',
  failed: 'ImportsFailed',
  cancelled: 'ImportsCancelled',
} as const;

const settingsOf = (deps: ImportHandlerDeps) => ({
  ...(deps.settings ? { settings: deps.settings } : {}),
  ...(deps.profiles ? { profiles: deps.profiles } : {}),
});

/** `drops/<ws>/<name>/…`: the first folder of a drop's path, when it can be a profile's name. */
const folderOf = (path: string): string | undefined => {
  const parts = path.split('/');
  const folder = parts.length > 1 ? parts[0] : undefined;
  return folder !== undefined && isProfileName(folder) ? folder : undefined;
};

type InvocationContext = Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>;

export const createHandler = (deps: ImportHandlerDeps) => {
  const { logger, metrics, engine } = deps;

  /**
   * Emits a finished import's metrics and event, then records that it did: an invocation that died in between (or
   * whose event failed to send) is retried, finds the import finished but not announced, and announces it. So the
   * event is sent at least once; consumers tell a repeat by its importId.
   */
  const announceFinished = async (workspaceId: string, importId: string) => {
    const stored = await engine.imports.getImport(workspaceId, importId);
    if (!stored || stored.record.announcedAt) return;
    const { status } = stored.record;
    if (status !== 'completed' && status !== 'failed' && status !== 'cancelled') return;
    // Cancelled before it started (no file read, no row): nothing ran, so nothing is announced.
    if (status === 'cancelled' && !stored.record.startedAt) return;
    const summary = buildSummary(stored.record, stored.progress, stored.errors);
    const { counts } = summary;
    metrics.addMetric(ENDED_METRIC[status], MetricUnit.Count, 1);
    metrics.addMetric('RowsCreated', MetricUnit.Count, counts.created);
    metrics.addMetric('RowsUpdated', MetricUnit.Count, counts.updated);
    metrics.addMetric('RowsSkipped', MetricUnit.Count, counts.skipped);
    metrics.addMetric('RowsErrored', MetricUnit.Count, counts.errored);
    if (summary.startedAt && summary.finishedAt) {
      const ms = Date.parse(summary.finishedAt) - Date.parse(summary.startedAt);
      metrics.addMetric('ImportDuration', MetricUnit.Milliseconds, ms);
      if (ms > 0) metrics.addMetric('RowsPerSecond', MetricUnit.CountPerSecond, (counts.rows * 1000) / ms);
    }
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    logger.info('import finished', {
      workspaceId,
      importId,
      status: summary.status,
      counts,
      ...(summary.failure ? { failureCode: summary.failure.code } : {}),
    });
    await deps.announce(summary);
    await engine.imports.markAnnounced(workspaceId, importId, new Date().toISOString());
  };

  /** A finished revert's metrics and event, sent at least once, as an import's are. */
  const announceRevertFinished = async (workspaceId: string, importId: string) => {
    const state = await deps.revert?.reverts.getRevert(workspaceId, importId);
    const stored = await engine.imports.getImport(workspaceId, importId);
    if (!state || !stored || state.announcedAt || state.status === 'running') return;
    const summary = {
      ...buildSummary(stored.record, stored.progress, stored.errors),
      revert: revertSummary(state),
    };
    const { counts } = state;
    const ended =
      state.status === 'failed'
        ? 'RevertsFailed'
        : state.dryRun
          ? 'RevertDryRunsCompleted'
          : 'RevertsCompleted';
    metrics.addMetric(ended, MetricUnit.Count, 1);
    if (!state.dryRun) {
      metrics.addMetric('ContactsDeleted', MetricUnit.Count, counts.deleted);
      metrics.addMetric('ContactsRestored', MetricUnit.Count, counts.restored);
      metrics.addMetric('ContactsKept', MetricUnit.Count, counts.kept);
    }
    if (state.finishedAt) {
      const ms = Date.parse(state.finishedAt) - Date.parse(state.startedAt);
      metrics.addMetric('RevertDuration', MetricUnit.Milliseconds, ms);
      if (ms > 0)
        metrics.addMetric(
          'ContactsRevertedPerSecond',
          MetricUnit.CountPerSecond,
          (counts.contacts * 1000) / ms,
        );
    }
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    logger.info('revert finished', {
      workspaceId,
      importId,
      status: state.status,
      dryRun: state.dryRun,
      counts,
      ...(state.failure ? { failureCode: state.failure.code } : {}),
    });
    await deps.announceRevert?.(summary);
    await deps.revert?.reverts.markRevertAnnounced(workspaceId, importId, new Date().toISOString());
  };

  const runRevert = async (job: RevertContinuation, context: InvocationContext): Promise<ProcessResult> => {
    if (!deps.revert) throw new Error('this function runs no reverts');
    const status = await processRevert(deps.revert, {
      workspaceId: job.workspaceId,
      importId: job.importId,
      runId: job.runId,
      leaseMs: deps.leaseMs,
      shouldPause: () => context.getRemainingTimeInMillis() < deps.safetyMarginMs,
    });
    logger.info('revert run ended', { workspaceId: job.workspaceId, importId: job.importId, status });
    if (status !== 'paused') await announceRevertFinished(job.workspaceId, job.importId);
    return { status };
  };

  const run = async (job: ImportContinuation, context: InvocationContext): Promise<ProcessResult> => {
    const source = await s3ByteSource(deps.s3, job.bucket, job.key, job.size);
    const result = await processImport(engine, {
      workspaceId: job.workspaceId,
      importId: job.importId,
      runId: job.runId,
      source,
      leaseMs: deps.leaseMs,
      shouldPause: () => context.getRemainingTimeInMillis() < deps.safetyMarginMs,
      ...(deps.batchRows ? { batchRows: deps.batchRows } : {}),
    });
    logger.info('import run ended', {
      workspaceId: job.workspaceId,
      importId: job.importId,
      status: result.status,
    });
    // Whatever the run says, the stored import decides: `busy` may be an import that finished in an invocation that
    // died before announcing it, and `lost` one whose final write went in while this run saw it fail (an SDK retry
    // of an applied write fails its own condition). Only a paused import is not finished.
    if (result.status !== 'paused') await announceFinished(job.workspaceId, job.importId);
    return result;
  };

  /**
   * The import a drop makes: one per object version. The version is the one the bucket holds now (ETag and
   * Last-Modified), not the event's: a redelivered event, or a late event of a version since overwritten (its
   * bytes are gone), finds the import of what is there instead of importing it a second time.
   */
  const registerDrop = async (
    record: S3EventRecord,
    key: string,
    workspaceId: string,
    path: string,
  ): Promise<{ importId: string; size?: number } | undefined> => {
    let head: HeadObjectCommandOutput;
    try {
      head = await deps.s3.send(new HeadObjectCommand({ Bucket: record.s3.bucket.name, Key: key }));
    } catch (error) {
      if ((error as Error).name !== 'NotFound') throw error;
      logger.warn('drop deleted before it was imported ignored', { workspaceId });
      return undefined;
    }
    const seed = `${record.s3.bucket.name}/${key}/${head.ETag ?? ''}/${head.VersionId ?? ''}`;
    const importId = importIdFor(
      head.LastModified?.getTime() ?? (Date.parse(record.eventTime) || Date.now()),
      seed,
    );
    const found = { importId, ...(head.ContentLength !== undefined ? { size: head.ContentLength } : {}) };
    if (await engine.imports.getImport(workspaceId, importId)) return found;
    // Metadata a system got wrong must not lose the file: import with the defaults, and say so in the log.
    const { options, ignored } = importOptionsFromMetadata(head.Metadata ?? {});
    if (ignored) logger.warn('drop metadata ignored', { workspaceId, importId, reason: ignored });
    const customFields = await engine.customFields.listCustomFields(workspaceId);
    // A key may hold any character: the name shown for it is reduced as a file name a person sends is.
    const fileName = safeFileName(path.split('/').pop(), 'drop.csv');
    const folder = folderOf(path);
    const input = {
      workspaceId,
      importId,
      source: 'drop' as const,
      fileName,
      objectKey: key,
      // A profile named by the metadata and unknown: a warning, and the import goes on without it.
      unknownProfile: 'warn' as const,
      ...(folder !== undefined ? { folderProfile: folder } : {}),
    };
    try {
      await createImport({ ...engine, ...settingsOf(deps) }, { ...input, options }, customFields);
    } catch (error) {
      if (isImportError(error, 'unknown_field') || isImportError(error, 'invalid_mapping')) {
        // A mapping to fields the workspace does not have: the same (the reason names no header or field).
        const reason = `x-amz-meta-mapping names no field of the workspace (${error.code})`;
        logger.warn('drop metadata ignored', { workspaceId, importId, reason });
        await createImport({ ...engine, ...settingsOf(deps) }, { ...input, options: {} }, customFields);
      } else if (error instanceof Error && error.name === 'TransactionCanceledException') {
        return found;
      } else {
        throw error;
      }
    }
    metrics.addMetric('ImportsStarted', MetricUnit.Count, 1);
    return found;
  };

  const onObjectCreated = async (record: S3EventRecord, context: InvocationContext) => {
    if (!record.eventName.startsWith('ObjectCreated') || record.s3.bucket.name !== deps.bucket) return;
    const key = decodeEventKey(record.s3.object.key);
    const parsed = parseObjectKey(key);
    if (parsed.kind === 'other') {
      logger.warn('object outside uploads/ and drops/ ignored');
      return;
    }
    const { workspaceId } = parsed;
    let importId: string;
    let size: number | undefined = record.s3.object.size;
    if (parsed.kind === 'upload') {
      importId = parsed.importId;
      const stored = await engine.imports.getImport(workspaceId, importId);
      if (!stored) {
        logger.warn('upload with no import record ignored', { workspaceId, importId });
        return;
      }
      // A file that arrives for an import cancelled or expired while it waited never starts it.
      if (stored.record.status === 'cancelled' || stored.record.status === 'expired') {
        logger.warn('upload for an import that has ended ignored', {
          workspaceId,
          importId,
          status: stored.record.status,
        });
        return;
      }
      if (stored.record.status === 'pending') metrics.addMetric('ImportsStarted', MetricUnit.Count, 1);
    } else {
      const drop = await registerDrop(record, key, workspaceId, parsed.path);
      if (!drop) return;
      importId = drop.importId;
      size = drop.size;
    }
    const job: ImportContinuation = {
      kind: 'continue',
      workspaceId,
      importId,
      runId: context.awsRequestId,
      bucket: deps.bucket,
      key,
      ...(size !== undefined ? { size } : {}),
    };
    const result = await run(job, context);
    if (result.status === 'paused') await deps.continueLater(job);
  };

  return async (
    event: S3Event | Continuation,
    context: InvocationContext,
  ): Promise<ContinuationResult | undefined> => {
    if ('Records' in event) {
      for (const record of event.Records) await onObjectCreated(record, context);
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      return undefined;
    }
    const job = continuationSchema.parse(event);
    const result = job.kind === 'revert' ? await runRevert(job, context) : await run(job, context);
    return { ...job, status: result.status };
  };
};

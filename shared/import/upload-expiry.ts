// When an upload that never arrived is `expired` (SPEC §6): the one home of the rule and its grace.

import type { ImportStore, StoredImport } from '../ports/import-store.js';
import type { ImportProgress, ImportRecord } from './import-record.js';

/** 15 minutes: long enough to send 5 GB over a fair connection, short enough that a leaked link soon dies. */
export const DEFAULT_URL_TTL_SECONDS = 900;

/**
 * Past the POST's expiry, S3 takes no new upload; one begun just before may still be arriving, and its event takes
 * a moment more. The import is declared expired only this long after the expiry.
 */
export const UPLOAD_ARRIVAL_GRACE_MS = 5 * 60_000;

/** The moment from which a pending upload no run has claimed is expired; undefined for imports with no upload. */
export const uploadDeadline = (record: ImportRecord): number | undefined => {
  // Uploads registered before the expiry was kept had the default link lifetime.
  const expiresAt =
    record.uploadExpiresAt ??
    (record.source === 'upload'
      ? new Date(Date.parse(record.createdAt) + DEFAULT_URL_TTL_SECONDS * 1000).toISOString()
      : undefined);
  return expiresAt === undefined ? undefined : Date.parse(expiresAt) + UPLOAD_ARRIVAL_GRACE_MS;
};

/** True when the import waits for an upload that can no longer arrive: its run would never come. */
export const isUploadOverdue = (record: ImportRecord, progress: ImportProgress, now: Date): boolean => {
  if (record.status !== 'pending' || progress.runId !== undefined) return false;
  const deadline = uploadDeadline(record);
  return deadline !== undefined && now.getTime() >= deadline;
};

/**
 * The import as a reader should see it: an overdue upload is expired first (a conditional write that a run's claim
 * may beat: then it is running, and so shown), so its status never says it is still waiting.
 */
export const settleUploadExpiry = async (
  deps: { imports: ImportStore; now: () => Date },
  stored: StoredImport,
): Promise<StoredImport> => {
  const now = deps.now();
  if (!isUploadOverdue(stored.record, stored.progress, now)) return stored;
  const { workspaceId, importId } = stored.record;
  await deps.imports.expireUpload(workspaceId, importId, now.toISOString());
  const fresh = await deps.imports.getImport(workspaceId, importId);
  // A list reads no error sample: the fresh one is kept only where the reader had it.
  return fresh ? { ...fresh, errors: stored.errors.length > 0 ? fresh.errors : stored.errors } : stored;
};

// In-memory adapter of the ImportStore port, for imports that are never stored: the preview's dry run.

import type { ImportProgress, ImportRecord, SummaryError } from '../../import/import-record.js';
import { initialProgress } from '../../import/import-record.js';
import type { ImportPage, ImportStore, StoredImport } from '../../ports/import-store.js';

export class MemoryImportStore implements ImportStore {
  private readonly imports = new Map<
    string,
    { record: ImportRecord; progress: ImportProgress; errors: SummaryError[] }
  >();

  private entry(workspaceId: string, importId: string) {
    const entry = this.imports.get(`${workspaceId}/${importId}`);
    if (!entry) throw new Error('no such import');
    return entry;
  }

  async createImport(record: ImportRecord): Promise<void> {
    this.imports.set(`${record.workspaceId}/${record.importId}`, {
      record,
      progress: initialProgress(),
      errors: [],
    });
  }

  async getImport(workspaceId: string, importId: string): Promise<StoredImport | undefined> {
    const entry = this.imports.get(`${workspaceId}/${importId}`);
    return entry ? structuredClone(entry) : undefined;
  }

  /** A preview commits no transaction, so what is committed is its checkpoint. */
  async getLiveImport(workspaceId: string, importId: string): Promise<StoredImport | undefined> {
    return this.getImport(workspaceId, importId);
  }

  async listImports(): Promise<ImportPage> {
    return { imports: [...this.imports.values()].map((entry) => structuredClone(entry)) };
  }

  async claimImport(
    workspaceId: string,
    importId: string,
    claim: { runId: string; leaseUntil: number },
  ): Promise<ImportProgress | undefined> {
    const entry = this.entry(workspaceId, importId);
    entry.progress.runId = claim.runId;
    entry.progress.leaseUntil = claim.leaseUntil;
    return structuredClone(entry.progress);
  }

  async startImport(
    workspaceId: string,
    importId: string,
    start: Parameters<ImportStore['startImport']>[2],
  ): Promise<void> {
    const { record } = this.entry(workspaceId, importId);
    Object.assign(record, { status: 'running', ...start });
  }

  async finishImport(
    workspaceId: string,
    importId: string,
    finish: Parameters<ImportStore['finishImport']>[2],
  ): Promise<void> {
    const { record } = this.entry(workspaceId, importId);
    const { runId: _runId, ...rest } = finish;
    Object.assign(record, rest);
  }

  private readonly failures = new Map<string, { row: number; attempts: number }>();

  async recordFailedAttempt(workspaceId: string, importId: string): Promise<number> {
    const { row } = this.entry(workspaceId, importId).progress;
    const id = `${workspaceId}/${importId}`;
    const last = this.failures.get(id);
    const attempts = last?.row === row ? last.attempts + 1 : 1;
    this.failures.set(id, { row, attempts });
    return attempts;
  }

  async cancelImport(
    workspaceId: string,
    importId: string,
    at: string,
  ): Promise<'cancelled' | 'cancelling' | 'ended' | undefined> {
    const entry = this.imports.get(`${workspaceId}/${importId}`);
    if (!entry) return undefined;
    if (entry.record.status !== 'pending' && entry.record.status !== 'running') return 'ended';
    entry.progress.cancelRequestedAt ??= at;
    if (entry.record.status === 'pending' && entry.progress.runId === undefined) {
      Object.assign(entry.record, { status: 'cancelled', finishedAt: at });
      return 'cancelled';
    }
    return 'cancelling';
  }

  async expireUpload(workspaceId: string, importId: string, at: string): Promise<boolean> {
    const entry = this.imports.get(`${workspaceId}/${importId}`);
    if (entry?.record.status === 'pending' && entry.progress.runId === undefined) {
      Object.assign(entry.record, { status: 'expired', finishedAt: at });
    }
    return entry?.record.status === 'expired';
  }

  async markAnnounced(workspaceId: string, importId: string, at: string): Promise<void> {
    this.entry(workspaceId, importId).record.announcedAt = at;
  }

  /** What the engine's progress writes would have stored. */
  saveProgress(
    workspaceId: string,
    importId: string,
    progress: ImportProgress,
    errors?: SummaryError[],
  ): void {
    const entry = this.entry(workspaceId, importId);
    entry.progress = { ...progress, runId: entry.progress.runId ?? '' };
    if (errors) entry.errors = errors;
  }
}

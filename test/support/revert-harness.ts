// Runs reverts through the real revert engine, DynamoDB Local and the S3 emulator, as the import Lambda will.

import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createRevertEngineDeps } from '../../shared/adapters/engine-deps.js';
import type { RevertState } from '../../shared/revert/revert-record.js';
import { processRevert, type RevertEngineDeps } from '../../shared/revert/run-revert.js';
import type { Harness } from './import-harness.js';

export interface RevertOptions {
  dryRun?: boolean;
  /** Pause after this many chunks in each run, then continue in a new "invocation". */
  pauseEvery?: number;
  contactsPerChunk?: number;
  passBytes?: number;
  deps?: RevertEngineDeps;
}

export interface RevertHarness {
  deps: RevertEngineDeps;
  /** Starts and runs a revert to its end; returns its state and the number of runs it took. */
  revert(
    workspaceId: string,
    importId: string,
    options?: RevertOptions,
  ): Promise<{ state: RevertState; runs: number }>;
  /** The raw guard and phone-set items of a workspace: email → contact id, phone → member ids. */
  keys(workspaceId: string): Promise<{ emails: Map<string, string>; phones: Map<string, string[]> }>;
}

export const createRevertHarness = (h: Harness): RevertHarness => {
  const deps = createRevertEngineDeps(h.env);

  const revert: RevertHarness['revert'] = async (workspaceId, importId, options = {}) => {
    const refusal = await deps.reverts.startRevert(workspaceId, importId, {
      dryRun: options.dryRun ?? false,
      startedAt: new Date().toISOString(),
    });
    if (refusal) throw new Error(`revert refused: ${refusal}`);
    let runs = 0;
    for (;;) {
      runs++;
      let chunks = 0;
      const status = await processRevert(options.deps ?? deps, {
        workspaceId,
        importId,
        runId: `revert-${importId}`,
        leaseMs: 60_000,
        ...(options.contactsPerChunk ? { contactsPerChunk: options.contactsPerChunk } : {}),
        ...(options.passBytes ? { passBytes: options.passBytes } : {}),
        ...(options.pauseEvery ? { shouldPause: () => ++chunks >= (options.pauseEvery ?? 1) } : {}),
      });
      if (status === 'completed') break;
      if (status !== 'paused') throw new Error(`revert run ended ${status}`);
      if (runs > 10_000) throw new Error('revert never finished');
    }
    const state = await deps.reverts.getRevert(workspaceId, importId);
    if (!state) throw new Error('revert vanished');
    return { state, runs };
  };

  const keys: RevertHarness['keys'] = async (workspaceId) => {
    const emails = new Map<string, string>();
    const phones = new Map<string, string[]>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await h.env.documentClient.send(
        new ScanCommand({ TableName: h.env.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const item of page.Items ?? []) {
        const pk = item.pk as string;
        const email = pk.startsWith(`W#${workspaceId}#E#`)
          ? pk.slice(`W#${workspaceId}#E#`.length)
          : undefined;
        const phone = pk.startsWith(`W#${workspaceId}#P#`)
          ? pk.slice(`W#${workspaceId}#P#`.length)
          : undefined;
        if (email !== undefined) emails.set(email, item.contactId as string);
        // A phone's members: those its head lists, and its member items (sort keys `M#…`).
        if (phone !== undefined) {
          const members = item.sk === '-' ? Object.keys(item.listed as object) : [item.contactId as string];
          phones.set(phone, [...(phones.get(phone) ?? []), ...members].sort());
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return { emails, phones };
  };

  return { deps, revert, keys };
};

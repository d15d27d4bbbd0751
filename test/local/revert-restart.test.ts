// A revert running when the local stack stops is continued when a stack starts again on the same data dir
// (local/restart-recovery.ts), from its checkpoint, to the counts of a revert that never stopped.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

const dataDir = mkdtempSync(join(tmpdir(), 'revert-restart-'));
const stacks: LocalStack[] = [];
afterAll(async () => {
  for (const stack of stacks) await stack.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Invocations that pause after their first chunk of contacts: every revert round undoes 100 contacts at most. */
const start = async () => {
  const stack = await startLocalStack({
    dataDir,
    port: 0,
    quiet: true,
    invocationMs: 1500,
    safetyMarginMs: 1499,
  });
  stacks.push(stack);
  return stack;
};

interface Summary {
  status: string;
  revert?: { status: string; counts: Record<string, number> };
}

const ROWS = 450;

describe('a revert running when the stack stops', () => {
  it('is continued when a stack starts again on the data dir, to exact counts', {
    timeout: 300_000,
  }, async () => {
    // Prepare: an import of ROWS new contacts, its revert started, the stack stopped mid-revert.
    const first = await start();
    const { apiKey } = await createApiKey(first.apiKeys, 'revert-restart');
    const api: ApiClient = createApiClient(first.apiUrl ?? '', apiKey);
    const csv = `Email\n${Array.from({ length: ROWS }, (_, i) => `r${i}@x.com`).join('\n')}\n`;
    const posted = await api.request('POST', '/imports', csv, { 'content-type': 'text/csv' });
    const { importId } = (await posted.json()) as { importId: string };
    expect((await api.waitForImport(importId, 120_000)).status).toBe('completed');
    expect((await api.json('POST', `/imports/${importId}/revert`, {})).status).toBe(202);
    await first.stop();
    stacks.splice(stacks.indexOf(first), 1);
    // Act
    const second = await start();
    const again = createApiClient(second.apiUrl ?? '', apiKey);
    const stoppedAt = Date.now();
    let summary: Summary;
    for (;;) {
      summary = (await again.json<Summary>('GET', `/imports/${importId}`)).body;
      if (summary.revert?.status !== 'running') break;
      if (Date.now() - stoppedAt > 240_000) throw new Error(`revert still ${JSON.stringify(summary.revert)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Assess
    expect(summary.revert).toMatchObject({
      status: 'completed',
      counts: { contacts: ROWS, deleted: ROWS, restored: 0, kept: 0 },
    });
    const { body } = await again.json<{ contacts: unknown[] }>('GET', '/contacts?limit=10');
    expect(body.contacts).toEqual([]);
  });
});

// What a starting stack takes over: the runs of stacks that are gone, at once; never the run of a live stack.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Continuation } from '../../functions/import/create-handler.js';
import { recoverUnfinishedImports } from '../../local/restart-recovery.js';
import { createRunOwner, type RunOwner } from '../../local/run-owner.js';
import { DynamoDbStalledImports } from '../../shared/adapters/dynamodb/dynamodb-stalled-imports.js';
import { createEngineDeps, createRevertEngineDeps } from '../../shared/adapters/engine-deps.js';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import type { ImportEngineDeps } from '../../shared/import/run-import.js';
import type { RevertEngineDeps } from '../../shared/revert/run-revert.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

const LEASE_MS = 16 * 60 * 1000;
const dataDir = mkdtempSync(join(tmpdir(), 'recovery-'));
let env: TestEnv;
let deps: ImportEngineDeps;
let revertDeps: RevertEngineDeps;

beforeAll(async () => {
  env = await createTestEnv();
  deps = createEngineDeps({ ...env, maxBytes: 1024 ** 3 });
  revertDeps = createRevertEngineDeps(env);
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** An import claimed by `runId` with a lease that has a quarter of an hour to go. */
const claimedBy = async (workspaceId: string, runId: string) => {
  const importId = newImportId();
  const objectKey = `uploads/${workspaceId}/${importId}.csv`;
  await createImport(
    deps,
    { workspaceId, importId, source: 'upload', fileName: 'c.csv', objectKey, options: {} },
    [],
  );
  await deps.imports.claimImport(workspaceId, importId, {
    runId,
    leaseUntil: Date.now() + LEASE_MS,
    now: Date.now(),
  });
  return importId;
};

/** A starting stack's recovery, with what it would resume recorded instead of run. */
const recoverAs = async (owner: RunOwner) => {
  const resumed: Continuation[] = [];
  await recoverUnfinishedImports({
    stalled: new DynamoDbStalledImports(env.documentClient, env.tableName),
    s3: env.s3,
    bucket: env.bucket,
    owner,
    leaseMs: LEASE_MS,
    resume: async (continuation) => {
      resumed.push(continuation);
    },
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  return resumed;
};

const runIdOf = async (workspaceId: string, importId: string) =>
  (await deps.imports.getImport(workspaceId, importId))?.progress.runId;

describe('restart recovery on one data dir', () => {
  it('leaves the run of a stack that still runs, and takes it over once that stack has stopped', async () => {
    // Prepare: stack A (this very process) holds an import with a live lease.
    const a = createRunOwner(dataDir);
    const runOfA = a.newRunId();
    const importId = await claimedBy('live', runOfA);
    const b = createRunOwner(dataDir);
    // Act
    const whileAlive = await recoverAs(b);
    a.release();
    const afterStop = await recoverAs(b);
    // Assess
    expect(whileAlive.map((c) => c.importId)).not.toContain(importId);
    expect(afterStop.filter((c) => c.importId === importId)).toHaveLength(1);
    const resumed = afterStop.find((c) => c.importId === importId);
    expect(resumed?.runId.startsWith(`${b.id}/`)).toBe(true);
    expect(await runIdOf('live', importId)).toBe(resumed?.runId);
  });

  it('takes over at once the run of a stack whose process has exited, and only one starting stack does', async () => {
    // Prepare: the liveness mark of a stack whose process is gone (a pid that has exited).
    const exited = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadOwner = '6f1e0c1e-0000-4000-8000-00000000dead';
    writeFileSync(
      join(dataDir, 'runs', `${deadOwner}.json`),
      JSON.stringify({ pid: Number(exited.stdout.trim()) }),
    );
    const importId = await claimedBy('killed', `${deadOwner}/run`);
    // Act: two stacks start on the data dir at once.
    const [first, second] = await Promise.all([
      recoverAs(createRunOwner(dataDir)),
      recoverAs(createRunOwner(dataDir)),
    ]);
    // Assess
    const takers = [first, second].filter((resumed) => resumed.some((c) => c.importId === importId));
    expect(takers).toHaveLength(1);
    expect(await runIdOf('killed', importId)).not.toBe(`${deadOwner}/run`);
  });

  it('leaves a run of an owner it has no mark of (another data dir, a Lambda) to its lease', async () => {
    // Prepare
    const importId = await claimedBy('foreign', '0d7e0c1e-0000-4000-8000-0000000f0e19/run');
    const lambdaImport = await claimedBy('foreign', 'c0ffee00-aws-request-id');
    // Act
    const resumed = await recoverAs(createRunOwner(dataDir));
    // Assess
    expect(resumed.map((c) => c.importId)).not.toContain(importId);
    expect(resumed.map((c) => c.importId)).not.toContain(lambdaImport);
  });

  it('starts an import never claimed once its file is in the bucket, and not before', async () => {
    // Prepare
    const importId = newImportId();
    const objectKey = `uploads/pending/${importId}.csv`;
    await createImport(
      deps,
      { workspaceId: 'pending', importId, source: 'api', fileName: 'c.csv', objectKey, options: {} },
      [],
    );
    // Act
    const beforeUpload = await recoverAs(createRunOwner(dataDir));
    await env.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: objectKey, Body: 'Email\na@x.com\n' }));
    const afterUpload = await recoverAs(createRunOwner(dataDir));
    // Assess
    expect(beforeUpload.map((c) => c.importId)).not.toContain(importId);
    expect(afterUpload.find((c) => c.importId === importId)).toMatchObject({ key: objectKey, size: 14 });
  });
});

/** A revert started (POST /imports/{id}/revert), claimed by `runId` with a live lease unless none is given. */
const revertRunningIn = async (workspaceId: string, runId?: string) => {
  const importId = newImportId();
  await revertDeps.reverts.startRevert(workspaceId, importId, {
    dryRun: false,
    startedAt: new Date().toISOString(),
  });
  if (runId) {
    await revertDeps.reverts.claimRevert(workspaceId, importId, {
      runId,
      leaseUntil: Date.now() + LEASE_MS,
      now: Date.now(),
    });
  }
  return importId;
};

const revertRunOf = async (workspaceId: string, importId: string) =>
  (await revertDeps.reverts.getRevert(workspaceId, importId))?.runId;

describe('restart recovery of reverts on one data dir', () => {
  it('leaves the revert of a stack that still runs, and continues it in a new run once that stack has stopped', async () => {
    // Prepare: stack A (this very process) runs a revert.
    const a = createRunOwner(dataDir);
    const importId = await revertRunningIn('revert-live', a.newRunId());
    const b = createRunOwner(dataDir);
    // Act
    const whileAlive = await recoverAs(b);
    a.release();
    const afterStop = await recoverAs(b);
    // Assess
    expect(whileAlive.map((c) => c.importId)).not.toContain(importId);
    const resumed = afterStop.filter((c) => c.importId === importId);
    expect(resumed).toEqual([
      { kind: 'revert', workspaceId: 'revert-live', importId, runId: expect.stringMatching(`^${b.id}/`) },
    ]);
    expect(await revertRunOf('revert-live', importId)).toBe(resumed[0]?.runId);
  });

  it('continues at once the revert of a stack whose process has exited, in only one of two starting stacks', async () => {
    // Prepare
    const exited = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadOwner = '6f1e0c1e-0000-4000-8000-0000000dead2';
    writeFileSync(
      join(dataDir, 'runs', `${deadOwner}.json`),
      JSON.stringify({ pid: Number(exited.stdout.trim()) }),
    );
    const importId = await revertRunningIn('revert-killed', `${deadOwner}/run`);
    // Act
    const [first, second] = await Promise.all([
      recoverAs(createRunOwner(dataDir)),
      recoverAs(createRunOwner(dataDir)),
    ]);
    // Assess
    const takers = [first, second].filter((resumed) => resumed.some((c) => c.importId === importId));
    expect(takers).toHaveLength(1);
    expect(await revertRunOf('revert-killed', importId)).not.toBe(`${deadOwner}/run`);
  });

  it('starts a revert that no round ever claimed (the stack stopped after the 202), and leaves a foreign run to its lease', async () => {
    // Prepare
    const unclaimed = await revertRunningIn('revert-unclaimed');
    const lambdaRun = await revertRunningIn('revert-unclaimed', 'c0ffee00-aws-request-id');
    // Act
    const resumed = await recoverAs(createRunOwner(dataDir));
    // Assess
    expect(resumed.filter((c) => c.importId === unclaimed)).toEqual([
      { kind: 'revert', workspaceId: 'revert-unclaimed', importId: unclaimed, runId: expect.any(String) },
    ]);
    expect(resumed.map((c) => c.importId)).not.toContain(lambdaRun);
  });

  it('lists no revert that has ended', async () => {
    // Prepare: a revert run to its end (an import with nothing to undo).
    const importId = await revertRunningIn('revert-ended', 'ended-run');
    await revertDeps.reverts.finishRevert('revert-ended', importId, {
      runId: 'ended-run',
      status: 'completed',
      finishedAt: new Date().toISOString(),
    });
    // Act
    const running = await new DynamoDbStalledImports(env.documentClient, env.tableName).listRunningReverts();
    // Assess
    expect(running.map((r) => r.importId)).not.toContain(importId);
    expect(running.length).toBeGreaterThan(0);
  });
});

// A process running an import is killed with SIGKILL after it committed some batches; the import is resumed as a
// Lambda retry (same run id) or, once the dead run's lease has run out, by a new run. And `serve` itself, killed
// or stopped mid-import, resumes its imports as soon as it starts again on the same data dir.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { createLocalClients } from '../../local/local-credentials.js';
import { ensureBucket, ensureTable } from '../../local/provision.js';
import { BUCKET_NAME, TABLE_NAME } from '../../local/running-stack.js';
import { startS3Emulator } from '../../local/s3-emulator.js';
import { DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/dynamodb-api-key-store.js';
import { DynamoDbImportStore } from '../../shared/adapters/dynamodb/dynamodb-import-store.js';
import { createEngineDeps } from '../../shared/adapters/engine-deps.js';
import { s3ByteSource } from '../../shared/adapters/s3/s3-byte-source.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import { buildSummary } from '../../shared/import/import-record.js';
import { processImport } from '../../shared/import/process-import.js';
import { createHarness, type Harness, type ImportResult } from '../support/import-harness.js';
import { putObjectSettled } from '../support/put-object.js';
import { seededRandom } from './support/faults.js';
import { generateFile } from './support/generate-files.js';
import { runAndKill } from './support/kill-child.js';
import { type ServeProcess, startServe } from './support/serve-process.js';
import { createStartingPoint, SCORE_FIELD } from './support/starting-point.js';
import { comparable, integrityProblems, scanTable, workspaceItems } from './support/workspace-state.js';

const CHILD = fileURLToPath(new URL('./support/import-child.ts', import.meta.url));
const LEASE_MS = 60_000;
const BATCH_ROWS = 5;

let h: Harness;
let prepareWorkspace: (workspaceId: string) => Promise<void>;
/** One file, killed at different moments; its uninterrupted import is the reference. */
const file = generateFile(seededRandom(7), 60);
const REFERENCE_WS = 'killref';
let reference: ImportResult;
const kills: Array<{ seed: number; afterBatches: number; killed: boolean; resumedBy: string }> = [];

beforeAll(async () => {
  // The references commit one transaction at a time; the runs compared with them, several in flight.
  h = await createHarness({ commitConcurrency: 1 });
  prepareWorkspace = await createStartingPoint(h);
  await prepareWorkspace(REFERENCE_WS);
  reference = await h.importCsv(file.csv, { workspaceId: REFERENCE_WS, batchRows: BATCH_ROWS });
});

afterAll(() => {
  console.log(
    `process kill: ${kills.length} imports killed with SIGKILL\n${kills
      .map((k) => `  seed ${k.seed}: after ${k.afterBatches} committed batches, resumed by ${k.resumedBy}`)
      .join('\n')}`,
  );
});

describe('an import process killed with SIGKILL', () => {
  it.concurrent.for([
    { seed: 11, resume: 'same run id' },
    { seed: 23, resume: 'same run id' },
    { seed: 37, resume: 'new run after the lease' },
    { seed: 53, resume: 'new run after the lease' },
  ])(
    'resumes (seed $seed, $resume) to the contacts and counts of an uninterrupted run',
    { timeout: 90_000 },
    async ({ seed, resume }, { expect }) => {
      // Prepare
      const random = seededRandom(seed);
      const ws = `kill-${seed}`;
      await prepareWorkspace(ws);
      const importId = newImportId();
      const objectKey = `uploads/${ws}/${importId}.csv`;
      await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: file.csv });
      await createImport(
        h.deps,
        { workspaceId: ws, importId, source: 'upload', fileName: 'c.csv', objectKey, options: {} },
        [SCORE_FIELD],
      );
      const runId = `lambda-request-${seed}`;
      const afterBatches = 1 + Math.floor(random() * 7);

      // Act: kill the process part-way, then resume.
      const { killed, commits: committed } = await runAndKill(
        CHILD,
        {
          CHILD_DYNAMO_ENDPOINT: h.env.dynamoEndpoint,
          CHILD_S3_ENDPOINT: h.env.s3Endpoint,
          CHILD_TABLE: h.env.tableName,
          CHILD_BUCKET: h.env.bucket,
          CHILD_OBJECT_KEY: objectKey,
          CHILD_WORKSPACE: ws,
          CHILD_IMPORT_ID: importId,
          CHILD_RUN_ID: runId,
          CHILD_LEASE_MS: String(LEASE_MS),
          CHILD_BATCH_ROWS: String(BATCH_ROWS),
        },
        afterBatches,
        Math.floor(random() * 15),
      );
      expect(killed, 'the process was killed before it finished').toBe(true);
      expect(committed).toBeGreaterThanOrEqual(afterBatches);
      const interrupted = await h.deps.imports.getImport(ws, importId);
      expect(interrupted?.record.status).toBe('running');
      expect(interrupted?.progress.row).toBeGreaterThan(0);

      const source = await s3ByteSource(h.env.s3, h.env.bucket, objectKey);
      const job = { workspaceId: ws, importId, source, leaseMs: LEASE_MS, batchRows: BATCH_ROWS };
      let result: Awaited<ReturnType<typeof processImport>>;
      if (resume === 'same run id') {
        result = await processImport(h.deps, { ...job, runId });
      } else {
        // While the dead run's lease holds, nobody else may take the import; afterwards a new run does.
        expect((await processImport(h.deps, { ...job, runId: 'redelivery-early' })).status).toBe('busy');
        const later = { ...h.deps, now: () => new Date(Date.now() + LEASE_MS + 1000) };
        result = await processImport(later, { ...job, runId: 'redelivery-after-lease' });
      }
      kills.push({ seed, afterBatches: committed, killed, resumedBy: resume });

      // Assess
      expect(result.status).toBe('completed');
      const stored = await h.deps.imports.getImport(ws, importId);
      if (!stored) throw new Error('the import vanished');
      const summary = buildSummary(stored.record, stored.progress, stored.errors);
      expect(summary.counts).toEqual(reference.summary.counts);
      expect(summary.counts.rows).toBe(file.rows);
      expect(summary.skippedBy).toEqual(reference.summary.skippedBy);
      expect(summary.errors).toEqual(reference.summary.errors);
      const report = await h.deps.reports.openReport(stored.record.reportKey ?? '');
      const chunks: Uint8Array[] = [];
      for await (const chunk of report ?? []) chunks.push(chunk);
      expect(Buffer.concat(chunks).toString('utf8')).toBe(reference.report);
      expect(comparable(await h.contacts(ws))).toEqual(comparable(await h.contacts(REFERENCE_WS)));
      expect(integrityProblems(workspaceItems(await scanTable(h.env), ws))).toEqual([]);
    },
  );
});

/** Rows of distinct people: an uninterrupted import creates exactly one contact per row. */
const SERVE_ROWS = 12_000;
const SERVE_CSV = `Email,First Name\n${Array.from({ length: SERVE_ROWS }, (_, i) => `person${i}@kill.example,Person ${i}\n`).join('')}`;
/** A restarted stack resumes at once: well within this, against the 16-minute lease it used to wait for. */
const RESUMED_WITHIN_MS = 20_000;

interface ImportState {
  status: string;
  counts: { rows: number; created: number; updated: number; skipped: number; errored: number };
}

const dataDirs: string[] = [];
const serves: ServeProcess[] = [];
afterAll(() => {
  for (const serve of serves) if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-kill-'));
  dataDirs.push(dir);
  return dir;
};

const serveOn = async (dataDir: string) => {
  const serve = await startServe(dataDir);
  serves.push(serve);
  return serve;
};

/** A key of the data dir's own table: it stays valid for every later serve on that data dir. */
const keyFor = async (serve: ServeProcess, workspaceId: string) => {
  const { documentClient } = createLocalClients({
    dynamoEndpoint: serve.dynamoEndpoint,
    s3Endpoint: 'http://127.0.0.1:1',
    s3IsEmulator: true,
  });
  const { apiKey } = await createApiKey(new DynamoDbApiKeyStore(documentClient, TABLE_NAME), workspaceId);
  documentClient.destroy();
  return apiKey;
};

const getImport = async (serve: ServeProcess, apiKey: string, importId: string): Promise<ImportState> => {
  const response = await fetch(`${serve.apiUrl}/imports/${importId}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  return (await response.json()) as ImportState;
};

const waitFor = async (
  serve: ServeProcess,
  apiKey: string,
  importId: string,
  until: (state: ImportState) => boolean,
  timeoutMs: number,
): Promise<ImportState> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await getImport(serve, apiKey, importId);
    if (until(state)) return state;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** POSTs the file as the request body (the 202 way in), and waits until the import has committed some batches. */
const startImportAndWait = async (serve: ServeProcess, apiKey: string, rows: number) => {
  const response = await fetch(`${serve.apiUrl}/imports?fileName=people.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' },
    body: SERVE_CSV,
  });
  if (response.status !== 202) throw new Error(`POST /imports answered ${response.status}`);
  const { importId } = (await response.json()) as { importId: string };
  const running = await waitFor(serve, apiKey, importId, (state) => state.counts.rows >= rows, 120_000);
  return { importId, running };
};

const EXACT = { rows: SERVE_ROWS, created: SERVE_ROWS, updated: 0, skipped: 0, errored: 0 };

describe('serve killed or stopped mid-import, then started again on the same data dir', () => {
  it('resumes an import of a serve killed with SIGKILL within seconds of the restart, to exact counts', {
    timeout: 420_000,
  }, async ({ expect }) => {
    // Prepare
    const dataDir = newDataDir();
    const first = await serveOn(dataDir);
    const apiKey = await keyFor(first, 'restart');
    const { importId, running } = await startImportAndWait(first, apiKey, 1_000);
    // Act
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await serveOn(dataDir);
    const resumed = await waitFor(
      second,
      apiKey,
      importId,
      (state) => state.counts.rows > running.counts.rows,
      120_000,
    );
    const resumedAfterMs = Date.now() - second.readyAt;
    const done = await waitFor(second, apiKey, importId, (state) => state.status !== 'running', 300_000);
    second.child.kill('SIGTERM');
    await second.exited;
    console.log(
      `serve SIGKILL at row ${running.counts.rows} of ${SERVE_ROWS}: resumed ${resumedAfterMs} ms after the restart was ready`,
    );
    // Assess
    expect(resumed.counts.rows).toBeLessThan(SERVE_ROWS + 1);
    expect(resumedAfterMs).toBeLessThan(RESUMED_WITHIN_MS);
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual(EXACT);
  });

  it('imports a file accepted (202) by a serve killed before any run claimed it, once serve starts again', {
    timeout: 420_000,
  }, async ({ expect }) => {
    // Prepare: what a kill between the 202 and the claim leaves — a pending import, its file in the bucket.
    const dataDir = newDataDir();
    const [dynamo, s3rver] = await Promise.all([
      startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') }),
      startS3Emulator({ dataDir: join(dataDir, 's3') }),
    ]);
    const clients = createLocalClients({
      dynamoEndpoint: dynamo.endpoint,
      s3Endpoint: s3rver.endpoint,
      s3IsEmulator: true,
    });
    await Promise.all([ensureTable(dynamo.endpoint, TABLE_NAME), ensureBucket(clients.s3, BUCKET_NAME)]);
    const deps = createEngineDeps({
      ...clients,
      tableName: TABLE_NAME,
      bucket: BUCKET_NAME,
      maxBytes: 1024 ** 3,
    });
    const importId = newImportId();
    const objectKey = `uploads/unclaimed/${importId}.csv`;
    await createImport(
      deps,
      { workspaceId: 'unclaimed', importId, source: 'api', fileName: 'people.csv', objectKey, options: {} },
      [],
    );
    await clients.s3.send(new PutObjectCommand({ Bucket: BUCKET_NAME, Key: objectKey, Body: SERVE_CSV }));
    const apiKey = (
      await createApiKey(new DynamoDbApiKeyStore(clients.documentClient, TABLE_NAME), 'unclaimed')
    ).apiKey;
    expect((await deps.imports.getImport('unclaimed', importId))?.record.status).toBe('pending');
    clients.documentClient.destroy();
    clients.s3.destroy();
    await Promise.all([dynamo.stop(), s3rver.stop()]);
    // Act
    const serve = await serveOn(dataDir);
    const started = await waitFor(serve, apiKey, importId, (state) => state.counts.rows > 0, 120_000);
    const startedAfterMs = Date.now() - serve.readyAt;
    const done = await waitFor(serve, apiKey, importId, (state) => state.status !== 'running', 300_000);
    serve.child.kill('SIGTERM');
    await serve.exited;
    // Assess
    expect(started.counts.rows).toBeGreaterThan(0);
    expect(startedAfterMs).toBeLessThan(RESUMED_WITHIN_MS);
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual(EXACT);
  });

  it('pauses a running import at a batch boundary on SIGTERM, exits within seconds, and resumes it on the next start', {
    timeout: 420_000,
  }, async ({ expect }) => {
    // Prepare
    const dataDir = newDataDir();
    const first = await serveOn(dataDir);
    const apiKey = await keyFor(first, 'sigterm');
    const { importId } = await startImportAndWait(first, apiKey, 1_000);
    // Act
    const stopAsked = Date.now();
    first.child.kill('SIGTERM');
    const exitCode = await first.exited;
    const exitedAfterMs = Date.now() - stopAsked;
    // What it left, read from its data dir with nothing else running.
    const dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
    const { documentClient } = createLocalClients({
      dynamoEndpoint: dynamo.endpoint,
      s3Endpoint: 'http://127.0.0.1:1',
      s3IsEmulator: true,
    });
    const paused = await new DynamoDbImportStore(documentClient, TABLE_NAME).getImport('sigterm', importId);
    documentClient.destroy();
    await dynamo.stop();
    const second = await serveOn(dataDir);
    const resumed = await waitFor(
      second,
      apiKey,
      importId,
      (state) => state.counts.rows > (paused?.progress.counts.rows ?? 0),
      120_000,
    );
    const resumedAfterMs = Date.now() - second.readyAt;
    const done = await waitFor(second, apiKey, importId, (state) => state.status !== 'running', 300_000);
    second.child.kill('SIGTERM');
    await second.exited;
    console.log(
      `serve SIGTERM: exited in ${exitedAfterMs} ms, paused at row ${paused?.progress.counts.rows}, resumed ${resumedAfterMs} ms after the restart`,
    );
    // Assess
    expect(exitCode).toBe(0);
    expect(exitedAfterMs).toBeLessThan(15_000);
    expect(paused?.record.status).toBe('running');
    expect(paused?.progress.counts.rows).toBeGreaterThan(0);
    expect(paused?.progress.counts.rows).toBeLessThan(SERVE_ROWS);
    // Paused between batches: the checkpoint is a whole number of the engine's 500-row batches.
    expect((paused?.progress.counts.rows ?? 1) % 500).toBe(0);
    expect(resumed.counts.rows).toBeGreaterThan(0);
    expect(resumedAfterMs).toBeLessThan(RESUMED_WITHIN_MS);
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual(EXACT);
  });
});

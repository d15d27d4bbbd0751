// A process running an import is killed with SIGKILL after it committed some batches; the import is resumed as a
// Lambda retry (same run id) or, once the dead run's lease has run out, by a new run.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { s3ByteSource } from '../../shared/adapters/s3/s3-byte-source.js';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import { buildSummary } from '../../shared/import/import-record.js';
import { processImport } from '../../shared/import/process-import.js';
import { createHarness, type Harness, type ImportResult } from '../support/import-harness.js';
import { putObjectSettled } from '../support/put-object.js';
import { seededRandom } from './support/faults.js';
import { generateFile } from './support/generate-files.js';
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
  h = await createHarness();
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

/** Runs the import in a child process and kills it once it reported `afterBatches` commits (plus a little). */
const runAndKill = (
  env: Record<string, string>,
  afterBatches: number,
  jitterMs: number,
): Promise<{ killed: boolean; committed: number }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let committed = 0;
    let stderr = '';
    let ended = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('committed ')) {
        committed++;
        if (committed === afterBatches) setTimeout(() => child.kill('SIGKILL'), jitterMs);
      }
      if (line.startsWith('ended ')) ended = true;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, committed });
      else if (code === 0 && ended) resolve({ killed: false, committed });
      else reject(new Error(`the import process exited with ${code ?? signal}: ${stderr}`));
    });
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
      const { killed, committed } = await runAndKill(
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

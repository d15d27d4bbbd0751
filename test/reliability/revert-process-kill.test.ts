// A process running a revert is killed with SIGKILL after it committed some transactions (SPEC §10, §4); the revert
// is resumed as a retry of its round (same run id) or, once the dead run's lease has run out, by a new run, and
// ends with the contacts and counts of an uninterrupted revert.

import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { processRevert } from '../../shared/revert/run-revert.js';
import { createHarness, type Harness } from '../support/import-harness.js';
import { createRevertHarness, type RevertHarness } from '../support/revert-harness.js';
import { seededRandom } from './support/faults.js';
import { generateFile } from './support/generate-files.js';
import { runAndKill } from './support/kill-child.js';
import { createStartingPoint } from './support/starting-point.js';
import { comparable, integrityProblems, scanTable, workspaceItems } from './support/workspace-state.js';

const CHILD = fileURLToPath(new URL('./support/revert-child.ts', import.meta.url));
const LEASE_MS = 60_000;
const BATCH_ROWS = 5;
const CONTACTS_PER_CHUNK = 2;
/** Two passes or so over this journal: a kill may fall in either. */
const PASS_BYTES = 1500;

let h: Harness;
let r: RevertHarness;
let prepareWorkspace: (workspaceId: string) => Promise<void>;
/** One import and a later one over it, reverted after kills at different moments; its clean revert is the reference. */
const file = generateFile(seededRandom(17), 60);
const later = generateFile(seededRandom(19), 12);
/** A later change of some contacts the import created: they are kept (changed since). */
const touchedSince = `Email,Company\n${[...new Set(file.csv.match(/new\d+@x\.com/g) ?? [])]
  .slice(0, 3)
  .map((email) => `${email},Changed Since`)
  .join('\n')}\n`;
const REFERENCE_WS = 'rvkillref';
let reference: Awaited<ReturnType<RevertHarness['revert']>>;
const kills: Array<{ seed: number; committed: number; resumedBy: string }> = [];

/** The starting contacts, the import to revert (its id returned) and a later import over it. */
const importBoth = async (workspaceId: string) => {
  await prepareWorkspace(workspaceId);
  const { importId } = await h.importCsv(file.csv, { workspaceId, batchRows: BATCH_ROWS });
  await h.importCsv(later.csv, { workspaceId, batchRows: BATCH_ROWS });
  await h.importCsv(touchedSince, { workspaceId });
  return importId;
};

beforeAll(async () => {
  h = await createHarness();
  r = createRevertHarness(h);
  prepareWorkspace = await createStartingPoint(h);
  const importId = await importBoth(REFERENCE_WS);
  reference = await r.revert(REFERENCE_WS, importId, {
    contactsPerChunk: CONTACTS_PER_CHUNK,
    passBytes: PASS_BYTES,
  });
  if (reference.state.keptBy.changed_since === 0) throw new Error('the reference revert kept nothing');
});

afterAll(() => {
  console.log(
    `revert process kill: ${kills.length} reverts killed with SIGKILL (reference: ${JSON.stringify(reference?.state.counts)})\n${kills
      .map((k) => `  seed ${k.seed}: after ${k.committed} contacts committed, resumed by ${k.resumedBy}`)
      .join('\n')}`,
  );
});

describe('a revert process killed with SIGKILL', () => {
  it.concurrent.for([
    { seed: 11, resume: 'same run id' },
    { seed: 23, resume: 'same run id' },
    { seed: 37, resume: 'new run after the lease' },
    { seed: 53, resume: 'new run after the lease' },
  ])(
    'resumes (seed $seed, $resume) to the contacts and counts of an uninterrupted revert',
    { timeout: 120_000 },
    async ({ seed, resume }, { expect }) => {
      // Prepare
      const random = seededRandom(seed);
      const ws = `rvkill-${seed}`;
      const importId = await importBoth(ws);
      await r.deps.reverts.startRevert(ws, importId, { dryRun: false, startedAt: new Date().toISOString() });
      const runId = `revert-round-${seed}`;
      const afterChunks = 1 + Math.floor(random() * 7);

      // Act: kill the process part-way, then resume.
      const { killed, lastCommitted: committed } = await runAndKill(
        CHILD,
        {
          CHILD_DYNAMO_ENDPOINT: h.env.dynamoEndpoint,
          CHILD_S3_ENDPOINT: h.env.s3Endpoint,
          CHILD_TABLE: h.env.tableName,
          CHILD_BUCKET: h.env.bucket,
          CHILD_WORKSPACE: ws,
          CHILD_IMPORT_ID: importId,
          CHILD_RUN_ID: runId,
          CHILD_LEASE_MS: String(LEASE_MS),
          CHILD_CONTACTS_PER_CHUNK: String(CONTACTS_PER_CHUNK),
          CHILD_PASS_BYTES: String(PASS_BYTES),
        },
        afterChunks,
        Math.floor(random() * 15),
      );
      expect(killed, 'the process was killed before it finished').toBe(true);
      const interrupted = await r.deps.reverts.getRevert(ws, importId);
      expect(interrupted?.status).toBe('running');
      expect(interrupted?.counts.contacts).toBeGreaterThanOrEqual(committed);
      expect(interrupted?.counts.contacts).toBeLessThan(reference.state.counts.contacts);

      const job = {
        workspaceId: ws,
        importId,
        leaseMs: LEASE_MS,
        contactsPerChunk: CONTACTS_PER_CHUNK,
        passBytes: PASS_BYTES,
      };
      let status: Awaited<ReturnType<typeof processRevert>>;
      if (resume === 'same run id') {
        status = await processRevert(r.deps, { ...job, runId });
      } else {
        // While the dead run's lease holds, nobody else may take the revert; afterwards a new run does.
        expect(await processRevert(r.deps, { ...job, runId: 'redelivery-early' })).toBe('busy');
        const afterLease = { ...r.deps, now: () => new Date(Date.now() + LEASE_MS + 1000) };
        status = await processRevert(afterLease, { ...job, runId: 'redelivery-after-lease' });
      }
      kills.push({ seed, committed: interrupted?.counts.contacts ?? 0, resumedBy: resume });

      // Assess
      expect(status).toBe('completed');
      const state = await r.deps.reverts.getRevert(ws, importId);
      expect(state?.counts).toEqual(reference.state.counts);
      expect(state?.keptBy).toEqual(reference.state.keptBy);
      expect(comparable(await h.contacts(ws))).toEqual(comparable(await h.contacts(REFERENCE_WS)));
      expect(integrityProblems(workspaceItems(await scanTable(h.env), ws))).toEqual([]);
    },
  );
});

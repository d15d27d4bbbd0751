// A revert interrupted anywhere (SPEC §10, §4): throttling, transaction conflicts, timeouts and connection resets
// injected into the real DynamoDB and S3 clients, before requests and after their responses, at every read and
// write the revert makes (its claim, the journal's listing and segments, guards, phone sets, contacts, its
// checkpoint); rounds continued and retried as AWS would, until it ends as an uninterrupted revert.

import { afterAll, beforeAll, describe, it } from 'vitest';
import { createRevertEngineDeps } from '../../shared/adapters/engine-deps.js';
import { createHarness, type Harness } from '../support/import-harness.js';
import { createRevertHarness, type RevertHarness } from '../support/revert-harness.js';
import { driveRevert } from './support/drive-revert.js';
import { createClock, type DriveStats } from './support/drive-runs.js';
import { createTally, seededRandom } from './support/faults.js';
import { createFaultyDeps } from './support/faulty-deps.js';
import { generateFile } from './support/generate-files.js';
import { createStartingPoint } from './support/starting-point.js';
import { comparable, integrityProblems, scanTable, workspaceItems } from './support/workspace-state.js';

const SEEDS = Array.from({ length: 12 }, (_, i) => 3000 + i * 7919);

let h: Harness;
let r: RevertHarness;
const tally = createTally();
const totals = { seeds: 0, contacts: 0, invocations: 0, continuations: 0, lambdaRetries: 0, takeovers: 0 };
const outcomes = { deleted: 0, restored: 0, kept: 0 };
let prepareWorkspace: (workspaceId: string) => Promise<void>;

beforeAll(async () => {
  h = await createHarness();
  r = createRevertHarness(h);
  prepareWorkspace = await createStartingPoint(h);
});

afterAll(() => {
  const kinds = [...tally.byKind.entries()].sort(([a], [b]) => a.localeCompare(b));
  console.log(
    [
      `revert fault injection: ${totals.seeds} seeds, ${totals.contacts} contacts undone (${JSON.stringify(outcomes)}), ${tally.total()} faults injected`,
      ...kinds.map(([kind, n]) => `  ${kind}: ${n}`),
      `  invocations ${totals.invocations}, continuations ${totals.continuations}, Lambda retries ${totals.lambdaRetries}, lease takeovers ${totals.takeovers}`,
    ].join('\n'),
  );
});

const addStats = (stats: DriveStats) => {
  totals.invocations += stats.invocations;
  totals.continuations += stats.continuations;
  totals.lambdaRetries += stats.lambdaRetries;
  totals.takeovers += stats.leaseTakeovers;
};

describe('a revert interrupted anywhere', () => {
  it.concurrent.for(SEEDS)(
    'ends, with seed %i, with the contacts, counts and keptBy of an uninterrupted revert',
    { timeout: 180_000 },
    async (seed, { expect }) => {
      // Prepare: the same contacts, the same import and a later import over them in two workspaces.
      const random = seededRandom(seed);
      const file = generateFile(random, 18 + Math.floor(random() * 18));
      const later = generateFile(random, 6 + Math.floor(random() * 6));
      // A later change of some contacts the import created: kept, changed since.
      const touchedSince = `Email,Company\n${[...new Set(file.csv.match(/new\d+@x\.com/g) ?? [])]
        .slice(0, 2)
        .map((email) => `${email},Changed Since`)
        .join('\n')}\n`;
      const batchRows = 3 + Math.floor(random() * 5);
      const contactsPerChunk = 1 + Math.floor(random() * 4);
      const passBytes = 200 + Math.floor(random() * 1500);
      const refWs = `rvref-${seed}`;
      const ws = `rvflt-${seed}`;
      const imports: Record<string, string> = {};
      await Promise.all(
        [refWs, ws].map(async (workspaceId) => {
          await prepareWorkspace(workspaceId);
          imports[workspaceId] = (await h.importCsv(file.csv, { workspaceId, batchRows })).importId;
          await h.importCsv(later.csv, { workspaceId, batchRows });
          await h.importCsv(touchedSince, { workspaceId });
        }),
      );
      const reference = await r.revert(refWs, imports[refWs] ?? '', { contactsPerChunk, passBytes });
      const importId = imports[ws] ?? '';
      await r.deps.reverts.startRevert(ws, importId, { dryRun: false, startedAt: new Date().toISOString() });
      const clock = createClock();
      const seedTally = createTally();
      const faulty = createFaultyDeps(h.env, {
        random,
        callRate: 0.06,
        attemptRate: 0.04,
        tally: seedTally,
        now: clock.now,
      });
      const deps = {
        ...createRevertEngineDeps({
          documentClient: faulty.documentClient,
          tableName: h.env.tableName,
          s3: faulty.s3,
          bucket: h.env.bucket,
        }),
        now: clock.now,
      };

      // Act
      faulty.setEnabled(true);
      let stats: DriveStats;
      try {
        stats = await driveRevert({
          deps,
          reverts: r.deps.reverts,
          workspaceId: ws,
          importId,
          clock,
          random,
          pauseRate: 0.15,
          contactsPerChunk,
          passBytes,
        });
      } finally {
        faulty.setEnabled(false);
        faulty.destroy();
      }

      // Assess
      tally.add(seedTally);
      addStats(stats);
      totals.seeds++;
      const state = await r.deps.reverts.getRevert(ws, importId);
      totals.contacts += state?.counts.contacts ?? 0;
      outcomes.deleted += state?.counts.deleted ?? 0;
      outcomes.restored += state?.counts.restored ?? 0;
      outcomes.kept += state?.counts.kept ?? 0;
      expect(seedTally.total(), 'faults injected').toBeGreaterThan(0);
      expect(stats.lost, 'runs that gave up a revert nobody else held').toBe(0);
      expect(reference.state.status).toBe('completed');
      expect(state?.status).toBe('completed');
      expect(state?.counts.contacts).toBeGreaterThan(0);
      expect(state?.counts).toEqual(reference.state.counts);
      expect(state?.keptBy).toEqual(reference.state.keptBy);
      expect(comparable(await h.contacts(ws))).toEqual(comparable(await h.contacts(refWs)));
      const items = await scanTable(h.env);
      expect(integrityProblems(workspaceItems(items, ws))).toEqual([]);
      expect(integrityProblems(workspaceItems(items, refWs))).toEqual([]);
    },
  );
});

// Several imports of overlapping files in one workspace at once (with faults injected besides): one contact per
// email, no lost update, and the workspaces next door untouched.

import { beforeAll, describe, expect, it } from 'vitest';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import { buildSummary, type ImportSummary } from '../../shared/import/import-record.js';
import { createHarness, type Harness } from '../support/import-harness.js';
import { putObjectSettled } from '../support/put-object.js';
import { driveImport } from './support/drive-import.js';
import { createClock } from './support/drive-runs.js';
import { createTally, seededRandom } from './support/faults.js';
import { createFaultyDeps } from './support/faulty-deps.js';
import { createStartingPoint, SCORE_FIELD } from './support/starting-point.js';
import { comparable, integrityProblems, scanTable, workspaceItems } from './support/workspace-state.js';

const FILES = 5;
const BATCH_ROWS = 4;

let h: Harness;
/** Errors DynamoDB Local itself returned while the imports ran: their write conflicts. */
const observed = new Map<string, number>();
let prepareWorkspace: (workspaceId: string) => Promise<void>;

beforeAll(async () => {
  h = await createHarness();
  prepareWorkspace = await createStartingPoint(h);
});

/** File `f`: contacts c{from..to} with their own phone, the file's tag, and an update of old1 in the middle. */
const file = (f: number) => {
  const from = f * 6;
  const lines = ['Email,Phone,First Name,Tags'];
  for (let i = from; i < from + 14; i++) {
    lines.push(`c${i}@x.com,+1415555${String(3000 + i)},C${i},f${f}`);
    if (i === from + 7) lines.push(`OLD1@x.com,,,f${f};shared`);
  }
  return { csv: `${lines.join('\n')}\n`, emails: Array.from({ length: 14 }, (_, k) => `c${from + k}@x.com`) };
};

/** Registers an import of `csv` and drives it to its end, with a few faults, while others run. */
const importWithFaults = async (workspaceId: string, csv: string, seed: number): Promise<ImportSummary> => {
  const importId = newImportId();
  const objectKey = `uploads/${workspaceId}/${importId}.csv`;
  await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: csv });
  await createImport(
    h.deps,
    { workspaceId, importId, source: 'api', fileName: `f${seed}.csv`, objectKey, options: {} },
    [SCORE_FIELD],
  );
  const random = seededRandom(seed);
  const clock = createClock();
  const faulty = createFaultyDeps(h.env, {
    random,
    callRate: 0.03,
    attemptRate: 0.02,
    tally: createTally(),
    now: clock.now,
    observed,
  });
  faulty.setEnabled(true);
  try {
    const stats = await driveImport({
      deps: faulty.deps,
      imports: h.deps.imports,
      s3: faulty.s3,
      bucket: h.env.bucket,
      objectKey,
      workspaceId,
      importId,
      clock,
      random,
      batchRows: BATCH_ROWS,
      pauseRate: 0.1,
    });
    expect(stats.lost).toBe(0);
  } finally {
    faulty.setEnabled(false);
    faulty.destroy();
  }
  const stored = await h.deps.imports.getImport(workspaceId, importId);
  if (!stored) throw new Error('the import vanished');
  return buildSummary(stored.record, stored.progress, stored.errors);
};

describe('overlapping imports running at once in one workspace', () => {
  it('leave one contact per email, every tag of every file, and the other workspaces as they were', async () => {
    // Prepare: the shared workspace, a neighbour importing too, and a neighbour left alone.
    const ws = 'together';
    const busyNeighbour = 'together-next-door';
    const quietNeighbour = 'together-quiet';
    const soloReference = 'together-solo';
    await Promise.all([ws, busyNeighbour, quietNeighbour, soloReference].map(prepareWorkspace));
    const files = Array.from({ length: FILES }, (_, f) => file(f));
    const solo = await h.importCsv(files[0]?.csv ?? '', {
      workspaceId: soloReference,
      batchRows: BATCH_ROWS,
    });
    const quietBefore = workspaceItems(await scanTable(h.env), quietNeighbour);

    // Act
    const [summaries, neighbour] = await Promise.all([
      Promise.all(files.map((f, i) => importWithFaults(ws, f.csv, 100 + i))),
      importWithFaults(busyNeighbour, files[0]?.csv ?? '', 200),
    ]);

    // Assess: the shared workspace.
    const items = await scanTable(h.env);
    expect(integrityProblems(workspaceItems(items, ws))).toEqual([]);
    const contacts = await h.contacts(ws);
    const emails = contacts.map((c) => c.email);
    expect(new Set(emails).size).toBe(emails.length);
    const imported = new Set(files.flatMap((f) => f.emails));
    expect(contacts).toHaveLength(imported.size + 5);
    for (const summary of summaries) expect(summary.status).toBe('completed');
    const total = (key: 'created' | 'updated' | 'errored' | 'rows') =>
      summaries.reduce((sum, s) => sum + s.counts[key], 0);
    expect(total('created')).toBe(imported.size);
    expect(total('updated')).toBe(total('rows') - imported.size);
    expect(total('errored')).toBe(0);
    for (const contact of contacts) {
      if (!contact.email?.startsWith('c')) continue;
      const expected = files.flatMap((f, i) => (f.emails.includes(contact.email ?? '') ? [`f${i}`] : []));
      expect([...contact.tags].sort(), contact.email).toEqual(expected);
    }
    const old1 = contacts.find((c) => c.email === 'old1@x.com');
    expect([...(old1?.tags ?? [])].sort()).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'old', 'shared']);

    // Assess: the neighbours.
    expect(neighbour.counts).toEqual(solo.summary.counts);
    expect(comparable(await h.contacts(busyNeighbour))).toEqual(comparable(await h.contacts(soloReference)));
    expect(integrityProblems(workspaceItems(items, busyNeighbour))).toEqual([]);
    expect(workspaceItems(items, quietNeighbour)).toEqual(quietBefore);
    console.log(
      `concurrency: ${FILES + 1} imports at once, ${total('rows')} rows in the shared workspace; errors from DynamoDB itself: ${JSON.stringify(Object.fromEntries(observed))}`,
    );
  });
});

// Crash anywhere: throttling, transaction conflicts, timeouts and connection resets injected into the real DynamoDB
// and S3 clients, before requests and after their responses; the import is retried as AWS would until it ends.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ByteSource } from '../../shared/adapters/s3/s3-byte-source.js';
import type { ImportMode } from '../../shared/domain/import-options.js';
import { newImportId } from '../../shared/ids.js';
import { cancelImport } from '../../shared/import/cancel-import.js';
import { createImport } from '../../shared/import/create-import.js';
import { buildSummary } from '../../shared/import/import-record.js';
import { processImport } from '../../shared/import/process-import.js';
import type { ContactStore } from '../../shared/ports/contact-store.js';
import { createHarness, type Harness } from '../support/import-harness.js';
import { putObjectSettled } from '../support/put-object.js';
import { driveImport } from './support/drive-import.js';
import { createClock, type DriveStats } from './support/drive-runs.js';
import { createTally, faults, injectOneFault, seededRandom } from './support/faults.js';
import { createFaultyDeps } from './support/faulty-deps.js';
import { generateFile } from './support/generate-files.js';
import { createStartingPoint, SCORE_FIELD } from './support/starting-point.js';
import { comparable, integrityProblems, scanTable, workspaceItems } from './support/workspace-state.js';

const SEEDS = Array.from({ length: 24 }, (_, i) => 1000 + i * 7919);

let h: Harness;
const tally = createTally();
const totals = { seeds: 0, rows: 0, invocations: 0, continuations: 0, lambdaRetries: 0, takeovers: 0 };
const reachedInvocation = new Map<string, number>();

let prepareWorkspace: (workspaceId: string) => Promise<void>;

beforeAll(async () => {
  // The references commit one transaction at a time; the runs compared with them, several in flight.
  h = await createHarness({ commitConcurrency: 1 });
  prepareWorkspace = await createStartingPoint(h);
});

afterAll(() => {
  const kinds = [...tally.byKind.entries()].sort(([a], [b]) => a.localeCompare(b));
  console.log(
    [
      `fault injection: ${totals.seeds} seeds, ${totals.rows} data rows, ${tally.total()} faults injected`,
      ...kinds.map(([kind, n]) => `  ${kind}: ${n}`),
      `  invocations ${totals.invocations}, continuations ${totals.continuations}, Lambda retries ${totals.lambdaRetries}, lease takeovers ${totals.takeovers}`,
      `  errors that reached an invocation: ${JSON.stringify(Object.fromEntries(reachedInvocation))}`,
    ].join('\n'),
  );
});

const modeFor = (seed: number): ImportMode =>
  (['upsert', 'upsert', 'create_only', 'update_only'] as const)[seed % 4] ?? 'upsert';

const addStats = (stats: DriveStats) => {
  totals.invocations += stats.invocations;
  totals.continuations += stats.continuations;
  totals.lambdaRetries += stats.lambdaRetries;
  totals.takeovers += stats.leaseTakeovers;
  for (const [name, n] of stats.errors) reachedInvocation.set(name, (reachedInvocation.get(name) ?? 0) + n);
};

describe('an import interrupted anywhere', () => {
  it.concurrent.for(SEEDS)(
    'ends, with seed %i, with the contacts, counts and error report of an uninterrupted run',
    { timeout: 120_000 },
    async (seed, { expect }) => {
      // Prepare: one file, imported once cleanly (the reference) and once with faults, over the same contacts.
      const random = seededRandom(seed);
      const file = generateFile(random, 18 + Math.floor(random() * 18));
      const batchRows = 3 + Math.floor(random() * 5);
      const options = { mode: modeFor(seed) };
      const refWs = `ref-${seed}`;
      const ws = `flt-${seed}`;
      await Promise.all([prepareWorkspace(refWs), prepareWorkspace(ws)]);
      const reference = await h.importCsv(file.csv, { workspaceId: refWs, batchRows, options });

      const importId = newImportId();
      const objectKey = `uploads/${ws}/${importId}.csv`;
      await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: file.csv });
      await createImport(
        h.deps,
        { workspaceId: ws, importId, source: 'upload', fileName: 'contacts.csv', objectKey, options },
        [SCORE_FIELD],
      );
      const clock = createClock();
      const seedTally = createTally();
      const faulty = createFaultyDeps(h.env, {
        random,
        callRate: 0.06,
        attemptRate: 0.04,
        tally: seedTally,
        now: clock.now,
      });

      // Act
      faulty.setEnabled(true);
      let stats: DriveStats;
      try {
        stats = await driveImport({
          deps: faulty.deps,
          imports: h.deps.imports,
          s3: faulty.s3,
          bucket: h.env.bucket,
          objectKey,
          workspaceId: ws,
          importId,
          clock,
          random,
          batchRows,
          pauseRate: 0.15,
        });
      } finally {
        faulty.setEnabled(false);
        faulty.destroy();
      }

      // Assess
      tally.add(seedTally);
      addStats(stats);
      totals.seeds++;
      totals.rows += file.rows;
      const stored = await h.deps.imports.getImport(ws, importId);
      if (!stored) throw new Error('the import vanished');
      const summary = buildSummary(stored.record, stored.progress, stored.errors);
      const report = stored.record.reportKey ? await readText(stored.record.reportKey) : '';
      expect(seedTally.total(), 'faults injected').toBeGreaterThan(0);
      expect(stats.lost, 'runs that gave up an import nobody else held').toBe(0);
      expect(summary.status).toBe('completed');
      expect(summary.counts).toEqual(reference.summary.counts);
      expect(summary.counts.rows).toBe(file.rows);
      expect(summary.skippedBy).toEqual(reference.summary.skippedBy);
      expect(summary.errors).toEqual(reference.summary.errors);
      expect(report).toBe(reference.report);
      expect(comparable(await h.contacts(ws))).toEqual(comparable(await h.contacts(refWs)));
      const items = await scanTable(h.env);
      expect(integrityProblems(workspaceItems(items, ws))).toEqual([]);
      expect(integrityProblems(workspaceItems(items, refWs))).toEqual([]);
    },
  );
});

describe('a cancel racing faults, crashes and continuations', () => {
  it.concurrent.for(SEEDS.slice(0, 6))(
    'ends cancelled, with seed %i, its committed rows applied and counted exactly and nothing after them',
    { timeout: 120_000 },
    async (seed, { expect }) => {
      // Prepare: a file imported with faults, the cancel arriving after a random number of committed batches.
      const random = seededRandom(seed);
      const file = generateFile(random, 24 + Math.floor(random() * 12));
      const batchRows = 2 + Math.floor(random() * 3);
      const ws = `cnl-${seed}`;
      await prepareWorkspace(ws);
      const before = (await h.contacts(ws)).length;
      const importId = newImportId();
      const objectKey = `uploads/${ws}/${importId}.csv`;
      await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: file.csv });
      await createImport(
        h.deps,
        { workspaceId: ws, importId, source: 'upload', fileName: 'contacts.csv', objectKey, options: {} },
        [SCORE_FIELD],
      );
      const clock = createClock();
      const seedTally = createTally();
      const faulty = createFaultyDeps(h.env, {
        random,
        callRate: 0.06,
        attemptRate: 0.04,
        tally: seedTally,
        now: clock.now,
      });
      const cancelAfter = 1 + Math.floor(random() * 4);
      let writes = 0;
      const store = faulty.deps.contacts;
      const contacts: ContactStore = {
        lookupKeys: (...args) => store.lookupKeys(...args),
        phoneMembers: (...args) => store.phoneMembers(...args),
        getContacts: (...args) => store.getContacts(...args),
        writeBatch: async (batch) => {
          await store.writeBatch(batch);
          // A person clicks Stop (through the API's own client, without faults) right after this commit.
          if (++writes === cancelAfter) await cancelImport(h.deps, ws, importId);
        },
      };
      // Act
      faulty.setEnabled(true);
      try {
        await driveImport({
          deps: { ...faulty.deps, contacts },
          imports: h.deps.imports,
          s3: faulty.s3,
          bucket: h.env.bucket,
          objectKey,
          workspaceId: ws,
          importId,
          clock,
          random,
          batchRows,
          pauseRate: 0.3,
        });
      } finally {
        faulty.setEnabled(false);
        faulty.destroy();
      }
      const again = await processImport(h.deps, {
        workspaceId: ws,
        importId,
        runId: 'a-later-event',
        source: await s3ByteSource(h.env.s3, h.env.bucket, objectKey),
        leaseMs: 60_000,
      });
      // Assess
      const stored = await h.deps.imports.getImport(ws, importId);
      if (!stored) throw new Error('the import vanished');
      const summary = buildSummary(stored.record, stored.progress, stored.errors);
      const { counts } = summary;
      expect(summary.status).toBe('cancelled');
      expect(again.status).toBe('busy');
      expect(counts.rows).toBeLessThan(file.rows);
      expect(counts.rows).toBe(counts.created + counts.updated + counts.skipped + counts.errored);
      const sum = (by: Record<string, number | undefined>) =>
        Object.values(by).reduce((a = 0, b = 0) => a + b, 0);
      expect(sum(summary.erroredBy)).toBe(counts.errored);
      expect(sum(summary.skippedBy)).toBe(counts.skipped);
      // Exactly the contacts the counted rows created, none from a batch the cancel refused.
      expect((await h.contacts(ws)).length).toBe(before + counts.created);
      const report = stored.record.reportKey ? await readText(stored.record.reportKey) : '';
      const reportedRows = report
        .split('\r\n')
        .slice(1)
        .map((line) => /,(\d+),(errored|skipped|created|updated),/.exec(line)?.[1])
        .filter((row): row is string => row !== undefined)
        .map(Number);
      expect(reportedRows.every((row) => row <= (summary.progress.lastRow ?? 0))).toBe(true);
      const items = await scanTable(h.env);
      expect(integrityProblems(workspaceItems(items, ws))).toEqual([]);
    },
  );
});

describe('a write that was applied although its caller saw it fail', () => {
  const setUp = async (csv: string) => {
    const ws = `once-${newImportId().slice(-8)}`;
    await prepareWorkspace(ws);
    const importId = newImportId();
    const objectKey = `uploads/${ws}/${importId}.csv`;
    await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: csv });
    await createImport(
      h.deps,
      { workspaceId: ws, importId, source: 'upload', fileName: 'c.csv', objectKey, options: {} },
      [],
    );
    const clients = createFaultyDeps(h.env, {
      random: Math.random,
      callRate: 0,
      attemptRate: 0,
      tally: createTally(),
      now: () => new Date(),
    });
    const invoke = async () =>
      processImport(clients.deps, {
        workspaceId: ws,
        importId,
        runId: 'request-1',
        source: await s3ByteSource(clients.s3, h.env.bucket, objectKey),
        leaseMs: 60_000,
        batchRows: 4,
      });
    const reference = async () => {
      const refWs = `${ws}-ref`;
      await prepareWorkspace(refWs);
      const result = await h.importCsv(csv, { workspaceId: refWs, batchRows: 4 });
      return { summary: result.summary, contacts: comparable(await h.contacts(refWs)) };
    };
    const outcome = async () => {
      const stored = await h.deps.imports.getImport(ws, importId);
      if (!stored) throw new Error('the import vanished');
      return {
        summary: buildSummary(stored.record, stored.progress, stored.errors),
        contacts: comparable(await h.contacts(ws)),
      };
    };
    return { clients, invoke, reference, outcome };
  };

  const fileOf = (rows: string[]) => `Email,First Name,Tags\n${rows.join('\n')}\n`;
  const newRows = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => `n${from + i}@x.com,N${from + i},t${i % 3}`);

  it('goes on in the same invocation when a committed transaction comes back as a TransactionConflict', async () => {
    // Prepare: the second batch's transaction commits, and the caller is told it was cancelled.
    const { clients, invoke, reference, outcome } = await setUp(
      fileOf([...newRows(0, 6), 'N0@X.COM,,again', ...newRows(6, 5)]),
    );
    const fault = injectOneFault(clients.documentClient, {
      level: 'call',
      when: 'after',
      skip: 1,
      matches: (name, input) => name.startsWith('TransactWriteItems') && JSON.stringify(input).includes('C#'),
      error: faults.conflict,
    });
    // Act
    const result = await invoke();
    // Assess
    expect(fault.fired()).toBe(true);
    expect(result.status).toBe('completed');
    const expected = await reference();
    const actual = await outcome();
    expect(actual.summary.counts).toEqual(expected.summary.counts);
    expect(actual.contacts).toEqual(expected.contacts);
  });

  it('goes on in the same invocation when the SDK retries a progress update that had been applied', async () => {
    // Prepare: a batch of skipped rows writes only its progress (an UpdateItem, which has no idempotency token);
    // its response is lost, and the SDK's retry finds the checkpoint already moved.
    const { clients, invoke, reference, outcome } = await setUp(
      fileOf([...newRows(0, 4), ',,', ',,', 'N0@x.com,N0,', ',,', ...newRows(4, 4)]),
    );
    const fault = injectOneFault(clients.documentClient, {
      level: 'attempt',
      when: 'after',
      matches: (name, input) =>
        name.startsWith('UpdateItem') && String(input.UpdateExpression).includes('#offset'),
      error: faults.reset,
    });
    // Act
    const result = await invoke();
    // Assess
    expect(fault.fired()).toBe(true);
    expect(result.status).toBe('completed');
    const expected = await reference();
    const actual = await outcome();
    expect(actual.summary.counts).toEqual(expected.summary.counts);
    expect(actual.summary.errors).toEqual(expected.summary.errors);
    expect(actual.contacts).toEqual(expected.contacts);
  });

  it('lets the retry of the invocation finish an import whose final write met a TransactionConflict', async () => {
    // Prepare: the transaction that marks the import completed is cancelled by a conflict before it applies.
    const { clients, invoke, outcome } = await setUp(fileOf(newRows(0, 5)));
    const fault = injectOneFault(clients.documentClient, {
      level: 'call',
      when: 'before',
      matches: (name, input) =>
        name.startsWith('TransactWriteItems') && JSON.stringify(input).includes('done = :true'),
      error: faults.conflict,
    });
    // Act: the invocation fails (it does not give the import up), and Lambda's retry of it finishes the import.
    await expect(invoke()).rejects.toThrow(/TransactionConflict/);
    const retried = await invoke();
    // Assess
    expect(fault.fired()).toBe(true);
    expect(retried.status).toBe('completed');
    expect((await outcome()).summary).toMatchObject({ status: 'completed', counts: { created: 5 } });
  });

  it('is not seen at all when the SDK retries a transaction whose response was lost (idempotency token)', async () => {
    const { clients, invoke, reference, outcome } = await setUp(fileOf(newRows(0, 9)));
    const fault = injectOneFault(clients.documentClient, {
      level: 'attempt',
      when: 'after',
      matches: (name, input) => name.startsWith('TransactWriteItems') && JSON.stringify(input).includes('C#'),
      error: faults.timeout,
    });
    const result = await invoke();
    expect(fault.fired()).toBe(true);
    expect(result.status).toBe('completed');
    expect((await outcome()).summary.counts).toEqual((await reference()).summary.counts);
  });
});

const readText = async (key: string) => {
  const body = await h.deps.reports.openReport(key);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body ?? []) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

describe('an error no rule foresaw', () => {
  /** The engine's dependencies, with contact writes failing as `fault` says from the `after`-th write on. */
  const failingWrites = (after: number, fault: () => Error) => {
    const contacts = Object.create(h.deps.contacts) as ContactStore;
    let writes = 0;
    contacts.writeBatch = async (batch) => {
      if (++writes > after) throw fault();
      return h.deps.contacts.writeBatch(batch);
    };
    return { ...h.deps, contacts };
  };
  const setUp = async (rows: number) => {
    const ws = `unforeseen-${newImportId().slice(-8)}`;
    const importId = newImportId();
    const objectKey = `uploads/${ws}/${importId}.csv`;
    const csv = `Email\n${Array.from({ length: rows }, (_, i) => `u${i}@x.com`).join('\n')}\n`;
    await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: csv });
    await createImport(
      h.deps,
      { workspaceId: ws, importId, source: 'upload', fileName: 'c.csv', objectKey, options: {} },
      [],
    );
    const clock = createClock();
    // The clock moves on as a dead run's lease runs out (after the Lambda retries), for the engine too.
    const drive = (deps: typeof h.deps, maxInvocations: number) =>
      driveImport({
        deps: { ...deps, now: clock.now },
        imports: h.deps.imports,
        s3: h.env.s3,
        bucket: h.env.bucket,
        objectKey,
        workspaceId: ws,
        importId,
        clock,
        random: Math.random,
        batchRows: 4,
        maxInvocations,
      });
    const summary = async () => {
      const stored = await h.deps.imports.getImport(ws, importId);
      if (!stored) throw new Error('the import vanished');
      return {
        ...buildSummary(stored.record, stored.progress, stored.errors),
        contacts: await h.contacts(ws),
      };
    };
    return { drive, summary };
  };

  it('fails the import internal on the third attempt that meets it, the rows before it applied and counted', async () => {
    // Prepare: the third batch's write fails, as the marshaller failed on a value it could not store, every time.
    const { drive, summary } = await setUp(20);
    const deps = failingWrites(2, () => new Error('Unsupported type passed: hello'));
    // Act
    const stats = await drive(deps, 10);
    // Assess
    const ended = await summary();
    expect(stats.invocations).toBe(3);
    expect(ended).toMatchObject({
      status: 'failed',
      failure: { code: 'internal' },
      counts: { rows: 8, created: 8 },
    });
    expect(ended.failure?.message).toMatch(/after row 9/);
    expect(ended.failure?.message).not.toContain('hello');
    expect(ended.contacts).toHaveLength(8);
  });

  it('retries a fault that passes (throttling) however often it comes back, and the import completes', async () => {
    // Prepare: six invocations in a row are throttled at the same checkpoint, then DynamoDB recovers.
    const { drive, summary } = await setUp(20);
    let throttled = 0;
    const deps = failingWrites(2, () => {
      throttled++;
      return Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      });
    });
    const contacts = deps.contacts;
    const recovering = Object.create(contacts) as ContactStore;
    recovering.writeBatch = async (batch) =>
      throttled < 6 ? contacts.writeBatch(batch) : h.deps.contacts.writeBatch(batch);
    // Act
    await drive({ ...deps, contacts: recovering }, 20);
    // Assess
    expect(throttled).toBe(6);
    expect(await summary()).toMatchObject({ status: 'completed', counts: { rows: 20, created: 20 } });
  });
});

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { s3ByteSource } from '../../../shared/adapters/s3/s3-byte-source.js';
import type { Contact } from '../../../shared/domain/contact.js';
import { newImportId } from '../../../shared/ids.js';
import { createImport } from '../../../shared/import/create-import.js';
import { buildSummary } from '../../../shared/import/import-record.js';
import { processImport } from '../../../shared/import/process-import.js';
import type { ImportEngineDeps } from '../../../shared/import/run-import.js';
import { createHarness, type Harness } from '../../support/import-harness.js';
import { putObjectSettled } from '../../support/put-object.js';

let h: Harness;
let n = 0;
const nextWs = () => `crash-${++n}`;

beforeAll(async () => {
  // The references commit one transaction at a time; the runs compared with them, several in flight.
  h = await createHarness({ commitConcurrency: 1 });
});

/** A file with new rows, in-file duplicates, phone matches, errors and tags. */
const buildCsv = (rows: number): string => {
  const lines = ['Email,Phone,First Name,Tags'];
  for (let i = 0; i < rows; i++) {
    const k = i % 37;
    if (i % 11 === 5) lines.push(`bad${i}@,,Bad,`);
    else if (i % 7 === 3) lines.push(`,+1415555${String(1000 + k).padStart(4, '0')},P${i},t${i % 5}`);
    else lines.push(`u${k}@x.com,+1415555${String(1000 + k).padStart(4, '0')},N${i},t${i % 3}`);
  }
  return `${lines.join('\n')}\n`;
};

const comparable = (contacts: Contact[]) =>
  contacts
    .map(({ email, phone, firstName, fullName, tags }) => ({ email, phone, firstName, fullName, tags }))
    .sort((a, b) =>
      `${a.email}|${a.phone}|${a.firstName}`.localeCompare(`${b.email}|${b.phone}|${b.firstName}`),
    );

/** Wraps the engine's ports so that the Nth write, or segment, fails before or after it reaches the store. */
const crashingDeps = (deps: ImportEngineDeps, seed: number) => {
  let calls = 0;
  let random = seed;
  const next = () => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random / 2 ** 31;
  };
  const crash = () => {
    throw new Error('simulated crash');
  };
  const wrapped: ImportEngineDeps = {
    ...deps,
    // A crash ends the process: no code of the engine sees it, so none counts it as an attempt that failed.
    maxAttempts: Number.POSITIVE_INFINITY,
    // Transactions of a row or two, four in flight: crash points fall between transactions of one batch.
    maxPlanActions: 3,
    commitConcurrency: 4,
    contacts: {
      lookupKeys: (...args) => deps.contacts.lookupKeys(...args),
      phoneMembers: (...args) => deps.contacts.phoneMembers(...args),
      getContacts: (...args) => deps.contacts.getContacts(...args),
      writeBatch: async (batch) => {
        calls++;
        const roll = next();
        if (roll < 0.15) crash();
        await deps.contacts.writeBatch(batch);
        if (roll > 0.85) crash();
      },
    },
    reports: {
      ...deps.reports,
      listSegments: (...args) => deps.reports.listSegments(...args),
      readSegment: (key) => deps.reports.readSegment(key),
      writeReport: (...args) => deps.reports.writeReport(...args),
      openReport: (key) => deps.reports.openReport(key),
      putDryRunState: (...args) => deps.reports.putDryRunState(...args),
      getDryRunState: (...args) => deps.reports.getDryRunState(...args),
      deleteRunState: (...args) => deps.reports.deleteRunState(...args),
      putSegment: async (...args) => {
        if (next() < 0.1) crash();
        await deps.reports.putSegment(...args);
        if (next() < 0.1) crash();
      },
    },
  };
  return { deps: wrapped, calls: () => calls };
};

describe('interruptions', () => {
  // Transactions of a row or two make many crash points (a few hundred invocations): a minute on a loaded machine.
  it('ends with the same contacts, counts and report as an uninterrupted run, whatever the crash points', {
    timeout: 240_000,
  }, async () => {
    const csv = buildCsv(120);
    const reference = await h.importCsv(csv, { workspaceId: nextWs(), batchRows: 10 });
    expect(reference.summary.matchedEarlierRows).toBeGreaterThan(0);
    const referenceContacts = comparable(await h.contacts(`crash-${n}`));

    for (const seed of [1, 7, 42, 1234, 99991]) {
      const ws = nextWs();
      const importId = newImportId();
      const objectKey = `uploads/${ws}/${importId}.csv`;
      await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: csv });
      await createImport(
        h.deps,
        { workspaceId: ws, importId, source: 'cli', fileName: 'c.csv', objectKey, options: {} },
        [],
      );
      const { deps } = crashingDeps(h.deps, seed);
      let crashes = 0;
      for (let attempt = 0; ; attempt++) {
        expect(attempt).toBeLessThan(500);
        try {
          const result = await processImport(deps, {
            workspaceId: ws,
            importId,
            // A retry of the same invocation carries the same request id.
            runId: 'lambda-request-1',
            source: await s3ByteSource(h.env.s3, h.env.bucket, objectKey),
            leaseMs: 60_000,
            batchRows: 10,
          });
          if (result.status !== 'paused') {
            expect(result.status).toBe('completed');
            break;
          }
        } catch (error) {
          expect((error as Error).message).toBe('simulated crash');
          crashes++;
        }
      }
      const stored = await h.deps.imports.getImport(ws, importId);
      expect(stored).toBeDefined();
      if (!stored) return;
      const summary = buildSummary(stored.record, stored.progress, stored.errors);
      expect(crashes).toBeGreaterThan(0);
      expect(summary.counts).toEqual(reference.summary.counts);
      expect(summary.matchedEarlierRows).toBe(reference.summary.matchedEarlierRows);
      expect(summary.skippedBy).toEqual(reference.summary.skippedBy);
      expect(summary.errors).toEqual(reference.summary.errors);
      expect(comparable(await h.contacts(ws))).toEqual(referenceContacts);
      const report = stored.record.reportKey ? await readText(h, stored.record.reportKey) : '';
      expect(report).toBe(reference.report);
    }
  });

  it('gives a dry run interrupted by crashes and pauses the counts and report of an uninterrupted one', async () => {
    // Prepare
    const csv = buildCsv(150);
    const ws = nextWs();
    const reference = await h.importCsv(csv, { workspaceId: ws, options: { dryRun: true }, batchRows: 10 });
    expect(reference.summary.matchedEarlierRows).toBeGreaterThan(0);
    for (const seed of [3, 17, 2024]) {
      const importId = newImportId();
      const objectKey = `uploads/${ws}/${importId}.csv`;
      await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: csv });
      await createImport(
        h.deps,
        { workspaceId: ws, importId, source: 'cli', fileName: 'c.csv', objectKey, options: { dryRun: true } },
        [],
      );
      const { deps } = crashingDeps(h.deps, seed);
      let crashes = 0;
      let pauses = 0;
      // Act: invocations that crash at random points, or pause after three batches and keep their overlay
      for (let attempt = 0; ; attempt++) {
        expect(attempt).toBeLessThan(500);
        let batches = 0;
        try {
          const result = await processImport(deps, {
            workspaceId: ws,
            importId,
            runId: `lambda-request-${attempt}`,
            source: await s3ByteSource(h.env.s3, h.env.bucket, objectKey),
            leaseMs: 0,
            batchRows: 10,
            shouldPause: () => ++batches >= 3,
          });
          if (result.status === 'completed') break;
          expect(result.status).toBe('paused');
          pauses++;
        } catch (error) {
          expect((error as Error).message).toBe('simulated crash');
          crashes++;
        }
      }
      // Assess
      const stored = await h.deps.imports.getImport(ws, importId);
      if (!stored) throw new Error('import vanished');
      const summary = buildSummary(stored.record, stored.progress, stored.errors);
      expect(crashes).toBeGreaterThan(0);
      expect(pauses).toBeGreaterThan(0);
      expect(summary.counts).toEqual(reference.summary.counts);
      expect(summary.matchedEarlierRows).toBe(reference.summary.matchedEarlierRows);
      expect(summary.errors).toEqual(reference.summary.errors);
      const report = stored.record.reportKey ? await readText(h, stored.record.reportKey) : '';
      expect(report).toBe(reference.report);
    }
    expect(await h.contacts(ws)).toHaveLength(0);
  });

  it('continues a long file across many invocations with counts identical to a single run', async () => {
    const csv = buildCsv(200);
    const single = await h.importCsv(csv, { workspaceId: nextWs(), batchRows: 7 });
    const singleContacts = comparable(await h.contacts(`crash-${n}`));
    const ws = nextWs();
    const paused = await h.importCsv(csv, { workspaceId: ws, batchRows: 7, pauseEvery: 2 });
    expect(paused.runs).toBeGreaterThan(10);
    expect(paused.summary.counts).toEqual(single.summary.counts);
    expect(paused.summary.errors).toEqual(single.summary.errors);
    expect(paused.report).toBe(single.report);
    expect(comparable(await h.contacts(ws))).toEqual(singleContacts);
  });

  it('runs a redelivered event once: a second claim while the first run holds the import does nothing', async () => {
    const ws = nextWs();
    const importId = newImportId();
    const objectKey = `uploads/${ws}/${importId}.csv`;
    await h.env.s3.send(
      new PutObjectCommand({ Bucket: h.env.bucket, Key: objectKey, Body: 'Email\nq@x.com\n' }),
    );
    await createImport(
      h.deps,
      { workspaceId: ws, importId, source: 'cli', fileName: 'c.csv', objectKey, options: {} },
      [],
    );
    const source = await s3ByteSource(h.env.s3, h.env.bucket, objectKey);
    const first = processImport(h.deps, {
      workspaceId: ws,
      importId,
      runId: 'event-1',
      source,
      leaseMs: 60_000,
    });
    const second = processImport(h.deps, {
      workspaceId: ws,
      importId,
      runId: 'event-2',
      source,
      leaseMs: 60_000,
    });
    const statuses = (await Promise.all([first, second])).map((r) => r.status).sort();
    expect(statuses).toEqual(['busy', 'completed']);
    const late = await processImport(h.deps, {
      workspaceId: ws,
      importId,
      runId: 'event-3',
      source,
      leaseMs: 60_000,
    });
    expect(late.status).toBe('busy');
    expect(await h.contacts(ws)).toHaveLength(1);
  });
});

const readText = async (harness: Harness, key: string) => {
  const body = await harness.deps.reports.openReport(key);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body ?? []) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

describe('concurrency', () => {
  it('never creates two contacts with one email nor loses a tag when overlapping files import at once', async () => {
    const ws = nextWs();
    const file = (from: number, to: number, tag: string) => {
      const lines = ['Email,Tags'];
      for (let i = from; i < to; i++) lines.push(`c${i}@x.com,${tag}`);
      return `${lines.join('\n')}\n`;
    };
    const results = await Promise.all([
      h.importCsv(file(0, 60, 'a'), { workspaceId: ws, batchRows: 5 }),
      h.importCsv(file(30, 90, 'b'), { workspaceId: ws, batchRows: 5 }),
      h.importCsv(file(20, 70, 'c'), { workspaceId: ws, batchRows: 5 }),
    ]);
    const contacts = await h.contacts(ws);
    const emails = contacts.map((c) => c.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(contacts).toHaveLength(90);
    const created = results.reduce((sum, r) => sum + r.summary.counts.created, 0);
    const updated = results.reduce((sum, r) => sum + r.summary.counts.updated, 0);
    expect(created).toBe(90);
    expect(updated).toBe(170 - 90);
    for (const contact of contacts) {
      const i = Number(contact.email?.slice(1, -6));
      const expected = [i < 60 ? 'a' : '', i >= 30 ? 'b' : '', i >= 20 && i < 70 ? 'c' : ''].filter(Boolean);
      expect([...contact.tags].sort()).toEqual(expected);
    }
  });
});

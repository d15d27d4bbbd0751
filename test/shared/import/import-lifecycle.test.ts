import { beforeAll, describe, expect, it } from 'vitest';
import { s3ByteSource } from '../../../shared/adapters/s3/s3-byte-source.js';
import { newImportId } from '../../../shared/ids.js';
import { cancelImport } from '../../../shared/import/cancel-import.js';
import { createImport } from '../../../shared/import/create-import.js';
import { buildSummary } from '../../../shared/import/import-record.js';
import { processImport } from '../../../shared/import/process-import.js';
import type { ImportEngineDeps } from '../../../shared/import/run-import.js';
import { settleUploadExpiry } from '../../../shared/import/upload-expiry.js';
import type { ContactStore } from '../../../shared/ports/contact-store.js';
import { createHarness, type Harness } from '../../support/import-harness.js';
import { putObjectSettled } from '../../support/put-object.js';

let h: Harness;
let n = 0;
/** Each test imports into a workspace of its own. */
const nextWs = () => `life-${++n}`;

beforeAll(async () => {
  h = await createHarness();
});

/** `count` rows a@x.com…, one contact each. */
const rowsCsv = (count: number) =>
  ['Email,First Name', ...Array.from({ length: count }, (_, i) => `p${i + 1}@x.com,P${i + 1}`)].join('\n');

/** Registers an import of `csv` (its file in the bucket unless `noFile`), pending and unclaimed. */
const register = async (
  ws: string,
  csv: string,
  extra: { noFile?: boolean; uploadExpiresAt?: string } = {},
) => {
  const importId = newImportId();
  const objectKey = `uploads/${ws}/${importId}.csv`;
  if (!extra.noFile) await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: csv });
  await createImport(
    h.deps,
    {
      workspaceId: ws,
      importId,
      source: 'upload',
      fileName: 'c.csv',
      objectKey,
      options: {},
      ...(extra.uploadExpiresAt ? { uploadExpiresAt: extra.uploadExpiresAt } : {}),
    },
    [],
  );
  return { importId, objectKey };
};

/** One invocation of the import: claims it as `runId` and runs until it stops. */
const invoke = async (
  deps: ImportEngineDeps,
  ws: string,
  ids: { importId: string; objectKey: string },
  run: { runId: string; batchRows: number; pauseAfter?: number },
) => {
  let batches = 0;
  return processImport(deps, {
    workspaceId: ws,
    importId: ids.importId,
    runId: run.runId,
    source: await s3ByteSource(h.env.s3, h.env.bucket, ids.objectKey),
    leaseMs: 60_000,
    batchRows: run.batchRows,
    ...(run.pauseAfter ? { shouldPause: () => ++batches >= (run.pauseAfter ?? 1) } : {}),
  });
};

/** Contacts whose `writeBatch` has the import cancelled (as a person's click would) after its `after`-th write. */
const cancellingAfter = (ws: string, importId: string, after: number): ContactStore => {
  let writes = 0;
  const store = h.deps.contacts;
  return {
    lookupKeys: (...args) => store.lookupKeys(...args),
    phoneMembers: (...args) => store.phoneMembers(...args),
    getContacts: (...args) => store.getContacts(...args),
    writeBatch: async (batch) => {
      await store.writeBatch(batch);
      if (++writes === after) await cancelImport(h.deps, ws, importId);
    },
  };
};

const summaryOf = async (ws: string, importId: string) => {
  const stored = await h.deps.imports.getImport(ws, importId);
  if (!stored) throw new Error('import vanished');
  return buildSummary(stored.record, stored.progress, stored.errors);
};

const reportOf = async (ws: string, importId: string): Promise<string[]> => {
  const stored = await h.deps.imports.getImport(ws, importId);
  const body = stored?.record.reportKey
    ? await h.deps.reports.openReport(stored.record.reportKey)
    : undefined;
  if (!body) return [];
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n');
};

describe('errors grouped by code (erroredBy)', () => {
  it('counts errored rows by code beside skippedBy, adding up to counts.errored', async () => {
    // Prepare
    const ws = nextWs();
    const csv = 'Email,Phone,First Name\nok@x.com,,A\nbad@,,B\nworse@,,C\nc@x.com,12,D\n,,\n';
    // Act
    const { summary } = await h.importCsv(csv, { workspaceId: ws });
    // Assess
    expect(summary.counts).toMatchObject({ created: 1, errored: 3, skipped: 1 });
    expect(summary.erroredBy).toEqual({ invalid_email: 2, invalid_phone: 1 });
    expect(summary.skippedBy).toEqual({ empty_row: 1 });
  });

  it('keeps the same erroredBy across continuations as in one run (it is in the progress item)', async () => {
    // Prepare: 40 rows, every third one an invalid email, every seventh an invalid phone.
    const ws1 = nextWs();
    const ws2 = nextWs();
    const rows = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 0 ? `bad${i}@,,R${i}` : i % 7 === 0 ? `r${i}@x.com,12,R${i}` : `r${i}@x.com,,R${i}`,
    );
    const csv = ['Email,Phone,First Name', ...rows].join('\n');
    // Act
    const whole = await h.importCsv(csv, { workspaceId: ws1 });
    const paused = await h.importCsv(csv, { workspaceId: ws2, batchRows: 3, pauseEvery: 1 });
    // Assess
    expect(paused.runs).toBeGreaterThan(10);
    expect(whole.summary.erroredBy).toEqual({ invalid_email: 14, invalid_phone: 4 });
    expect(paused.summary.erroredBy).toEqual(whole.summary.erroredBy);
    expect(paused.summary.counts).toEqual(whole.summary.counts);
  });
});

describe('import_row in the error report (SPEC §6)', () => {
  it('puts the row number as the spreadsheet shows it before import_outcome', async () => {
    // Prepare: a title row above the header, so the data starts at row 3.
    const ws = nextWs();
    const csv = 'Email,First Name\nok@x.com,A\n\nbad@,B\n';
    // Act
    const { report } = await h.importCsv(csv, { workspaceId: ws });
    // Assess
    const [header, row] = report.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toBe('Email,First Name,import_row,import_outcome,import_code,import_message');
    expect(row).toMatch(/^bad@,B,4,errored,invalid_email,/);
  });

  it('never maps import_row when the report is imported again, and numbers rows of the new file', async () => {
    // Prepare
    const ws = nextWs();
    const first = await h.importCsv('Email,First Name\nok@x.com,A\nbad@,B\n', { workspaceId: ws });
    // Act: the report, fixed, imported again
    const again = await h.importCsv(first.report.replace('bad@', 'fixed@x.com'), { workspaceId: ws });
    // Assess
    expect(again.summary.columns.find((c) => c.header === 'import_row')).toEqual({
      header: 'import_row',
      field: null,
    });
    expect(again.summary.counts).toMatchObject({ rows: 1, created: 1 });
    const fixed = (await h.contacts(ws)).find((c) => c.email === 'fixed@x.com');
    expect(fixed?.customFields).toEqual({});
  });
});

describe('cancelling an import (POST /imports/{id}/cancel)', () => {
  it('ends a pending import cancelled at once, and its file arriving later never starts it', async () => {
    // Prepare
    const ws = nextWs();
    const ids = await register(ws, rowsCsv(3));
    // Act
    const stored = await cancelImport(h.deps, ws, ids.importId);
    const late = await invoke(h.deps, ws, ids, { runId: 'late-event', batchRows: 2 });
    // Assess
    expect(stored.record.status).toBe('cancelled');
    expect(late.status).toBe('busy');
    const summary = await summaryOf(ws, ids.importId);
    expect(summary).toMatchObject({ status: 'cancelled', counts: { rows: 0 } });
    expect(summary.finishedAt).toBeDefined();
    expect(await h.contacts(ws)).toEqual([]);
  });

  it('stops a running import at its next batch: the rows applied stay applied and counted', async () => {
    // Prepare: 10 rows in batches of 2, the cancel arriving once the second batch is in.
    const ws = nextWs();
    const ids = await register(ws, `${rowsCsv(3)}\nbad@,X\n${rowsCsv(10).split('\n').slice(4).join('\n')}`);
    const deps = { ...h.deps, contacts: cancellingAfter(ws, ids.importId, 2) };
    // Act
    const result = await invoke(deps, ws, ids, { runId: 'run-1', batchRows: 2 });
    // Assess
    expect(result.status).toBe('cancelled');
    const summary = await summaryOf(ws, ids.importId);
    expect(summary.status).toBe('cancelled');
    expect(summary.counts).toEqual({ rows: 4, created: 3, updated: 0, skipped: 0, errored: 1 });
    expect(summary.erroredBy).toEqual({ invalid_email: 1 });
    expect(summary.progress.lastRow).toBe(5);
    expect(summary.cancelRequestedAt).toBeDefined();
    expect((await h.contacts(ws)).map((c) => c.email).sort()).toEqual(['p1@x.com', 'p2@x.com', 'p3@x.com']);
    // The report holds the rows applied, not those of the batch the cancel refused.
    expect(await reportOf(ws, ids.importId)).toEqual([
      'Email,First Name,import_row,import_outcome,import_code,import_message',
      expect.stringMatching(/^bad@,X,5,errored,invalid_email,/),
    ]);
  });

  it('ends cancelled in the next invocation when the cancel came between two (a continuation)', async () => {
    // Prepare: the first invocation pauses after one batch; the cancel comes before the next.
    const ws = nextWs();
    const ids = await register(ws, rowsCsv(9));
    const first = await invoke(h.deps, ws, ids, { runId: 'run-1', batchRows: 3, pauseAfter: 1 });
    expect(first.status).toBe('paused');
    const during = await cancelImport(h.deps, ws, ids.importId);
    // Act
    const next = await invoke(h.deps, ws, ids, { runId: 'run-1', batchRows: 3 });
    const redelivered = await invoke(h.deps, ws, ids, { runId: 'run-2', batchRows: 3 });
    // Assess
    expect(during.record.status).toBe('running');
    expect(during.progress.cancelRequestedAt).toBeDefined();
    expect(next.status).toBe('cancelled');
    expect(redelivered.status).toBe('busy');
    expect((await summaryOf(ws, ids.importId)).counts).toEqual({
      rows: 3,
      created: 3,
      updated: 0,
      skipped: 0,
      errored: 0,
    });
    expect(await h.contacts(ws)).toHaveLength(3);
  });

  it('answers not_cancellable once the import has ended, and not_found in another workspace', async () => {
    // Prepare
    const ws = nextWs();
    const { importId } = await h.importCsv(rowsCsv(2), { workspaceId: ws });
    // Act
    const ended = await cancelImport(h.deps, ws, importId).catch((error: unknown) => error);
    const elsewhere = await cancelImport(h.deps, nextWs(), importId).catch((error: unknown) => error);
    // Assess
    expect(ended).toMatchObject({ code: 'not_cancellable' });
    expect(elsewhere).toMatchObject({ code: 'not_found' });
    expect((await summaryOf(ws, importId)).status).toBe('completed');
  });
});

describe('uploads that never arrive (expired)', () => {
  it('marks an overdue pending upload expired on read, and a late file never starts it', async () => {
    // Prepare: an upload whose POST expired an hour ago, its file never sent.
    const ws = nextWs();
    const ids = await register(ws, rowsCsv(2), {
      noFile: true,
      uploadExpiresAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const stored = await h.deps.imports.getImport(ws, ids.importId);
    if (!stored) throw new Error('not registered');
    // Act
    const read = await settleUploadExpiry(h.deps, stored);
    await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: ids.objectKey, Body: rowsCsv(2) });
    const late = await invoke(h.deps, ws, ids, { runId: 'late', batchRows: 10 });
    // Assess
    expect(read.record.status).toBe('expired');
    expect(late.status).toBe('busy');
    expect((await summaryOf(ws, ids.importId)).status).toBe('expired');
    expect(await h.contacts(ws)).toEqual([]);
  });

  it('leaves an upload pending until its expiry and grace have passed', async () => {
    // Prepare: expired two minutes ago: still inside the grace for an upload begun at the last moment.
    const ws = nextWs();
    const ids = await register(ws, rowsCsv(2), {
      noFile: true,
      uploadExpiresAt: new Date(Date.now() - 120_000).toISOString(),
    });
    const stored = await h.deps.imports.getImport(ws, ids.importId);
    if (!stored) throw new Error('not registered');
    // Act
    const read = await settleUploadExpiry(h.deps, stored);
    // Assess
    expect(read.record.status).toBe('pending');
  });

  it('never expires an import a run has claimed: the run that took its file wins', async () => {
    // Prepare: the file arrived and a run claimed the import; the reader comes after the deadline.
    const ws = nextWs();
    const ids = await register(ws, rowsCsv(2), {
      uploadExpiresAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    const claimed = await h.deps.imports.claimImport(ws, ids.importId, {
      runId: 'run-1',
      leaseUntil: Date.now() + 60_000,
      now: Date.now(),
    });
    expect(claimed).toBeDefined();
    const stored = await h.deps.imports.getImport(ws, ids.importId);
    if (!stored) throw new Error('not registered');
    // Act
    const read = await settleUploadExpiry(h.deps, stored);
    const run = await invoke(h.deps, ws, ids, { runId: 'run-1', batchRows: 10 });
    // Assess
    expect(read.record.status).toBe('pending');
    expect(run.status).toBe('completed');
    expect(await h.contacts(ws)).toHaveLength(2);
  });
});

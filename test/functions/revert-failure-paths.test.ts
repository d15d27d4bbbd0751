// How a revert ends when things go wrong around it (SPEC §10, §6: nothing hangs silently): an unexpected error met
// at one point on every attempt ends it `failed` `internal`, and a round the state machine refuses to start leaves
// no revert `running`.

import { beforeAll, describe, expect, it } from 'vitest';
import type { ResultsDeps } from '../../functions/results/create-handler.js';
import { newImportId } from '../../shared/ids.js';
import type { ContactStore } from '../../shared/ports/contact-store.js';
import { processRevert, type RevertEngineDeps } from '../../shared/revert/run-revert.js';
import { createHarness, type Harness } from '../support/import-harness.js';
import { apiEvent } from '../support/lambda-fixtures.js';
import { createResultsHandler, type ResultsHandler } from '../support/results-handler.js';
import { createRevertHarness, type RevertHarness } from '../support/revert-harness.js';

let h: Harness;
let r: RevertHarness;
let n = 0;
const nextWs = () => `revert-fail-${++n}`;
/** The rounds the results handler started, and whether the next start throws (as StartExecution can). */
const started: Array<{ workspaceId: string; importId: string; runId: string }> = [];
let startFails = false;
let results: ResultsHandler;

/** The results handler over the harness's stores, with the given way of starting reverts. */
const resultsWith = (reverts: NonNullable<ResultsDeps['reverts']>) =>
  createResultsHandler(h.env, h.deps, { reverts });

beforeAll(async () => {
  h = await createHarness();
  r = createRevertHarness(h);
  const reverts: NonNullable<ResultsDeps['reverts']> = {
    store: r.deps.reverts,
    start: async (job) => {
      if (startFails) {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      started.push(job);
    },
    windowDays: 30,
    newRunId: () => newImportId(),
  };
  results = resultsWith(reverts);
});

const postRevert = async (workspaceId: string, importId: string, dryRun = false) => {
  const response = await results(
    apiEvent('POST /imports/{id}/revert', {
      workspaceId,
      pathParameters: { id: importId },
      body: JSON.stringify({ dryRun }),
    }),
  );
  return { status: response.statusCode, body: JSON.parse(response.body ?? '{}') };
};

const summaryOf = async (workspaceId: string, importId: string) => {
  const response = await results(
    apiEvent('GET /imports/{id}', { workspaceId, pathParameters: { id: importId } }),
  );
  expect(response.statusCode).toBe(200);
  return JSON.parse(response.body ?? '{}');
};

const tenContacts = `Email,Company\n${Array.from({ length: 10 }, (_, i) => `f${i}@x.com,F`).join('\n')}\n`;

describe('a revert that meets an error no rule foresaw', () => {
  it('ends failed internal on the third attempt at one point, the contacts before it undone and counted', async () => {
    // Prepare: the third transaction fails every time, as a value storage refuses would.
    const ws = nextWs();
    const { importId } = await h.importCsv(tenContacts, { workspaceId: ws });
    expect((await postRevert(ws, importId)).status).toBe(202);
    const round = started.find((job) => job.importId === importId);
    if (!round) throw new Error('no round started');
    let writes = 0;
    const contacts: ContactStore = {
      lookupKeys: (...args) => r.deps.contacts.lookupKeys(...args),
      phoneMembers: (...args) => r.deps.contacts.phoneMembers(...args),
      getContacts: (...args) => r.deps.contacts.getContacts(...args),
      writeBatch: async (batch) => {
        if (++writes > 2) throw new Error('Unsupported type passed: f7@x.com');
        return r.deps.contacts.writeBatch(batch);
      },
    };
    const deps: RevertEngineDeps = { ...r.deps, contacts };
    const job = { workspaceId: ws, importId, runId: round.runId, leaseMs: 60_000, contactsPerChunk: 2 };
    // Act: the round and Step Functions' two retries of it, with its run id.
    const attempts: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      attempts.push(await processRevert(deps, job).catch((error: Error) => `threw ${error.message}`));
    }
    const again = await processRevert(r.deps, { ...job, runId: 'a-later-round' });
    // Assess
    expect(attempts).toEqual([
      'threw Unsupported type passed: f7@x.com',
      'threw Unsupported type passed: f7@x.com',
      'failed',
    ]);
    expect(again).toBe('busy');
    const { revert } = await summaryOf(ws, importId);
    expect(revert).toMatchObject({
      status: 'failed',
      counts: { contacts: 4, deleted: 4, restored: 0, kept: 0 },
      failure: { code: 'internal' },
    });
    expect(revert.finishedAt).toBeDefined();
    expect(revert.failure.message).toMatch(/3 times at the same point \(4 contacts undone\)/);
    expect(revert.failure.message).not.toContain('f7@x.com');
    expect(await h.contacts(ws)).toHaveLength(6);
    // A failed revert may be started again.
    expect((await postRevert(ws, importId)).status).toBe(202);
  });

  it('starts the count again when the error is met at a later point, and completes once it passes', async () => {
    // Prepare: two failures at one point, then two at the next: never three at one.
    const ws = nextWs();
    const { importId } = await h.importCsv(tenContacts, { workspaceId: ws });
    expect((await postRevert(ws, importId)).status).toBe(202);
    const round = started.find((job) => job.importId === importId);
    if (!round) throw new Error('no round started');
    const failAt = [1, 2, 4, 5];
    let writes = 0;
    const contacts: ContactStore = {
      lookupKeys: (...args) => r.deps.contacts.lookupKeys(...args),
      phoneMembers: (...args) => r.deps.contacts.phoneMembers(...args),
      getContacts: (...args) => r.deps.contacts.getContacts(...args),
      writeBatch: async (batch) => {
        if (failAt.includes(++writes)) throw new Error('Unsupported type passed');
        return r.deps.contacts.writeBatch(batch);
      },
    };
    const job = { workspaceId: ws, importId, runId: round.runId, leaseMs: 60_000, contactsPerChunk: 2 };
    // Act
    const attempts: string[] = [];
    for (let attempt = 0; attempt < 6 && attempts.at(-1) !== 'completed'; attempt++) {
      attempts.push(
        await processRevert({ ...r.deps, contacts }, job).catch((error: Error) => `threw ${error.message}`),
      );
    }
    // Assess
    expect(attempts.filter((a) => a.startsWith('threw'))).toHaveLength(4);
    expect(attempts.at(-1)).toBe('completed');
    const { revert } = await summaryOf(ws, importId);
    expect(revert).toMatchObject({ status: 'completed', counts: { contacts: 10, deleted: 10 } });
    expect(revert.failure).toBeUndefined();
  });
});

describe('a revert whose first round the state machine refuses to start', () => {
  it('answers 500 and leaves no revert running: the summary has none, and the POST may be sent again', async () => {
    // Prepare
    const ws = nextWs();
    const { importId } = await h.importCsv(tenContacts, { workspaceId: ws });
    // Act
    startFails = true;
    const refused = await postRevert(ws, importId).finally(() => {
      startFails = false;
    });
    const afterRefusal = await summaryOf(ws, importId);
    const stored = await r.deps.reverts.getRevert(ws, importId);
    const retried = await postRevert(ws, importId);
    // Assess
    expect(refused.status).toBe(500);
    expect(JSON.stringify(refused.body)).not.toContain('Rate exceeded');
    expect(afterRefusal.revert).toBeUndefined();
    expect(stored).toBeUndefined();
    expect(retried.status).toBe(202);
    expect((await summaryOf(ws, importId)).revert).toMatchObject({ status: 'running', dryRun: false });
  });

  it('puts back the dry run it was to follow, counts and all', async () => {
    // Prepare: a dry run completed; the real revert's start is refused.
    const ws = nextWs();
    const { importId } = await h.importCsv(tenContacts, { workspaceId: ws });
    expect((await postRevert(ws, importId, true)).status).toBe(202);
    const dryRound = started.find((job) => job.importId === importId);
    if (!dryRound) throw new Error('no round started');
    await processRevert(r.deps, { workspaceId: ws, importId, runId: dryRound.runId, leaseMs: 60_000 });
    const dry = (await summaryOf(ws, importId)).revert;
    expect(dry).toMatchObject({ status: 'completed', dryRun: true, counts: { contacts: 10, deleted: 10 } });
    // Act
    startFails = true;
    const refused = await postRevert(ws, importId).finally(() => {
      startFails = false;
    });
    // Assess
    expect(refused.status).toBe(500);
    expect((await summaryOf(ws, importId)).revert).toEqual(dry);
    expect(await h.contacts(ws)).toHaveLength(10);
  });

  it('answers 202 when a run claimed the revert although the start reported a failure (its answer was lost)', async () => {
    // Prepare: the round starts and claims the revert, then StartExecution's answer is lost.
    const ws = nextWs();
    const { importId } = await h.importCsv(tenContacts, { workspaceId: ws });
    const reverts: NonNullable<ResultsDeps['reverts']> = {
      store: r.deps.reverts,
      start: async (job) => {
        await r.deps.reverts.claimRevert(ws, importId, {
          runId: job.runId,
          leaseUntil: Date.now() + 60_000,
          now: Date.now(),
        });
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
      windowDays: 30,
      newRunId: () => 'round-that-started',
    };
    const lossy = resultsWith(reverts);
    // Act
    const response = await lossy(
      apiEvent('POST /imports/{id}/revert', {
        workspaceId: ws,
        pathParameters: { id: importId },
        body: '{}',
      }),
    );
    // Assess
    expect(response.statusCode).toBe(202);
    expect(await r.deps.reverts.getRevert(ws, importId)).toMatchObject({
      status: 'running',
      runId: 'round-that-started',
    });
  });
});

describe('a revert no round carries any more (SPEC §6: nothing hangs silently)', () => {
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const roundFor = (importId: string) => started.filter((job) => job.importId === importId).at(-1);

  it('is taken up by the next POST once its start waited past the limit, and goes on to the end', async () => {
    // Prepare: a start recorded 10 minutes ago that no round ever claimed (the function died before the state
    // machine took it)
    const ws = nextWs();
    const { importId } = await h.importCsv(tenContacts, { workspaceId: ws });
    expect(await r.deps.reverts.startRevert(ws, importId, { dryRun: false, startedAt: minutesAgo(10) })).toBe(
      undefined,
    );
    // Act
    const posted = await postRevert(ws, importId);
    const round = roundFor(importId);
    if (!round) throw new Error('no round started');
    const status = await processRevert(r.deps, {
      workspaceId: ws,
      importId,
      runId: round.runId,
      leaseMs: 60_000,
    });
    // Assess
    expect(posted.status).toBe(202);
    expect(status).toBe('completed');
    expect((await summaryOf(ws, importId)).revert).toMatchObject({
      status: 'completed',
      dryRun: false,
      counts: { contacts: 10, deleted: 10 },
    });
    expect(await h.contacts(ws)).toEqual([]);
  });

  it('is taken up once the lease of its last round is over, and ended by the new round', async () => {
    // Prepare: a round claimed the revert and is gone; its lease ended a second ago
    const ws = nextWs();
    const { importId } = await h.importCsv(tenContacts, { workspaceId: ws });
    await r.deps.reverts.startRevert(ws, importId, { dryRun: false, startedAt: minutesAgo(20) });
    await r.deps.reverts.claimRevert(ws, importId, {
      runId: 'gone-round',
      leaseUntil: Date.now() - 1000,
      now: Date.now() - 60_000,
    });
    // Act
    const posted = await postRevert(ws, importId);
    const round = roundFor(importId);
    if (!round) throw new Error('no round started');
    const status = await processRevert(r.deps, {
      workspaceId: ws,
      importId,
      runId: round.runId,
      leaseMs: 60_000,
    });
    // Assess
    expect(posted.status).toBe(202);
    expect(status).toBe('completed');
    expect(await h.contacts(ws)).toEqual([]);
  });

  it('still refuses 409 while its start is recent or its round holds the lease, and for the other kind', async () => {
    // Prepare: three imports whose reverts are running: just started, held by a live round, stalled but real
    const ws = nextWs();
    const recent = (await h.importCsv(tenContacts, { workspaceId: ws })).importId;
    const held = (await h.importCsv('Email\nheld@x.com\n', { workspaceId: ws })).importId;
    const stalled = (await h.importCsv('Email\nstalled@x.com\n', { workspaceId: ws })).importId;
    await r.deps.reverts.startRevert(ws, recent, { dryRun: false, startedAt: minutesAgo(1) });
    await r.deps.reverts.startRevert(ws, held, { dryRun: false, startedAt: minutesAgo(30) });
    await r.deps.reverts.claimRevert(ws, held, {
      runId: 'live-round',
      leaseUntil: Date.now() + 600_000,
      now: Date.now(),
    });
    await r.deps.reverts.startRevert(ws, stalled, { dryRun: false, startedAt: minutesAgo(30) });
    const roundsBefore = started.length;
    // Act
    const answers = await Promise.all([
      postRevert(ws, recent),
      postRevert(ws, held),
      postRevert(ws, stalled, true),
    ]);
    // Assess: no round started for any of them, each told why
    expect(answers.map((answer) => answer.status)).toEqual([409, 409, 409]);
    expect(answers.map((answer) => answer.body.code ?? answer.body.error?.code)).toEqual([
      'revert_running',
      'revert_running',
      'revert_running',
    ]);
    expect(started.length).toBe(roundsBefore);
  });
});

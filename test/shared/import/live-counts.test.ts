// An import's counts as one watching it sees them (GET /imports/{id}, the CLI's progress, the page's poll): they move
// with each committed transaction, not once a batch, never go down, end at the final counts, and the commit lanes
// they are read from go when the import ends.

import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/table-design.js';
import type { ImportCounts } from '../../../shared/import/import-record.js';
import type { LaneWrite } from '../../../shared/ports/commit-lane-store.js';
import type { ContactBatch, ContactStore } from '../../../shared/ports/contact-store.js';
import { createHarness, type Harness } from '../../support/import-harness.js';
import { apiEvent } from '../../support/lambda-fixtures.js';
import { createResultsHandler, type ResultsHandler } from '../../support/results-handler.js';

const WS = 'acme';
let h: Harness;
let results: ResultsHandler;
let base: ContactStore;

/** Holds every transaction after the first `after` of an import until `release` is called. */
const gate = {
  after: Number.POSITIVE_INFINITY,
  sent: 0,
  importId: '',
  release: () => {},
  held: Promise.resolve(),
};
let reached: () => void = () => {};
/** The last transaction sent through lane 0: the lane's run and sequence as the run last saw them. */
let lastOnLaneZero: LaneWrite | undefined;

const gated = (store: ContactStore): ContactStore => ({
  lookupKeys: (...args) => store.lookupKeys(...args),
  phoneMembers: (...args) => store.phoneMembers(...args),
  getContacts: (...args) => store.getContacts(...args),
  writeBatch: async (batch: ContactBatch) => {
    if (batch.lane) {
      gate.importId = batch.lane.importId;
      if (batch.lane.lane === 0) lastOnLaneZero = batch.lane;
      if (++gate.sent > gate.after) {
        reached();
        await gate.held;
      }
    }
    await store.writeBatch(batch);
  },
});

const hold = (after: number) => {
  gate.after = after;
  gate.sent = 0;
  gate.held = new Promise<void>((resolve) => {
    gate.release = resolve;
  });
  return new Promise<void>((resolve) => {
    reached = resolve;
  });
};

const summaryOf = async (importId: string) => {
  const response = await results(
    apiEvent('GET /imports/{id}', { workspaceId: WS, pathParameters: { id: importId } }),
  );
  expect(response.statusCode).toBe(200);
  return JSON.parse(response.body ?? '{}') as {
    status: string;
    counts: ImportCounts;
    progress: { lastRow?: number };
  };
};

const laneItems = async (importId: string) => {
  const response = await h.env.documentClient.send(
    new QueryCommand({
      TableName: h.env.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :lane)',
      ExpressionAttributeValues: {
        ':pk': keys.importProgress(WS, importId).pk,
        ':lane': keys.importLanePrefix,
      },
      ConsistentRead: true,
    }),
  );
  return response.Items ?? [];
};

const csvOf = (rows: number, from = 0) =>
  [
    'Email,First Name',
    ...Array.from({ length: rows }, (_, i) => `live${from + i}@x.example,N${from + i}`),
  ].join('\n');

beforeAll(async () => {
  h = await createHarness({ commitConcurrency: 2 });
  base = h.deps.contacts;
  h.deps.contacts = gated(base);
  // One row a transaction: a batch of 40 rows is 40 transactions.
  h.deps.maxPlanActions = 0;
  results = createResultsHandler(h.env, { ...h.deps, contacts: base });
});

describe('the counts of a running import', () => {
  it('count the transactions of a batch already committed, before the batch is folded into the checkpoint', async () => {
    // Prepare: one batch of 40 rows, one row a transaction; the 13th transaction and those after it wait.
    const waiting = hold(12);
    const imported = h.importCsv(csvOf(40), { workspaceId: WS, batchRows: 40 });

    // Act
    await waiting;
    const during = await summaryOf(gate.importId);
    const checkpoint = await h.deps.imports.getImport(WS, gate.importId);
    gate.release();
    const { summary } = await imported;
    const after = await summaryOf(gate.importId);

    // Assess: 12 rows committed of a batch not yet folded, which the checkpoint alone does not count.
    expect(checkpoint?.progress.counts.rows).toBe(0);
    expect(during.status).toBe('running');
    expect(during.counts).toEqual({ rows: 12, created: 12, updated: 0, skipped: 0, errored: 0 });
    expect(during.progress.lastRow).toBeUndefined();
    expect(summary.counts).toEqual({ rows: 40, created: 40, updated: 0, skipped: 0, errored: 0 });
    expect(after.counts).toEqual(summary.counts);
    expect(after.progress.lastRow).toBe(41);
  });

  it('never go down between two reads, move between batch boundaries, and end at the final counts', async () => {
    // Prepare: 300 rows in batches of 50, one row a transaction, read over and over while they commit.
    hold(Number.POSITIVE_INFINITY);
    gate.importId = '';
    const imported = h.importCsv(csvOf(300, 1000), { workspaceId: WS, batchRows: 50 });
    const seen: ImportCounts[] = [];
    let done = false;
    void imported.finally(() => {
      done = true;
    });

    // Act
    while (!done) {
      if (gate.importId) seen.push((await summaryOf(gate.importId)).counts);
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const { summary } = await imported;
    const last = await summaryOf(gate.importId);

    // Assess
    expect(seen.length).toBeGreaterThan(10);
    for (const [i, counts] of seen.entries()) {
      const before = seen[i - 1];
      if (!before) continue;
      for (const key of ['rows', 'created', 'updated', 'skipped', 'errored'] as const) {
        expect(counts[key]).toBeGreaterThanOrEqual(before[key]);
      }
    }
    expect(seen.some((counts) => counts.rows % 50 !== 0)).toBe(true);
    expect(summary.counts).toEqual({ rows: 300, created: 300, updated: 0, skipped: 0, errored: 0 });
    expect(last.counts).toEqual(summary.counts);
  });
  it('read the lanes before the progress item when one Query returned a lane already in a later batch', async () => {
    // Prepare: an ended import, and a lane item as a Query racing a fold could return it (a batch past the checkpoint).
    hold(Number.POSITIVE_INFINITY);
    const { importId, summary } = await h.importCsv(csvOf(6, 5000), { workspaceId: WS, batchRows: 3 });
    const checkpoint = await h.deps.imports.getImport(WS, importId);
    const row = checkpoint?.progress.row ?? 0;
    const units = [
      {
        fromRow: row + 1,
        toRow: row + 1,
        offset: 1,
        delta: { counts: { rows: 1, created: 1, updated: 0, skipped: 0, errored: 0 }, skippedBy: {} },
        errors: [],
      },
    ];
    await h.env.documentClient.send(
      new PutCommand({
        TableName: h.env.tableName,
        Item: { ...keys.importLane(WS, importId, 0), runId: 'later', seq: 1, batch: row + 1, units },
      }),
    );
    h.requests.clear();

    // Act
    const live = await h.deps.imports.getLiveImport(WS, importId);

    // Assess: the lanes were read again on their own, then the progress item; a later batch's receipts are not
    // this checkpoint's.
    expect(h.requests.get('QueryCommand')).toBe(2);
    expect(h.requests.get('BatchGetItemCommand')).toBe(1);
    expect(live?.progress.counts).toEqual(summary.counts);
  });
});

describe('the commit lanes of an import', () => {
  it('are gone once it completes, and a transaction its run sends after cannot commit', async () => {
    // Prepare
    hold(Number.POSITIVE_INFINITY);
    const { importId, summary } = await h.importCsv(csvOf(10, 2000), { workspaceId: WS, batchRows: 5 });
    expect(summary.status).toBe('completed');
    const last = lastOnLaneZero as LaneWrite;
    expect(last.importId).toBe(importId);

    // Act: one more transaction through the run's lane 0, as it last left it, with a new contact.
    const at = '2026-12-02T00:00:00.000Z';
    const lanesLeft = await laneItems(importId);
    const late = await base
      .writeBatch({
        workspaceId: WS,
        contacts: [
          {
            contact: {
              id: 'late-contact',
              workspaceId: WS,
              email: 'late@x.example',
              tags: [],
              customFields: {},
              createdAt: at,
              updatedAt: at,
            },
            expectedVersion: 0,
          },
        ],
        newEmails: [{ email: 'late@x.example', contactId: 'late-contact' }],
        phones: [],
        lane: { ...last, expectedSeq: last.expectedSeq + 1, units: [] },
      })
      .then(
        () => 'committed',
        (error: unknown) => error,
      );

    // Assess
    expect(lanesLeft).toEqual([]);
    expect(late).toMatchObject({ code: 'lease_lost' });
    const contacts = await h.contacts(WS);
    expect(contacts.some((contact) => contact.email === 'late@x.example')).toBe(false);
  });

  it('are gone once it fails or is cancelled', async () => {
    // Prepare: one import fails (a file over the size limit), one is cancelled while a batch is under way.
    hold(Number.POSITIVE_INFINITY);
    const failed = await h.importCsv(csvOf(10, 3000), { workspaceId: WS, batchRows: 5, maxBytes: 10 });
    const waiting = hold(3);
    const cancelled = h.importCsv(csvOf(20, 4000), { workspaceId: WS, batchRows: 10 });
    await waiting;
    await h.deps.imports.cancelImport(WS, gate.importId, new Date().toISOString());
    gate.release();

    // Act
    const ended = await cancelled;

    // Assess
    expect(failed.summary.status).toBe('failed');
    expect(await laneItems(failed.importId)).toEqual([]);
    expect(ended.summary.status).toBe('cancelled');
    expect(ended.summary.counts.rows).toBe(10);
    expect(await laneItems(ended.importId)).toEqual([]);
    expect((await summaryOf(ended.importId)).counts).toEqual(ended.summary.counts);
  });
});

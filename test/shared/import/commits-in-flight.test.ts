// Several transactions of one batch in flight at once (issue 13): rows that share no item commit together, rows that
// share one commit in file order, and the counts are those of one transaction at a time.

import { beforeAll, describe, expect, it } from 'vitest';
import type { ContactBatch, ContactStore } from '../../../shared/ports/contact-store.js';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;
let n = 0;
const nextWs = () => `in-flight-${++n}`;

/** The transactions the store saw: how many were in flight at most, and the first row of each, in commit order. */
const observed = { inFlight: 0, maxInFlight: 0, committedRows: [] as number[] };

const counting = (store: ContactStore): ContactStore => ({
  lookupKeys: (...args) => store.lookupKeys(...args),
  phoneMembers: (...args) => store.phoneMembers(...args),
  getContacts: (...args) => store.getContacts(...args),
  writeBatch: async (batch: ContactBatch) => {
    observed.inFlight++;
    observed.maxInFlight = Math.max(observed.maxInFlight, observed.inFlight);
    try {
      // A transaction takes a few milliseconds on DynamoDB Local; this keeps the overlap from resting on timing.
      await new Promise((resolve) => setTimeout(resolve, 15));
      await store.writeBatch(batch);
      const receipt = batch.lane?.units.at(-1);
      if (receipt) observed.committedRows.push(receipt.fromRow);
    } finally {
      observed.inFlight--;
    }
  },
});

beforeAll(async () => {
  h = await createHarness();
  h.deps.contacts = counting(h.deps.contacts);
  // One row a transaction (a row that writes seals the one before it), four in flight.
  h.deps.maxPlanActions = 0;
  h.deps.commitConcurrency = 4;
});

const reset = () => {
  observed.inFlight = 0;
  observed.maxInFlight = 0;
  observed.committedRows = [];
};

describe('transactions of one batch in flight together', () => {
  it('commits rows that share no contact, guard or phone set several at a time', async () => {
    // Prepare
    reset();
    const rows = Array.from({ length: 40 }, (_, i) => `p${i}@x.example,+1415555${String(1000 + i)},P${i}`);
    const csv = ['Email,Phone,First Name', ...rows].join('\n');

    // Act
    const { summary } = await h.importCsv(csv, { workspaceId: nextWs(), batchRows: 40 });

    // Assess
    expect(summary.counts).toEqual({ rows: 40, created: 40, updated: 0, skipped: 0, errored: 0 });
    expect(observed.committedRows.length).toBe(40);
    expect(observed.maxInFlight).toBeGreaterThan(1);
    expect(observed.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('commits rows that name one contact one after another, in file order, the last row winning', async () => {
    // Prepare
    reset();
    const rows = Array.from({ length: 12 }, (_, i) => `same@x.example,,N${i}`);
    const csv = ['Email,Phone,First Name', ...rows].join('\n');
    const ws = nextWs();

    // Act
    const { summary } = await h.importCsv(csv, { workspaceId: ws, batchRows: 12 });

    // Assess
    expect(summary.counts).toEqual({ rows: 12, created: 1, updated: 11, skipped: 0, errored: 0 });
    expect(observed.maxInFlight).toBe(1);
    expect(observed.committedRows).toEqual([...observed.committedRows].sort((a, b) => a - b));
    const contacts = await h.contacts(ws);
    expect(contacts.map((contact) => contact.firstName)).toEqual(['N11']);
  });

  it('keeps each contact’s rows in file order while rows of other contacts commit beside them', async () => {
    // Prepare: rows alternate between two emails, so two transactions at most can be in flight.
    reset();
    const rows = Array.from({ length: 16 }, (_, i) => `${i % 2 === 0 ? 'even' : 'odd'}@x.example,,R${i}`);
    const csv = ['Email,Phone,First Name', ...rows].join('\n');
    const ws = nextWs();

    // Act
    const { summary } = await h.importCsv(csv, { workspaceId: ws, batchRows: 16 });

    // Assess
    expect(summary.counts).toEqual({ rows: 16, created: 2, updated: 14, skipped: 0, errored: 0 });
    expect(observed.maxInFlight).toBe(2);
    const rowOf = (i: number) => i + 2;
    const evens = observed.committedRows.filter((row) => (row - 2) % 2 === 0);
    const odds = observed.committedRows.filter((row) => (row - 2) % 2 === 1);
    expect(evens).toEqual(Array.from({ length: 8 }, (_, k) => rowOf(2 * k)));
    expect(odds).toEqual(Array.from({ length: 8 }, (_, k) => rowOf(2 * k + 1)));
    const names = (await h.contacts(ws)).map((contact) => `${contact.email}=${contact.firstName}`).sort();
    expect(names).toEqual(['even@x.example=R14', 'odd@x.example=R15']);
  });

  it('lets a later batch see what an earlier one changed, when it reaches that contact by another key', async () => {
    // Prepare: a stored contact; the first batch changes it through its phone, the next names it by its email.
    const ws = nextWs();
    await h.importCsv('Email,Phone,First Name\nc@x.example,+14155552000,Old', { workspaceId: ws });
    reset();
    const csv = ['Email,Phone,First Name', ',+14155552000,New', 'c@x.example,,Old'].join('\n');

    // Act
    const { summary } = await h.importCsv(csv, { workspaceId: ws, batchRows: 1 });

    // Assess: the second row saw the first row's change, so it changes the name back (not `unchanged`).
    expect(summary.counts).toEqual({ rows: 2, created: 0, updated: 2, skipped: 0, errored: 0 });
    const contacts = await h.contacts(ws);
    expect(contacts.map((contact) => `${contact.email}=${contact.firstName}`)).toEqual(['c@x.example=Old']);
  });
});

// Rows that update a contact an earlier row of the same file created are counted (issue 17): crash-exact, dry runs too.

import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;
let n = 0;
const nextWs = () => `matched-earlier-${++n}`;

beforeAll(async () => {
  h = await createHarness();
});

/** Rows 2–3 create two contacts; rows 4–6 update them; row 7 repeats row 6 and changes nothing. */
const CSV = [
  'Email,First Name,Last Name,Tags',
  'ada@x.example,Ada,,',
  'bob@x.example,Bob,,',
  'ada@x.example,,Lovelace,',
  'bob@x.example,,Builder,',
  'ada@x.example,,,vip',
  'ada@x.example,,,vip',
  'cy@x.example,Cy,,',
].join('\n');

describe('rows matching a contact an earlier row of the same file created', () => {
  it('counts the updated and unchanged rows whose contact an earlier row created', async () => {
    // Act
    const { summary } = await h.importCsv(CSV, { workspaceId: nextWs() });

    // Assess
    expect(summary.counts).toEqual({ rows: 7, created: 3, updated: 3, skipped: 1, errored: 0 });
    expect(summary.matchedEarlierRows).toBe(4);
  });

  it('counts the same with a pause after every row and batch', async () => {
    // Act
    const { summary, runs } = await h.importCsv(CSV, { workspaceId: nextWs(), batchRows: 1, pauseEvery: 1 });

    // Assess
    expect(runs).toBeGreaterThan(5);
    expect(summary.counts).toEqual({ rows: 7, created: 3, updated: 3, skipped: 1, errored: 0 });
    expect(summary.matchedEarlierRows).toBe(4);
  });

  it('counts them in a dry run, whose contacts are only in its overlay, paused or not', async () => {
    // Act
    const ws = nextWs();
    const whole = await h.importCsv(CSV, { workspaceId: ws, options: { dryRun: true } });
    const paused = await h.importCsv(CSV, {
      workspaceId: ws,
      options: { dryRun: true },
      batchRows: 2,
      pauseEvery: 1,
    });

    // Assess
    expect(whole.summary.matchedEarlierRows).toBe(4);
    expect(paused.summary.matchedEarlierRows).toBe(4);
    expect(paused.summary.counts).toEqual(whole.summary.counts);
    expect(await h.contacts(ws)).toHaveLength(0);
  });

  it('does not count rows matching contacts another import created', async () => {
    // Prepare
    const ws = nextWs();
    await h.importCsv('Email,First Name\nada@x.example,Ada\n', { workspaceId: ws });

    // Act
    const { summary } = await h.importCsv('Email,Last Name\nada@x.example,Lovelace\n', { workspaceId: ws });

    // Assess
    expect(summary.counts.updated).toBe(1);
    expect(summary.matchedEarlierRows).toBeUndefined();
  });

  it('keeps on the contact the import and row that created it', async () => {
    // Act
    const ws = nextWs();
    const { importId } = await h.importCsv(CSV, { workspaceId: ws });

    // Assess
    const byEmail = new Map((await h.contacts(ws)).map((contact) => [contact.email, contact.createdBy]));
    expect(byEmail.get('ada@x.example')).toEqual({ importId, row: 2 });
    expect(byEmail.get('bob@x.example')).toEqual({ importId, row: 3 });
    expect(byEmail.get('cy@x.example')).toEqual({ importId, row: 8 });
  });
});

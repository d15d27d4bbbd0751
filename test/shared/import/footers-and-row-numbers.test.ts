import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;
let n = 0;
/** Each test imports into a workspace of its own. */
const nextWs = () => `footer-ws-${++n}`;

beforeAll(async () => {
  h = await createHarness();
});

/** A Salesforce report export as it is written: the rows, a blank line, a confidentiality line and a copyright. */
const salesforceReport = [
  '"First Name","Last Name","Email","Phone","Account Name"',
  '"Ada","Lovelace","ada@example.com","+14155550100","Analytical Engines"',
  '"Grace","Hopper","grace@example.com","+14155550101","Navy"',
  '""',
  '"Confidential Information - Do Not Distribute"',
  '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."',
  '',
].join('\n');

describe('the footer skip code (SPEC §4)', () => {
  it('skips the lines after the blank line that ends a Salesforce report as footer, and makes no contact of them', async () => {
    // Prepare
    const ws = nextWs();
    // Act
    const first = await h.importCsv(salesforceReport, { workspaceId: ws });
    const again = await h.importCsv(salesforceReport, { workspaceId: ws });
    // Assess
    expect(first.summary.counts).toEqual({ rows: 5, created: 2, updated: 0, skipped: 3, errored: 0 });
    expect(first.summary.skippedBy).toEqual({ empty_row: 1, footer: 2 });
    expect(again.summary.counts).toMatchObject({ created: 0, skipped: 5 });
    const contacts = await h.contacts(ws);
    expect(contacts.map((c) => c.fullName).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(first.report).toContain('Confidential Information - Do Not Distribute');
    expect(first.report).toMatch(/skipped,footer,/);
  });

  it('skips a spreadsheet export’s totals line, which fills one cell of a full-width row', async () => {
    const ws = nextWs();
    const csv =
      'Name,Email,Company\nAda,ada@example.com,Acme\nGrace,grace@example.com,Navy\n,,\nTotals: 2,,\n';
    const { summary } = await h.importCsv(csv, { workspaceId: ws });
    expect(summary.counts).toMatchObject({ created: 2, skipped: 2 });
    expect(summary.skippedBy).toEqual({ empty_row: 1, footer: 1 });
    expect(await h.contacts(ws)).toHaveLength(2);
  });

  it('imports one-cell rows after an empty row as contacts when a fuller row follows them', async () => {
    const ws = nextWs();
    const csv = 'Name,Email\nAda,ada@example.com\n\nCharles Babbage\n\nGrace,grace@example.com\n';
    const { summary } = await h.importCsv(csv, { workspaceId: ws });
    expect(summary.counts).toEqual({ rows: 5, created: 3, updated: 0, skipped: 2, errored: 0 });
    expect(summary.skippedBy).toEqual({ empty_row: 2 });
  });

  it('finds no footer in a file of one column, where every row fills one cell', async () => {
    const ws = nextWs();
    const { summary } = await h.importCsv('Name\nAda\n\nGrace\n', { workspaceId: ws });
    expect(summary.counts).toMatchObject({ created: 2, skipped: 1 });
    expect(summary.skippedBy).toEqual({ empty_row: 1 });
  });

  it('gives the counts of one run whatever batch the footer falls in, in real and dry runs continued after each batch', async () => {
    const csv = [
      'Name,Email',
      ...Array.from({ length: 9 }, (_, i) => `Person ${i},p${i}@example.com`),
      '',
      'Report footer',
      '',
      'Generated 2024-03-15',
    ].join('\r\n');
    for (const dryRun of [false, true]) {
      for (const batchRows of [1, 10, 11, 12, 500]) {
        const { summary } = await h.importCsv(csv, {
          workspaceId: nextWs(),
          batchRows,
          pauseEvery: 1,
          options: { dryRun },
        });
        expect({ dryRun, batchRows, counts: summary.counts, skippedBy: summary.skippedBy }).toEqual({
          dryRun,
          batchRows,
          counts: { rows: 13, created: 9, updated: 0, skipped: 4, errored: 0 },
          skippedBy: { empty_row: 2, footer: 2 },
        });
      }
    }
  }, 120_000);
});

describe('row numbers (SPEC §4)', () => {
  it('does not count an Excel sep= line: the header is row 1 and the first data row is row 2', async () => {
    const ws = nextWs();
    const csv = 'sep=;\r\nFirst Name;Email\r\nAda;not-an-email\r\nGrace;grace@example.com\r\n';
    const { summary } = await h.importCsv(csv, { workspaceId: ws });
    expect(summary.warnings).toEqual([]);
    expect(summary.counts).toMatchObject({ created: 1, errored: 1 });
    expect(summary.errors).toEqual([
      expect.objectContaining({ row: 2, code: 'invalid_email', column: 'Email' }),
    ]);
  });
});

describe('the headerRow option (SPEC §2)', () => {
  it('imports a file whose header the importer cannot find with the row a person picked and an explicit mapping', async () => {
    // Prepare
    const ws = nextWs();
    // Row 1 is what detection would take for the header; the person picked row 2.
    const csv = 'Email;Phone;Notes\nVorname X;Mail X;Notiz\nAda;ada@example.com;vip\nGrace;bad-mail;\n';
    // Act
    const { summary } = await h.importCsv(csv, {
      workspaceId: ws,
      options: { headerRow: 2, mapping: { 'Vorname X': 'first_name', 'Mail X': 'email', Notiz: 'ignore' } },
    });
    // Assess
    expect(summary.status).toBe('completed');
    expect(summary.columns).toEqual([
      { header: 'Vorname X', field: 'first_name' },
      { header: 'Mail X', field: 'email' },
      { header: 'Notiz', field: null },
    ]);
    expect(summary.counts).toMatchObject({ created: 1, errored: 1 });
    expect(summary.errors).toEqual([
      expect.objectContaining({ row: 4, code: 'invalid_email', column: 'Mail X' }),
    ]);
  });

  it('fails no_header naming the option when the picked row is empty', async () => {
    const { summary } = await h.importCsv('a;b\n\nc;d\n', {
      workspaceId: nextWs(),
      options: { headerRow: 2 },
    });
    expect(summary.failure).toMatchObject({
      code: 'no_header',
      message: expect.stringMatching(/row 2 \(the headerRow option\)/),
    });
  });
});

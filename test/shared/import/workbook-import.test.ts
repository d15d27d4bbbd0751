import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;
let n = 0;
const nextWs = () => `xlsx-ws-${++n}`;
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/xlsx/${name}`, import.meta.url));

beforeAll(async () => {
  h = await createHarness();
});

const withFields = async (ws: string) => {
  await h.addCustomField({ key: 'birthday', label: 'Birthday', type: 'date' }, ws);
  await h.addCustomField({ key: 'vip', label: 'VIP', type: 'boolean' }, ws);
  await h.addCustomField({ key: 'score', label: 'Score', type: 'number' }, ws);
};

describe('importing an .xlsx workbook through the engine', () => {
  it('imports the first sheet like a CSV: header, values as Excel shows them, outcomes, rows as Excel numbers them', async () => {
    // Prepare
    const ws = nextWs();
    await withFields(ws);
    // Act
    const { summary, report } = await h.importCsv(fixture('contacts.xlsx'), {
      workspaceId: ws,
      fileName: 'contacts.xlsx',
      // The workbook's numbers are stored numbers: the CSV option for `,` decimals does not apply to them.
      options: { defaultCountry: 'DE', decimalSeparator: ',' },
    });
    // Assess
    expect(summary.status).toBe('completed');
    expect(summary.counts).toEqual({ rows: 4, created: 3, updated: 0, skipped: 1, errored: 0 });
    expect(summary.skippedBy).toEqual({ empty_row: 1 });
    expect(summary.columns.map((c) => c.field)).toEqual([
      'first_name',
      'last_name',
      'email',
      'phone',
      'company_name',
      'birthday',
      'vip',
      'score',
      null,
    ]);
    const contacts = new Map((await h.contacts(ws)).map((c) => [c.email, c]));
    expect(contacts.get('jurgen@example.de')).toMatchObject({
      fullName: 'Jürgen Müller',
      phone: '+4930901820',
      companyName: 'München GmbH',
      customFields: { birthday: '1980-02-29', vip: true, score: 42 },
    });
    // The merged Company cell reaches row 3; the phone stored as a number keeps every digit.
    expect(contacts.get('ana@example.es')).toMatchObject({
      lastName: 'López',
      phone: '+4915112345678',
      companyName: 'München GmbH',
      customFields: { birthday: '2024-03-15', vip: false, score: 10.5 },
    });
    expect(contacts.get('li.wei@example.cn')).toMatchObject({
      phone: '+861012345678',
      customFields: { score: 0.3 },
    });
    // An empty row is not reported: the report holds the sheet's header only.
    expect(
      report
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toEqual([
      expect.stringMatching(/^First Name,Last Name,Email,Phone,Company,birthday,vip,score,zip,import_/),
    ]);
  });

  it('reads the sheet the option names, and its error report is a CSV of that sheet’s header and cells', async () => {
    const ws = nextWs();
    const { summary, report } = await h.importCsv(fixture('contacts.xlsx'), {
      workspaceId: ws,
      options: { sheet: 'Leads' },
    });
    expect(summary.status).toBe('completed');
    expect(summary.warnings.map((w) => w.code)).toContain('rows_above_header_ignored');
    expect(summary.counts).toMatchObject({ rows: 2, created: 1, errored: 1 });
    expect(summary.errors).toEqual([
      expect.objectContaining({ row: 4, code: 'invalid_email', column: 'E-mail Address' }),
    ]);
    const lines = report
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^Name,E-mail Address,import_/);
    expect(lines[1]).toMatch(/^Bad Email,not-an-email,.*errored,invalid_email,/);
    expect(lines).toHaveLength(2);
  });

  it('fails sheet_not_found when the workbook has no such sheet', async () => {
    const { summary } = await h.importCsv(fixture('contacts.xlsx'), {
      workspaceId: nextWs(),
      options: { sheet: 9 },
    });
    expect(summary.status).toBe('failed');
    expect(summary.failure).toMatchObject({ code: 'sheet_not_found' });
    expect(summary.failure?.message).toMatch(/"Contacts", "Leads"/);
  });

  it('fails encrypted_file for a workbook protected with a password', async () => {
    const { summary } = await h.importCsv(fixture('encrypted.xlsx'), { workspaceId: nextWs() });
    expect(summary.failure).toMatchObject({ code: 'encrypted_file' });
  });

  it.each([
    ['an OpenDocument spreadsheet', 'contacts.ods'],
    ['an old Excel workbook', 'contacts.xls'],
    // A zip as Numbers saves one (IWA archives and metadata, no xl/workbook.xml): written by sources/build-numbers.py.
    ['a Numbers document', 'contacts.numbers'],
  ])('fails %s with not_csv and a message to save it as CSV or xlsx', async (_what, name) => {
    const { summary } = await h.importCsv(fixture(name), { workspaceId: nextWs() });
    expect(summary.failure).toMatchObject({ code: 'not_csv' });
    expect(summary.failure?.message).toMatch(/\.xlsx.*CSV/);
  });

  it('reads 1904-system dates and inline strings', async () => {
    const ws = nextWs();
    await withFields(ws);
    await h.addCustomField({ key: 'subscribed', label: 'Subscribed', type: 'boolean' }, ws);
    await h.importCsv(fixture('dates-1904.xlsx'), { workspaceId: ws });
    const { summary } = await h.importCsv(fixture('inline-strings.xlsx'), { workspaceId: ws });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2 });
    const contacts = new Map((await h.contacts(ws)).map((c) => [c.email, c]));
    expect(contacts.get('mac@example.com')?.customFields).toEqual({ birthday: '2024-03-15' });
    expect(contacts.get('early@example.com')?.customFields).toEqual({ birthday: '1904-01-02' });
    expect(contacts.get('zoe@example.se')).toMatchObject({
      fullName: 'Zoë Ångström',
      customFields: { subscribed: true },
    });
  });
});

describe('a workbook continued across invocations', () => {
  it('re-reads to the checkpoint in every invocation and ends with exact counts, no row lost or repeated', async () => {
    // Prepare
    const ws = nextWs();
    // Act: 2,000 rows, 250 a batch, one batch an invocation.
    const { summary, runs } = await h.importCsv(fixture('2000-rows.xlsx'), {
      workspaceId: ws,
      batchRows: 250,
      pauseEvery: 1,
    });
    // Assess
    // 8 full batches, then an invocation that finds no row left.
    expect(runs).toBe(9);
    expect(summary.status).toBe('completed');
    expect(summary.counts).toEqual({ rows: 2000, created: 2000, updated: 0, skipped: 0, errored: 0 });
    expect(summary.progress.bytesProcessed).toBe(summary.progress.bytesTotal);
    const contacts = await h.contacts(ws);
    expect(new Set(contacts.map((c) => c.email)).size).toBe(2000);
    expect(contacts.find((c) => c.email === 'person1999@example.com')?.phone).toBe('+14155551999');
  }, 120_000);

  it('gives a continued dry run the counts of an uninterrupted one', async () => {
    const ws = nextWs();
    await h.importCsv(fixture('2000-rows.xlsx'), { workspaceId: ws, batchRows: 500 });
    const paused = await h.importCsv(fixture('2000-rows.xlsx'), {
      workspaceId: ws,
      batchRows: 300,
      pauseEvery: 1,
      options: { dryRun: true },
    });
    expect(paused.summary.counts).toEqual({ rows: 2000, created: 0, updated: 0, skipped: 2000, errored: 0 });
    expect(paused.summary.skippedBy).toEqual({ unchanged: 2000 });
  }, 120_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;
let n = 0;
/** Each test imports into a workspace of its own, with a date field. */
const nextWs = async () => {
  const ws = `cells-ws-${++n}`;
  await h.addCustomField({ key: 'joined', label: 'Joined', type: 'date' }, ws);
  return ws;
};

beforeAll(async () => {
  h = await createHarness();
});

const reportLines = (report: string) =>
  report
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n');

const CSV = [
  'Email,First Name,Phone,joined',
  'ann@x.com,Ann,not a phone,2024-03-15',
  'bob@x.com,Bob,+14155550100,someday',
  'cy@x.com,Cy,12,never',
  'not-an-email,,,',
  'dee@x.com,Dee,+14155550101,2024-01-02',
].join('\n');

describe('invalidCells (SPEC §3)', () => {
  it('errors the row of an invalid cell by default', async () => {
    // Prepare
    const ws = await nextWs();
    // Act
    const { summary } = await h.importCsv(CSV, { workspaceId: ws });
    // Assess
    expect(summary.options).toMatchObject({ invalidCells: 'row' });
    expect(summary.counts).toEqual({ rows: 5, created: 1, updated: 0, skipped: 0, errored: 4 });
    expect(summary.cellErrors).toEqual({});
  });

  it('with cell, imports a row without its invalid cells, tallies them and reports each with its column', async () => {
    const ws = await nextWs();
    const { summary, report } = await h.importCsv(CSV, {
      workspaceId: ws,
      options: { invalidCells: 'cell' },
    });
    expect(summary.options).toMatchObject({ invalidCells: 'cell' });
    expect(summary.counts).toEqual({ rows: 5, created: 4, updated: 0, skipped: 1, errored: 0 });
    expect(summary.skippedBy).toEqual({ no_identity: 1 });
    expect(summary.cellErrors).toEqual({ invalid_phone: 2, invalid_value: 2 });
    const byEmail = new Map((await h.contacts(ws)).map((c) => [c.email, c]));
    expect(byEmail.get('ann@x.com')).toMatchObject({
      firstName: 'Ann',
      customFields: { joined: '2024-03-15' },
    });
    expect(byEmail.get('ann@x.com')?.phone).toBeUndefined();
    expect(byEmail.get('bob@x.com')).toMatchObject({ phone: '+14155550100' });
    expect(byEmail.get('bob@x.com')?.customFields ?? {}).toEqual({});
    expect(byEmail.get('cy@x.com')).toMatchObject({ firstName: 'Cy' });
    const lines = reportLines(report);
    expect(lines).toHaveLength(1 + 4);
    expect(lines[1]).toMatch(
      /^ann@x\.com,Ann,not a phone,2024-03-15,2,created,invalid_phone,"?Phone: "*not a phone/,
    );
    expect(lines[2]).toMatch(/^bob@x\.com,Bob,'\+14155550100,someday,3,created,invalid_value,"?joined: /);
    expect(lines[3]).toMatch(
      /^cy@x\.com,Cy,12,never,4,created,invalid_phone;invalid_value,"?Phone: .*; joined: /,
    );
    // Left without name, email and phone, the row is still no_identity; its message names the cell left out.
    expect(lines[4]).toMatch(/^not-an-email,,,,5,skipped,no_identity,.*left out: invalid_email in Email/);
  });

  it('lets the fixed report update the contacts when imported again', async () => {
    const ws = await nextWs();
    const { report } = await h.importCsv(CSV, { workspaceId: ws, options: { invalidCells: 'cell' } });
    const fixed = report
      .replace('not a phone', '+14155550102')
      .replace('someday', '2024-02-03')
      .replace(',12,never,', ',+14155550103,2024-02-04,')
      .replace('not-an-email', 'eve@x.com');
    const again = await h.importCsv(fixed, { workspaceId: ws, options: { invalidCells: 'cell' } });
    expect(again.summary.counts).toMatchObject({ created: 1, updated: 3, errored: 0 });
    expect(again.summary.cellErrors).toEqual({});
    const byEmail = new Map((await h.contacts(ws)).map((c) => [c.email, c]));
    expect(byEmail.get('ann@x.com')?.phone).toBe('+14155550102');
    expect(byEmail.get('bob@x.com')?.customFields).toEqual({ joined: '2024-02-03' });
  });

  it('counts cells left out alike in a dry run continued after every batch', async () => {
    const ws = await nextWs();
    const real = await h.importCsv(CSV, { workspaceId: ws, options: { invalidCells: 'cell', dryRun: true } });
    const continued = await h.importCsv(CSV, {
      workspaceId: ws,
      batchRows: 1,
      pauseEvery: 1,
      options: { invalidCells: 'cell', dryRun: true },
    });
    expect(continued.summary.counts).toEqual(real.summary.counts);
    expect(continued.summary.cellErrors).toEqual({ invalid_phone: 2, invalid_value: 2 });
    expect(await h.contacts(ws)).toEqual([]);
  });
});

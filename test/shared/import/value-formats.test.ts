import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;
let n = 0;
/** Each test imports into a workspace of its own, with a date and a number field. */
const nextWs = async () => {
  const ws = `formats-ws-${++n}`;
  await h.addCustomField({ key: 'joined', label: 'Joined', type: 'date' }, ws);
  await h.addCustomField({ key: 'revenue', label: 'Revenue', type: 'number' }, ws);
  return ws;
};

beforeAll(async () => {
  h = await createHarness();
});

describe('dateFormat and decimalSeparator (SPEC §3)', () => {
  it('reads an Excel US file with dateFormat MDY', async () => {
    // Prepare
    const ws = await nextWs();
    const csv = 'Email,joined,revenue\nann@x.com,03/15/2024,"1,234.56"\nbob@x.com,15/03/2024,1\n';
    // Act
    const { summary } = await h.importCsv(csv, { workspaceId: ws, options: { dateFormat: 'MDY' } });
    // Assess
    expect(summary.options).toMatchObject({ dateFormat: 'MDY', decimalSeparator: '.' });
    expect(summary.counts).toMatchObject({ created: 1, errored: 1 });
    expect(summary.errors).toEqual([
      expect.objectContaining({
        row: 3,
        code: 'invalid_value',
        column: 'joined',
        message: expect.stringMatching(/MM\/DD\/YYYY/),
      }),
    ]);
    const [ann] = await h.contacts(ws);
    expect(ann?.customFields).toEqual({ joined: '2024-03-15', revenue: 1234.56 });
  });

  it('reads an Excel DE file with dateFormat DMY and decimalSeparator ","', async () => {
    const ws = await nextWs();
    const csv =
      'E-Mail;joined;revenue\nann@x.com;15.03.2024;1.234,56\nbob@x.com;15/03/2024;1 234,56\ncy@x.com;2024-03-15;-12,5\n';
    const { summary } = await h.importCsv(csv, {
      workspaceId: ws,
      options: { dateFormat: 'DMY', decimalSeparator: ',' },
    });
    expect(summary.counts).toMatchObject({ created: 3, errored: 0 });
    const byEmail = new Map((await h.contacts(ws)).map((c) => [c.email, c.customFields]));
    expect(byEmail.get('ann@x.com')).toEqual({ joined: '2024-03-15', revenue: 1234.56 });
    expect(byEmail.get('bob@x.com')).toEqual({ joined: '2024-03-15', revenue: 1234.56 });
    expect(byEmail.get('cy@x.com')).toEqual({ joined: '2024-03-15', revenue: -12.5 });
  });

  it('errors US and European notations by default, naming the format it expects', async () => {
    const ws = await nextWs();
    const csv = 'Email,joined,revenue\nann@x.com,03/15/2024,\nbob@x.com,,"1.234,56"\n';
    const { summary } = await h.importCsv(csv, { workspaceId: ws });
    expect(summary.options).toMatchObject({ dateFormat: 'YMD', decimalSeparator: '.' });
    expect(summary.errors).toEqual([
      expect.objectContaining({
        row: 2,
        code: 'invalid_value',
        column: 'joined',
        message: expect.stringMatching(/YYYY-MM-DD/),
      }),
      expect.objectContaining({ row: 3, code: 'invalid_value', column: 'revenue' }),
    ]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain/contact.js';
import { ImportError } from '../../../shared/errors.js';
import type { RevertEngineDeps } from '../../../shared/revert/run-revert.js';
import { createHarness, type Harness } from '../../support/import-harness.js';
import { createRevertHarness, type RevertHarness } from '../../support/revert-harness.js';

let h: Harness;
let r: RevertHarness;
let n = 0;
const nextWs = () => `revert-${++n}`;

beforeAll(async () => {
  h = await createHarness();
  r = createRevertHarness(h);
});

const byEmail = async (ws: string) => new Map((await h.contacts(ws)).map((c) => [c.email ?? c.id, c]));

/** A contact without its ids and times: what two workspaces' contacts are compared by. */
const comparable = (contacts: Contact[]) =>
  contacts
    .map(({ id: _id, workspaceId: _ws, createdAt: _c, updatedAt: _u, createdBy: _b, ...rest }) => rest)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The guards and phone sets must be exactly those the contacts imply. */
const expectKeysConsistent = async (ws: string) => {
  const contacts = await h.contacts(ws);
  const { emails, phones } = await r.keys(ws);
  expect(emails).toEqual(new Map(contacts.filter((c) => c.email).map((c) => [c.email as string, c.id])));
  const byPhone = new Map<string, string[]>();
  for (const c of contacts) if (c.phone) byPhone.set(c.phone, [...(byPhone.get(c.phone) ?? []), c.id].sort());
  expect(phones).toEqual(byPhone);
};

describe('reverting an import (SPEC §10)', () => {
  it('deletes the contacts it created, with their email guards and phone sets', async () => {
    // Prepare
    const ws = nextWs();
    await h.importCsv('Email,Phone\nkeep@x.com,+14155550100\n', { workspaceId: ws });
    const { importId } = await h.importCsv(
      'Email,First Name,Phone\na@x.com,Ann,+14155550101\nb@x.com,Bob,+14155550100\n,Cy,+14155550102\n',
      { workspaceId: ws },
    );
    // Act
    const { state } = await r.revert(ws, importId);
    // Assess
    expect(state).toMatchObject({
      status: 'completed',
      dryRun: false,
      counts: { contacts: 3, deleted: 3, restored: 0, kept: 0 },
      keptBy: { changed_since: 0, email_taken: 0 },
    });
    expect([...(await byEmail(ws)).keys()]).toEqual(['keep@x.com']);
    await expectKeysConsistent(ws);
  });

  it('restores every field an update changed: names, company, title, phone, email it filled, custom fields, tags', async () => {
    // Prepare
    const ws = nextWs();
    await h.addCustomField({ key: 'score', label: 'Score', type: 'number' }, ws);
    await h.addCustomField({ key: 'member', label: 'Member', type: 'boolean' }, ws);
    await h.importCsv(
      'Email,First Name,Last Name,Company,Job Title,Phone,Tags,score\na@x.com,Ann,Lee,Acme,CTO,+14155550110,Lead,3\n,Pat,,,,+14155550111,,\n',
      { workspaceId: ws },
    );
    const before = comparable(await h.contacts(ws));
    const { importId, summary } = await h.importCsv(
      'Email,First Name,Last Name,Company,Job Title,Phone,Tags,score,member\na@x.com,Anne,Li,Globex,CEO,+14155550112,VIP;lead,4,true\npat@x.com,,Poe,,,+14155550111,New,,\n',
      { workspaceId: ws },
    );
    expect(summary.counts).toMatchObject({ updated: 2 });
    // Act
    const { state } = await r.revert(ws, importId);
    // Assess
    expect(state.counts).toEqual({ contacts: 2, deleted: 0, restored: 2, kept: 0 });
    expect(comparable(await h.contacts(ws))).toEqual(before);
    await expectKeysConsistent(ws);
  });

  it('keeps a created contact changed since, and restores only the fields that still hold what the import wrote', async () => {
    // Prepare: the import creates A and B and updates C; a later import changes B, and C's title
    const ws = nextWs();
    await h.importCsv('Email,Company\nc@x.com,Acme\n', { workspaceId: ws });
    const { importId } = await h.importCsv(
      'Email,Company,Job Title,Tags\na@x.com,A Co,,\nb@x.com,B Co,,\nc@x.com,Globex,CTO,t1\n',
      { workspaceId: ws },
    );
    await h.importCsv('Email,Job Title,Tags\nb@x.com,Boss,\nc@x.com,CEO,T1;t2\n', { workspaceId: ws });
    // Act
    const { state } = await r.revert(ws, importId);
    // Assess
    expect(state.counts).toEqual({ contacts: 3, deleted: 1, restored: 1, kept: 1 });
    expect(state.keptBy).toEqual({ changed_since: 1, email_taken: 0 });
    const contacts = await byEmail(ws);
    expect([...contacts.keys()].sort()).toEqual(['b@x.com', 'c@x.com']);
    expect(contacts.get('b@x.com')).toMatchObject({ companyName: 'B Co', jobTitle: 'Boss' });
    // Company back, the title changed since kept, the import's tag taken off and the later one left.
    expect(contacts.get('c@x.com')).toMatchObject({ companyName: 'Acme', jobTitle: 'CEO', tags: ['t2'] });
    await expectKeysConsistent(ws);
  });

  it('undoes a contact several rows touched from the first row\'s "before" to the last row\'s "after"', async () => {
    const ws = nextWs();
    await h.importCsv('Email,Company,Tags\nm@x.com,Acme,old\n', { workspaceId: ws });
    const rows = ['Email,Company,Job Title,Tags', 'm@x.com,Beta,,one'];
    for (let i = 0; i < 5; i++) rows.push(`o${i}@x.com,O,,`);
    rows.push('M@x.com,Gamma,CTO,two', 'n@x.com,N,,', 'n@x.com,,Dev,x');
    const { importId } = await h.importCsv(`${rows.join('\n')}\n`, { workspaceId: ws, batchRows: 2 });
    const { state } = await r.revert(ws, importId);
    expect(state.counts).toEqual({ contacts: 7, deleted: 6, restored: 1, kept: 0 });
    expect(await h.contacts(ws)).toEqual([
      expect.objectContaining({ email: 'm@x.com', companyName: 'Acme', tags: ['old'] }),
    ]);
    expect((await h.contacts(ws))[0]?.jobTitle).toBeUndefined();
  });

  it('gives a dry run the counts of the real revert, changing nothing, and may repeat it', async () => {
    // Prepare
    const ws = nextWs();
    await h.importCsv('Email,Company\nc@x.com,Acme\n', { workspaceId: ws });
    const { importId } = await h.importCsv('Email,Company\na@x.com,A\nb@x.com,B\nc@x.com,Globex\n', {
      workspaceId: ws,
    });
    await h.importCsv('Email,Company\nb@x.com,Later\n', { workspaceId: ws });
    const before = comparable(await h.contacts(ws));
    // Act
    const dry = await r.revert(ws, importId, { dryRun: true, contactsPerChunk: 1 });
    const again = await r.revert(ws, importId, { dryRun: true });
    const unchanged = comparable(await h.contacts(ws));
    const real = await r.revert(ws, importId);
    // Assess
    expect(unchanged).toEqual(before);
    expect(dry.state).toMatchObject({ dryRun: true, status: 'completed' });
    expect(dry.state.counts).toEqual({ contacts: 3, deleted: 1, restored: 1, kept: 1 });
    expect(again.state.counts).toEqual(dry.state.counts);
    expect(real.state.counts).toEqual(dry.state.counts);
    expect(real.state.keptBy).toEqual(dry.state.keptBy);
  });

  it('refuses a second real revert (already_reverted) and one while a revert runs (revert_running)', async () => {
    const ws = nextWs();
    const { importId } = await h.importCsv('Email\na@x.com\n', { workspaceId: ws });
    const started = new Date().toISOString();
    expect(
      await r.deps.reverts.startRevert(ws, importId, { dryRun: true, startedAt: started }),
    ).toBeUndefined();
    expect(await r.deps.reverts.startRevert(ws, importId, { dryRun: false, startedAt: started })).toBe(
      'revert_running',
    );
    const other = await h.importCsv('Email\nb@x.com\n', { workspaceId: ws });
    await r.revert(ws, other.importId);
    expect(await r.deps.reverts.startRevert(ws, other.importId, { dryRun: false, startedAt: started })).toBe(
      'already_reverted',
    );
    expect(await r.deps.reverts.startRevert(ws, other.importId, { dryRun: true, startedAt: started })).toBe(
      'already_reverted',
    );
  });

  it('continues a long revert across many runs, in passes, with the counts of one run', async () => {
    const ws = nextWs();
    const rows = ['Email,Company'];
    for (let i = 0; i < 60; i++) rows.push(`p${i}@x.com,P`);
    await h.importCsv(`${rows.slice(0, 21).join('\n')}\n`, { workspaceId: ws });
    const { importId } = await h.importCsv(
      `${rows.map((row, i) => (i > 0 ? `${row}${i}` : row)).join('\n')}\n`,
      {
        workspaceId: ws,
        batchRows: 7,
      },
    );
    // About 300 bytes of journal a batch: five or so passes.
    const { state, runs } = await r.revert(ws, importId, {
      contactsPerChunk: 4,
      pauseEvery: 2,
      passBytes: 400,
    });
    expect(runs).toBeGreaterThan(5);
    expect(state.counts).toEqual({ contacts: 60, deleted: 40, restored: 20, kept: 0 });
    expect((await h.contacts(ws)).map((c) => c.companyName)).toEqual(Array(20).fill('P'));
  });

  it('ends with the same contacts and counts when its transactions fail before or after they applied', async () => {
    // Prepare: the same contacts and the same import in two workspaces
    const seedCsv = 'Email,Company,Phone\nu0@x.com,Acme,+14155550120\nu1@x.com,Acme,\n';
    const lines = ['Email,Company,Phone,Tags'];
    for (let i = 0; i < 40; i++)
      lines.push(`u${i % 25}@x.com,C${i},+1415555${String(130 + (i % 9)).padStart(4, '0')},t${i % 4}`);
    const csv = `${lines.join('\n')}\n`;
    const clean = nextWs();
    await h.importCsv(seedCsv, { workspaceId: clean });
    const cleanImport = await h.importCsv(csv, { workspaceId: clean, batchRows: 6 });
    const reference = await r.revert(clean, cleanImport.importId, { contactsPerChunk: 2, passBytes: 1500 });
    for (const seed of [11, 303]) {
      const ws = nextWs();
      await h.importCsv(seedCsv, { workspaceId: ws });
      const { importId } = await h.importCsv(csv, { workspaceId: ws, batchRows: 6 });
      let random = seed;
      const roll = () => {
        random = (random * 1103515245 + 12345) % 2 ** 31;
        return random / 2 ** 31;
      };
      let faults = 0;
      const deps: RevertEngineDeps = {
        ...r.deps,
        // Crashes at one checkpoint again and again are what this test is about, not a revert's failure.
        maxAttempts: Number.POSITIVE_INFINITY,
        contacts: {
          lookupKeys: (...args) => r.deps.contacts.lookupKeys(...args),
          phoneMembers: (...args) => r.deps.contacts.phoneMembers(...args),
          getContacts: (...args) => r.deps.contacts.getContacts(...args),
          writeBatch: async (batch) => {
            const x = roll();
            if (x < 0.2) {
              faults++;
              throw x < 0.1 ? new Error('simulated crash') : new ImportError('write_conflict', 'injected');
            }
            await r.deps.contacts.writeBatch(batch);
            if (x > 0.8) {
              faults++;
              throw x > 0.9 ? new Error('simulated crash') : new ImportError('write_conflict', 'injected');
            }
          },
        },
      };
      // Act: crashed runs are retried with the same run id, as Step Functions retries a round
      await r.deps.reverts.startRevert(ws, importId, { dryRun: false, startedAt: new Date().toISOString() });
      const { processRevert } = await import('../../../shared/revert/run-revert.js');
      for (let attempt = 0; ; attempt++) {
        expect(attempt).toBeLessThan(300);
        try {
          const status = await processRevert(deps, {
            workspaceId: ws,
            importId,
            runId: 'round-1',
            leaseMs: 60_000,
            contactsPerChunk: 2,
            passBytes: 1500,
          });
          if (status === 'completed') break;
        } catch (error) {
          if ((error as Error).message !== 'simulated crash') throw error;
        }
      }
      // Assess
      const state = await r.deps.reverts.getRevert(ws, importId);
      expect(faults).toBeGreaterThan(2);
      expect(state?.counts).toEqual(reference.state.counts);
      expect(state?.keptBy).toEqual(reference.state.keptBy);
      expect(comparable(await h.contacts(ws))).toEqual(comparable(await h.contacts(clean)));
      await expectKeysConsistent(ws);
    }
  });

  it('never makes two contacts share an email when it races an import of the same emails', async () => {
    for (const round of [1, 2, 3]) {
      // Prepare: an import created e0…e11; another file names the same emails
      const ws = nextWs();
      const rows = ['Email,Company'];
      for (let i = 0; i < 12; i++) rows.push(`e${i}@x.com,First`);
      const { importId } = await h.importCsv(`${rows.join('\n')}\n`, { workspaceId: ws });
      const again = rows.map((row, i) => (i > 0 ? row.replace('First', `Second${round}`) : row)).join('\n');
      // Act: the revert and the second import at once, in small transactions
      const [, second] = await Promise.all([
        r.revert(ws, importId, { contactsPerChunk: 2 }),
        h.importCsv(`${again}\n`, { workspaceId: ws, batchRows: 2 }),
      ]);
      // Assess: one contact per email at most, guards and phone sets as the contacts say
      const contacts = await h.contacts(ws);
      const emails = contacts.map((c) => c.email);
      expect(new Set(emails).size).toBe(emails.length);
      expect(second.summary.status).toBe('completed');
      await expectKeysConsistent(ws);
      // What the second import created after a deletion stays; what it updated first is kept, changed since.
      const state = await r.deps.reverts.getRevert(ws, importId);
      expect(state?.counts.contacts).toBe(12);
      expect((state?.counts.deleted ?? 0) + (state?.counts.kept ?? 0)).toBe(12);
      expect(contacts.every((c) => c.companyName === `Second${round}`)).toBe(true);
    }
  });
});

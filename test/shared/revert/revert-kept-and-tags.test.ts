// A revert's rarer outcomes (SPEC §10): an email it cannot give back (`email_taken`), and the tags an import took
// off (`tagMode remove`) or swapped (`tagMode replace`) put back as they were.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain/contact.js';
import { journalEntry } from '../../../shared/revert/journal-entry.js';
import { toJournalLine } from '../../../shared/revert/read-journal.js';
import { createHarness, type Harness } from '../../support/import-harness.js';
import { createRevertHarness, type RevertHarness } from '../../support/revert-harness.js';

let h: Harness;
let r: RevertHarness;
let n = 0;
const nextWs = () => `revert-kept-${++n}`;

beforeAll(async () => {
  h = await createHarness();
  r = createRevertHarness(h);
});

const byEmail = async (ws: string) => new Map((await h.contacts(ws)).map((c) => [c.email ?? c.id, c]));

const expectKeysConsistent = async (ws: string) => {
  const contacts = await h.contacts(ws);
  const { emails, phones } = await r.keys(ws);
  expect(emails).toEqual(new Map(contacts.filter((c) => c.email).map((c) => [c.email as string, c.id])));
  const byPhone = new Map<string, string[]>();
  for (const c of contacts) if (c.phone) byPhone.set(c.phone, [...(byPhone.get(c.phone) ?? []), c.id].sort());
  expect(phones).toEqual(byPhone);
};

const tagsOf = (contacts: Contact[]) =>
  Object.fromEntries(contacts.map((c) => [c.email ?? c.id, [...c.tags].sort()]));

describe('a revert that cannot give an email back', () => {
  /**
   * An import of today never changes an email a contact has (§4 matches on it; only an empty one is filled), so the
   * journal is written here as an import that did would write it (journalEntry), over a real import of the same
   * contacts: `changed` took its contact's email from was-… to now-…, `only` changed nothing else.
   */
  const importThatChangedEmails = async (ws: string) => {
    await h.importCsv('Email,Company\nnow-changed@x.com,Acme\nnow-only@x.com,Acme\n', { workspaceId: ws });
    const { importId, summary } = await h.importCsv(
      'Email,Company\nnow-changed@x.com,Globex\nnow-only@x.com,Acme\n',
      { workspaceId: ws },
    );
    expect(summary.counts).toMatchObject({ updated: 1, skipped: 1 });
    const contacts = await byEmail(ws);
    const changed = contacts.get('now-changed@x.com') as Contact;
    const only = contacts.get('now-only@x.com') as Contact;
    const versions = await h.deps.contacts.getContacts(ws, [changed.id, only.id]);
    const entries = [
      journalEntry(
        { ...changed, email: 'was-changed@x.com', companyName: 'Acme' },
        changed,
        versions.get(changed.id)?.version ?? 0,
      ),
      journalEntry({ ...only, email: 'was-only@x.com' }, only, versions.get(only.id)?.version ?? 0),
    ];
    const stored = await h.deps.imports.getImport(ws, importId);
    const journals = h.deps.journals;
    if (!journals || !stored) throw new Error('no journal store or import');
    const segments = await journals.listSegments(ws, importId);
    const segment = Math.max(0, ...segments.map((s) => s.segment)) + 1;
    // A later segment from the first data row on supersedes what the import wrote.
    await journals.putSegment(
      ws,
      importId,
      { segment, fromRow: 2 },
      `${toJournalLine({ lastRow: stored.progress.row, entries })}\n`,
    );
    return { importId, changed, only };
  };

  it('keeps the email another contact holds now (email_taken) and restores the fields beside it', async () => {
    // Prepare: since the import, other contacts took the emails it replaced.
    const ws = nextWs();
    const { importId, changed, only } = await importThatChangedEmails(ws);
    await h.importCsv('Email,First Name\nwas-changed@x.com,Taker\nwas-only@x.com,Taker\n', {
      workspaceId: ws,
    });
    // Act
    const { state } = await r.revert(ws, importId);
    // Assess
    expect(state.counts).toEqual({ contacts: 2, deleted: 0, restored: 1, kept: 1 });
    expect(state.keptBy).toEqual({ changed_since: 0, email_taken: 1 });
    const contacts = await byEmail(ws);
    expect(contacts.get('now-changed@x.com')).toMatchObject({ id: changed.id, companyName: 'Acme' });
    expect(contacts.get('now-only@x.com')).toMatchObject({ id: only.id, companyName: 'Acme' });
    expect(contacts.get('was-changed@x.com')?.firstName).toBe('Taker');
    expect(contacts.get('was-only@x.com')?.firstName).toBe('Taker');
    await expectKeysConsistent(ws);
  });

  it('gives the email back, with its guard, when no contact holds it', async () => {
    // Prepare
    const ws = nextWs();
    const { importId, changed, only } = await importThatChangedEmails(ws);
    // Act
    const { state } = await r.revert(ws, importId);
    // Assess
    expect(state.counts).toEqual({ contacts: 2, deleted: 0, restored: 2, kept: 0 });
    expect(state.keptBy).toEqual({ changed_since: 0, email_taken: 0 });
    const contacts = await byEmail(ws);
    expect(contacts.get('was-changed@x.com')).toMatchObject({ id: changed.id, companyName: 'Acme' });
    expect(contacts.get('was-only@x.com')?.id).toBe(only.id);
    expect(contacts.has('now-changed@x.com')).toBe(false);
    await expectKeysConsistent(ws);
  });
});

describe('a revert of an import that took tags off or swapped them', () => {
  const SEED = 'Email,Tags\na@x.com,Lead;VIP;old\nb@x.com,VIP\nc@x.com,\n';

  it('puts back the tags a tagMode remove import took off, as they were spelt', async () => {
    // Prepare
    const ws = nextWs();
    await h.importCsv(SEED, { workspaceId: ws });
    const before = tagsOf(await h.contacts(ws));
    const { importId, summary } = await h.importCsv(
      'Email,Tags\na@x.com,vip;OLD\nb@x.com,vip\nc@x.com,vip\n',
      {
        workspaceId: ws,
        options: { tagMode: 'remove' },
      },
    );
    expect(summary.counts).toMatchObject({ updated: 2, skipped: 1 });
    expect(tagsOf(await h.contacts(ws))).toEqual({ 'a@x.com': ['Lead'], 'b@x.com': [], 'c@x.com': [] });
    // Act
    const { state } = await r.revert(ws, importId);
    // Assess
    expect(state.counts).toEqual({ contacts: 2, deleted: 0, restored: 2, kept: 0 });
    expect(tagsOf(await h.contacts(ws))).toEqual(before);
  });

  it('takes off the tags a tagMode replace import put on and puts back those it replaced', async () => {
    // Prepare
    const ws = nextWs();
    await h.importCsv(SEED, { workspaceId: ws });
    const before = tagsOf(await h.contacts(ws));
    const { importId } = await h.importCsv('Email,Tags\na@x.com,lead;New\nb@x.com,Other\nc@x.com,Fresh\n', {
      workspaceId: ws,
      options: { tagMode: 'replace' },
    });
    expect(tagsOf(await h.contacts(ws))).toEqual({
      'a@x.com': ['New', 'lead'].sort(),
      'b@x.com': ['Other'],
      'c@x.com': ['Fresh'],
    });
    // Act
    const { state } = await r.revert(ws, importId);
    // Assess
    expect(state.counts).toEqual({ contacts: 3, deleted: 0, restored: 3, kept: 0 });
    expect(tagsOf(await h.contacts(ws))).toEqual(before);
  });

  it('leaves a tag a person put back or took off since the replace, and undoes the rest', async () => {
    // Prepare: after the replace, a later import gives a@x.com VIP again (the replace had taken it off).
    const ws = nextWs();
    await h.importCsv(SEED, { workspaceId: ws });
    const { importId } = await h.importCsv('Email,Tags\na@x.com,New\n', {
      workspaceId: ws,
      options: { tagMode: 'replace' },
    });
    await h.importCsv('Email,Tags\na@x.com,vip\n', { workspaceId: ws });
    // Act
    const { state } = await r.revert(ws, importId);
    // Assess: New taken off, Lead and old put back, VIP there once in the later import's spelling.
    expect(state.counts).toEqual({ contacts: 1, deleted: 0, restored: 1, kept: 0 });
    expect(tagsOf(await h.contacts(ws))['a@x.com']).toEqual(['Lead', 'old', 'vip'].sort());
  });
});

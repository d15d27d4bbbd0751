// A revert beside a later import and a person's edits of the same contacts (SPEC §10, §4): exactly what changed
// since the import is kept (`changed_since`), the rest deleted or restored; never two contacts with one email;
// guards and phone sets exactly what the contacts imply.

import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSettingsStore } from '../../shared/adapters/dynamodb/dynamodb-settings-store.js';
import { editContact } from '../../shared/contacts/edit-contact.js';
import type { Contact } from '../../shared/domain/contact.js';
import { isImportError } from '../../shared/errors.js';
import type { ContactStore } from '../../shared/ports/contact-store.js';
import { processRevert, type RevertEngineDeps } from '../../shared/revert/run-revert.js';
import { createHarness, type Harness } from '../support/import-harness.js';
import { createRevertHarness, type RevertHarness } from '../support/revert-harness.js';
import { integrityProblems, scanTable, workspaceItems } from './support/workspace-state.js';

let h: Harness;
let r: RevertHarness;

beforeAll(async () => {
  h = await createHarness();
  r = createRevertHarness(h);
});

const phone = (n: number) => `+1415555${String(6000 + n)}`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** The people the import updates (u), creates and a later import touches (c), and creates for a person to edit (e). */
const U = range(8).map((i) => ({ email: `u${i}@x.com`, phone: phone(i) }));
const C = range(16).map((i) => ({ email: `c${i}@x.com`, phone: phone(100 + i) }));
const E = range(4).map((i) => ({ email: `e${i}@x.com`, phone: phone(200 + i) }));
const SEED = `Email,Phone,Company\n${U.map((u) => `${u.email},${u.phone},Acme`).join('\n')}\n`;
/** The import reverted: u's company to Globex, c and e created with company First. */
const IMPORT = `Email,Phone,Company\n${[...U.map((u) => `${u.email},,Globex`), ...[...C, ...E].map((c) => `${c.email},${c.phone},First`)].join('\n')}\n`;
/** The later import: every c gets a job title, every u the company Later. */
const LATER = `Email,Phone,Company,Job Title\n${[...C.map((c) => `${c.email},${c.phone},,Later`), ...U.map((u) => `${u.email},,Later,`)].join('\n')}\n`;

const setUp = async (ws: string) => {
  await h.importCsv(SEED, { workspaceId: ws });
  const { importId } = await h.importCsv(IMPORT, { workspaceId: ws, batchRows: 5 });
  const contacts = await h.contacts(ws);
  const idOf = new Map(contacts.map((c) => [c.email, c.id]));
  await r.deps.reverts.startRevert(ws, importId, { dryRun: false, startedAt: new Date().toISOString() });
  const editDeps = {
    contactStore: h.deps.contacts,
    customFields: h.deps.customFields,
    settings: new DynamoDbSettingsStore(h.env.documentClient, h.env.tableName),
    now: () => new Date(),
  };
  /** A person renames each e (PATCH /contacts/{id}); one the revert deleted first is not found. */
  const editPeople = () =>
    Promise.allSettled(
      E.map((e) => editContact(editDeps, ws, idOf.get(e.email) ?? '', { firstName: 'Edited' })),
    );
  return { importId, idOf, editPeople };
};

const problemsOf = async (ws: string) => integrityProblems(workspaceItems(await scanTable(h.env), ws));

const expectOneContactPerEmail = (contacts: Contact[]) => {
  const emails = contacts.map((c) => c.email).filter(Boolean);
  expect(new Set(emails).size).toBe(emails.length);
};

describe('a revert beside a later import and a person’s edits', () => {
  it('keeps exactly what they changed since when they commit between two of its transactions', async () => {
    // Prepare: the later import and the edits commit right after the revert's third transaction.
    const ws = 'revert-between';
    const { importId, idOf, editPeople } = await setUp(ws);
    let writes = 0;
    let undoneBefore: string | undefined;
    let raced:
      | { later: Awaited<ReturnType<typeof h.importCsv>>; edits: PromiseSettledResult<unknown>[] }
      | undefined;
    const contacts: ContactStore = {
      lookupKeys: (...args) => r.deps.contacts.lookupKeys(...args),
      phoneMembers: (...args) => r.deps.contacts.phoneMembers(...args),
      getContacts: (...args) => r.deps.contacts.getContacts(...args),
      writeBatch: async (batch) => {
        await r.deps.contacts.writeBatch(batch);
        if (++writes !== 3) return;
        undoneBefore = (await r.deps.reverts.getRevert(ws, importId))?.after;
        const [later, edits] = await Promise.all([
          h.importCsv(LATER, { workspaceId: ws, batchRows: 3 }),
          editPeople(),
        ]);
        raced = { later, edits };
      },
    };
    const deps: RevertEngineDeps = { ...r.deps, contacts };
    // Act
    const status = await processRevert(deps, {
      workspaceId: ws,
      importId,
      runId: 'revert-between',
      leaseMs: 60_000,
      contactsPerChunk: 3,
    });
    // Assess: the outcome of each contact follows from whether the revert had undone it (id ≤ its checkpoint).
    expect(status).toBe('completed');
    expect(undoneBefore).toBeTruthy();
    const undone = (email: string) => (idOf.get(email) ?? '') <= (undoneBefore ?? '');
    const state = await r.deps.reverts.getRevert(ws, importId);
    const cDeleted = C.filter((c) => undone(c.email)).length;
    const eDeleted = E.filter((e) => undone(e.email)).length;
    const uRestored = U.filter((u) => undone(u.email)).length;
    expect(cDeleted + eDeleted + uRestored).toBeGreaterThan(0);
    expect(cDeleted + eDeleted + uRestored).toBeLessThan(C.length + E.length + U.length);
    const kept = C.length - cDeleted + (E.length - eDeleted) + (U.length - uRestored);
    expect(state?.counts).toEqual({
      contacts: C.length + E.length + U.length,
      deleted: cDeleted + eDeleted,
      restored: uRestored,
      kept,
    });
    expect(state?.keptBy).toEqual({ changed_since: kept, email_taken: 0 });
    expect(raced?.later.summary.status).toBe('completed');
    expect(raced?.later.summary.counts).toMatchObject({
      created: cDeleted,
      updated: C.length - cDeleted + U.length,
    });
    const edited = raced?.edits ?? [];
    expect(edited.filter((e) => e.status === 'fulfilled')).toHaveLength(E.length - eDeleted);
    for (const e of edited)
      if (e.status === 'rejected') expect(isImportError(e.reason, 'not_found')).toBe(true);
    const after = new Map((await h.contacts(ws)).map((c) => [c.email, c]));
    for (const c of C) {
      // Deleted, then created again by the later import (a new id, no company); or kept as both left it.
      const contact = after.get(c.email);
      expect(contact).toMatchObject({ jobTitle: 'Later', phone: c.phone });
      expect(contact?.id === idOf.get(c.email)).toBe(!undone(c.email));
      expect(contact?.companyName).toBe(undone(c.email) ? undefined : 'First');
    }
    for (const e of E) {
      if (undone(e.email)) expect(after.has(e.email)).toBe(false);
      else expect(after.get(e.email)).toMatchObject({ firstName: 'Edited', companyName: 'First' });
    }
    for (const u of U) expect(after.get(u.email)?.companyName).toBe('Later');
    expectOneContactPerEmail([...after.values()]);
    expect(await problemsOf(ws)).toEqual([]);
  });

  it.for([1, 2, 3, 4])(
    'round %i, all at once: one contact per email, keys consistent, and each kept contact one changed since',
    { timeout: 120_000 },
    async (round) => {
      // Prepare
      const ws = `revert-race-${round}`;
      const { importId, idOf, editPeople } = await setUp(ws);
      // Act: the revert in small transactions, the later import in small batches and the edits, together.
      const [{ state }, later, edits] = await Promise.all([
        (async () => {
          for (;;) {
            const status = await processRevert(r.deps, {
              workspaceId: ws,
              importId,
              runId: `race-${round}`,
              leaseMs: 60_000,
              contactsPerChunk: 2,
            });
            if (status === 'completed') break;
          }
          return { state: await r.deps.reverts.getRevert(ws, importId) };
        })(),
        h.importCsv(LATER, { workspaceId: ws, batchRows: 2 }),
        editPeople(),
      ]);
      // Assess: what each contact became says which writer reached it first, and the counts must agree.
      expect(later.summary.status).toBe('completed');
      const after = await h.contacts(ws);
      expectOneContactPerEmail(after);
      expect(await problemsOf(ws)).toEqual([]);
      const byEmail = new Map(after.map((c) => [c.email, c]));
      const cKept = C.filter((c) => byEmail.get(c.email)?.id === idOf.get(c.email));
      for (const c of C) {
        const contact = byEmail.get(c.email);
        expect(contact?.jobTitle).toBe('Later');
        expect(contact?.companyName).toBe(cKept.includes(c) ? 'First' : undefined);
      }
      const eKept = E.filter((e) => byEmail.has(e.email));
      for (const e of eKept) expect(byEmail.get(e.email)?.firstName).toBe('Edited');
      const editedCount = edits.filter((e) => e.status === 'fulfilled').length;
      expect(editedCount).toBeGreaterThanOrEqual(eKept.length);
      for (const u of U) expect(byEmail.get(u.email)?.companyName).toBe('Later');
      const deleted = C.length - cKept.length + (E.length - eKept.length);
      expect(state?.status).toBe('completed');
      expect(state?.counts.contacts).toBe(C.length + E.length + U.length);
      expect(state?.counts.deleted).toBe(deleted);
      expect(state?.counts.restored).toBeLessThanOrEqual(U.length);
      expect(state?.counts.kept).toBe(cKept.length + eKept.length + U.length - (state?.counts.restored ?? 0));
      expect(state?.keptBy).toEqual({ changed_since: state?.counts.kept, email_taken: 0 });
      expect(later.summary.counts.created).toBe(C.length - cKept.length);
    },
  );
});

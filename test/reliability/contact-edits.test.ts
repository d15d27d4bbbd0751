// A person's edits and deletions racing imports of the same emails and phones, round after round: never two
// contacts with one email, guards and phone sets exactly what the contacts imply, no update lost on either side.

import { beforeAll, describe, expect, it } from 'vitest';
import { fromContactItem } from '../../shared/adapters/dynamodb/contact-item.js';
import { DynamoDbSettingsStore } from '../../shared/adapters/dynamodb/dynamodb-settings-store.js';
import { deleteContact } from '../../shared/contacts/delete-contact.js';
import { editContact } from '../../shared/contacts/edit-contact.js';
import { searchTextOf } from '../../shared/contacts/search-text.js';
import type { Contact } from '../../shared/domain/contact.js';
import { isImportError } from '../../shared/errors.js';
import type { ContactStore } from '../../shared/ports/contact-store.js';
import { createHarness, type Harness } from '../support/import-harness.js';
import { seededRandom } from './support/faults.js';
import { integrityProblems, scanTable, workspaceItems } from './support/workspace-state.js';

const ROUNDS = 8;
const PEOPLE = 10;
/** The people whose email an edit frees: 4 moved, 5 cleared, 7 and 8 deleted. */
const FREED = [4, 5, 7, 8];

let h: Harness;
let conflicts = 0;
let store: ContactStore;

beforeAll(async () => {
  h = await createHarness();
  // The edits' store: the engine's own, counting the writes another writer made fail (the race was real).
  store = {
    lookupKeys: (...args) => h.deps.contacts.lookupKeys(...args),
    phoneMembers: (...args) => h.deps.contacts.phoneMembers(...args),
    getContacts: (...args) => h.deps.contacts.getContacts(...args),
    writeBatch: async (batch) => {
      try {
        await h.deps.contacts.writeBatch(batch);
      } catch (error) {
        if (isImportError(error, 'write_conflict')) conflicts++;
        throw error;
      }
    },
  };
});

const email = (i: number) => `p${i}@x.com`;
const phone = (i: number) => `+1415555${String(4000 + i)}`;

/** Every person once, with their phone and the import's tag; in order, so rows meet the edits at every point. */
const fileOf = (tag: string) =>
  `Email,Phone,First Name,Tags\n${Array.from({ length: PEOPLE }, (_, i) => `${email(i)},${phone(i)},P${i},${tag}`).join('\n')}\n`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const contactsOf = async (workspaceId: string): Promise<Contact[]> => {
  const state = workspaceItems(await scanTable(h.env), workspaceId);
  return state.contacts.map(fromContactItem);
};

/** The checker: what the scanned table says against what its contacts imply, the search text included. */
const problemsOf = async (workspaceId: string): Promise<string[]> => {
  const state = workspaceItems(await scanTable(h.env), workspaceId);
  const searchProblems = state.contacts
    .filter((item) => item.search !== searchTextOf(fromContactItem(item)))
    .map((item) => `the search text of ${String(item.id)} is not its contact's`);
  return [...integrityProblems(state), ...searchProblems];
};

describe('edits and deletions beside imports', () => {
  it.for(Array.from({ length: ROUNDS }, (_, round) => round))(
    'round %i: one contact per email, guards and phone sets consistent, no lost update',
    // Two imports of one row per batch beside nine writes: seconds alone, much more on a loaded machine.
    { timeout: 180_000 },
    async (round) => {
      // Prepare: the people exist; the deps of a person's write
      const ws = `edits-${round}`;
      const random = seededRandom(1000 + round);
      const settings = new DynamoDbSettingsStore(h.env.documentClient, h.env.tableName);
      const deps = {
        contactStore: store,
        customFields: h.deps.customFields,
        settings,
        now: () => new Date(),
      };
      // One more person than the imports name: the two edits at one ver race each other, never an import.
      await h.importCsv(`${fileOf('seed')}${email(PEOPLE)},${phone(PEOPLE)},P${PEOPLE},seed\n`, {
        workspaceId: ws,
      });
      const byEmail = new Map((await contactsOf(ws)).map((contact) => [contact.email, contact]));
      const idOf = (i: number) => byEmail.get(email(i))?.id as string;
      const later = async <T>(act: () => Promise<T>) => {
        await sleep(random() * 400);
        return act();
      };

      // Act: two imports (tags a, b), one row per batch, while a person edits titles (no ver), moves an email,
      // clears one, moves a phone onto another's, deletes two contacts, and two people edit one contact at one ver
      const titled = [0, 1, 2, 3];
      const stale = byEmail.get(email(PEOPLE)) as Contact;
      const versionOfNine = (await h.deps.contacts.getContacts(ws, [stale.id])).get(stale.id)?.version ?? 0;
      const [importA, importB, ...edits] = await Promise.allSettled([
        h.importCsv(fileOf(`a${round}`), { workspaceId: ws, batchRows: 1 }),
        h.importCsv(fileOf(`b${round}`), { workspaceId: ws, batchRows: 1 }),
        ...titled.map((i) =>
          later(() => editContact(deps, ws, idOf(i), { jobTitle: `title-${round}-${i}` })),
        ),
        later(() => editContact(deps, ws, idOf(4), { email: `moved-${round}@x.com` })),
        later(() => editContact(deps, ws, idOf(5), { email: null })),
        later(() => editContact(deps, ws, idOf(6), { phone: phone(7) })),
        later(() => deleteContact(deps, ws, idOf(7))),
        later(() => deleteContact(deps, ws, idOf(8))),
        later(() => editContact(deps, ws, stale.id, { companyName: 'First' }, versionOfNine)),
        later(() => editContact(deps, ws, stale.id, { companyName: 'Second' }, versionOfNine)),
      ]);

      // Assess: every write either applied or (only the edits at one ver) refused as stale
      expect(importA.status).toBe('fulfilled');
      expect(importB.status).toBe('fulfilled');
      const atOneVer = edits.slice(-2);
      const unconditioned = edits.slice(0, -2);
      expect(unconditioned.filter((edit) => edit.status === 'rejected')).toEqual([]);
      expect(atOneVer.filter((edit) => edit.status === 'fulfilled')).toHaveLength(1);
      const refused = atOneVer.find((edit) => edit.status === 'rejected');
      expect(
        isImportError(refused?.status === 'rejected' ? refused.reason : undefined, 'version_conflict'),
      ).toBe(true);
      for (const run of [importA, importB]) {
        if (run.status !== 'fulfilled') continue;
        const { counts } = run.value.summary;
        expect(counts.rows).toBe(PEOPLE);
        expect(counts.created + counts.updated + counts.skipped + counts.errored).toBe(PEOPLE);
      }
      // The table: one contact per email, guards and phone sets exactly what the contacts imply
      expect(await problemsOf(ws)).toEqual([]);
      const after = await contactsOf(ws);
      // No lost update of the imports: a person whose email no edit freed has both imports' tags; an email an
      // edit freed (moved, cleared, deleted) is held, if at all, by a contact an import created or updated after
      for (let i = 0; i < PEOPLE; i++) {
        const holder = after.find((contact) => contact.email === email(i));
        if (FREED.includes(i)) {
          if (holder)
            expect(holder.tags.some((tag) => tag === `a${round}` || tag === `b${round}`)).toBe(true);
          continue;
        }
        expect(holder?.tags, email(i)).toEqual(expect.arrayContaining([`a${round}`, `b${round}`]));
      }
      // No lost update of the edits: the titles stay on their contacts (no import writes a title)
      for (const i of titled) {
        expect(after.find((contact) => contact.id === idOf(i))?.jobTitle, email(i)).toBe(
          `title-${round}-${i}`,
        );
      }
      const nine = after.find((contact) => contact.id === stale.id);
      expect(['First', 'Second']).toContain(nine?.companyName);
      // The moved email and the deleted contacts: where they went, and nowhere else
      expect(after.filter((contact) => contact.email === `moved-${round}@x.com`).map((c) => c.id)).toEqual([
        idOf(4),
      ]);
      expect(after.some((contact) => contact.id === idOf(7) || contact.id === idOf(8))).toBe(false);
    },
  );

  it('an edit that meets a write made after its read is re-read and applied again, losing neither', async () => {
    // Prepare: a person exists; the edit's store lets an import of that person commit between the edit's read
    // and its write, every time the race is set up (the rounds above race by timing, this one by construction)
    const ws = 'edits-interleaved';
    await h.importCsv(fileOf('seed'), { workspaceId: ws });
    const target = (await contactsOf(ws)).find((contact) => contact.email === email(0)) as Contact;
    let interleaved = false;
    let edgeConflicts = 0;
    const interleaving: ContactStore = {
      ...store,
      getContacts: async (...args) => {
        const read = await h.deps.contacts.getContacts(...args);
        if (!interleaved) {
          interleaved = true;
          await h.importCsv(`Email,Tags\n${email(0)},between\n`, { workspaceId: ws });
        }
        return read;
      },
      writeBatch: async (batch) => {
        try {
          await h.deps.contacts.writeBatch(batch);
        } catch (error) {
          if (isImportError(error, 'write_conflict')) edgeConflicts++;
          throw error;
        }
      },
    };
    const deps = {
      contactStore: interleaving,
      customFields: h.deps.customFields,
      settings: new DynamoDbSettingsStore(h.env.documentClient, h.env.tableName),
      now: () => new Date(),
    };

    // Act
    await editContact(deps, ws, target.id, { jobTitle: 'after the import' });

    // Assess: the first write failed on the import's version, the second applied on top of the import
    console.log(`contact edits: ${conflicts} write conflicts met by timing in the rounds, 1 set up here`);
    expect(edgeConflicts).toBe(1);
    const after = (await contactsOf(ws)).find((contact) => contact.id === target.id);
    expect(after?.jobTitle).toBe('after the import');
    expect(after?.tags).toEqual(expect.arrayContaining(['seed', 'between']));
    expect(await problemsOf(ws)).toEqual([]);
  });
});

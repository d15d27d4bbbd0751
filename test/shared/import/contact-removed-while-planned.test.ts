// A contact removed (by a person or a revert) between the read of its guard or phone set and the read of the
// contact itself is a conflict the engine re-plans on fresh reads: the row then creates, the import completes.

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteContact } from '../../../shared/contacts/delete-contact.js';
import type { ContactStore } from '../../../shared/ports/contact-store.js';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;
let store: ContactStore;
let n = 0;
const nextWs = () => `removed-while-planned-${++n}`;

beforeAll(async () => {
  h = await createHarness();
  store = h.deps.contacts;
});

afterEach(() => {
  h.deps.contacts = store;
});

/** The store, except that the first lookup naming a contact deletes that contact just after it has answered. */
const deletingAfterFirstLookup = (workspaceId: string, contactId: string) => {
  const seen = { deleted: false };
  const wrapped: ContactStore = {
    lookupKeys: async (...args) => {
      const lookup = await store.lookupKeys(...args);
      if (!seen.deleted) {
        seen.deleted = true;
        await deleteContact({ contactStore: store }, workspaceId, contactId);
      }
      return lookup;
    },
    phoneMembers: (...args) => store.phoneMembers(...args),
    getContacts: (...args) => store.getContacts(...args),
    writeBatch: (batch) => store.writeBatch(batch),
  };
  return { wrapped, seen };
};

describe('a contact removed while a batch is planned', () => {
  it.each([
    ['its email guard', 'Email,First Name\nada@x.example,Ada\n', 'Email,First Name\nada@x.example,Ada2\n'],
    ['its phone set', 'Phone,First Name\n+14155550101,Ada\n', 'Phone,First Name\n+14155550101,Ada2\n'],
  ])(
    'is re-planned on fresh reads when read through %s: the row creates the contact anew',
    async (_, seed, next) => {
      // Prepare
      const ws = nextWs();
      await h.importCsv(seed, { workspaceId: ws });
      const [stored] = await h.contacts(ws);
      if (!stored) throw new Error('seed import made no contact');
      const { wrapped, seen } = deletingAfterFirstLookup(ws, stored.id);
      h.deps.contacts = wrapped;

      // Act
      const { summary } = await h.importCsv(next, { workspaceId: ws });

      // Assess
      expect(seen.deleted).toBe(true);
      expect(summary.status).toBe('completed');
      expect(summary.counts).toEqual({ rows: 1, created: 1, updated: 0, skipped: 0, errored: 0 });
      const contacts = await h.contacts(ws);
      expect(contacts.map((c) => [c.firstName, c.id === stored.id])).toEqual([['Ada2', false]]);
    },
  );
});

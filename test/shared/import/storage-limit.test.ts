// A write DynamoDB refuses for its size ends the import `failed` at once, saying so: never a silent retry loop.

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContactStore } from '../../../shared/ports/contact-store.js';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;
let store: ContactStore;

beforeAll(async () => {
  h = await createHarness();
  store = h.deps.contacts;
});

afterEach(() => {
  h.deps.contacts = store;
});

describe('a write too large for DynamoDB', () => {
  it('fails the import with a message naming the limit, after the rows before it are applied', async () => {
    // Prepare: the store, except that the contact of row 4 reaches DynamoDB as an item over 400 KB (a stand-in
    // for any limit the engine's own checks missed)
    const ws = 'storage-limit';
    let writes = 0;
    h.deps.contacts = {
      lookupKeys: (...args) => store.lookupKeys(...args),
      phoneMembers: (...args) => store.phoneMembers(...args),
      getContacts: (...args) => store.getContacts(...args),
      writeBatch: (batch) => {
        writes += 1;
        const contacts = batch.contacts.map((entry) =>
          entry.contact.email === 'd@x.example'
            ? { ...entry, contact: { ...entry.contact, jobTitle: 'x'.repeat(450_000) } }
            : entry,
        );
        return store.writeBatch({ ...batch, contacts });
      },
    };
    const csv =
      'email,full_name\na@x.example,A\nb@x.example,B\nc@x.example,C\nd@x.example,D\ne@x.example,E\n';
    // Act
    const result = await h.importCsv(csv, { workspaceId: ws, batchRows: 3 });
    // Assess: failed, not running; the first batch is in, and the refused one was tried once, not re-planned
    expect(result.summary.status).toBe('failed');
    expect(result.summary.failure?.code).toBe('internal');
    expect(result.summary.failure?.message).toContain('400 KB');
    expect(result.summary.counts).toMatchObject({ rows: 3, created: 3 });
    expect(writes).toBe(2);
    expect((await h.contacts(ws)).map((contact) => contact.email).sort()).toEqual([
      'a@x.example',
      'b@x.example',
      'c@x.example',
    ]);
  });
});

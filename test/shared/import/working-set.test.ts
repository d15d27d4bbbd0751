import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain/contact.js';
import { KeyCensus } from '../../../shared/import/key-census.js';
import { WorkingSet } from '../../../shared/import/working-set.js';

const contactOf = (id: string, email: string, phone?: string): Contact => ({
  id,
  workspaceId: 'ws',
  email,
  ...(phone ? { phone } : {}),
  tags: [],
  customFields: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('WorkingSet of a dry run', () => {
  it('keeps a change while a row ahead names its email or phone, and lets it go after the last one', () => {
    // Prepare: row 1 creates a@ (phone P), row 2 creates b@, row 3 names a@ again, row 4 names P alone
    const census = new KeyCensus(100);
    for (const key of ['a@x.com', '+14155550100', 'b@x.com', 'a@x.com', '+14155550100']) census.add(key);
    const set = new WorkingSet(undefined, census);
    set.beginRow(1, 'a@x.com', '+14155550100');
    set.addContact(contactOf('c-a', 'a@x.com', '+14155550100'));
    set.beginRow(2, 'b@x.com', undefined);
    set.addContact(contactOf('c-b', 'b@x.com'));
    set.seal();
    // Act: the end of the batch of rows 1–2
    set.evictClean();
    // Assess: a@ is named ahead, b@ is not
    expect(set.knowsEmail('a@x.com')).toBe(true);
    expect(set.contact('c-a')?.email).toBe('a@x.com');
    expect(set.knowsEmail('b@x.com')).toBe(false);
    expect(set.knowsContact('c-b')).toBe(false);

    // Act: row 3 names a@ for the last time; its phone is still ahead, so the contact stays through it
    set.beginRow(3, 'a@x.com', undefined);
    set.evictClean();
    expect(set.knowsEmail('a@x.com')).toBe(false);
    expect(set.phoneMembers('+14155550100').has('c-a')).toBe(true);
    expect(set.knowsContact('c-a')).toBe(true);

    // Act: row 4 names the phone for the last time
    set.beginRow(4, undefined, '+14155550100');
    set.evictClean();
    // Assess: nothing is left
    expect(set.knowsPhone('+14155550100')).toBe(false);
    expect(set.knowsContact('c-a')).toBe(false);
  });

  it('keeps every change without a census, and nothing after unpinning (a real import)', () => {
    // Prepare
    const set = new WorkingSet();
    set.beginRow(1, 'a@x.com', undefined);
    set.addContact(contactOf('c-a', 'a@x.com'));
    set.seal();
    // Act / Assess
    set.evictClean();
    expect(set.knowsContact('c-a')).toBe(true);
    set.unpinAll();
    set.evictClean();
    expect(set.knowsContact('c-a')).toBe(false);
    expect(set.knowsEmail('a@x.com')).toBe(false);
  });
});

describe('WorkingSet of a person’s edit or deletion', () => {
  const loadedSet = (contact: Contact) => {
    const set = new WorkingSet();
    set.addContact(contact);
    set.seal();
    return set;
  };

  it('seals a removed stored contact as a deletion with the version it was stored at, and its keys with it', () => {
    // Prepare
    const set = loadedSet(contactOf('c-a', 'a@x.com', '+14155550100'));
    // Act
    set.removeContact(contactOf('c-a', 'a@x.com', '+14155550100'));
    const writes = set.seal();
    // Assess
    expect(writes).toEqual({
      contacts: [],
      removedContacts: [{ contactId: 'c-a', expectedVersion: 1 }],
      newEmails: [],
      removedEmails: [{ email: 'a@x.com', contactId: 'c-a' }],
      phones: [
        {
          phone: '+14155550100',
          expectedVersion: 1,
          next: { count: 0, withoutEmail: 0, listed: new Map() },
          putMembers: [],
          deletedMembers: [],
        },
      ],
    });
    expect(set.knowsEmail('a@x.com')).toBe(true);
    expect(set.contactIdByEmail('a@x.com')).toBeUndefined();
    expect(set.phoneMembers('+14155550100').size).toBe(0);
    expect(set.phoneCandidates('+14155550100', undefined)).toEqual({ count: 0 });
  });

  it('writes nothing for a contact created and removed before the seal', () => {
    // Prepare
    const set = new WorkingSet();
    set.addContact(contactOf('c-a', 'a@x.com', '+14155550100'));
    // Act
    set.removeContact(contactOf('c-a', 'a@x.com', '+14155550100'));
    // Assess: the phone set is still written (as its empty self, a delete conditioned on absence)
    expect(set.seal()).toMatchObject({ contacts: [], removedContacts: [], newEmails: [], removedEmails: [] });
  });

  it('gives a freed email to another contact as a guard conditioned on the one it named', () => {
    // Prepare: a@ belongs to c-a in the store; c-b is stored too
    const set = loadedSet(contactOf('c-a', 'a@x.com'));
    set.addContact(contactOf('c-b', 'b@x.com'));
    set.seal();
    // Act: c-a lets go of a@, c-b takes it, in one unit
    set.replaceContact(contactOf('c-a', 'a@x.com'), contactOf('c-a', 'other@x.com'));
    set.replaceContact(contactOf('c-b', 'b@x.com'), contactOf('c-b', 'a@x.com'));
    const writes = set.seal();
    // Assess
    expect(writes.newEmails).toEqual(
      expect.arrayContaining([
        { email: 'other@x.com', contactId: 'c-a' },
        { email: 'a@x.com', contactId: 'c-b', replaces: 'c-a' },
      ]),
    );
    expect(writes.removedEmails).toEqual([{ email: 'b@x.com', contactId: 'c-b' }]);
  });
});

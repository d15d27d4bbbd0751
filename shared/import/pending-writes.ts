// The changes planned since the last seal, and the seal that turns them into one transaction's writes.

import type { Contact } from '../domain/contact.js';
import type { ContactBatch } from '../ports/contact-store.js';
import { type JournalEntry, journalEntry } from '../revert/journal-entry.js';
import { memberItemActions, sealPhone } from './phone-entry.js';
import type { ReadCache } from './read-cache.js';

/** The writes one transaction will carry, ready for ContactStore.writeBatch. */
export type UnitWrites = Required<
  Pick<ContactBatch, 'contacts' | 'removedContacts' | 'newEmails' | 'removedEmails' | 'phones'>
>;

/** What one seal gives: the transaction's writes and what they do to each contact, for the journal (SPEC §10). */
export interface SealedUnit {
  writes: UnitWrites;
  journal: JournalEntry[];
}

/**
 * Which cached items changed since the last seal, with what the store holds for them. A seal moves the items'
 * expected versions on, so that later transactions of the same batch condition on them.
 */
export class PendingWrites {
  private readonly contacts = new Set<string>();
  private readonly phones = new Set<string>();
  /** Email → the contact its guard names in the store (null: no guard), for the emails changed since the seal. */
  private readonly emails = new Map<string, string | null>();
  /** Contact id → the version the store has, for the stored contacts removed since the seal. */
  private readonly removed = new Map<string, number>();
  /** Each contact changed since the last seal as it was before (the journal's "before"). */
  private readonly before = new Map<string, Contact>();
  private bytes = 0;

  constructor(
    private readonly cache: ReadCache,
    private readonly externalIdKey?: string,
  ) {}

  contactChanged(contact: Contact, before?: Contact): void {
    if (before && !this.before.has(contact.id)) this.before.set(contact.id, before);
    this.contacts.add(contact.id);
    this.bytes += estimateBytes(contact);
  }

  /** A contact removed: a stored one (version > 0) is deleted; one never written has nothing to delete. */
  contactRemoved(contactId: string, version: number): void {
    this.contacts.delete(contactId);
    if (version > 0) this.removed.set(contactId, version);
  }

  /** An email's guard about to change: the store's owner is kept, from before the first change since the seal. */
  emailChanging(email: string): void {
    if (!this.emails.has(email)) this.emails.set(email, this.cache.emails.get(email) ?? null);
  }

  phoneChanged(phone: string): void {
    this.phones.add(phone);
  }

  /** Actions the changes since the last seal would add to a transaction. */
  actions(): number {
    let memberItems = 0;
    for (const phone of this.phones) {
      const entry = this.cache.phones.get(phone);
      if (entry) memberItems += memberItemActions(entry);
    }
    return this.contacts.size + this.removed.size + this.phones.size + memberItems + this.emails.size;
  }

  approxBytes(): number {
    return this.bytes;
  }

  /** Takes the changes since the last seal as one transaction's writes, and moves the expected versions on. */
  seal(): SealedUnit {
    const { cache } = this;
    const writes: UnitWrites = {
      contacts: [],
      removedContacts: [],
      newEmails: [],
      removedEmails: [],
      phones: [],
    };
    const journal: JournalEntry[] = [];
    for (const id of this.contacts) {
      const entry = cache.contacts.get(id);
      if (!entry) continue;
      // A contact not stored yet is created by this write; any other had a state before the unit's first change.
      const before = entry.version === 0 ? undefined : this.before.get(id);
      if (entry.version === 0 || before) journal.push(journalEntry(before, entry.contact, entry.version + 1));
      writes.contacts.push({
        contact: entry.contact,
        expectedVersion: entry.version,
        ...(this.externalIdKey ? { externalIdKey: this.externalIdKey } : {}),
      });
      entry.version += 1;
    }
    for (const [contactId, expectedVersion] of this.removed) {
      writes.removedContacts.push({ contactId, expectedVersion });
    }
    for (const [email, stored] of this.emails) {
      const contactId = cache.emails.get(email) ?? null;
      if (contactId === stored) continue;
      if (contactId === null) writes.removedEmails.push({ email, contactId: stored as string });
      else writes.newEmails.push({ email, contactId, ...(stored === null ? {} : { replaces: stored }) });
    }
    for (const phone of this.phones) {
      const entry = cache.phones.get(phone);
      if (!entry) continue;
      writes.phones.push(sealPhone(phone, entry));
    }
    this.contacts.clear();
    this.phones.clear();
    this.emails.clear();
    this.removed.clear();
    this.before.clear();
    this.bytes = 0;
    return { writes, journal };
  }
}

const estimateBytes = (contact: Contact): number => {
  let bytes = 200;
  for (const value of Object.values(contact)) if (typeof value === 'string') bytes += value.length;
  for (const tag of contact.tags) bytes += tag.length + 3;
  for (const [key, value] of Object.entries(contact.customFields))
    bytes += key.length + String(value).length + 3;
  return bytes;
};

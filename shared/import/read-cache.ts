// What the engine has read of the workspace (email guards, phone sets, contacts), strongly consistently, and the
// versions the next writes of those items are conditioned on.

import type { Contact } from '../domain/contact.js';
import type { ContactStore } from '../ports/contact-store.js';
import { emptyPhone, knownMembers, type PhoneEntry, readSingleCandidates } from './phone-entry.js';

export interface ContactEntry {
  contact: Contact;
  /** The version the next write expects: 0 while the contact is not stored. */
  version: number;
  /** The email and phone the store has for it: their guard and phone set lead a later row to it, whatever it became. */
  storedKeys?: string[];
}

export type { PhoneEntry } from './phone-entry.js';

export interface Needs {
  emails: Set<string>;
  phones: Set<string>;
  contacts: Set<string>;
}

export const noNeeds = (): Needs => ({ emails: new Set(), phones: new Set(), contacts: new Set() });

export const hasNeeds = (needs: Needs): boolean =>
  needs.emails.size > 0 || needs.phones.size > 0 || needs.contacts.size > 0;

/** The keys a contact is found by: its email and its phone. */
export const keysOf = (contact: Contact): string[] =>
  [contact.email, contact.phone].filter((key): key is string => key !== undefined && key !== '');

/**
 * Known items by key: an email's guard (null: none), a phone's set, a contact. The working set changes them in
 * place as rows are planned; the cache only fills them from the store and says what is known.
 */
export class ReadCache {
  readonly emails = new Map<string, string | null>();
  readonly phones = new Map<string, PhoneEntry>();
  readonly contacts = new Map<string, ContactEntry>();

  /** Loads what `needs` asks for from the store; what the store lacks is remembered as absent. */
  async load(store: ContactStore, workspaceId: string, needs: Needs): Promise<number> {
    let requests = 0;
    if (needs.emails.size > 0 || needs.phones.size > 0) {
      const lookup = await store.lookupKeys(workspaceId, needs.emails, needs.phones);
      requests += Math.ceil((needs.emails.size + needs.phones.size) / 100);
      for (const email of needs.emails)
        if (!this.emails.has(email)) this.emails.set(email, lookup.emails.get(email) ?? null);
      for (const phone of needs.phones) {
        if (this.phones.has(phone)) continue;
        const found = lookup.phones.get(phone);
        const entry = emptyPhone();
        if (found) {
          entry.count = found.value.count;
          entry.withoutEmail = found.value.withoutEmail;
          entry.listed = new Map(found.value.listed);
          entry.version = found.version;
        }
        this.phones.set(phone, entry);
      }
    }
    // A phone asked for again (or read now) whose one candidate is a member item not read yet: that one.
    for (const phone of needs.phones) {
      const entry = this.phones.get(phone);
      if (entry) requests += await readSingleCandidates(entry, store, workspaceId, phone);
    }
    const contactIds = [...needs.contacts].filter((id) => !this.contacts.has(id));
    if (contactIds.length > 0) {
      const found = await store.getContacts(workspaceId, contactIds);
      requests += Math.ceil(contactIds.length / 100);
      for (const [id, { value, version }] of found) {
        this.contacts.set(id, { contact: value, version, storedKeys: keysOf(value) });
      }
    }
    return requests;
  }

  /** The contacts that matching will probably need, so they can be read in the same round as the others. */
  likelyContacts(emails: Iterable<string>, phones: Iterable<string>): Set<string> {
    const ids = new Set<string>();
    for (const email of emails) {
      const id = this.emails.get(email);
      if (id && !this.contacts.has(id)) ids.add(id);
    }
    for (const phone of phones) {
      const entry = this.phones.get(phone);
      if (!entry || entry.count > 3) continue;
      for (const id of knownMembers(entry).keys()) if (!this.contacts.has(id)) ids.add(id);
    }
    return ids;
  }

  /** A phone's set, known as empty when never read: only reached for a phone the planner made sure was loaded. */
  phoneEntry(phone: string): PhoneEntry {
    let entry = this.phones.get(phone);
    if (!entry) {
      entry = emptyPhone();
      this.phones.set(phone, entry);
    }
    return entry;
  }
}

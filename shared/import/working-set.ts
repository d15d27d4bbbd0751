// What the engine knows of the workspace while it plans rows: read strongly consistently, changed in file order.

import type { Contact } from '../domain/contact.js';
import type { MatchView } from '../domain/match-contact.js';
import type { ContactBatch, ContactStore, PhoneMembers } from '../ports/contact-store.js';
import { type JournalEntry, journalEntry } from '../revert/journal-entry.js';
import type { KeyCensus } from './key-census.js';

interface ContactEntry {
  contact: Contact;
  /** The version the next write expects: 0 while the contact is not stored. */
  version: number;
  /** The email and phone the store has for it: their guard and phone set lead a later row to it, whatever it became. */
  storedKeys?: string[];
}

interface PhoneEntry {
  members: PhoneMembers;
  version: number;
}

export interface Needs {
  emails: Set<string>;
  phones: Set<string>;
  contacts: Set<string>;
}

export const noNeeds = (): Needs => ({ emails: new Set(), phones: new Set(), contacts: new Set() });

export const hasNeeds = (needs: Needs): boolean =>
  needs.emails.size > 0 || needs.phones.size > 0 || needs.contacts.size > 0;

/** A dry run's overlay as JSON-safe data, kept between the invocations of one dry run. */
export interface OverlayState {
  emails: [email: string, contactId: string | null][];
  phones: [phone: string, members: [contactId: string, email: string][], version: number][];
  contacts: [contact: Contact, version: number, storedKeys: string[]][];
}

/** The writes one transaction will carry, ready for ContactStore.writeBatch. */
export type UnitWrites = Required<
  Pick<ContactBatch, 'contacts' | 'removedContacts' | 'newEmails' | 'removedEmails' | 'phones'>
>;

/**
 * Known emails, phone sets and contacts, plus the changes not yet sealed into a transaction. A sealed change
 * moves the item's expected version on, so later transactions of the same batch condition on it.
 */
export class WorkingSet implements MatchView {
  private readonly emails = new Map<string, string | null>();
  private readonly phones = new Map<string, PhoneEntry>();
  private readonly contacts = new Map<string, ContactEntry>();
  private readonly dirtyContacts = new Set<string>();
  private readonly dirtyPhones = new Set<string>();
  /** Email → the contact its guard names in the store (null: no guard), for the emails changed since the seal. */
  private readonly dirtyEmails = new Map<string, string | null>();
  /** Contact id → the version the store has, for the stored contacts removed since the seal. */
  private readonly removedContacts = new Map<string, number>();
  /** Items changed and never written: a dry run keeps them as the overlay later rows see, while a row can reach them. */
  private readonly pinnedEmails = new Set<string>();
  private readonly pinnedPhones = new Set<string>();
  private readonly pinnedContacts = new Set<string>();
  private approxBytes = 0;
  /** Each contact changed since the last seal as it was before (the journal's "before"). */
  private readonly unitBefore = new Map<string, Contact>();
  private sealedJournal: JournalEntry[] = [];

  /** `census`: the keys of the rows ahead, so that a dry run keeps only what a later row can reach. */
  constructor(
    private readonly externalIdKey?: string,
    private readonly census?: KeyCensus,
  ) {}

  /** An empty working set for the same import, after a conflict made everything known here stale. */
  fresh(): WorkingSet {
    return new WorkingSet(this.externalIdKey, this.census);
  }

  /** Row `row` with these keys is being planned: the census counts them as behind. */
  beginRow(row: number, email: string | undefined, phone: string | undefined): void {
    this.census?.passRow(row, [email, phone]);
  }

  /** Whether a row still ahead may name this key (always, without a census). */
  private ahead(key: string): boolean {
    return this.census ? this.census.ahead(key) : true;
  }

  contactIdByEmail(email: string): string | undefined {
    return this.emails.get(email) ?? undefined;
  }

  contactsByPhone(phone: string): ReadonlyMap<string, string> {
    return this.phones.get(phone)?.members ?? new Map();
  }

  contact(contactId: string): Contact | undefined {
    return this.contacts.get(contactId)?.contact;
  }

  /** The version the next write of a known contact is conditioned on (the stored one until a seal moves it). */
  version(contactId: string): number | undefined {
    return this.contacts.get(contactId)?.version;
  }

  knowsEmail(email: string): boolean {
    return this.emails.has(email);
  }

  knowsPhone(phone: string): boolean {
    return this.phones.has(phone);
  }

  knowsContact(contactId: string): boolean {
    return this.contacts.has(contactId);
  }

  /** The version the next write of a known contact expects (0: it is not stored). */
  versionOf(contactId: string): number {
    return this.contacts.get(contactId)?.version ?? 0;
  }

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
        this.phones.set(
          phone,
          found ? { members: found.value, version: found.version } : { members: new Map(), version: 0 },
        );
      }
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
      const members = this.phones.get(phone)?.members;
      if (!members || members.size > 3) continue;
      for (const id of members.keys()) if (!this.contacts.has(id)) ids.add(id);
    }
    return ids;
  }

  addContact(contact: Contact): void {
    this.contacts.set(contact.id, { contact, version: 0 });
    this.touchContact(contact);
    if (contact.email) this.setEmail(contact.email, contact.id);
    if (contact.phone) this.addPhoneMember(contact.phone, contact.id, contact.email ?? '');
  }

  /** Replaces a known contact and keeps the email guard and phone sets in step with it. */
  replaceContact(before: Contact, after: Contact): void {
    const entry = this.contacts.get(after.id);
    if (!entry) throw new Error('replaceContact needs the contact loaded');
    if (!this.unitBefore.has(after.id)) this.unitBefore.set(after.id, before);
    entry.contact = after;
    this.touchContact(after);
    if (after.email !== before.email) {
      // A person's edit may change an email (an import only fills an empty one): the old guard goes.
      if (before.email && this.emails.get(before.email) === after.id) this.setEmail(before.email, null);
      if (after.email) this.setEmail(after.email, after.id);
    }
    if (before.phone && before.phone !== after.phone) this.removePhoneMember(before.phone, after.id);
    if (after.phone && (after.phone !== before.phone || after.email !== before.email)) {
      this.addPhoneMember(after.phone, after.id, after.email ?? '');
    }
  }

  /** Removes a known contact: its email guard (while it names the contact) and its phone set membership go too. */
  removeContact(contact: Contact): void {
    const entry = this.contacts.get(contact.id);
    if (!entry) throw new Error('removeContact needs the contact loaded');
    const { email, phone } = entry.contact;
    if (email && this.emails.get(email) === contact.id) this.setEmail(email, null);
    if (phone) this.removePhoneMember(phone, contact.id);
    this.dirtyContacts.delete(contact.id);
    this.pinnedContacts.delete(contact.id);
    this.contacts.delete(contact.id);
    // One created since the last load and never written has nothing to delete.
    if (entry.version > 0) this.removedContacts.set(contact.id, entry.version);
  }

  /** Actions the changes since the last seal would add to a transaction. */
  pendingActions(): number {
    return (
      this.dirtyContacts.size + this.removedContacts.size + this.dirtyPhones.size + this.dirtyEmails.size
    );
  }

  pendingBytes(): number {
    return this.approxBytes;
  }

  /** Takes the changes since the last seal as one transaction's writes, and moves the expected versions on. */
  seal(): UnitWrites {
    const writes: UnitWrites = {
      contacts: [],
      removedContacts: [],
      newEmails: [],
      removedEmails: [],
      phones: [],
    };
    this.sealedJournal = [];
    for (const id of this.dirtyContacts) {
      const entry = this.contacts.get(id);
      if (!entry) continue;
      // A contact not stored yet is created by this write; any other had a state before the unit's first change.
      const before = entry.version === 0 ? undefined : this.unitBefore.get(id);
      if (entry.version === 0 || before) {
        this.sealedJournal.push(journalEntry(before, entry.contact, entry.version + 1));
      }
      writes.contacts.push({
        contact: entry.contact,
        expectedVersion: entry.version,
        ...(this.externalIdKey ? { externalIdKey: this.externalIdKey } : {}),
      });
      entry.version += 1;
    }
    for (const [contactId, expectedVersion] of this.removedContacts) {
      writes.removedContacts.push({ contactId, expectedVersion });
    }
    for (const [email, stored] of this.dirtyEmails) {
      const contactId = this.emails.get(email) ?? null;
      if (contactId === stored) continue;
      if (contactId === null) writes.removedEmails.push({ email, contactId: stored as string });
      else writes.newEmails.push({ email, contactId, ...(stored === null ? {} : { replaces: stored }) });
    }
    for (const phone of this.dirtyPhones) {
      const entry = this.phones.get(phone);
      if (!entry) continue;
      writes.phones.push({ phone, members: new Map(entry.members), expectedVersion: entry.version });
      entry.version = entry.members.size === 0 ? 0 : entry.version + 1;
    }
    this.dirtyContacts.clear();
    this.dirtyPhones.clear();
    this.dirtyEmails.clear();
    this.removedContacts.clear();
    this.unitBefore.clear();
    this.approxBytes = 0;
    return writes;
  }

  /** What the last seal's writes do to each contact, for the import's journal (SPEC §10). */
  journalOfLastSeal(): JournalEntry[] {
    return this.sealedJournal;
  }

  /**
   * Forgets what was read but never changed; for a dry run, keeps the changes a row still ahead can reach as the
   * overlay it sees (an email or phone it names, and the contacts those lead to), and lets go of the rest.
   */
  evictClean(): void {
    const evictKeys = <T>(known: Map<string, T>, pinned: Set<string>) => {
      for (const key of known.keys()) {
        if (pinned.has(key) && this.ahead(key)) continue;
        known.delete(key);
        pinned.delete(key);
      }
    };
    evictKeys(this.emails, this.pinnedEmails);
    evictKeys(this.phones, this.pinnedPhones);
    const reached = new Set<string>();
    for (const email of this.pinnedEmails) {
      const id = this.emails.get(email);
      if (id) reached.add(id);
    }
    for (const phone of this.pinnedPhones) {
      for (const id of this.phones.get(phone)?.members.keys() ?? []) reached.add(id);
    }
    // A changed contact is reached by a later row through a kept entry, or through any key that leads to it: its
    // email and phone now, and those the store has (their guard and phone set still name it there).
    const keptContact = (id: string, entry: ContactEntry): boolean =>
      reached.has(id) ||
      [...keysOf(entry.contact), ...(entry.storedKeys ?? [])].some((key) => this.ahead(key));
    for (const [id, entry] of this.contacts) {
      if (this.pinnedContacts.has(id) && (!this.census || keptContact(id, entry))) continue;
      this.contacts.delete(id);
      this.pinnedContacts.delete(id);
    }
  }

  /** The changes never written (a dry run's overlay), to be restored by the invocation that continues it. */
  overlay(): OverlayState {
    return {
      emails: [...this.pinnedEmails].map((email) => [email, this.emails.get(email) ?? null]),
      phones: [...this.pinnedPhones].flatMap((phone) => {
        const entry = this.phones.get(phone);
        return entry ? [[phone, [...entry.members], entry.version] as OverlayState['phones'][number]] : [];
      }),
      contacts: [...this.pinnedContacts].flatMap((id) => {
        const entry = this.contacts.get(id);
        return entry
          ? [[entry.contact, entry.version, entry.storedKeys ?? []] as OverlayState['contacts'][number]]
          : [];
      }),
    };
  }

  /** Takes back an overlay kept by `overlay()`, as changes never written. */
  restore(state: OverlayState): void {
    for (const [email, contactId] of state.emails) {
      this.emails.set(email, contactId);
      this.pinnedEmails.add(email);
    }
    for (const [phone, members, version] of state.phones) {
      this.phones.set(phone, { members: new Map(members), version });
      this.pinnedPhones.add(phone);
    }
    for (const [contact, version, storedKeys] of state.contacts) {
      this.contacts.set(contact.id, { contact, version, storedKeys });
      this.pinnedContacts.add(contact.id);
    }
  }

  /** After a commit: nothing needs to stay pinned, the store has it. */
  unpinAll(): void {
    this.pinnedEmails.clear();
    this.pinnedPhones.clear();
    this.pinnedContacts.clear();
  }

  private touchContact(contact: Contact): void {
    if (!this.dirtyContacts.has(contact.id)) this.dirtyContacts.add(contact.id);
    this.pinnedContacts.add(contact.id);
    this.approxBytes += estimateBytes(contact);
  }

  /** Gives the email's guard to a contact, or (null) takes it away; the store's owner is kept for the seal. */
  private setEmail(email: string, contactId: string | null): void {
    if (!this.dirtyEmails.has(email)) this.dirtyEmails.set(email, this.emails.get(email) ?? null);
    this.emails.set(email, contactId);
    this.pinnedEmails.add(email);
  }

  private phoneEntry(phone: string): PhoneEntry {
    let entry = this.phones.get(phone);
    if (!entry) {
      // Only reachable for a phone the planner made sure was loaded; absent means "no contact has it".
      entry = { members: new Map(), version: 0 };
      this.phones.set(phone, entry);
    }
    return entry;
  }

  private addPhoneMember(phone: string, contactId: string, email: string): void {
    this.phoneEntry(phone).members.set(contactId, email);
    this.dirtyPhones.add(phone);
    this.pinnedPhones.add(phone);
  }

  private removePhoneMember(phone: string, contactId: string): void {
    this.phoneEntry(phone).members.delete(contactId);
    this.dirtyPhones.add(phone);
    this.pinnedPhones.add(phone);
  }
}

/** The keys a contact is found by: its email and its phone. */
const keysOf = (contact: Contact): string[] =>
  [contact.email, contact.phone].filter((key): key is string => key !== undefined && key !== '');

const estimateBytes = (contact: Contact): number => {
  let bytes = 200;
  for (const value of Object.values(contact)) if (typeof value === 'string') bytes += value.length;
  for (const tag of contact.tags) bytes += tag.length + 3;
  for (const [key, value] of Object.entries(contact.customFields))
    bytes += key.length + String(value).length + 3;
  return bytes;
};

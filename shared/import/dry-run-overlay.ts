// A dry run's overlay: the changes it planned and never wrote, kept while a row still ahead can reach them.

import type { Contact } from '../domain/contact.js';
import type { KeyCensus } from './key-census.js';
import { knownMembers, type PhoneEntryState, phoneEntryOf, phoneEntryState } from './phone-entry.js';
import { type ContactEntry, keysOf, type ReadCache } from './read-cache.js';

/** A dry run's overlay as JSON-safe data, kept between the invocations of one dry run. */
export interface OverlayState {
  emails: [email: string, contactId: string | null][];
  phones: [phone: string, set: PhoneEntryState, version: number][];
  contacts: [contact: Contact, version: number, storedKeys: string[]][];
}

/**
 * The items of a read cache changed and never written (pinned). A real import unpins them once its batch is in;
 * a dry run keeps those a row still ahead can reach (the census says which keys are ahead) and lets go of the rest.
 */
export class DryRunOverlay {
  private readonly emails = new Set<string>();
  private readonly phones = new Set<string>();
  private readonly contacts = new Set<string>();

  /** `census`: the keys of the rows ahead; without one, every key may be named again. */
  constructor(
    private readonly cache: ReadCache,
    private readonly census?: KeyCensus,
  ) {}

  /** Row `row` with these keys is being planned: the census counts them as behind. */
  beginRow(row: number, email: string | undefined, phone: string | undefined): void {
    this.census?.passRow(row, [email, phone]);
  }

  pinEmail(email: string): void {
    this.emails.add(email);
  }

  pinPhone(phone: string): void {
    this.phones.add(phone);
  }

  pinContact(contactId: string): void {
    this.contacts.add(contactId);
  }

  unpinContact(contactId: string): void {
    this.contacts.delete(contactId);
  }

  /** After a commit: nothing needs to stay pinned, the store has it. */
  unpinAll(): void {
    this.emails.clear();
    this.phones.clear();
    this.contacts.clear();
  }

  /** Whether a row still ahead may name this key (always, without a census). */
  private ahead(key: string): boolean {
    return this.census ? this.census.ahead(key) : true;
  }

  /**
   * Forgets what was read but never changed; keeps the changes a row still ahead can reach as the overlay it sees
   * (an email or phone it names, and the contacts those lead to), and lets go of the rest.
   */
  evictClean(): void {
    const { cache } = this;
    const evictKeys = <T>(known: Map<string, T>, pinned: Set<string>) => {
      for (const key of known.keys()) {
        if (pinned.has(key) && this.ahead(key)) continue;
        known.delete(key);
        pinned.delete(key);
      }
    };
    evictKeys(cache.emails, this.emails);
    evictKeys(cache.phones, this.phones);
    const reached = new Set<string>();
    for (const email of this.emails) {
      const id = cache.emails.get(email);
      if (id) reached.add(id);
    }
    for (const phone of this.phones) {
      const entry = cache.phones.get(phone);
      for (const id of entry ? knownMembers(entry).keys() : []) reached.add(id);
    }
    // A changed contact is reached by a later row through a kept entry, or through any key that leads to it: its
    // email and phone now, and those the store has (their guard and phone set still name it there).
    const keptContact = (id: string, entry: ContactEntry): boolean =>
      reached.has(id) ||
      [...keysOf(entry.contact), ...(entry.storedKeys ?? [])].some((key) => this.ahead(key));
    for (const [id, entry] of cache.contacts) {
      if (this.contacts.has(id) && (!this.census || keptContact(id, entry))) continue;
      cache.contacts.delete(id);
      this.contacts.delete(id);
    }
  }

  /** The changes never written, to be restored by the invocation that continues the dry run. */
  state(): OverlayState {
    const { cache } = this;
    return {
      emails: [...this.emails].map((email) => [email, cache.emails.get(email) ?? null]),
      phones: [...this.phones].flatMap((phone) => {
        const entry = cache.phones.get(phone);
        return entry
          ? [[phone, phoneEntryState(entry), entry.version] as OverlayState['phones'][number]]
          : [];
      }),
      contacts: [...this.contacts].flatMap((id) => {
        const entry = cache.contacts.get(id);
        return entry
          ? [[entry.contact, entry.version, entry.storedKeys ?? []] as OverlayState['contacts'][number]]
          : [];
      }),
    };
  }

  /** Takes back an overlay kept by `state()`, as changes never written. */
  restore(state: OverlayState): void {
    const { cache } = this;
    for (const [email, contactId] of state.emails) {
      cache.emails.set(email, contactId);
      this.emails.add(email);
    }
    for (const [phone, set, version] of state.phones) {
      cache.phones.set(phone, phoneEntryOf(set, version));
      this.phones.add(phone);
    }
    for (const [contact, version, storedKeys] of state.contacts) {
      cache.contacts.set(contact.id, { contact, version, storedKeys });
      this.contacts.add(contact.id);
    }
  }
}

// What the engine knows of the workspace while it plans rows, and the changes it makes there in file order.

import type { Contact } from '../domain/contact.js';
import type { MatchView, PhoneCandidates } from '../domain/match-contact.js';
import type { ContactStore } from '../ports/contact-store.js';
import type { JournalEntry } from '../revert/journal-entry.js';
import { DryRunOverlay, type OverlayState } from './dry-run-overlay.js';
import type { KeyCensus } from './key-census.js';
import { PendingWrites, type UnitWrites } from './pending-writes.js';
import { candidatesOf, changeMember, knownMembers } from './phone-entry.js';
import { type Needs, ReadCache } from './read-cache.js';

export type { OverlayState } from './dry-run-overlay.js';
export type { UnitWrites } from './pending-writes.js';
export { hasNeeds, type Needs, noNeeds } from './read-cache.js';

/**
 * Known emails, phone sets and contacts (the read cache), the changes not yet sealed into a transaction (the
 * pending writes), and the changes never written (a dry run's overlay). Matching reads it as a MatchView.
 */
export class WorkingSet implements MatchView {
  private readonly cache = new ReadCache();
  private readonly pending: PendingWrites;
  private readonly pins: DryRunOverlay;
  private sealedJournal: JournalEntry[] = [];
  /** The items (`E#email`, `P#phone`, `C#id`) the rows planned since the last seal read or changed. */
  private footprint = new Set<string>();
  private sealedFootprint = new Set<string>();

  /** `census`: the keys of the rows ahead, so that a dry run keeps only what a later row can reach. */
  constructor(
    private readonly externalIdKey?: string,
    private readonly census?: KeyCensus,
  ) {
    this.pending = new PendingWrites(this.cache, externalIdKey);
    this.pins = new DryRunOverlay(this.cache, census);
  }

  /** An empty working set for the same import, after a conflict made everything known here stale. */
  fresh(): WorkingSet {
    return new WorkingSet(this.externalIdKey, this.census);
  }

  /** Row `row` with these keys is being planned: the census counts them as behind. */
  beginRow(row: number, email: string | undefined, phone: string | undefined): void {
    this.pins.beginRow(row, email, phone);
  }

  contactIdByEmail(email: string): string | undefined {
    this.footprint.add(`E#${email}`);
    return this.cache.emails.get(email) ?? undefined;
  }

  phoneCandidates(phone: string, email: string | undefined): PhoneCandidates {
    this.footprint.add(`P#${phone}`);
    const entry = this.cache.phones.get(phone);
    return entry ? candidatesOf(entry, !!email) : { count: 0 };
  }

  /** The members of a phone's set that this set knows (all of them while it has few). */
  phoneMembers(phone: string): ReadonlyMap<string, string> {
    const entry = this.cache.phones.get(phone);
    return entry ? knownMembers(entry) : new Map();
  }

  contact(contactId: string): Contact | undefined {
    this.footprint.add(`C#${contactId}`);
    return this.cache.contacts.get(contactId)?.contact;
  }

  /** The version the next write of a known contact is conditioned on (the stored one until a seal moves it). */
  version(contactId: string): number | undefined {
    return this.cache.contacts.get(contactId)?.version;
  }

  knowsEmail(email: string): boolean {
    this.footprint.add(`E#${email}`);
    return this.cache.emails.has(email);
  }

  knowsPhone(phone: string): boolean {
    this.footprint.add(`P#${phone}`);
    return this.cache.phones.has(phone);
  }

  /**
   * Whether the phone rule can be decided here for a row with `email`: the phone's head is read and, when exactly
   * one contact is a candidate, that one is known (after removals, it may be a member item never read).
   */
  decidesPhone(phone: string, email: string | undefined): boolean {
    const entry = this.cache.phones.get(phone);
    if (!entry) return false;
    const { count, only } = candidatesOf(entry, !!email);
    return count !== 1 || only !== undefined;
  }

  knowsContact(contactId: string): boolean {
    this.footprint.add(`C#${contactId}`);
    return this.cache.contacts.has(contactId);
  }

  /** The version the next write of a known contact expects (0: it is not stored). */
  versionOf(contactId: string): number {
    return this.cache.contacts.get(contactId)?.version ?? 0;
  }

  /** Loads what `needs` asks for from the store; what the store lacks is remembered as absent. */
  load(store: ContactStore, workspaceId: string, needs: Needs): Promise<number> {
    return this.cache.load(store, workspaceId, needs);
  }

  /** The contacts that matching will probably need, so they can be read in the same round as the others. */
  likelyContacts(emails: Iterable<string>, phones: Iterable<string>): Set<string> {
    return this.cache.likelyContacts(emails, phones);
  }

  addContact(contact: Contact): void {
    this.cache.contacts.set(contact.id, { contact, version: 0 });
    this.touchContact(contact);
    if (contact.email) this.setEmail(contact.email, contact.id);
    if (contact.phone) this.changePhoneMember(contact.phone, contact.id, undefined, contact.email ?? '');
  }

  /** Replaces a known contact and keeps the email guard and phone sets in step with it. */
  replaceContact(before: Contact, after: Contact): void {
    const entry = this.cache.contacts.get(after.id);
    if (!entry) throw new Error('replaceContact needs the contact loaded');
    entry.contact = after;
    this.touchContact(after, before);
    if (after.email !== before.email) {
      // A person's edit may change an email (an import only fills an empty one): the old guard goes.
      if (before.email && this.cache.emails.get(before.email) === after.id) this.setEmail(before.email, null);
      if (after.email) this.setEmail(after.email, after.id);
    }
    const [emailBefore, emailAfter] = [before.email ?? '', after.email ?? ''];
    if (before.phone && before.phone === after.phone) {
      if (emailBefore !== emailAfter) this.changePhoneMember(after.phone, after.id, emailBefore, emailAfter);
    } else {
      if (before.phone) this.changePhoneMember(before.phone, after.id, emailBefore, undefined);
      if (after.phone) this.changePhoneMember(after.phone, after.id, undefined, emailAfter);
    }
  }

  /** Removes a known contact: its email guard (while it names the contact) and its phone set membership go too. */
  removeContact(contact: Contact): void {
    const entry = this.cache.contacts.get(contact.id);
    if (!entry) throw new Error('removeContact needs the contact loaded');
    this.footprint.add(`C#${contact.id}`);
    const { email, phone } = entry.contact;
    if (email && this.cache.emails.get(email) === contact.id) this.setEmail(email, null);
    if (phone) this.changePhoneMember(phone, contact.id, email ?? '', undefined);
    this.pending.contactRemoved(contact.id, entry.version);
    this.pins.unpinContact(contact.id);
    this.cache.contacts.delete(contact.id);
  }

  /** Actions the changes since the last seal would add to a transaction. */
  pendingActions(): number {
    return this.pending.actions();
  }

  pendingBytes(): number {
    return this.pending.approxBytes();
  }

  /** Takes the changes since the last seal as one transaction's writes, and moves the expected versions on. */
  seal(): UnitWrites {
    const { writes, journal } = this.pending.seal();
    this.sealedJournal = journal;
    this.sealedFootprint = this.footprint;
    this.footprint = new Set();
    return writes;
  }

  /** Starts the footprint afresh (reads made to prefetch a batch are no row's). */
  clearFootprint(): void {
    this.footprint = new Set();
  }

  /** The items the rows of the last seal read or changed: transactions whose footprints meet must go in order. */
  footprintOfLastSeal(): ReadonlySet<string> {
    return this.sealedFootprint;
  }

  /** What the last seal's writes do to each contact, for the import's journal (SPEC §10). */
  journalOfLastSeal(): JournalEntry[] {
    return this.sealedJournal;
  }

  /** Forgets what was read but never changed; a dry run keeps the changes a row still ahead can reach. */
  evictClean(): void {
    this.pins.evictClean();
  }

  /** The changes never written (a dry run's overlay), to be restored by the invocation that continues it. */
  overlay(): OverlayState {
    return this.pins.state();
  }

  /** Takes back an overlay kept by `overlay()`, as changes never written. */
  restore(state: OverlayState): void {
    this.pins.restore(state);
  }

  /** After a commit: nothing needs to stay pinned, the store has it. */
  unpinAll(): void {
    this.pins.unpinAll();
  }

  private touchContact(contact: Contact, before?: Contact): void {
    this.footprint.add(`C#${contact.id}`);
    this.pending.contactChanged(contact, before);
    this.pins.pinContact(contact.id);
  }

  /** Gives the email's guard to a contact, or (null) takes it away; the store's owner is kept for the seal. */
  private setEmail(email: string, contactId: string | null): void {
    this.footprint.add(`E#${email}`);
    this.pending.emailChanging(email);
    this.cache.emails.set(email, contactId);
    this.pins.pinEmail(email);
  }

  /** A contact joins a phone's set (`before` undefined), leaves it (`after` undefined), or changes its email there. */
  private changePhoneMember(
    phone: string,
    contactId: string,
    before: string | undefined,
    after: string | undefined,
  ): void {
    this.footprint.add(`P#${phone}`);
    changeMember(this.cache.phoneEntry(phone), contactId, before, after);
    this.pending.phoneChanged(phone);
    this.pins.pinPhone(phone);
  }
}

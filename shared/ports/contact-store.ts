// The port through which the engine reads and writes contacts, strongly consistently and atomically.

import type { Contact } from '../domain/contact.js';
import type { ImportProgress, SummaryError } from '../import/import-record.js';
import type { RevertCheckpoint, RevertPosition } from '../revert/revert-record.js';
import type { LaneWrite } from './commit-lane-store.js';

/** A stored item with the version its optimistic lock expects (0: the item does not exist). */
export interface Versioned<T> {
  value: T;
  version: number;
}

/** Contact id → that contact's email ('' when none). */
export type PhoneMembers = Map<string, string>;

/**
 * The head of one phone's set (README "Data model"): how many contacts have the phone, how many of them have no
 * email, and the first few members it lists itself; the other members are items of their own, read on demand.
 * Every write that changes the set's members moves its version, so a decision taken on it is conditioned on it.
 */
export interface PhoneHead {
  count: number;
  withoutEmail: number;
  /** Members the head lists (at most PHONE_HEAD_LISTS of them); every other member is a member item. */
  listed: PhoneMembers;
}

/** How many members a phone's head lists itself: a phone of one or two contacts needs no member item. */
export const PHONE_HEAD_LISTS = 2;

export interface KeyLookup {
  /** email → contact id, for the emails that have a contact. */
  emails: Map<string, string>;
  /** phone → its set's head, for the phones that have contacts. */
  phones: Map<string, Versioned<PhoneHead>>;
}

/** A phone set's change: its head as it will be (count 0 deletes it), and its member items put or deleted. */
export interface PhoneWrite {
  phone: string;
  expectedVersion: number;
  next: PhoneHead;
  /** Member items written, with the member's email now. */
  putMembers: Array<{ contactId: string; email: string }>;
  /** Member items deleted, with the email they were stored with (it is part of their key). */
  deletedMembers: Array<{ contactId: string; email: string }>;
}

/**
 * One atomic write: contacts, guards and phone sets, plus (for an import) the progress that covers them.
 * No item appears twice. Fails with ImportError `write_conflict` when a condition on a contact, guard or phone
 * set fails (someone else wrote it: re-read and re-plan), `lease_lost` when the progress condition fails.
 */
export interface ContactBatch {
  workspaceId: string;
  /** Put, conditioned on the version (0: the contact must not exist yet). */
  contacts: Array<{ contact: Contact; expectedVersion: number; externalIdKey?: string }>;
  /** Deleted, conditioned on the version: the contact was stored with it. */
  removedContacts?: Array<{ contactId: string; expectedVersion: number }>;
  /** Guards put: absent until now, or (`replaces`) still naming that other contact. */
  newEmails: Array<{ email: string; contactId: string; replaces?: string }>;
  /** Guards deleted, conditioned on still naming `contactId` (the contact let go of the email). */
  removedEmails?: Array<{ email: string; contactId: string }>;
  /** Each conditioned on its head's version (0: no contact has the phone yet). */
  phones: PhoneWrite[];
  /** An import's checkpoint, conditioned on the run and the row; absent for a person's edit or deletion. */
  progress?: { importId: string; runId: string; expectedRow: number; next: ImportProgress };
  /**
   * A transaction of a batch with several in flight: its lane's receipts, conditioned on the run and the lane's
   * sequence (`lease_lost` when that fails), instead of `progress`.
   */
  lane?: LaneWrite;
  /** The summary's first errors, when this batch adds to them. */
  errors?: SummaryError[];
  /** A revert's checkpoint (SPEC §10), conditioned on its run and position; `lease_lost` when that fails. */
  revert?: { importId: string; runId: string; expected: RevertPosition; next: RevertCheckpoint };
}

export interface ContactStore {
  lookupKeys(workspaceId: string, emails: Iterable<string>, phones: Iterable<string>): Promise<KeyLookup>;
  getContacts(workspaceId: string, contactIds: Iterable<string>): Promise<Map<string, Versioned<Contact>>>;
  /**
   * Member items of a phone's set (not those its head lists), those without an email first, read strongly
   * consistently: up to `limit` of them whose contact is not in `skip`; with `withoutEmail`, only those.
   */
  phoneMembers(
    workspaceId: string,
    phone: string,
    query: { withoutEmail: boolean; skip: ReadonlySet<string>; limit: number },
  ): Promise<PhoneMembers>;
  writeBatch(batch: ContactBatch): Promise<void>;
}

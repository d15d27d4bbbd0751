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

export interface KeyLookup {
  /** email → contact id, for the emails that have a contact. */
  emails: Map<string, string>;
  /** phone → its members, for the phones that have contacts. */
  phones: Map<string, Versioned<PhoneMembers>>;
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
  phones: Array<{ phone: string; members: PhoneMembers; expectedVersion: number }>;
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
  writeBatch(batch: ContactBatch): Promise<void>;
}

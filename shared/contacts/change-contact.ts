// A person's write of one contact (edit or deletion), through the engine's WorkingSet and ContactStore.writeBatch,
// so its email guard and phone sets follow by the same code as an import's; a concurrent writer means re-read.

import type { Contact } from '../domain/contact.js';
import { ImportError, isImportError } from '../errors.js';
import { noNeeds, WorkingSet } from '../import/working-set.js';
import type { ContactStore } from '../ports/contact-store.js';

/** What the change makes of the contact as it is stored now: a new version of it, or its removal. */
export type ContactChange = (contact: Contact) => Contact | 'remove';

export interface ChangeRequest {
  workspaceId: string;
  contactId: string;
  /** The version the person read: a stored one that differs is `version_conflict`, never overwritten. */
  expectedVersion?: number;
  /** The custom field mapped to external_id, kept indexed as an import keeps it. */
  externalIdKey?: string;
}

export type ChangeResult = { contact: Contact; version: number } | { removed: true };

/** Attempts before a contact that keeps changing under the edit is a 409 (each re-reads it). */
const MAX_ATTEMPTS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const keysOf = (...contacts: Contact[]) => {
  const needs = noNeeds();
  for (const contact of contacts) {
    if (contact.email) needs.emails.add(contact.email);
    if (contact.phone) needs.phones.add(contact.phone);
  }
  return needs;
};

/**
 * Reads the contact strongly consistently, applies the change, and writes the contact, its guards and phone
 * sets in one transaction conditioned on every version read. When another writer got in between (an import,
 * another edit), the write fails as a whole and the change is applied again to what is stored then; with
 * `expectedVersion`, a contact that moved on is `version_conflict` instead.
 */
export const changeContact = async (
  store: ContactStore,
  request: ChangeRequest,
  change: ContactChange,
): Promise<ChangeResult> => {
  const { workspaceId, contactId, expectedVersion } = request;
  for (let attempt = 0; ; attempt++) {
    const set = new WorkingSet(request.externalIdKey);
    await set.load(store, workspaceId, { ...noNeeds(), contacts: new Set([contactId]) });
    const before = set.contact(contactId);
    const version = set.version(contactId);
    if (!before || version === undefined) throw new ImportError('not_found', 'contact not found');
    if (expectedVersion !== undefined && expectedVersion !== version) {
      throw new ImportError(
        'version_conflict',
        `the contact changed since it was read (version ${expectedVersion}, now ${version}): read it again`,
        { field: 'ver' },
      );
    }
    const after = change(before);
    if (after === before) return { contact: before, version };
    await set.load(store, workspaceId, after === 'remove' ? keysOf(before) : keysOf(before, after));
    if (after === 'remove') set.removeContact(before);
    else {
      const owner = after.email ? set.contactIdByEmail(after.email) : undefined;
      if (owner !== undefined && owner !== contactId) {
        throw new ImportError('email_taken', `email: another contact has ${after.email}`, { field: 'email' });
      }
      set.replaceContact(before, after);
    }
    try {
      await store.writeBatch({ workspaceId, ...set.seal() });
      return after === 'remove' ? { removed: true } : { contact: after, version: version + 1 };
    } catch (error) {
      if (!isImportError(error, 'write_conflict')) throw error;
      if (attempt + 1 >= MAX_ATTEMPTS) {
        throw new ImportError('conflict', 'the contact kept changing while it was written: try again', {
          cause: error,
        });
      }
      await sleep(Math.min(500, 10 * 2 ** attempt) * Math.random());
    }
  }
};

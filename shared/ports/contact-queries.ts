// The port through which the API reads contacts (not used for matching: these reads may be eventually consistent).

import type { Contact } from '../domain/contact.js';
import type { Versioned } from './contact-store.js';

export interface ContactPage {
  /** Each with the version an edit or deletion may be conditioned on. */
  contacts: Versioned<Contact>[];
  cursor?: string;
}

/** One filter or none; `search`: words each contained in the contact's search text (README "Data model"). */
export type ContactFilter =
  | { email: string }
  | { phone: string }
  | { externalId: string }
  | { search: string[] }
  | Record<string, never>;

export interface ContactQueries {
  listContacts(
    workspaceId: string,
    filter: ContactFilter,
    page: { limit: number; cursor?: string },
  ): Promise<ContactPage>;
  getContact(workspaceId: string, contactId: string): Promise<Versioned<Contact> | undefined>;
}

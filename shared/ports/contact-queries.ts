// The port through which the API reads contacts (not used for matching: these reads may be eventually consistent).

import type { Contact } from '../domain/contact.js';

export interface ContactPage {
  contacts: Contact[];
  cursor?: string;
}

export type ContactFilter =
  | { email: string }
  | { phone: string }
  | { externalId: string }
  | Record<string, never>;

export interface ContactQueries {
  listContacts(
    workspaceId: string,
    filter: ContactFilter,
    page: { limit: number; cursor?: string },
  ): Promise<ContactPage>;
  getContact(workspaceId: string, contactId: string): Promise<Contact | undefined>;
}

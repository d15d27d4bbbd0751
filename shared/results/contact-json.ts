// A contact as the API shows it (SPEC §7): every field present, null when empty, custom values typed, its version.

import type { ContactJson } from '../api/contacts.js';
import type { Contact } from '../domain/contact.js';
import type { Versioned } from '../ports/contact-store.js';

export type { ContactJson };

export const toContactJson = ({ value: contact, version }: Versioned<Contact>): ContactJson => ({
  id: contact.id,
  fullName: contact.fullName ?? null,
  firstName: contact.firstName ?? null,
  lastName: contact.lastName ?? null,
  email: contact.email ?? null,
  phone: contact.phone ?? null,
  companyName: contact.companyName ?? null,
  jobTitle: contact.jobTitle ?? null,
  tags: contact.tags,
  customFields: contact.customFields,
  createdAt: contact.createdAt,
  updatedAt: contact.updatedAt,
  ver: version,
});

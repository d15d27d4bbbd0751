// A contact as the API shows it (SPEC §7): every field present, null when empty, custom values typed.

import type { Contact } from '../domain/contact.js';
import type { CustomValue } from '../domain/fields.js';

export interface ContactJson {
  id: string;
  fullName: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  companyName: string | null;
  jobTitle: string | null;
  tags: string[];
  customFields: Record<string, CustomValue>;
  createdAt: string;
  updatedAt: string;
}

export const toContactJson = (contact: Contact): ContactJson => ({
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
});

// The contact as the CRM stores it, and the values one CSV row brings for it.

import type { CustomValue } from './fields.js';

/** What a row says about a contact; an absent property means the cell was empty. */
export interface ContactValues {
  fullName?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  companyName?: string;
  jobTitle?: string;
  tags?: string[];
  customFields?: Record<string, CustomValue>;
}

/** A field of a contact as the update rules name it (SPEC §9): a property of ContactValues, or `custom:<key>`. */
export type ContactFieldKey = Exclude<keyof ContactValues, 'customFields'> | `custom:${string}`;

/** A contact's own text fields (tags and custom fields aside), each optional: what is stored, edited and undone. */
export const CONTACT_TEXT_FIELDS = [
  'fullName',
  'firstName',
  'lastName',
  'email',
  'phone',
  'companyName',
  'jobTitle',
] as const;

export interface Contact {
  id: string;
  workspaceId: string;
  fullName?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  companyName?: string;
  jobTitle?: string;
  tags: string[];
  customFields: Record<string, CustomValue>;
  createdAt: string;
  updatedAt: string;
  /** The import and row that created the contact (absent on contacts made otherwise or before it was kept). */
  createdBy?: ContactOrigin;
}

/** Where a contact came from: what tells a later row of the same file that it updates a contact that file created. */
export interface ContactOrigin {
  importId: string;
  row: number;
}

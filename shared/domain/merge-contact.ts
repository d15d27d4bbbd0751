// The merge rules of SPEC §4: non-empty cells overwrite, empty never clears, tags merge, full name derives; and
// the limits of what one contact can hold, checked on what the merge gives (SPEC §5).

import type { Contact, ContactValues } from './contact.js';
import { type CustomValue, LIMITS } from './fields.js';
import { mergeTags } from './tags.js';

/**
 * The most a contact may take, counted as its JSON in UTF-8 (a little more than DynamoDB counts): the 400 KB
 * item limit less 16 KB for keys, index attributes and the version.
 */
export const MAX_CONTACT_BYTES = 400 * 1024 - 16 * 1024;

/** Why a merged (or new) contact cannot be stored: a row that would make it is errored `value_too_long`. */
export interface ContactLimitProblem {
  code: 'value_too_long';
  field: 'tags' | 'contact';
  message: string;
}

/** Checks what a merge gave against the limits of one contact: 100 tags, and what one stored item holds. */
export const checkContactLimits = (contact: Contact): ContactLimitProblem | undefined => {
  if (contact.tags.length > LIMITS.tags) {
    return {
      code: 'value_too_long',
      field: 'tags',
      message: `The contact would have ${contact.tags.length} tags with this row's; at most ${LIMITS.tags} are allowed`,
    };
  }
  const bytes = Buffer.byteLength(JSON.stringify(contact), 'utf8');
  if (bytes > MAX_CONTACT_BYTES) {
    return {
      code: 'value_too_long',
      field: 'contact',
      message: `The contact would take ${Math.ceil(bytes / 1024)} KB with this row's values; at most ${MAX_CONTACT_BYTES / 1024} KB are stored for one contact (shorten its longest values)`,
    };
  }
  return undefined;
};

const SCALAR_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'companyName', 'jobTitle'] as const;

const joinName = (first?: string, last?: string): string | undefined => {
  const name = [first, last].filter((part) => part).join(' ');
  return name === '' ? undefined : name;
};

/** The contact a row creates. */
export const createContact = (
  values: ContactValues,
  ids: { id: string; workspaceId: string },
  now: string,
): Contact => {
  const contact: Contact = {
    id: ids.id,
    workspaceId: ids.workspaceId,
    tags: values.tags ? [...values.tags] : [],
    customFields: { ...(values.customFields ?? {}) },
    createdAt: now,
    updatedAt: now,
  };
  for (const field of SCALAR_FIELDS) {
    const value = values[field];
    if (value !== undefined) contact[field] = value;
  }
  const fullName = values.fullName ?? joinName(values.firstName, values.lastName);
  if (fullName !== undefined) contact.fullName = fullName;
  return contact;
};

const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((tag, i) => tag === b[i]);

/** The contact after a row updates it, and whether the row changed anything. */
export const updateContact = (
  existing: Contact,
  values: ContactValues,
  now: string,
): { contact: Contact; changed: boolean } => {
  const next: Contact = { ...existing, tags: existing.tags, customFields: existing.customFields };
  let changed = false;
  for (const field of SCALAR_FIELDS) {
    const value = values[field];
    if (value !== undefined && value !== existing[field]) {
      next[field] = value;
      changed = true;
    }
  }
  // A row naming the person only by first/last name re-derives the full name from the merged parts.
  const fullName =
    values.fullName ??
    (values.firstName || values.lastName ? joinName(next.firstName, next.lastName) : undefined);
  if (fullName !== undefined && fullName !== existing.fullName) {
    next.fullName = fullName;
    changed = true;
  }
  if (values.tags && values.tags.length > 0) {
    const tags = mergeTags(existing.tags, values.tags);
    if (!sameTags(tags, existing.tags)) {
      next.tags = tags;
      changed = true;
    }
  }
  if (values.customFields) {
    let customFields: Record<string, CustomValue> | undefined;
    for (const [key, value] of Object.entries(values.customFields)) {
      if (!Object.hasOwn(existing.customFields, key) || existing.customFields[key] !== value) {
        customFields ??= { ...existing.customFields };
        customFields[key] = value;
      }
    }
    if (customFields) {
      next.customFields = customFields;
      changed = true;
    }
  }
  if (changed) next.updatedAt = now;
  return { contact: changed ? next : existing, changed };
};

// A person's edit of one contact (PATCH /contacts/{id}), read by the rules an import applies to cells (SPEC §3).

import type { CountryCode } from 'libphonenumber-js';
import type { ContactPatch } from '../api/contacts.js';
import type { Contact } from '../domain/contact.js';
import type { BuiltInField, CustomField, CustomValue } from '../domain/fields.js';
import type { ValueFormat } from '../domain/parse-custom-value.js';
import { type FieldReading, readFieldValue } from '../domain/read-row.js';
import { ImportError } from '../errors.js';

export interface PatchContext {
  customFields: readonly CustomField[];
  /** The workspace's default country: a national phone number is read in it. */
  country: CountryCode;
  format: ValueFormat;
}

type TextProperty = 'firstName' | 'lastName' | 'fullName' | 'email' | 'phone' | 'companyName' | 'jobTitle';

const FIELD_OF_PROPERTY = {
  firstName: 'first_name',
  lastName: 'last_name',
  fullName: 'full_name',
  email: 'email',
  phone: 'phone',
  companyName: 'company_name',
  jobTitle: 'job_title',
} as const satisfies Record<TextProperty, BuiltInField>;

const IDENTITY: readonly TextProperty[] = ['fullName', 'firstName', 'lastName', 'email', 'phone'];

/** A 400 naming the field, its message prefixed by it as the request validation's are. */
const invalidField = (
  field: string,
  message: string,
  code: 'invalid_request' | 'unknown_field' = 'invalid_request',
) => new ImportError(code, `${field}: ${message}`, { field });

const readValue = (field: string, reading: FieldReading) => {
  if ('code' in reading) throw invalidField(field, reading.message);
  return reading.value;
};

const derivedName = (first?: string, last?: string): string | undefined =>
  [first, last].filter((part) => part !== undefined && part !== '').join(' ') || undefined;

const sameContent = (a: Contact, b: Contact): boolean =>
  JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });

/**
 * The contact after the edit, or the same object when the edit changes nothing. `null` or `""` clears a field;
 * a name derived from first and last name follows them when the edit does not set it; every field must be
 * one of the workspace's, and the contact must keep a name, email or phone. A problem is a 400 naming the field.
 */
export const applyContactPatch = (
  contact: Contact,
  patch: Omit<ContactPatch, 'ver'>,
  ctx: PatchContext,
  now: string,
): Contact => {
  const next: Contact = { ...contact, tags: [...contact.tags], customFields: { ...contact.customFields } };
  const target = { country: ctx.country, format: ctx.format };
  for (const [property, field] of Object.entries(FIELD_OF_PROPERTY) as [TextProperty, BuiltInField][]) {
    const given = patch[property];
    if (given === undefined) continue;
    const value =
      given === null
        ? undefined
        : readValue(property, readFieldValue({ kind: 'field', field }, given, target));
    if (typeof value === 'string') next[property] = value;
    else delete next[property];
  }
  if (patch.fullName === undefined && (patch.firstName !== undefined || patch.lastName !== undefined)) {
    // SPEC §3: the full name is given, else first + last; one that was derived follows an edit of its parts.
    const before = derivedName(contact.firstName, contact.lastName);
    if (contact.fullName === undefined || contact.fullName === before) {
      const after = derivedName(next.firstName, next.lastName);
      if (after === undefined) delete next.fullName;
      else next.fullName = after;
    }
  }
  if (patch.tags !== undefined) {
    const cell = patch.tags === null ? '' : Array.isArray(patch.tags) ? patch.tags.join(', ') : patch.tags;
    const tags = readValue('tags', readFieldValue({ kind: 'field', field: 'tags' }, cell, target));
    next.tags = Array.isArray(tags) ? tags : [];
  }
  for (const [key, given] of Object.entries(patch.customFields ?? {})) {
    const name = `customFields.${key}`;
    const field = ctx.customFields.find((candidate) => candidate.key === key);
    if (!field) throw invalidField(name, `"${key}" is not a custom field of this workspace`, 'unknown_field');
    const value = readCustom(name, field, given, target);
    if (value === undefined) delete next.customFields[key];
    else next.customFields[key] = value;
  }
  if (!IDENTITY.some((property) => next[property] !== undefined)) {
    const cleared = IDENTITY.find((property) => patch[property] !== undefined) ?? 'fullName';
    throw invalidField(cleared, 'a contact keeps a name, an email or a phone: this edit would leave it none');
  }
  if (sameContent(contact, next)) return contact;
  next.updatedAt = now;
  return next;
};

/** A JSON number or boolean of the field's own type is taken as it is; anything else is read as a cell. */
const readCustom = (
  name: string,
  field: CustomField,
  given: CustomValue | null,
  target: { country: CountryCode; format: ValueFormat },
): CustomValue | undefined => {
  if (given === null) return undefined;
  if (field.type === 'number' && typeof given === 'number') {
    if (!Number.isFinite(given)) throw invalidField(name, 'must be a finite number');
    return given;
  }
  if (field.type === 'boolean' && typeof given === 'boolean') return given;
  const value = readValue(
    name,
    readFieldValue({ kind: 'custom', key: field.key, field }, String(given), target),
  );
  return value as CustomValue | undefined;
};

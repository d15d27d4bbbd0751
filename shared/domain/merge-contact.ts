// The merge rules of SPEC §4 and the update rules of SPEC §9 (overwrite per field, blank cells, tag mode): what a
// row changes of a matched contact; and the limits of what one contact can hold, checked on what the merge gives.

import type { Contact, ContactFieldKey, ContactOrigin, ContactValues } from './contact.js';
import { type CustomValue, LIMITS } from './fields.js';
import type { BlankCells, OverwritePolicy, TagMode } from './import-options.js';
import { mergeTags, removeTags } from './tags.js';

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
  createdBy?: ContactOrigin,
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
  if (createdBy) contact.createdBy = { ...createdBy };
  return contact;
};

const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((tag, i) => tag === b[i]);

/** The update rules a row is merged by (SPEC §9); without them, those of SPEC §4 (`always`, `ignore`, `append`). */
export interface MergeRules {
  overwrite: OverwritePolicy;
  blankCells: BlankCells;
  tagMode: TagMode;
  /** The fields whose column carries a policy of its own: it wins over `overwrite`. */
  fields?: Readonly<Partial<Record<ContactFieldKey, OverwritePolicy>>>;
}

export const DEFAULT_MERGE_RULES: MergeRules = {
  overwrite: 'always',
  blankCells: 'ignore',
  tagMode: 'append',
};

const STRICTNESS: Readonly<Record<OverwritePolicy, number>> = { always: 0, if_empty: 1, never: 2 };

const strictest = (policies: readonly OverwritePolicy[]): OverwritePolicy =>
  policies.reduce((a, b) => (STRICTNESS[b] > STRICTNESS[a] ? b : a), 'always');

const isEmpty = (value: unknown): boolean => value === undefined || value === '';

/**
 * Whether a policy lets a row write a field the contact has (or lacks): `always` yes, `if_empty` only where the
 * contact has none, `never` no.
 */
const mayWrite = (policy: OverwritePolicy, hasValue: boolean): boolean =>
  policy === 'always' || (policy === 'if_empty' && !hasValue);

const NAME_PARTS = ['firstName', 'lastName'] as const;

/**
 * The contact after a row updates it, and whether the row changed anything. Per field, under its policy (the
 * column's own, else the import's `overwrite`): a non-empty cell sets it where the policy lets it; with
 * `blankCells: clear`, a blank mapped cell (`blanks`, from the row reader) clears it where the policy is `always`
 * (never the email). Tags follow `tagMode` where their policy lets them change. The full name, when the row gives
 * none, is derived anew from the first and last name whenever the row set or cleared one of them, under the
 * strictest policy of the full name and those parts.
 */
export const updateContact = (
  existing: Contact,
  values: ContactValues,
  now: string,
  rules: MergeRules = DEFAULT_MERGE_RULES,
  blanks: readonly ContactFieldKey[] = [],
): { contact: Contact; changed: boolean } => {
  const next: Contact = { ...existing, tags: existing.tags, customFields: existing.customFields };
  const policyOf = (key: ContactFieldKey): OverwritePolicy => rules.fields?.[key] ?? rules.overwrite;
  const cleared = new Set(rules.blankCells === 'clear' ? blanks : []);
  const clears = (key: ContactFieldKey, hasValue: boolean) =>
    hasValue && cleared.has(key) && policyOf(key) === 'always';
  let changed = false;
  const touchedParts: OverwritePolicy[] = [];
  for (const field of SCALAR_FIELDS) {
    const value = values[field];
    const current = existing[field];
    if (value !== undefined) {
      if (!mayWrite(policyOf(field), !isEmpty(current))) continue;
      if ((NAME_PARTS as readonly string[]).includes(field)) touchedParts.push(policyOf(field));
      if (value !== current) {
        next[field] = value;
        changed = true;
      }
    } else if (field !== 'email' && clears(field, !isEmpty(current))) {
      delete next[field];
      if ((NAME_PARTS as readonly string[]).includes(field)) touchedParts.push(policyOf(field));
      changed = true;
    }
  }
  changed = mergeFullName(existing, next, values, policyOf('fullName'), touchedParts, clears) || changed;
  changed = mergeTagsByRules(existing, next, values, policyOf('tags'), rules.tagMode, clears) || changed;
  changed = mergeCustomFields(existing, next, values, policyOf, clears) || changed;
  if (changed) next.updatedAt = now;
  return { contact: changed ? next : existing, changed };
};

/** The row's full name under its policy; else, when a name part was set or cleared, the one derived from the parts. */
const mergeFullName = (
  existing: Contact,
  next: Contact,
  values: ContactValues,
  policy: OverwritePolicy,
  touchedParts: readonly OverwritePolicy[],
  clears: (key: ContactFieldKey, hasValue: boolean) => boolean,
): boolean => {
  const has = !isEmpty(existing.fullName);
  let fullName: string | undefined;
  if (values.fullName !== undefined) {
    if (!mayWrite(policy, has)) return false;
    fullName = values.fullName;
  } else if (clears('fullName', has) || touchedParts.length > 0) {
    // A full name cleared is derived anew from what the parts are now, as a created contact's would be.
    const derivedPolicy = clears('fullName', has) ? 'always' : strictest([policy, ...touchedParts]);
    if (!mayWrite(derivedPolicy, has)) return false;
    fullName = joinName(next.firstName, next.lastName);
  } else {
    return false;
  }
  if (fullName === existing.fullName) return false;
  if (fullName === undefined) delete next.fullName;
  else next.fullName = fullName;
  return true;
};

/** The row's tags by `tagMode` (`append`, `replace`, `remove`) where their policy lets them change; a blank tags cell under `clear` empties them. */
const mergeTagsByRules = (
  existing: Contact,
  next: Contact,
  values: ContactValues,
  policy: OverwritePolicy,
  mode: TagMode,
  clears: (key: ContactFieldKey, hasValue: boolean) => boolean,
): boolean => {
  const has = existing.tags.length > 0;
  let tags: string[];
  if (values.tags && values.tags.length > 0) {
    if (!mayWrite(policy, has)) return false;
    if (mode === 'replace') tags = [...values.tags];
    else if (mode === 'remove') tags = removeTags(existing.tags, values.tags);
    else tags = mergeTags(existing.tags, values.tags);
  } else if (clears('tags', has)) {
    tags = [];
  } else {
    return false;
  }
  if (sameTags(tags, existing.tags)) return false;
  next.tags = tags;
  return true;
};

/** Custom fields per key, each under its own policy (`custom:<key>`); a blank one under `clear` is removed. */
const mergeCustomFields = (
  existing: Contact,
  next: Contact,
  values: ContactValues,
  policyOf: (key: ContactFieldKey) => OverwritePolicy,
  clears: (key: ContactFieldKey, hasValue: boolean) => boolean,
): boolean => {
  let customFields: Record<string, CustomValue> | undefined;
  const has = (key: string) =>
    Object.hasOwn(existing.customFields, key) && !isEmpty(existing.customFields[key]);
  for (const [key, value] of Object.entries(values.customFields ?? {})) {
    if (!mayWrite(policyOf(`custom:${key}`), has(key))) continue;
    if (!Object.hasOwn(existing.customFields, key) || existing.customFields[key] !== value) {
      customFields ??= { ...existing.customFields };
      customFields[key] = value;
    }
  }
  for (const key of Object.keys(existing.customFields)) {
    if (values.customFields && Object.hasOwn(values.customFields, key)) continue;
    if (clears(`custom:${key}`, has(key))) {
      customFields ??= { ...existing.customFields };
      delete customFields[key];
    }
  }
  if (!customFields) return false;
  next.customFields = customFields;
  return true;
};

/** The identity a contact must keep (SPEC §9): a name, an email or a phone. */
export const hasIdentity = (contact: Contact): boolean =>
  !isEmpty(contact.fullName) ||
  !isEmpty(contact.firstName) ||
  !isEmpty(contact.lastName) ||
  !isEmpty(contact.email) ||
  !isEmpty(contact.phone);

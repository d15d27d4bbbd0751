// What one transaction of an import did to one contact, as the revert needs it (SPEC §10): the journal's entries.

import { CONTACT_TEXT_FIELDS, type Contact } from '../domain/contact.js';
import type { CustomValue } from '../domain/fields.js';
import { toTagKey } from '../domain/tags.js';

/** The contact's own fields a row writes (tags and custom fields aside). */
export const JOURNAL_FIELDS = CONTACT_TEXT_FIELDS;
export type JournalField = (typeof JOURNAL_FIELDS)[number];

/** A field's value before and after one write; `null` is empty (absent). */
export type FieldChange<K extends string, V> = [key: K, before: V | null, after: V | null];

export interface JournalEntry {
  /** The contact's id. */
  id: string;
  /** The version the write left (`ver` of the contact item after it). */
  ver: number;
  /** The write created the contact. */
  created?: true;
  fields?: FieldChange<JournalField, string>[];
  custom?: FieldChange<string, CustomValue>[];
  /** Tags the write added (as it spelt them) and removed (as they were spelt). */
  tagsAdded?: string[];
  tagsRemoved?: string[];
  /** Tags the contact kept under another spelling (`tagMode replace` spells them as the row does): [was, is]. */
  tagsRespelt?: [was: string, is: string][];
}

/** One transaction's entries and the checkpoint (its last row) it wrote with them. */
export interface JournalUnit {
  lastRow: number;
  entries: JournalEntry[];
}

const orNull = <V>(value: V | undefined): V | null => (value === undefined || value === '' ? null : value);

/** The entry for a write that took `before` (undefined: none, a creation) to `after`, leaving version `ver`. */
export const journalEntry = (before: Contact | undefined, after: Contact, ver: number): JournalEntry => {
  if (!before) return { id: after.id, ver, created: true };
  const entry: JournalEntry = { id: after.id, ver };
  const fields: FieldChange<JournalField, string>[] = [];
  for (const field of JOURNAL_FIELDS) {
    const was = orNull(before[field]);
    const is = orNull(after[field]);
    if (was !== is) fields.push([field, was, is]);
  }
  if (fields.length > 0) entry.fields = fields;
  const custom: FieldChange<string, CustomValue>[] = [];
  const keys = new Set([...Object.keys(before.customFields), ...Object.keys(after.customFields)]);
  for (const key of keys) {
    const was = Object.hasOwn(before.customFields, key) ? orNull(before.customFields[key]) : null;
    const is = Object.hasOwn(after.customFields, key) ? orNull(after.customFields[key]) : null;
    if (was !== is) custom.push([key, was, is]);
  }
  if (custom.length > 0) entry.custom = custom;
  const beforeTags = new Set(before.tags.map(toTagKey));
  const afterTags = new Set(after.tags.map(toTagKey));
  const added = after.tags.filter((tag) => !beforeTags.has(toTagKey(tag)));
  const removed = before.tags.filter((tag) => !afterTags.has(toTagKey(tag)));
  const spelt = new Map(after.tags.map((tag) => [toTagKey(tag), tag]));
  const respelt = before.tags.flatMap((tag): [string, string][] => {
    const now = spelt.get(toTagKey(tag));
    return now !== undefined && now !== tag ? [[tag, now]] : [];
  });
  if (added.length > 0) entry.tagsAdded = added;
  if (removed.length > 0) entry.tagsRemoved = removed;
  if (respelt.length > 0) entry.tagsRespelt = respelt;
  return entry;
};

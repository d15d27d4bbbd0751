// Decides what undoing one contact does (SPEC §10) against the working set, and applies it there.

import type { Contact } from '../domain/contact.js';
import type { CustomValue } from '../domain/fields.js';
import { toTagKey } from '../domain/tags.js';
import { type Needs, noNeeds, type WorkingSet } from '../import/working-set.js';
import type { JournalField } from './journal-entry.js';
import type { ContactUndo } from './reduce-journal.js';

export type KeptCode = 'changed_since' | 'email_taken';

export type UndoOutcome =
  | { outcome: 'deleted' }
  | { outcome: 'restored' }
  | { outcome: 'kept'; code: KeptCode };

export type UndoPlan = { kind: 'outcome'; outcome: UndoOutcome } | { kind: 'need'; needs: Needs };

const orNull = <V>(value: V | undefined): V | null => (value === undefined || value === '' ? null : value);

const need = (fill: (needs: Needs) => void): UndoPlan => {
  const needs = noNeeds();
  fill(needs);
  return { kind: 'need', needs };
};

/**
 * A created contact is deleted while it is as the import
 * left it; any other gets back, field by field, what it had before wherever it still holds what the import wrote.
 */
export const planUndo = (
  undo: ContactUndo,
  set: WorkingSet,
  ctx: { now: string; gone: ReadonlySet<string> },
): UndoPlan => {
  const { now } = ctx;
  // Deleted since (by a person): nothing is left to undo.
  if (ctx.gone.has(undo.id)) return { kind: 'outcome', outcome: { outcome: 'kept', code: 'changed_since' } };
  if (!set.knowsContact(undo.id)) return need((n) => n.contacts.add(undo.id));
  const current = set.contact(undo.id);
  const version = set.versionOf(undo.id);
  if (!current || version === 0)
    return { kind: 'outcome', outcome: { outcome: 'kept', code: 'changed_since' } };
  if (undo.created) {
    if (version !== undo.ver) return { kind: 'outcome', outcome: { outcome: 'kept', code: 'changed_since' } };
    if (current.phone && !set.knowsPhone(current.phone))
      return need((n) => n.phones.add(current.phone as string));
    if (current.email && !set.knowsEmail(current.email))
      return need((n) => n.emails.add(current.email as string));
    set.removeContact(current);
    return { kind: 'outcome', outcome: { outcome: 'deleted' } };
  }

  const restored: Contact = {
    ...current,
    customFields: { ...current.customFields },
    tags: [...current.tags],
  };
  let changes = 0;
  let emailTaken = false;
  for (const [field, change] of undo.fields) {
    if (orNull(current[field]) !== change.after) continue;
    if (field === 'email' && change.before !== null) {
      const email = change.before;
      if (!set.knowsEmail(email)) return need((n) => n.emails.add(email));
      const holder = set.contactIdByEmail(email);
      if (holder !== undefined && holder !== undo.id) {
        emailTaken = true;
        continue;
      }
    }
    setField(restored, field, change.before);
    changes++;
  }
  for (const [key, change] of undo.custom) {
    const held = Object.hasOwn(current.customFields, key) ? orNull(current.customFields[key]) : null;
    if (held !== change.after) continue;
    setCustom(restored, key, change.before);
    changes++;
  }
  const added = new Set(undo.tagsAdded.map(toTagKey));
  // A tag the import spelt otherwise gets its old spelling back while it still has the import's.
  const respelt = new Map(undo.tagsRespelt.map(([was, is]) => [is, was]));
  const kept = restored.tags
    .filter((tag) => !added.has(toTagKey(tag)))
    .map((tag) => {
      const was = respelt.get(tag);
      if (was === undefined) return tag;
      changes++;
      return was;
    });
  changes += restored.tags.length - kept.length;
  const present = new Set(kept.map(toTagKey));
  const putBack = undo.tagsRemoved.filter((tag) => !present.has(toTagKey(tag)));
  restored.tags = [...kept, ...putBack];
  changes += putBack.length;

  if (changes === 0) {
    return {
      kind: 'outcome',
      outcome: { outcome: 'kept', code: emailTaken ? 'email_taken' : 'changed_since' },
    };
  }
  // The phone sets the contact leaves and joins, and the guard of the email it lets go, must be known first.
  const phones = [current.phone, restored.phone].filter((p): p is string => !!p && !set.knowsPhone(p));
  const emails = [current.email, restored.email].filter((e): e is string => !!e && !set.knowsEmail(e));
  if (phones.length > 0 || emails.length > 0) {
    return need((n) => {
      for (const phone of phones) n.phones.add(phone);
      for (const email of emails) n.emails.add(email);
    });
  }
  restored.updatedAt = now;
  set.replaceContact(current, restored);
  return { kind: 'outcome', outcome: { outcome: 'restored' } };
};

const setField = (contact: Contact, field: JournalField, value: string | null) => {
  if (value === null) delete contact[field];
  else contact[field] = value;
};

const setCustom = (contact: Contact, key: string, value: CustomValue | null) => {
  if (value === null) delete contact.customFields[key];
  else contact.customFields[key] = value;
};

// Folds an import's journal into one undo per contact: the first write's "before", the last write's "after".

import type { CustomValue } from '../domain/fields.js';
import { toTagKey } from '../domain/tags.js';
import type { JournalEntry, JournalField, JournalUnit } from './journal-entry.js';

/** A field the import changed: what it held before the import's first write of it, and after its last. */
export interface NetChange<V> {
  before: V | null;
  after: V | null;
}

/** All the import did to one contact, net of its rows, and the version its last write left. */
export interface ContactUndo {
  id: string;
  ver: number;
  created: boolean;
  fields: Map<JournalField, NetChange<string>>;
  custom: Map<string, NetChange<CustomValue>>;
  /** Tags the import added in the end (its spelling) and those it removed in the end (as they were spelt). */
  tagsAdded: string[];
  tagsRemoved: string[];
  /** Tags there before and after the import, which it spelt otherwise: [as they were spelt, as it left them]. */
  tagsRespelt: [was: string, is: string][];
}

interface TagTrace {
  /** As it was spelt before the import (when it was there), else as the import first added it. */
  spelling: string;
  /** As the import's last write of it left it. */
  lastSpelling: string;
  originally: boolean;
  finally: boolean;
}

interface Folding {
  undo: ContactUndo;
  tags: Map<string, TagTrace>;
}

/** Journal bytes one pass folds: a pass keeps a few times this in memory whatever the import's size. */
export const PASS_BYTES = 32 * 1024 * 1024;

export const passesFor = (journalBytes: number, passBytes = PASS_BYTES): number =>
  Math.max(1, Math.ceil(journalBytes / passBytes));

/** FNV-1a of the contact id: which pass undoes the contact (ids are random, so passes are even). */
export const passOf = (contactId: string, passes: number): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < contactId.length; i++) {
    hash ^= contactId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % passes;
};

const foldChange = <K, V>(changes: Map<K, NetChange<V>>, key: K, before: V | null, after: V | null) => {
  const known = changes.get(key);
  if (known) known.after = after;
  else changes.set(key, { before, after });
};

const foldEntry = (folding: Folding, entry: JournalEntry) => {
  const { undo, tags } = folding;
  undo.ver = entry.ver;
  for (const [field, before, after] of entry.fields ?? []) foldChange(undo.fields, field, before, after);
  for (const [key, before, after] of entry.custom ?? []) foldChange(undo.custom, key, before, after);
  for (const tag of entry.tagsAdded ?? []) {
    const key = toTagKey(tag);
    const trace = tags.get(key) ?? { spelling: tag, lastSpelling: tag, originally: false, finally: false };
    trace.finally = true;
    trace.lastSpelling = tag;
    tags.set(key, trace);
  }
  for (const tag of entry.tagsRemoved ?? []) {
    const key = toTagKey(tag);
    const trace = tags.get(key) ?? { spelling: tag, lastSpelling: tag, originally: true, finally: true };
    trace.finally = false;
    tags.set(key, trace);
  }
  for (const [was, is] of entry.tagsRespelt ?? []) {
    const key = toTagKey(was);
    const trace = tags.get(key) ?? { spelling: was, lastSpelling: was, originally: true, finally: true };
    trace.lastSpelling = is;
    tags.set(key, trace);
  }
};

const finish = ({ undo, tags }: Folding): ContactUndo => {
  // A field the import changed and changed back is no change of the import's.
  for (const [field, change] of undo.fields) if (change.before === change.after) undo.fields.delete(field);
  for (const [key, change] of undo.custom) if (change.before === change.after) undo.custom.delete(key);
  for (const trace of tags.values()) {
    if (!trace.originally && trace.finally) undo.tagsAdded.push(trace.spelling);
    if (trace.originally && !trace.finally) undo.tagsRemoved.push(trace.spelling);
    if (trace.originally && trace.finally && trace.lastSpelling !== trace.spelling)
      undo.tagsRespelt.push([trace.spelling, trace.lastSpelling]);
  }
  return undo;
};

/**
 * The undos of the contacts of one pass whose ids sort after `after`, in id order. Entries come in file order,
 * so the first entry of a contact holds its state before the import, and the last the state the import left.
 */
export const reduceJournal = async (
  units: AsyncIterable<JournalUnit>,
  select: { pass: number; passes: number; after: string },
): Promise<ContactUndo[]> => {
  const foldings = new Map<string, Folding>();
  for await (const unit of units) {
    for (const entry of unit.entries) {
      if (entry.id <= select.after || passOf(entry.id, select.passes) !== select.pass) continue;
      let folding = foldings.get(entry.id);
      if (!folding) {
        folding = {
          undo: {
            id: entry.id,
            ver: entry.ver,
            created: entry.created === true,
            fields: new Map(),
            custom: new Map(),
            tagsAdded: [],
            tagsRemoved: [],
            tagsRespelt: [],
          },
          tags: new Map(),
        };
        foldings.set(entry.id, folding);
      }
      foldEntry(folding, entry);
    }
  }
  return [...foldings.keys()].sort().map((id) => finish(foldings.get(id) as Folding));
};

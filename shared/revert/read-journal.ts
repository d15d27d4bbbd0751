// Reads an import's journal back exactly: the units that committed, in file order, whatever attempts wrote.

import type { JournalStore } from '../ports/journal-store.js';
import type { JournalUnit } from './journal-entry.js';

/** A segment's line: `[lastRow, entries]`. */
type JournalLine = [number, JournalUnit['entries']];

export const toJournalLine = (unit: JournalUnit): string =>
  JSON.stringify([unit.lastRow, unit.entries] satisfies JournalLine);

/**
 * The units an import committed, in order. A segment is written before its batch's transactions; a later segment
 * was written by a run that re-planned from its `fromRow` (the first row after the stored checkpoint), so an
 * earlier segment's units ending at or after it never committed (as assembleReport drops such report lines).
 * Units past the finished import's checkpoint (`lastRow`) never committed either: the import ended before them.
 */
export async function* readJournal(
  journals: JournalStore,
  workspaceId: string,
  importId: string,
  lastRow: number,
): AsyncGenerator<JournalUnit> {
  const segments = (await journals.listSegments(workspaceId, importId)).sort(
    (a, b) => a.segment - b.segment || a.fromRow - b.fromRow,
  );
  for (const [i, segment] of segments.entries()) {
    const until = segments[i + 1]?.fromRow ?? Number.POSITIVE_INFINITY;
    for await (const text of journals.readSegment(segment.key)) {
      if (text === '') continue;
      const [unitRow, entries] = JSON.parse(text) as JournalLine;
      if (unitRow >= until || unitRow > lastRow) break;
      yield { lastRow: unitRow, entries };
    }
  }
}

// What a paused dry run keeps for the invocation that continues it, and the census of the keys its rows ahead name.

import type { ByteSource } from '../csv/read-records.js';
import type { RowReading } from '../domain/read-row.js';
import type { ReportStore } from '../ports/report-store.js';
import type { OverlayState } from './dry-run-overlay.js';
import type { ImportLayout } from './import-record.js';
import { KeyCensus } from './key-census.js';
import { readFileRecords } from './read-file-records.js';

/** A row of the file and the byte offset just past it. */
export interface Position {
  offset: number;
  index: number;
}

/** What a paused dry run keeps: its overlay as it stood after row `row`, which ends at byte `offset`. */
interface DryRunState {
  version: 2;
  row: number;
  offset: number;
  overlay: OverlayState;
}

/** The kept state, or undefined when there is none or it is not one this engine wrote. */
const parseDryRunState = (text: string | undefined): DryRunState | undefined => {
  if (!text) return undefined;
  try {
    const state = JSON.parse(text) as Partial<DryRunState>;
    const { overlay } = state;
    const valid =
      state.version === 2 &&
      Number.isInteger(state.row) &&
      Number.isInteger(state.offset) &&
      Array.isArray(overlay?.emails) &&
      Array.isArray(overlay?.phones) &&
      Array.isArray(overlay?.contacts);
    return valid ? (state as DryRunState) : undefined;
  } catch {
    return undefined;
  }
};

interface Where {
  reports: ReportStore;
  workspaceId: string;
  importId: string;
}

/**
 * Where a run reads from: the checkpoint, or the first row after the header. A continued dry run wrote nothing,
 * so it starts where the overlay it kept was taken (at the first row when it kept none: an invocation that died)
 * and plans the rows up to the checkpoint again, uncounted, so that later rows see what they changed.
 */
export const resumePoint = async (
  where: Where,
  layout: ImportLayout,
  checkpoint: number,
  checkpointOffset: number,
  dryRun: boolean,
): Promise<{ start: Position; overlay?: OverlayState }> => {
  const first = { offset: layout.headerEndOffset, index: layout.headerRow };
  if (checkpoint === 0) return { start: first };
  if (!dryRun) return { start: { offset: checkpointOffset, index: checkpoint } };
  const kept = parseDryRunState(await where.reports.getDryRunState(where.workspaceId, where.importId));
  if (!kept || kept.row > checkpoint || kept.row < first.index) return { start: first };
  return { start: { offset: kept.offset, index: kept.row }, overlay: kept.overlay };
};

/** A paused dry run keeps its overlay for the invocation that continues it. */
export const keepDryRunState = async (where: Where, at: Position, overlay: OverlayState): Promise<void> => {
  const state: DryRunState = { version: 2, row: at.index, offset: at.offset, overlay };
  await where.reports.putDryRunState(where.workspaceId, where.importId, JSON.stringify(state));
};

/** Reads the rest of the file once to count the emails and phones its rows name (a few MB, whatever its size). */
export const takeCensus = async (
  source: ByteSource,
  layout: ImportLayout,
  readRow: (cells: string[]) => RowReading,
  start: Position,
): Promise<KeyCensus> => {
  const census = new KeyCensus(Math.ceil(source.size / 32));
  for await (const event of readFileRecords(source, layout, start)) {
    if (event.type !== 'record') continue;
    const reading = readRow(event.cells);
    if (reading.kind !== 'values') continue;
    if (reading.values.email) census.add(reading.values.email);
    if (reading.values.phone) census.add(reading.values.phone);
  }
  return census;
};

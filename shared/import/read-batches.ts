// The file's rows in batches, each row read into values (or its skip or error), ending between footer groups.

import type { ByteSource, CsvReadEvent } from '../csv/read-records.js';
import type { RowReading } from '../domain/read-row.js';
import { FILE_FAILURE_CODES, ImportError } from '../errors.js';
import type { Position } from './dry-run-state.js';
import { footerSkip, groupFooterRows } from './footer-rows.js';
import type { ImportLayout } from './import-record.js';
import { readFileRecords } from './read-file-records.js';

export const FAILURE_CODES: ReadonlySet<string> = new Set(FILE_FAILURE_CODES);

/** A row as read: where it is in the file, and what its cells say. */
export interface PlannedRow {
  event: CsvReadEvent;
  reading: RowReading;
}

export interface BatchReader {
  /** The next rows (fewer than asked at the end of the file, none past it). */
  next(): Promise<PlannedRow[]>;
  /** Throws the failure that stopped reading, once the rows read before it are in; returns false otherwise. */
  ended(): false;
  /** Stops reading (a pause). */
  close(): Promise<void>;
}

/**
 * A batch ends between groups: rows held to tell a footer from data are decided alike by every continuation. Where
 * the file cannot be read any further (SPEC §5), the rows read before that point are given first: the failure is
 * kept and thrown by `ended()` once they are applied and counted.
 */
export const readBatches = (
  source: ByteSource,
  layout: ImportLayout,
  start: Position,
  readRow: (cells: string[]) => RowReading,
  batchRows: number,
): BatchReader => {
  const events = groupFooterRows(readFileRecords(source, layout, start), layout.headers.length);
  let unreadable: ImportError | undefined;
  return {
    async next() {
      const batch: PlannedRow[] = [];
      if (unreadable) return batch;
      try {
        while (batch.length < batchRows) {
          const next = await events.next();
          if (next.done) break;
          for (const event of next.value.events) {
            const footer = next.value.footer ? footerSkip(event) : undefined;
            const reading: RowReading =
              event.type !== 'record'
                ? { kind: 'errored', code: 'malformed_row', message: event.message }
                : footer
                  ? { kind: 'skipped', ...footer }
                  : readRow(event.cells);
            batch.push({ event, reading });
          }
        }
      } catch (error) {
        if (!(error instanceof ImportError) || !FAILURE_CODES.has(error.code)) throw error;
        unreadable = error;
      }
      return batch;
    },
    ended() {
      if (unreadable) throw unreadable;
      return false;
    },
    async close() {
      await events.return?.(undefined);
    },
  };
};

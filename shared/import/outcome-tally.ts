// The tally of planned rows: their outcomes added into the counts, the summary's error sample and report lines.

import type { CsvReadEvent } from '../csv/read-records.js';
import { LIMITS } from '../domain/fields.js';
import type { RowOutcome } from '../domain/outcomes.js';
import { isReported } from '../domain/outcomes.js';
import type { RowReading } from '../domain/read-row.js';
import { toSegmentLine, withCellsLeftOut } from './error-report.js';
import type { ImportProgress, SummaryError } from './import-record.js';

export const cloneProgress = (progress: ImportProgress): ImportProgress => ({
  ...progress,
  counts: { ...progress.counts },
  skippedBy: { ...progress.skippedBy },
  ...(progress.noted ? { noted: { ...progress.noted } } : {}),
  ...(progress.cellErrors ? { cellErrors: { ...progress.cellErrors } } : {}),
  ...(progress.erroredBy ? { erroredBy: { ...progress.erroredBy } } : {}),
});

/** The outcome a reading decides alone (a skipped or errored row); undefined for values still to be matched. */
export const outcomeOfReading = (reading: RowReading): RowOutcome | undefined => {
  if (reading.kind === 'skipped') return { outcome: 'skipped', code: reading.code, message: reading.message };
  if (reading.kind === 'errored') {
    return {
      outcome: 'errored',
      code: reading.code,
      ...(reading.column !== undefined ? { column: reading.column } : {}),
      message: reading.message,
    };
  }
  return undefined;
};

const bump = <K extends string>(counts: Partial<Record<K, number>> | undefined, key: K) => ({
  ...counts,
  [key]: (counts?.[key] ?? 0) + 1,
});

/**
 * Running totals from a checkpoint on: each row's outcome moves the progress (row, offset, counts), adds an errored
 * row to the summary's first errors while there is room, and gives the report line of a reported row.
 */
export class OutcomeTally {
  private running: ImportProgress;
  /** The summary's first errors (SPEC §6), in file order. */
  errors: SummaryError[];
  private errorsChanged = false;
  readonly lines: string[] = [];

  /** How many more errors the sample may take (by default, until it holds as many as the summary keeps). */
  private room: number;

  constructor(progress: ImportProgress, errors: SummaryError[], room = LIMITS.summaryErrors - errors.length) {
    this.running = cloneProgress(progress);
    this.errors = errors;
    this.room = room;
  }

  /** The progress after the rows counted so far. */
  get progress(): ImportProgress {
    return this.running;
  }

  /** Adds one row, and the report line of a reported one to `lines`. */
  count(event: CsvReadEvent, reading: RowReading, outcome: RowOutcome): void {
    const running = this.running;
    running.row = event.index;
    running.offset = event.endOffset;
    running.counts.rows += 1;
    running.counts[outcome.outcome] += 1;
    if (outcome.outcome === 'skipped') {
      running.skippedBy[outcome.code] = (running.skippedBy[outcome.code] ?? 0) + 1;
    }
    if (outcome.outcome === 'errored') running.erroredBy = bump(running.erroredBy, outcome.code);
    if ('matchedRow' in outcome && outcome.matchedRow !== undefined) {
      running.noted = bump(running.noted, 'matched_earlier_row');
    }
    for (const note of reading.kind === 'values' ? (reading.notes ?? []) : []) {
      running.noted = bump(running.noted, note);
    }
    if (outcome.outcome === 'errored' && this.room > 0) {
      this.room -= 1;
      this.errors = [
        ...this.errors,
        {
          row: event.index,
          code: outcome.code,
          ...(outcome.column !== undefined ? { column: outcome.column } : {}),
          message: outcome.message,
        },
      ];
      running.errorsKept = this.errors.length;
      this.errorsChanged = true;
    }
    const cellErrors = reading.kind === 'values' ? reading.cellErrors : undefined;
    for (const cell of cellErrors ?? []) running.cellErrors = bump(running.cellErrors, cell.code);
    if (isReported(outcome) || cellErrors) {
      const reported = cellErrors ? withCellsLeftOut(outcome, cellErrors) : outcome;
      this.lines.push(toSegmentLine(event.index, reported, event.type === 'record' ? event.cells : []));
    }
  }

  /**
   * Closes the totals of one transaction plan: the progress it commits, and the error sample when it changed.
   * Counting goes on from a copy.
   */
  close(): { next: ImportProgress; errors?: SummaryError[] } {
    const next = this.running;
    const errors = this.errorsChanged ? this.errors : undefined;
    this.running = cloneProgress(next);
    this.errorsChanged = false;
    return { next, ...(errors ? { errors } : {}) };
  }
}

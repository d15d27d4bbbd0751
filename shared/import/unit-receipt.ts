// A committed transaction's receipt, and the fold of a batch's receipts into the import's checkpoint.

import { LIMITS } from '../domain/fields.js';
import type { LaneState, ProgressDelta, UnitReceipt } from '../ports/commit-lane-store.js';
import { emptyCounts, type ImportProgress, type SummaryError } from './import-record.js';
import { cloneProgress } from './outcome-tally.js';

/** The counters of a progress as a delta (what a transaction's rows add), from a tally begun at zero. */
export const deltaOf = (progress: ImportProgress): ProgressDelta => ({
  counts: { ...progress.counts },
  skippedBy: { ...progress.skippedBy },
  ...(progress.erroredBy ? { erroredBy: { ...progress.erroredBy } } : {}),
  ...(progress.noted ? { noted: { ...progress.noted } } : {}),
  ...(progress.cellErrors ? { cellErrors: { ...progress.cellErrors } } : {}),
});

/** A progress at zero to tally one transaction's rows from. */
export const zeroProgress = (): ImportProgress => ({
  row: 0,
  offset: 0,
  counts: emptyCounts(),
  skippedBy: {},
  errorsKept: 0,
  segment: 0,
});

const addInto = (into: Record<string, number>, from: Record<string, number | undefined> | undefined) => {
  for (const [key, n] of Object.entries(from ?? {})) into[key] = (into[key] ?? 0) + (n ?? 0);
};

/** The errors of both, each row once, in file order, as many as the summary keeps. */
export const mergeErrors = (kept: SummaryError[], added: SummaryError[]): SummaryError[] => {
  const byRow = new Map<number, SummaryError>();
  for (const error of [...kept, ...added]) if (!byRow.has(error.row)) byRow.set(error.row, error);
  return [...byRow.values()].sort((a, b) => a.row - b.row).slice(0, LIMITS.summaryErrors);
};

/**
 * The checkpoint once these receipts (the committed transactions of the batch begun at `checkpoint`) are in: their
 * counts added, its position at the last of them, the errors merged. Receipts may come in any order.
 */
export const foldReceipts = (
  checkpoint: ImportProgress,
  errors: SummaryError[],
  receipts: readonly UnitReceipt[],
): { next: ImportProgress; errors: SummaryError[] } => {
  const next = cloneProgress(checkpoint);
  let merged = errors;
  for (const receipt of receipts) {
    addInto(
      next.counts as unknown as Record<string, number>,
      receipt.delta.counts as unknown as Record<string, number>,
    );
    addInto(next.skippedBy as Record<string, number>, receipt.delta.skippedBy);
    if (receipt.delta.erroredBy) {
      next.erroredBy = { ...next.erroredBy };
      addInto(next.erroredBy as Record<string, number>, receipt.delta.erroredBy);
    }
    if (receipt.delta.noted) {
      next.noted = { ...next.noted };
      addInto(next.noted as Record<string, number>, receipt.delta.noted);
    }
    if (receipt.delta.cellErrors) {
      next.cellErrors = { ...next.cellErrors };
      addInto(next.cellErrors as Record<string, number>, receipt.delta.cellErrors);
    }
    if (receipt.toRow > next.row) {
      next.row = receipt.toRow;
      next.offset = receipt.offset;
    }
    if (receipt.errors.length > 0) merged = mergeErrors(merged, receipt.errors);
  }
  next.errorsKept = merged.length;
  return { next, errors: merged };
};

/**
 * The import as a reader sees it while a batch is under way: the checkpoint with the receipts its lanes hold for
 * the batch begun at it added (a lane still on an earlier batch holds none of this one). Its row stays the
 * checkpoint's, the last row every row before which is applied; its byte offset is the furthest committed. The fold
 * writes the same sums into the checkpoint, so what a reader sees never goes down.
 */
export const withCommitted = (
  checkpoint: ImportProgress,
  errors: SummaryError[],
  lanes: readonly LaneState[],
): { progress: ImportProgress; errors: SummaryError[] } => {
  const receipts = lanes.flatMap((lane) => (lane.batch === checkpoint.row ? lane.units : []));
  if (receipts.length === 0) return { progress: checkpoint, errors };
  const { next, errors: merged } = foldReceipts(checkpoint, errors, receipts);
  return { progress: { ...next, row: checkpoint.row }, errors: merged };
};

// What a reader adds to the checkpoint while a batch is under way: the receipts the lanes hold for that batch only.

import { describe, expect, it } from 'vitest';
import { initialProgress } from '../../../shared/import/import-record.js';
import { foldReceipts, withCommitted } from '../../../shared/import/unit-receipt.js';
import type { UnitReceipt } from '../../../shared/ports/commit-lane-store.js';

const receipt = (fromRow: number, toRow: number, created: number, updated: number): UnitReceipt => ({
  fromRow,
  toRow,
  offset: toRow * 10,
  delta: {
    counts: { rows: toRow - fromRow + 1, created, updated, skipped: 0, errored: 0 },
    skippedBy: {},
  },
  errors: [],
});

const checkpoint = () => ({
  ...initialProgress(),
  row: 11,
  offset: 110,
  counts: { rows: 10, created: 10, updated: 0, skipped: 0, errored: 0 },
});

describe('the counts a reader sees mid-batch', () => {
  it('add the receipts of the batch begun at the checkpoint, and none a lane keeps of an earlier batch', () => {
    // Prepare: lane 0 committed rows 12–13 and 16 of the batch begun at row 11; lane 1 is still on the batch before.
    const lanes = [
      { lane: 0, seq: 4, batch: 11, units: [receipt(12, 13, 2, 0), receipt(16, 16, 0, 1)] },
      { lane: 1, seq: 3, batch: 1, units: [receipt(2, 11, 10, 0)] },
    ];

    // Act
    const { progress } = withCommitted(checkpoint(), [], lanes);

    // Assess: rows 14–15 are not in yet, so the row stays the checkpoint's while the counts move.
    expect(progress.counts).toEqual({ rows: 13, created: 12, updated: 1, skipped: 0, errored: 0 });
    expect(progress.row).toBe(11);
    expect(progress.offset).toBe(160);
  });

  it('equal, once every receipt of the batch is in, what the fold writes into the checkpoint', () => {
    // Prepare
    const units = [receipt(12, 13, 2, 0), receipt(14, 15, 1, 1), receipt(16, 16, 0, 1)];
    const lanes = [
      { lane: 0, seq: 4, batch: 11, units: [units[0] as UnitReceipt, units[2] as UnitReceipt] },
      { lane: 1, seq: 3, batch: 11, units: [units[1] as UnitReceipt] },
    ];

    // Act
    const seen = withCommitted(checkpoint(), [], lanes).progress;
    const folded = foldReceipts(checkpoint(), [], units).next;

    // Assess
    expect(seen.counts).toEqual(folded.counts);
    expect(seen.offset).toBe(folded.offset);
    expect(folded.row).toBe(16);
  });

  it('are the checkpoint’s when no lane holds a receipt of its batch (an import that has ended)', () => {
    // Act
    const { progress } = withCommitted(
      checkpoint(),
      [],
      [{ lane: 0, seq: 9, batch: 1, units: [receipt(2, 11, 10, 0)] }],
    );

    // Assess
    expect(progress).toEqual(checkpoint());
  });
});

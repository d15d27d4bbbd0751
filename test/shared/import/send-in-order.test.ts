// The order transactions of one batch are sent in: several at once, each behind the earlier ones sharing an item.

import { describe, expect, it } from 'vitest';
import { initialProgress } from '../../../shared/import/import-record.js';
import { sendInOrder } from '../../../shared/import/send-in-order.js';
import { foldReceipts, mergeErrors } from '../../../shared/import/unit-receipt.js';

const plan = (...items: string[]) => ({ footprint: new Set(items) });

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('sendInOrder', () => {
  it('sends transactions that share no item together, up to one per lane', async () => {
    // Prepare
    const plans = [plan('E#a'), plan('E#b'), plan('E#c'), plan('E#d'), plan('E#e')];
    let inFlight = 0;
    let most = 0;

    // Act
    const outcome = await sendInOrder(plans, [0, 1, 2], async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await tick();
      inFlight--;
    });

    // Assess
    expect(outcome.committed).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(most).toBe(3);
  });

  it('sends a transaction only once every earlier one sharing an item has committed', async () => {
    // Prepare: 0 and 2 share a guard, 2 and 3 a contact; 1 shares nothing.
    const plans = [plan('E#a'), plan('E#b'), plan('E#a', 'C#x'), plan('C#x')];
    const started: number[] = [];
    const done: number[] = [];

    // Act
    await sendInOrder(plans, [0, 1, 2, 3], async (p) => {
      const j = plans.indexOf(p);
      started.push(j);
      await tick();
      done.push(j);
    });

    // Assess
    expect(started.indexOf(2)).toBeGreaterThan(-1);
    expect(done.indexOf(0)).toBeLessThan(started.indexOf(2));
    expect(done.indexOf(2)).toBeLessThan(started.indexOf(3));
    expect(started.slice(0, 2)).toEqual([0, 1]);
  });

  it('sends nothing more after a failure, waits for those in flight, and names the failed lane', async () => {
    // Prepare
    const plans = [plan('E#a'), plan('E#b'), plan('E#a'), plan('E#c')];

    // Act
    const outcome = await sendInOrder(plans, [0, 1], async (p, lane) => {
      await tick();
      if (plans.indexOf(p) === 0) throw new Error(`conflict on lane ${lane}`);
    });

    // Assess: 2 waited for 0, which failed; 1 was in flight and committed.
    expect(outcome.committed.has(0)).toBe(false);
    expect(outcome.committed.has(2)).toBe(false);
    expect(outcome.committed.has(1)).toBe(true);
    expect((outcome.failure as Error).message).toBe(`conflict on lane ${outcome.failedLanes[0]}`);
  });
});

describe('foldReceipts', () => {
  it('adds the receipts in any order, moves to the last row, and keeps the first errors by row', () => {
    // Prepare
    const delta = (created: number, errored: number) => ({
      counts: { rows: created + errored, created, updated: 0, skipped: 0, errored },
      skippedBy: {},
      ...(errored ? { erroredBy: { invalid_email: errored } } : {}),
    });
    const error = (row: number) => ({ row, code: 'invalid_email' as const, message: 'not an email' });
    const receipts = [
      { fromRow: 5, toRow: 6, offset: 60, delta: delta(1, 1), errors: [error(6)] },
      { fromRow: 2, toRow: 4, offset: 40, delta: delta(2, 1), errors: [error(3)] },
    ];

    // Act
    const { next, errors } = foldReceipts(initialProgress(), [error(3)], receipts);

    // Assess
    expect(next.counts).toEqual({ rows: 5, created: 3, updated: 0, skipped: 0, errored: 2 });
    expect(next.erroredBy).toEqual({ invalid_email: 2 });
    expect(next.row).toBe(6);
    expect(next.offset).toBe(60);
    expect(errors.map((e) => e.row)).toEqual([3, 6]);
    expect(next.errorsKept).toBe(2);
    expect(
      mergeErrors(
        [],
        Array.from({ length: 120 }, (_, i) => error(200 - i)),
      ),
    ).toHaveLength(100);
  });
});

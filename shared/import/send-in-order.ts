// Sends a batch's transactions several at a time, each only once every earlier one it shares an item with is in.

/** One transaction to send: the items its rows read or changed. */
export interface Footprinted {
  footprint: ReadonlySet<string>;
}

export interface SendOutcome {
  /** The indexes of the transactions that committed. */
  committed: Set<number>;
  /** The lanes whose last transaction failed: its outcome may be unknown (a timeout), so the lane must be fenced. */
  failedLanes: number[];
  /** The first error met; once one is, no transaction more is sent, and those in flight are waited for. */
  failure?: unknown;
}

/**
 * Transaction j waits for the last earlier transaction that touched each of its items (and so, transitively, for
 * every earlier one that shares an item with it): the committed set is always closed under "an earlier transaction
 * sharing an item". At most `lanes.length` are in flight, one per lane.
 */
export const sendInOrder = async <T extends Footprinted>(
  plans: readonly T[],
  lanes: readonly number[],
  send: (plan: T, lane: number) => Promise<void>,
): Promise<SendOutcome> => {
  const waitsFor: Set<number>[] = [];
  const lastTouch = new Map<string, number>();
  for (const [j, plan] of plans.entries()) {
    const deps = new Set<number>();
    for (const item of plan.footprint) {
      const i = lastTouch.get(item);
      if (i !== undefined) deps.add(i);
      lastTouch.set(item, j);
    }
    waitsFor.push(deps);
  }
  const committed = new Set<number>();
  const started = new Set<number>();
  const free = [...lanes].reverse();
  const inFlight = new Map<number, Promise<void>>();
  const failedLanes: number[] = [];
  let failure: unknown;
  let failed = false;
  for (;;) {
    while (!failed && free.length > 0) {
      const j = plans.findIndex(
        (_, k) => !started.has(k) && [...(waitsFor[k] ?? [])].every((i) => committed.has(i)),
      );
      if (j < 0) break;
      const lane = free.pop() as number;
      started.add(j);
      const sent = send(plans[j] as T, lane).then(
        () => {
          committed.add(j);
        },
        (error: unknown) => {
          if (!failed) failure = error;
          failed = true;
          failedLanes.push(lane);
        },
      );
      inFlight.set(
        j,
        sent.finally(() => {
          inFlight.delete(j);
          free.push(lane);
        }),
      );
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight.values());
  }
  return { committed, failedLanes, ...(failed ? { failure } : {}) };
};

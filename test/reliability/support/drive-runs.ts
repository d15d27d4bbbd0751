// Drives one long-running job (an import, a revert) to its end the way AWS would: invocations continued with the
// same run id (Step Functions), a failed invocation retried twice with it (Lambda), then a new run once the dead
// run's lease has run out.

/** A clock that can jump forward, as time passes while a dead run's lease runs out. */
export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
}

export const createClock = (): TestClock => {
  let skew = 0;
  return {
    now: () => new Date(Date.now() + skew),
    advance: (ms) => {
      skew += ms;
    },
  };
};

export interface DriveStats {
  invocations: number;
  continuations: number;
  lambdaRetries: number;
  leaseTakeovers: number;
  /** Runs that ended `lost` although nobody else ran the job: in AWS it would stay `running`. */
  lost: number;
  /** Errors that reached the invocation, by name or code. */
  errors: Map<string, number>;
}

/** What an invocation of the job ended with: an end, a pause to continue, or `lost` (another run holds it). */
export type InvocationStatus = 'completed' | 'failed' | 'cancelled' | 'paused' | 'lost' | (string & {});

export interface RunsOptions {
  /** Names the job in the error thrown when it does not finish. */
  what: string;
  clock: TestClock;
  leaseMs: number;
  maxInvocations?: number;
  /** The run id of each generation (0 for the first run, one more for each takeover). */
  runIdOf(generation: number): string;
  /** One invocation with this run id. */
  invoke(runId: string): Promise<InvocationStatus>;
  /** Whether the job has ended, read cleanly by the driver (it plays AWS, not the code under test). */
  ended(): Promise<boolean>;
}

const errorName = (error: unknown): string => {
  const e = error as { code?: string; name?: string };
  return e.code ?? e.name ?? 'unknown';
};

export const driveRuns = async (options: RunsOptions): Promise<DriveStats> => {
  const stats: DriveStats = {
    invocations: 0,
    continuations: 0,
    lambdaRetries: 0,
    leaseTakeovers: 0,
    lost: 0,
    errors: new Map(),
  };
  let generation = 0;
  let retries = 0;
  const takeOver = () => {
    options.clock.advance(options.leaseMs + 1);
    generation++;
    retries = 0;
    stats.leaseTakeovers++;
  };
  for (;;) {
    stats.invocations++;
    if (stats.invocations > (options.maxInvocations ?? 500)) {
      throw new Error(`${options.what} did not finish in ${stats.invocations - 1} invocations`);
    }
    try {
      const status = await options.invoke(options.runIdOf(generation));
      if (status === 'completed' || status === 'failed' || status === 'cancelled') return stats;
      if (status === 'paused') {
        stats.continuations++;
        continue;
      }
      if (await options.ended()) return stats;
      if (status === 'lost') stats.lost++;
      // Held by a run that died: the job is taken over once its lease has run out.
      takeOver();
    } catch (error) {
      const name = errorName(error);
      stats.errors.set(name, (stats.errors.get(name) ?? 0) + 1);
      if (retries < 2) {
        retries++;
        stats.lambdaRetries++;
      } else {
        takeOver();
      }
    }
  }
};

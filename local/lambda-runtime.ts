// The local stand-in for the Lambda runtime: a deadline per invocation, asynchronous retries, and a drain on stop.

import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

export type InvocationContext = Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>;

export type Invocable<E, R> = (event: E, context: InvocationContext) => Promise<R>;

export interface LambdaRuntime<E, R> {
  /** One synchronous invocation with a fresh deadline. */
  invoke(event: E, requestId?: string): Promise<R>;
  /** An asynchronous invocation: a failed attempt is retried twice with the same request id, as Lambda does. */
  invokeAsync(event: E): void;
  /** Work the runtime waits for in idle(): deliveries, continuation loops. */
  track(work: Promise<unknown>): void;
  invocations(): number;
  /** Resolves once every tracked piece of work has settled. */
  idle(): Promise<void>;
  /**
   * From now on the remaining time of every invocation reads 0, so that a running import pauses at its next
   * batch boundary (as before a timeout), and no new invocation starts; then waits for what runs to end.
   */
  drain(): Promise<void>;
  draining(): boolean;
}

export interface LambdaRuntimeOptions {
  /** The time each invocation gets (the function's timeout). */
  invocationMs: number;
  /** A new request id (Lambda's awsRequestId). */
  newRequestId: () => string;
  logger: Logger;
}

/** `handler` is read at each invocation: the function may be built after the runtime it is handed to. */
export const createLambdaRuntime = <E, R>(
  handler: () => Invocable<E, R>,
  options: LambdaRuntimeOptions,
): LambdaRuntime<E, R> => {
  const pending = new Set<Promise<unknown>>();
  let count = 0;
  let draining = false;

  const context = (requestId: string): InvocationContext => {
    const deadline = Date.now() + options.invocationMs;
    return {
      awsRequestId: requestId,
      getRemainingTimeInMillis: () => (draining ? 0 : Math.max(0, deadline - Date.now())),
    };
  };

  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work)).catch(() => undefined);
  };

  const invoke = async (event: E, requestId: string = options.newRequestId()) => {
    count++;
    return handler()(event, context(requestId));
  };

  const idle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  return {
    invoke,
    invokeAsync: (event) => {
      if (draining) return;
      const requestId = options.newRequestId();
      track(
        (async () => {
          for (let attempt = 0; attempt < 3 && !draining; attempt++) {
            try {
              await invoke(event, requestId);
              return;
            } catch (error) {
              options.logger.error('import invocation failed', { error: error as Error, attempt });
            }
          }
        })(),
      );
    },
    track,
    invocations: () => count,
    idle,
    drain: async () => {
      draining = true;
      await idle();
    },
    draining: () => draining,
  };
};

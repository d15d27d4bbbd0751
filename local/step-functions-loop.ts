// The local stand-in for the continuation state machine: invoke the import function again while it pauses.

import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import type { Continuation, ContinuationResult } from '../functions/import/create-handler.js';
import type { LambdaRuntime } from './lambda-runtime.js';

export type ImportRuntime = LambdaRuntime<S3Event | Continuation, ContinuationResult | undefined>;

/**
 * The import handler's `continueLater`: runs the next rounds in the background, each a new invocation, until
 * the import ends, and stops when the runtime drains (the import stays paused, to be resumed by the next start).
 */
export const continuationLoop =
  (runtime: ImportRuntime, logger: Logger) =>
  async (continuation: Continuation): Promise<void> => {
    runtime.track(
      (async () => {
        // Step Functions runs a continuation that fails up to three times (its TASKS_FAILED retries), as here.
        const invokeWithRetries = async () => {
          for (let attempt = 0; ; attempt++) {
            try {
              return await runtime.invoke(continuation);
            } catch (error) {
              if (attempt >= 2) throw error;
              logger.error('continuation invocation failed', { error: error as Error, attempt });
            }
          }
        };
        while (!runtime.draining()) {
          const result = await invokeWithRetries();
          if (result?.status !== 'paused') return;
        }
      })().catch((error) => logger.error('continuation failed', { error: error as Error })),
    );
  };

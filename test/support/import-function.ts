// The import function's handler as the tests drive it: real engine and S3, quiet logs, what it announces and
// continues recorded.

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { type Continuation, createHandler } from '../../functions/import/create-handler.js';
import type { ImportSummary } from '../../shared/import/import-record.js';
import type { ImportEngineDeps } from '../../shared/import/run-import.js';
import type { TestEnv } from './test-env.js';

export interface TestImportHandlerOptions {
  /** The invocation's remaining time (10 minutes unless told). */
  remainingMs?: () => number;
  batchRows?: number;
  /** Replaces recording the announced summaries (to make announcing fail). */
  announce?: (summary: ImportSummary) => Promise<void>;
  /** Replaces the silent logger (to read what the handler warns of). */
  logger?: Logger;
}

export const testImportHandler = (
  env: TestEnv,
  engine: ImportEngineDeps,
  options: TestImportHandlerOptions = {},
) => {
  const continuations: Continuation[] = [];
  const announced: ImportSummary[] = [];
  const handler = createHandler({
    engine,
    s3: env.s3,
    bucket: env.bucket,
    leaseMs: 60_000,
    safetyMarginMs: 1_000,
    continueLater: async (continuation) => {
      continuations.push(continuation);
    },
    announce:
      options.announce ??
      (async (summary) => {
        announced.push(summary);
      }),
    logger: options.logger ?? new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
    ...(options.batchRows ? { batchRows: options.batchRows } : {}),
  });
  const context = (requestId: string) => ({
    awsRequestId: requestId,
    getRemainingTimeInMillis: options.remainingMs ?? (() => 600_000),
  });
  return { handler, continuations, announced, context };
};

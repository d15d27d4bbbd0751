// The results handler (GET/PATCH/DELETE of imports and contacts) over a test environment's DynamoDB Local table and
// S3 emulator bucket: the Lambda's own wiring (`buildResultsDeps`), with the engine's stores in place of its own so
// that a harness's instrumented or gated stores are the ones the handler uses.

import { Logger } from '@aws-lambda-powertools/logger';
import { buildResultsDeps } from '../../functions/results/build-deps.js';
import { createHandler, type ResultsDeps } from '../../functions/results/create-handler.js';
import type { ImportEngineDeps } from '../../shared/import/run-import.js';
import type { TestEnv } from './test-env.js';

export type ResultsHandler = ReturnType<typeof createHandler>;

/**
 * `engine`'s import, report, custom-field and contact stores behind the handler; `overrides` replaces any
 * dependency (a fixed clock, a settings store the test also holds, a way of starting reverts).
 */
export const createResultsHandler = (
  env: TestEnv,
  engine: Pick<ImportEngineDeps, 'imports' | 'reports' | 'customFields' | 'contacts'>,
  overrides: Partial<ResultsDeps> = {},
): ResultsHandler =>
  createHandler({
    ...buildResultsDeps(env, env, new Logger({ logLevel: 'SILENT' })),
    imports: engine.imports,
    reports: engine.reports,
    customFields: engine.customFields,
    contactStore: engine.contacts,
    ...overrides,
  });

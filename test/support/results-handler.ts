// The results handler (GET/PATCH/DELETE of imports and contacts) over a test environment's DynamoDB Local table and
// S3 emulator bucket, with the engine's own stores: what the API Lambda builds from its environment, built once for
// the tests that drive the handler directly.

import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler, type ResultsDeps } from '../../functions/results/create-handler.js';
import { DynamoDbContactQueries } from '../../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import { DynamoDbImportProfileStore } from '../../shared/adapters/dynamodb/dynamodb-import-profile-store.js';
import { DynamoDbSettingsStore } from '../../shared/adapters/dynamodb/dynamodb-settings-store.js';
import { S3JournalStore } from '../../shared/adapters/s3/s3-journal-store.js';
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
    imports: engine.imports,
    reports: engine.reports,
    customFields: engine.customFields,
    contacts: new DynamoDbContactQueries(env.documentClient, env.tableName),
    journals: new S3JournalStore(env.s3, env.bucket),
    contactStore: engine.contacts,
    settings: new DynamoDbSettingsStore(env.documentClient, env.tableName),
    profiles: new DynamoDbImportProfileStore(env.documentClient, env.tableName),
    now: () => new Date(),
    reportLink: async (key) => `https://example.invalid/${key}`,
    logger: new Logger({ logLevel: 'SILENT' }),
    ...overrides,
  });

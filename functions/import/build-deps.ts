// The import function's dependencies from its config: one wiring for the Lambda and the local stack alike.

import type { AwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoDbImportProfileStore } from '../../shared/adapters/dynamodb/dynamodb-import-profile-store.js';
import { DynamoDbSettingsStore } from '../../shared/adapters/dynamodb/dynamodb-settings-store.js';
import { createEngineDeps, createRevertEngineDeps } from '../../shared/adapters/engine-deps.js';
import { DEFAULT_MAX_UPLOAD_BYTES, numberEnv, requireEnv } from '../../shared/config.js';
import type { ImportHandlerDeps } from './create-handler.js';
import { IMPORT_TIMEOUT_MS, leaseFor, safetyMarginFor } from './lease.js';

export interface ImportFunctionConfig {
  tableName: string;
  bucket: string;
  maxBytes: number;
  /** The time one invocation gets: the function's timeout in AWS; the local stack's may be shorter. */
  invocationMs: number;
  /** Pause this long before the invocation's end; the rule of lease.ts when absent. */
  safetyMarginMs?: number;
  /** Rows per engine batch; the engine's default when absent. */
  batchRows?: number;
}

/** Read once at cold start: a missing variable fails the function loudly. */
export const importConfigFromEnv = (): ImportFunctionConfig => ({
  tableName: requireEnv('TABLE_NAME'),
  bucket: requireEnv('BUCKET_NAME'),
  maxBytes: numberEnv('MAX_UPLOAD_BYTES', DEFAULT_MAX_UPLOAD_BYTES),
  invocationMs: IMPORT_TIMEOUT_MS,
  safetyMarginMs: numberEnv('SAFETY_MARGIN_MS', safetyMarginFor(IMPORT_TIMEOUT_MS)),
});

/** What differs between AWS and the local stack: where the next round and the announcement go, and the logs. */
export type ImportRuntime = Pick<
  ImportHandlerDeps,
  'continueLater' | 'announce' | 'announceRevert' | 'logger' | 'metrics'
>;

export const buildImportDeps = (
  config: ImportFunctionConfig,
  clients: AwsClients,
  runtime: ImportRuntime,
): ImportHandlerDeps => ({
  engine: createEngineDeps({
    documentClient: clients.documentClient,
    tableName: config.tableName,
    s3: clients.s3,
    bucket: config.bucket,
    maxBytes: config.maxBytes,
  }),
  revert: createRevertEngineDeps({
    documentClient: clients.documentClient,
    tableName: config.tableName,
    s3: clients.s3,
    bucket: config.bucket,
  }),
  settings: new DynamoDbSettingsStore(clients.documentClient, config.tableName),
  profiles: new DynamoDbImportProfileStore(clients.documentClient, config.tableName),
  s3: clients.s3,
  bucket: config.bucket,
  leaseMs: leaseFor(config.invocationMs),
  safetyMarginMs: config.safetyMarginMs ?? safetyMarginFor(config.invocationMs),
  ...(config.batchRows ? { batchRows: config.batchRows } : {}),
  ...runtime,
});

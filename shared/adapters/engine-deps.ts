// Wires the engine's ports to their DynamoDB and S3 adapters: one place for the Lambdas, the local stack and tests.

import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newContactId } from '../ids.js';
import type { ImportEngineDeps } from '../import/run-import.js';
import type { RevertEngineDeps } from '../revert/run-revert.js';
import { DynamoDbCommitLaneStore } from './dynamodb/dynamodb-commit-lanes.js';
import { DynamoDbContactStore } from './dynamodb/dynamodb-contact-store.js';
import { DynamoDbCustomFieldStore } from './dynamodb/dynamodb-custom-field-store.js';
import { DynamoDbImportStore } from './dynamodb/dynamodb-import-store.js';
import { DynamoDbRememberedSettingsStore } from './dynamodb/dynamodb-remembered-settings-store.js';
import { DynamoDbRevertStore } from './dynamodb/dynamodb-revert-store.js';
import { S3JournalStore } from './s3/s3-journal-store.js';
import { S3ReportStore } from './s3/s3-report-store.js';

export interface AdapterConfig {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  s3: S3Client;
  bucket: string;
  maxBytes: number;
  /** Transactions of one batch in flight at once (the engine's DEFAULT_COMMIT_CONCURRENCY when absent). */
  commitConcurrency?: number;
}

export const createEngineDeps = (config: AdapterConfig): ImportEngineDeps => ({
  contacts: new DynamoDbContactStore(config.documentClient, config.tableName),
  imports: new DynamoDbImportStore(config.documentClient, config.tableName),
  reports: new S3ReportStore(config.s3, config.bucket),
  customFields: new DynamoDbCustomFieldStore(config.documentClient, config.tableName),
  journals: new S3JournalStore(config.s3, config.bucket),
  remembered: new DynamoDbRememberedSettingsStore(config.documentClient, config.tableName),
  newContactId,
  now: () => new Date(),
  maxBytes: config.maxBytes,
  // A real import commits a batch's transactions several at once, each through its own lane.
  lanes: new DynamoDbCommitLaneStore(config.documentClient, config.tableName),
  ...(config.commitConcurrency !== undefined ? { commitConcurrency: config.commitConcurrency } : {}),
});

/** The revert engine's ports (SPEC §10): the same contacts and imports, the revert items, the journals. */
export const createRevertEngineDeps = (config: Omit<AdapterConfig, 'maxBytes'>): RevertEngineDeps => ({
  contacts: new DynamoDbContactStore(config.documentClient, config.tableName),
  imports: new DynamoDbImportStore(config.documentClient, config.tableName),
  reverts: new DynamoDbRevertStore(config.documentClient, config.tableName),
  journals: new S3JournalStore(config.s3, config.bucket),
  now: () => new Date(),
});

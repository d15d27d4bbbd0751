// The engine's dependencies on their own DynamoDB and S3 clients (configured as production builds them), with
// faults injected into both.

import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client.js';
import { createEngineDeps } from '../../../shared/adapters/engine-deps.js';
import type { ImportEngineDeps } from '../../../shared/import/run-import.js';
import type { TestEnv } from '../../support/test-env.js';
import { type FaultTally, injectFaults, observeErrors } from './faults.js';

/** A transaction this small holds one row (or two): every batch of the suites commits in several, in flight together. */
export const SMALL_PLAN_ACTIONS = 3;

export interface FaultyDeps {
  deps: ImportEngineDeps;
  documentClient: DynamoDBDocumentClient;
  s3: S3Client;
  /** Faults are injected only while this is true. */
  setEnabled(enabled: boolean): void;
  destroy(): void;
}

export const createFaultyDeps = (
  env: TestEnv,
  options: {
    random: () => number;
    callRate: number;
    attemptRate: number;
    tally: FaultTally;
    now: () => Date;
    /** Errors DynamoDB itself returned, by name. */
    observed?: Map<string, number>;
  },
): FaultyDeps => {
  let enabled = false;
  const documentClient = createDocumentClient({
    endpoint: env.dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const s3 = new S3Client({
    endpoint: env.s3Endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
  });
  const common = {
    random: options.random,
    callRate: options.callRate,
    attemptRate: options.attemptRate,
    enabled: () => enabled,
    tally: options.tally,
  };
  if (options.observed) observeErrors(documentClient, options.observed);
  injectFaults(documentClient, { ...common, service: 'dynamodb' });
  injectFaults(s3, { ...common, service: 's3' });
  const deps = {
    ...createEngineDeps({
      documentClient,
      tableName: env.tableName,
      s3,
      bucket: env.bucket,
      maxBytes: 1024 ** 3,
    }),
    now: options.now,
    // Transactions of a row or two, four in flight: a crash or a fault falls between transactions of one batch.
    maxPlanActions: SMALL_PLAN_ACTIONS,
    commitConcurrency: 4,
  };
  return {
    deps,
    documentClient,
    s3,
    setEnabled: (value) => {
      enabled = value;
    },
    destroy: () => {
      documentClient.destroy();
      s3.destroy();
    },
  };
};

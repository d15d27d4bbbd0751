// The results function's dependencies from its config: one wiring for the Lambda and the local stack alike.

import type { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoDbContactQueries } from '../../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import { DynamoDbContactStore } from '../../shared/adapters/dynamodb/dynamodb-contact-store.js';
import { DynamoDbCustomFieldStore } from '../../shared/adapters/dynamodb/dynamodb-custom-field-store.js';
import { DynamoDbImportProfileStore } from '../../shared/adapters/dynamodb/dynamodb-import-profile-store.js';
import { DynamoDbImportStore } from '../../shared/adapters/dynamodb/dynamodb-import-store.js';
import { DynamoDbRevertStore } from '../../shared/adapters/dynamodb/dynamodb-revert-store.js';
import { DynamoDbSettingsStore } from '../../shared/adapters/dynamodb/dynamodb-settings-store.js';
import { S3JournalStore } from '../../shared/adapters/s3/s3-journal-store.js';
import { S3ReportStore } from '../../shared/adapters/s3/s3-report-store.js';
import { numberEnv, requireEnv } from '../../shared/config.js';
import { newImportId } from '../../shared/ids.js';
import type { ResultsDeps } from './create-handler.js';

export interface ResultsConfig {
  tableName: string;
  bucket: string;
  /** Days after an import's end it can be reverted (SPEC §10; the stack's context `revertWindowDays`). */
  revertWindowDays?: number;
}

/** SPEC §10's default revert window. */
export const DEFAULT_REVERT_WINDOW_DAYS = 30;

/** Starts a revert's first round: Step Functions in AWS, the continuation loop on the local stack. */
export type StartRevert = NonNullable<ResultsDeps['reverts']>['start'];

/** How long an error report's download link stays valid. */
const REPORT_LINK_TTL_SECONDS = 300;

/** Read once at cold start: a missing variable fails the function loudly. */
export const resultsConfigFromEnv = (): ResultsConfig => ({
  tableName: requireEnv('TABLE_NAME'),
  bucket: requireEnv('BUCKET_NAME'),
  revertWindowDays: numberEnv('REVERT_WINDOW_DAYS', DEFAULT_REVERT_WINDOW_DAYS),
});

export const buildResultsDeps = (
  config: ResultsConfig,
  clients: AwsClients,
  logger: Logger,
  startRevert?: StartRevert,
): ResultsDeps => {
  const { documentClient, s3 } = clients;
  return {
    ...(startRevert
      ? {
          reverts: {
            store: new DynamoDbRevertStore(documentClient, config.tableName),
            start: startRevert,
            windowDays: config.revertWindowDays ?? DEFAULT_REVERT_WINDOW_DAYS,
            // A revert's run id: a ULID, like an import id (the state machine names its execution with it).
            newRunId: () => newImportId(),
          },
        }
      : {}),
    imports: new DynamoDbImportStore(documentClient, config.tableName),
    reports: new S3ReportStore(s3, config.bucket),
    journals: new S3JournalStore(s3, config.bucket),
    customFields: new DynamoDbCustomFieldStore(documentClient, config.tableName),
    contacts: new DynamoDbContactQueries(documentClient, config.tableName),
    contactStore: new DynamoDbContactStore(documentClient, config.tableName),
    now: () => new Date(),
    settings: new DynamoDbSettingsStore(documentClient, config.tableName),
    profiles: new DynamoDbImportProfileStore(documentClient, config.tableName),
    // A presigned GET that downloads under the import's file name (the S3 emulator honours it too).
    reportLink: (key, fileName) =>
      getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: config.bucket,
          Key: key,
          ResponseContentDisposition: `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
        }),
        { expiresIn: REPORT_LINK_TTL_SECONDS },
      ),
    logger,
  };
};

// The upload-url function's dependencies from its config: one wiring for the Lambda and the local stack alike.

import type { Logger } from '@aws-lambda-powertools/logger';
import type { AwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoDbContactStore } from '../../shared/adapters/dynamodb/dynamodb-contact-store.js';
import { DynamoDbCustomFieldStore } from '../../shared/adapters/dynamodb/dynamodb-custom-field-store.js';
import { DynamoDbImportProfileStore } from '../../shared/adapters/dynamodb/dynamodb-import-profile-store.js';
import { DynamoDbImportStore } from '../../shared/adapters/dynamodb/dynamodb-import-store.js';
import { DynamoDbRememberedSettingsStore } from '../../shared/adapters/dynamodb/dynamodb-remembered-settings-store.js';
import { DynamoDbSettingsStore } from '../../shared/adapters/dynamodb/dynamodb-settings-store.js';
import { DEFAULT_MAX_UPLOAD_BYTES, numberEnv, requireEnv } from '../../shared/config.js';
import { newImportId } from '../../shared/ids.js';
import { DEFAULT_URL_TTL_SECONDS } from '../../shared/import/upload-expiry.js';
import type { UploadUrlDeps } from './create-handler.js';

export interface UploadUrlConfig {
  tableName: string;
  bucket: string;
  maxBytes: number;
  /** How long a presigned POST stays valid. */
  urlTtlSeconds: number;
}

export { DEFAULT_URL_TTL_SECONDS } from '../../shared/import/upload-expiry.js';

/** Read once at cold start: a missing variable fails the function loudly. */
export const uploadUrlConfigFromEnv = (): UploadUrlConfig => ({
  tableName: requireEnv('TABLE_NAME'),
  bucket: requireEnv('BUCKET_NAME'),
  maxBytes: numberEnv('MAX_UPLOAD_BYTES', DEFAULT_MAX_UPLOAD_BYTES),
  urlTtlSeconds: numberEnv('UPLOAD_URL_TTL_SECONDS', DEFAULT_URL_TTL_SECONDS),
});

export const buildUploadUrlDeps = (
  config: UploadUrlConfig,
  clients: AwsClients,
  logger: Logger,
): UploadUrlDeps => {
  const { documentClient, s3 } = clients;
  const customFields = new DynamoDbCustomFieldStore(documentClient, config.tableName);
  const settings = new DynamoDbSettingsStore(documentClient, config.tableName);
  const profiles = new DynamoDbImportProfileStore(documentClient, config.tableName);
  const now = () => new Date();
  return {
    imports: new DynamoDbImportStore(documentClient, config.tableName),
    customFields,
    settings,
    profiles,
    s3,
    bucket: config.bucket,
    maxBytes: config.maxBytes,
    urlTtlSeconds: config.urlTtlSeconds,
    newImportId: () => newImportId(),
    now,
    logger,
    preview: {
      contacts: new DynamoDbContactStore(documentClient, config.tableName),
      customFields,
      settings,
      profiles,
      remembered: new DynamoDbRememberedSettingsStore(documentClient, config.tableName),
      now,
    },
  };
};

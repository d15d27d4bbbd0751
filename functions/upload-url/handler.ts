// Lambda entry of the upload-url function: clients and config built once per container.

import { createAwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoDbContactStore } from '../../shared/adapters/dynamodb/dynamodb-contact-store.js';
import { DynamoDbCustomFieldStore } from '../../shared/adapters/dynamodb/dynamodb-custom-field-store.js';
import { DynamoDbImportStore } from '../../shared/adapters/dynamodb/dynamodb-import-store.js';
import { DEFAULT_MAX_UPLOAD_BYTES, numberEnv, requireEnv } from '../../shared/config.js';
import { newImportId } from '../../shared/ids.js';
import { createLogger } from '../../shared/observability.js';
import { createHandler } from './create-handler.js';

const tableName = requireEnv('TABLE_NAME');
const { documentClient, s3 } = createAwsClients();
const customFields = new DynamoDbCustomFieldStore(documentClient, tableName);
const now = () => new Date();

export const handler = createHandler({
  imports: new DynamoDbImportStore(documentClient, tableName),
  customFields,
  s3,
  bucket: requireEnv('BUCKET_NAME'),
  maxBytes: numberEnv('MAX_UPLOAD_BYTES', DEFAULT_MAX_UPLOAD_BYTES),
  urlTtlSeconds: numberEnv('UPLOAD_URL_TTL_SECONDS', 900),
  newImportId: () => newImportId(),
  now,
  logger: createLogger(),
  preview: { contacts: new DynamoDbContactStore(documentClient, tableName), customFields, now },
});

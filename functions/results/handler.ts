// Lambda entry of the results function: clients and config built once per container.

import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createAwsClients } from '../../shared/adapters/aws-clients.js';
import { DynamoDbContactQueries } from '../../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import { DynamoDbCustomFieldStore } from '../../shared/adapters/dynamodb/dynamodb-custom-field-store.js';
import { DynamoDbImportStore } from '../../shared/adapters/dynamodb/dynamodb-import-store.js';
import { S3ReportStore } from '../../shared/adapters/s3/s3-report-store.js';
import { requireEnv } from '../../shared/config.js';
import { createLogger } from '../../shared/observability.js';
import { createHandler } from './create-handler.js';

const tableName = requireEnv('TABLE_NAME');
const bucket = requireEnv('BUCKET_NAME');
const { documentClient, s3 } = createAwsClients();

export const handler = createHandler({
  imports: new DynamoDbImportStore(documentClient, tableName),
  reports: new S3ReportStore(s3, bucket),
  customFields: new DynamoDbCustomFieldStore(documentClient, tableName),
  contacts: new DynamoDbContactQueries(documentClient, tableName),
  reportLink: (key, fileName) =>
    getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
      }),
      { expiresIn: 300 },
    ),
  logger: createLogger(),
});

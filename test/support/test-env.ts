// Real DynamoDB Local and S3 emulator clients for integration tests: a fresh table and bucket per call.

import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.js';
import { tableDefinition } from '../../shared/adapters/dynamodb/table-design.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
/** s3rver knows one access key pair. */
const s3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestEnv {
  tableName: string;
  bucket: string;
  documentClient: DynamoDBDocumentClient;
  dynamoClient: DynamoDBClient;
  s3: S3Client;
  dynamoEndpoint: string;
  s3Endpoint: string;
}

export const createTestEnv = async (): Promise<TestEnv> => {
  const dynamoEndpoint = inject('dynamoEndpoint');
  const s3Endpoint = inject('s3Endpoint');
  const suffix = randomUUID().slice(0, 8);
  const tableName = `contacts-${suffix}`;
  const bucket = `imports-${suffix}`;
  const clientConfig = { endpoint: dynamoEndpoint, region: 'us-east-1', credentials };
  const dynamoClient = new DynamoDBClient(clientConfig);
  const documentClient = createDocumentClient(clientConfig);
  const s3 = new S3Client({
    endpoint: s3Endpoint,
    region: 'us-east-1',
    credentials: s3Credentials,
    forcePathStyle: true,
  });
  await Promise.all([
    dynamoClient.send(new CreateTableCommand(tableDefinition(tableName))),
    s3.send(new CreateBucketCommand({ Bucket: bucket })),
  ]);
  return { tableName, bucket, documentClient, dynamoClient, s3, dynamoEndpoint, s3Endpoint };
};

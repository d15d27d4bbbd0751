// The AWS clients of a process, built once: the Lambdas at module scope, the local stack with its endpoints.

import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from './dynamodb/document-client.js';

export interface AwsClients {
  documentClient: DynamoDBDocumentClient;
  s3: S3Client;
}

export interface AwsClientOptions {
  region?: string;
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  s3Credentials?: { accessKeyId: string; secretAccessKey: string };
}

export const createAwsClients = (options: AwsClientOptions = {}): AwsClients => {
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const s3Config: S3ClientConfig = { region };
  if (options.s3Endpoint) {
    s3Config.endpoint = options.s3Endpoint;
    s3Config.forcePathStyle = true;
  }
  const s3Credentials = options.s3Credentials ?? options.credentials;
  if (s3Credentials) s3Config.credentials = s3Credentials;
  return {
    documentClient: createDocumentClient({
      region,
      ...(options.dynamoEndpoint ? { endpoint: options.dynamoEndpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    }),
    s3: new S3Client(s3Config),
  };
};

export const createSfnClient = (): SFNClient => new SFNClient({});
export const createEventBridgeClient = (): EventBridgeClient => new EventBridgeClient({});

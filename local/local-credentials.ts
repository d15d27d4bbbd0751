// The key pairs and clients of the local stack: the one home of the rule every local client signs with.

import { type AwsClients, createAwsClients } from '../shared/adapters/aws-clients.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The region every local client names (DynamoDB Local keeps a database per region unless shared). */
export const LOCAL_REGION = 'us-east-1';

/**
 * DynamoDB Local keeps one database per key pair unless started with -sharedDb (in memory it is not): every
 * client of one local stack — the stack, the CLI, the tests — signs with the same pair, the environment's
 * when set, else `local`.
 */
export const localCredentials = (): Credentials =>
  process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY }
    : { accessKeyId: 'local', secretAccessKey: 'local' };

/** s3rver accepts this one key pair. */
export const S3RVER_CREDENTIALS: Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalEndpoints {
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** The S3 service is our s3rver (its one key pair), not one named by AWS_ENDPOINT_URL_S3. */
  s3IsEmulator: boolean;
}

/** The clients of a local stack's DynamoDB and S3. */
export const createLocalClients = (endpoints: LocalEndpoints): AwsClients => {
  const credentials = localCredentials();
  const fromEnvironment = Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY);
  return createAwsClients({
    region: LOCAL_REGION,
    dynamoEndpoint: endpoints.dynamoEndpoint,
    s3Endpoint: endpoints.s3Endpoint,
    credentials,
    s3Credentials: endpoints.s3IsEmulator || !fromEnvironment ? S3RVER_CREDENTIALS : credentials,
  });
};

// Starts DynamoDB Local and the S3 emulator once for the whole test run, on free ports.

import 'vitest';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { startS3Emulator } from '../../local/s3-emulator.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [dynamo, s3] = await Promise.all([startDynamoDbLocal(), startS3Emulator()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), s3.stop()]);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
  }
}

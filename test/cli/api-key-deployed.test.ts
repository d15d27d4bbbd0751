import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { hashApiKey } from '../../shared/auth/api-keys.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';
import { runCli } from './cli-harness.js';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});

describe('contacts-import api-key create --table', () => {
  it('mints the first key of a deployed stack straight into its table, stored only as its hash', async () => {
    // Act: the AWS SDK's standard variables point it at "AWS" (here DynamoDB Local).
    const result = await runCli(
      ['api-key', 'create', '--workspace', 'acme', '--table', env.tableName, '--json'],
      {
        env: {
          AWS_ENDPOINT_URL_DYNAMODB: env.dynamoEndpoint,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
        },
      },
    );
    // Assess
    expect(result.code).toBe(0);
    const { apiKey, workspaceId } = JSON.parse(result.stdout);
    expect(workspaceId).toBe('acme');
    const stored = await env.documentClient.send(
      new GetCommand({ TableName: env.tableName, Key: keys.apiKey(hashApiKey(apiKey)) }),
    );
    expect(stored.Item).toMatchObject({ workspaceId: 'acme' });
    expect(JSON.stringify(stored.Item)).not.toContain(apiKey);
  });
});

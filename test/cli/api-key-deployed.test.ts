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

const awsEnv = () => ({
  AWS_ENDPOINT_URL_DYNAMODB: env.dynamoEndpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
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

describe('contacts-import api-key list and revoke --table', () => {
  it("lists a deployed workspace's keys and revokes one in the table, the authorizer's item and the listing alike", async () => {
    // Prepare
    const created = await runCli(
      ['api-key', 'create', '--workspace', 'globex', '--table', env.tableName, '--json'],
      {
        env: awsEnv(),
      },
    );
    const { apiKey, prefix } = JSON.parse(created.stdout) as { apiKey: string; prefix: string };
    // Act
    const revoked = await runCli(
      ['api-key', 'revoke', prefix, '--workspace', 'globex', '--table', env.tableName],
      {
        env: awsEnv(),
      },
    );
    const listed = await runCli(
      ['api-key', 'list', '--workspace', 'globex', '--table', env.tableName, '--json'],
      {
        env: awsEnv(),
      },
    );
    // Assess
    expect(revoked.code).toBe(0);
    expect(revoked.stderr).toContain('may accept it for up to 60 s more');
    const stored = await env.documentClient.send(
      new GetCommand({ TableName: env.tableName, Key: keys.apiKey(hashApiKey(apiKey)) }),
    );
    expect(stored.Item?.revokedAt).toEqual(expect.any(String));
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        prefix,
        id: hashApiKey(apiKey),
        workspaceId: 'globex',
        createdAt: expect.any(String),
        revokedAt: stored.Item?.revokedAt,
      },
    ]);
    expect(listed.stdout).not.toContain(apiKey);
  }, 120_000);
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy, ResponseHeadersPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, routeKey } from '../../functions/routes.js';
import { FUNCTION_NAMES, type FunctionName } from '../../infra/constructs/function-entries.js';
import { EMF, IMPORT_METRICS } from '../../infra/constructs/monitoring.js';
import { apiPathPatterns } from '../../infra/constructs/web-distribution.js';
import { WEB_ROOT } from '../../infra/constructs/web-page-source.js';
import { INDEX, tableDefinition } from '../../shared/adapters/dynamodb/table-design.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../shared/config.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability.js';
import {
  type CfnValue,
  logicalId,
  maskHashes,
  render,
  roleStatements,
  type Statement,
  type Synthesized,
  synthesize,
} from './synth.js';

let synthesized: Synthesized;

beforeAll(() => {
  // One real synthesis (esbuild included) for the whole file.
  synthesized = synthesize();
});

const template = () => synthesized.template;
const fns = () => synthesized.stack.functions.functions;
const bucketId = () => logicalId(synthesized.stack.storage.bucket);
const tableId = () => logicalId(synthesized.stack.table.table);
const functionResource = (name: FunctionName) =>
  template().toJSON().Resources[logicalId(fns()[name].fn)] as { Properties: Record<string, CfnValue> };
const statementsOf = (name: FunctionName): Statement[] =>
  roleStatements(template(), logicalId(fns()[name].role));
const actionsOn = (statements: Statement[], resourcePattern: RegExp): string[] =>
  statements.filter((s) => s.Resource.some((r) => resourcePattern.test(r))).flatMap((s) => s.Action);
const resourcesOf = (statements: Statement[], action: string): string[] =>
  statements.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
const onBucket = () => new RegExp(`^<${bucketId()}\\.Arn>`);
const onTable = () => new RegExp(`^<${tableId()}\\.Arn>`);

describe('the bucket', () => {
  it('blocks public access, encrypts with SSE-S3, owns its objects and denies requests without TLS 1.2', () => {
    template().hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: Match.anyValue(),
    });
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          }),
        ]),
      },
    });
  });

  it('writes server access logs to a private, encrypted, SSL-only log bucket', () => {
    const logsId = logicalId(synthesized.stack.storage.accessLogsBucket);
    template().hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'imports-bucket/' },
    });
    const logs = template().toJSON().Resources[logsId].Properties;
    expect(logs.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(logs.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('expires uploads after 7 days and error reports after 30, and aborts stale multipart uploads', () => {
    template().hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'uploads/', ExpirationInDays: 7, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'reports/', ExpirationInDays: 30, Status: 'Enabled' }),
          // Journals outlive the import by the revert window (30 days by default) and the day it ends in.
          Match.objectLike({ Prefix: 'journals/', ExpirationInDays: 31, Status: 'Enabled' }),
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
        ]),
      },
    });
  });

  it("allows the browser's presigned POST from any origin by default", () => {
    template().hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({ AllowedMethods: ['POST', 'GET'], AllowedOrigins: ['*'], AllowedHeaders: ['*'] }),
        ],
      },
    });
  });

  it('notifies the import function of objects created under uploads/ and drops/, and nothing else', () => {
    const notifications = template().findResources('Custom::S3BucketNotifications');
    const [config] = Object.values(notifications).map((r) => r.Properties);
    expect(config.BucketName).toEqual({ Ref: bucketId() });
    const importArn = `<${logicalId(fns().import.fn)}.Arn>`;
    expect(
      config.NotificationConfiguration.LambdaFunctionConfigurations.map((c: Record<string, CfnValue>) => ({
        events: c.Events,
        prefix: c.Filter.Key.FilterRules,
        target: render(c.LambdaFunctionArn),
      })),
    ).toEqual([
      { events: ['s3:ObjectCreated:*'], prefix: [{ Name: 'prefix', Value: 'uploads/' }], target: importArn },
      { events: ['s3:ObjectCreated:*'], prefix: [{ Name: 'prefix', Value: 'drops/' }], target: importArn },
    ]);
  });

  it('is kept when the stack is deleted', () => {
    template().hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        LifecycleConfiguration: Match.anyValue(),
        CorsConfiguration: Match.anyValue(),
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('the table', () => {
  it("has exactly tableDefinition()'s keys and GSI: pk/sk, byExternalId keys only, no byEmail nor byPhone", () => {
    const table = template().toJSON().Resources[tableId()].Properties;
    const definition = tableDefinition('unused');
    expect(table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.KeySchema).toEqual(definition.KeySchema);
    expect(new Set(table.AttributeDefinitions)).toEqual(new Set(definition.AttributeDefinitions));
    expect(table.AttributeDefinitions.map((a: { AttributeName: string }) => a.AttributeName).sort()).toEqual([
      'gsiExternalId',
      'pk',
      'sk',
    ]);
    // Email and phone are answered from their guards and phone sets: a new contact writes no index entry for them.
    expect(table.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: INDEX.byExternalId,
        KeySchema: [{ AttributeName: 'gsiExternalId', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ]);
    expect(table.GlobalSecondaryIndexes).toEqual(definition.GlobalSecondaryIndexes);
  });

  it('keeps the retired byEmail or byPhone GSI that context keepIndexes names, for a stack removing them one deploy at a time', () => {
    const kept = synthesize({ keepIndexes: 'byPhone' }, { bundle: false }).template;
    const [table] = Object.values(kept.findResources('AWS::DynamoDB::Table'));
    expect(table?.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: INDEX.byExternalId,
        KeySchema: [{ AttributeName: 'gsiExternalId', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: 'byPhone',
        KeySchema: [{ AttributeName: 'gsiPhone', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ]);
    expect(table?.Properties.AttributeDefinitions).toContainEqual({
      AttributeName: 'gsiPhone',
      AttributeType: 'S',
    });
  });

  it('is on demand, with point-in-time recovery and deletion protection, and kept when the stack is deleted', () => {
    template().hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(template().toJSON().Resources[tableId()].Properties.TableName).toBeUndefined();
  });

  it("keeps DynamoDB's default warm throughput unless the context pre-warms the table and every GSI", () => {
    expect(template().toJSON().Resources[tableId()].Properties.WarmThroughput).toBeUndefined();
    const warmed = synthesize(
      { warmWriteUnits: '20000', warmReadUnits: '40000' },
      { bundle: false },
    ).template;
    const [table] = Object.values(warmed.findResources('AWS::DynamoDB::Table'));
    const expected = { ReadUnitsPerSecond: 40_000, WriteUnitsPerSecond: 20_000 };
    expect(table?.Properties.WarmThroughput).toEqual(expected);
    const indexes = table?.Properties.GlobalSecondaryIndexes as Array<{ WarmThroughput?: unknown }>;
    expect(indexes).toHaveLength(1);
    for (const index of indexes) expect(index.WarmThroughput).toEqual(expected);
  });
});

describe('the functions', () => {
  it('all run nodejs24.x on ARM64 with source maps enabled, logging JSON to their own log group', () => {
    for (const name of FUNCTION_NAMES) {
      const fn = functionResource(name).Properties;
      expect(fn.Runtime, name).toBe('nodejs24.x');
      expect(fn.Architectures, name).toEqual(['arm64']);
      expect(fn.Handler, name).toBe('index.handler');
      expect(fn.Environment.Variables.NODE_OPTIONS, name).toBe('--enable-source-maps');
      expect(fn.LoggingConfig, name).toEqual({
        LogFormat: 'JSON',
        LogGroup: { Ref: logicalId(fns()[name].logGroup) },
      });
    }
    // Only the four product functions run Node.js (CDK's bucket-notification handler is Python).
    template().resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs24.x' }, 4);
  });

  it('keep their logs 30 days and are retained with the data', () => {
    for (const name of FUNCTION_NAMES) {
      const logGroup = template().toJSON().Resources[logicalId(fns()[name].logGroup)];
      expect(logGroup, name).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 30 },
        DeletionPolicy: 'Retain',
      });
    }
  });

  it('are bundled by esbuild into one ESM file with a source map, the AWS SDK inside', () => {
    const assembly = synthesized.app.synth();
    for (const name of FUNCTION_NAMES) {
      const key = functionResource(name).Properties.Code.S3Key as string;
      const dir = join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
      const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(existsSync(join(dir, 'index.mjs.map')), name).toBe(true);
      expect(bundle.startsWith("import { createRequire as __createRequire } from 'node:module';"), name).toBe(
        true,
      );
      expect(bundle, name).toMatch(/sourceMappingURL=index\.mjs\.map/);
      expect(bundle, name).not.toMatch(/from\s*["']@aws-sdk\//);
    }
  });

  it('are sized for their work: 512 MB/5 s, 1 GB/29 s, 1769 MB/15 min, 1 GB/29 s', () => {
    const sizing = Object.fromEntries(
      FUNCTION_NAMES.map((name) => {
        const { MemorySize, Timeout } = functionResource(name).Properties;
        return [name, { MemorySize, Timeout }];
      }),
    );
    expect(sizing).toEqual({
      authorizer: { MemorySize: 512, Timeout: 5 },
      'upload-url': { MemorySize: 1024, Timeout: 29 },
      import: { MemorySize: 1769, Timeout: 900 },
      results: { MemorySize: 1024, Timeout: 29 },
    });
  });

  it('get the environment their handlers read, and nothing else', () => {
    const variables = (name: FunctionName) =>
      Object.fromEntries(
        Object.entries(functionResource(name).Properties.Environment.Variables).map(([k, v]) => [
          k,
          render(v),
        ]),
      );
    const table = `<${tableId()}>`;
    const bucket = `<${bucketId()}>`;
    const source = { NODE_OPTIONS: '--enable-source-maps' };
    expect(variables('authorizer')).toEqual({ ...source, TABLE_NAME: table });
    expect(variables('upload-url')).toEqual({
      ...source,
      TABLE_NAME: table,
      BUCKET_NAME: bucket,
      MAX_UPLOAD_BYTES: String(DEFAULT_MAX_UPLOAD_BYTES),
      UPLOAD_URL_TTL_SECONDS: '900',
    });
    expect(variables('import')).toEqual({
      ...source,
      TABLE_NAME: table,
      BUCKET_NAME: bucket,
      MAX_UPLOAD_BYTES: String(DEFAULT_MAX_UPLOAD_BYTES),
      CONTINUATION_STATE_MACHINE_ARN:
        'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:ContactsImport-dev-import-continuation',
      EVENT_BUS_NAME: 'default',
    });
    expect(variables('results')).toEqual({
      ...source,
      TABLE_NAME: table,
      BUCKET_NAME: bucket,
      // A revert is refused past its window, and started as a round of the continuation state machine.
      REVERT_WINDOW_DAYS: '30',
      CONTINUATION_STATE_MACHINE_ARN:
        'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:ContactsImport-dev-import-continuation',
    });
  });

  it('retry an asynchronous import twice, for up to two hours, then send it to the dead-letter queue', () => {
    const dlqId = logicalId(synthesized.stack.functions.importDeadLetters);
    template().hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(fns().import.fn) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 7200,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    template().resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    template().hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    template().hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('IAM: each function may do what it needs and no more', () => {
  it('no policy has a wildcard action, and no wildcard resource except the state machine’s X-Ray/log delivery', () => {
    const all = Object.values(template().findResources('AWS::IAM::Policy')).flatMap((p) =>
      [p.Properties.PolicyDocument.Statement].flat(),
    );
    for (const statement of all) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/^\*$|:\*$/);
    }
    const continuationRole = logicalId(synthesized.stack.continuation.stateMachine.role);
    const wildcard = roleStatements(template(), continuationRole).filter((s) => s.Resource.includes('*'));
    expect(wildcard.flatMap((s) => s.Action).every((a) => /^xray:|^logs:/.test(a))).toBe(true);
    for (const name of FUNCTION_NAMES) {
      expect(statementsOf(name).flatMap((s) => s.Resource)).not.toContain('*');
    }
  });

  it('function roles carry no AWS managed policy: each writes only to its own log group', () => {
    for (const name of FUNCTION_NAMES) {
      const role = template().toJSON().Resources[logicalId(fns()[name].role)].Properties;
      expect(role.ManagedPolicyArns, name).toBeUndefined();
      const logs = statementsOf(name).filter((s) => s.Action.some((a) => a.startsWith('logs:')));
      expect(logs, name).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [`<${logicalId(fns()[name].logGroup)}.Arn>`],
        },
      ]);
    }
  });

  it('the authorizer may only GetItem API-key items (K#…), and has no access to the bucket', () => {
    const statements = statementsOf('authorizer');
    expect(statements.filter((s) => !s.Action[0]?.startsWith('logs:'))).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: [`<${tableId()}.Arn>`],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['K#*'] } },
      },
    ]);
  });

  it('upload-url may only put objects under uploads/, and read and write workspace items (W#…) without Scan', () => {
    const statements = statementsOf('upload-url');
    expect(actionsOn(statements, onBucket())).toEqual(['s3:PutObject']);
    expect(resourcesOf(statements, 's3:PutObject')).toEqual([`<${bucketId()}.Arn>/uploads/*`]);
    const table = statements.filter((s) => s.Resource.some((r) => onTable().test(r)));
    expect(table).toHaveLength(1);
    expect(table[0]?.Resource).toEqual([`<${tableId()}.Arn>`]);
    expect(table[0]?.Action.sort()).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    expect(table[0]?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['W#*'] } });
  });

  it('import reads uploads/, drops/, reports/ and journals/, writes and lists only reports/ and journals/', () => {
    const statements = statementsOf('import');
    const bucket = `<${bucketId()}.Arn>`;
    expect(resourcesOf(statements, 's3:GetObject').sort()).toEqual(
      [`${bucket}/drops/*`, `${bucket}/reports/*`, `${bucket}/uploads/*`, `${bucket}/journals/*`].sort(),
    );
    expect(resourcesOf(statements, 's3:PutObject').sort()).toEqual(
      [`${bucket}/reports/*`, `${bucket}/journals/*`].sort(),
    );
    expect(resourcesOf(statements, 's3:AbortMultipartUpload')).toEqual([`${bucket}/reports/*`]);
    expect(statements.filter((s) => s.Action.includes('s3:ListBucket'))).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [bucket],
        Condition: { StringLike: { 's3:prefix': ['reports/*', 'journals/*'] } },
      },
    ]);
    expect(new Set(actionsOn(statements, onBucket()))).toEqual(
      new Set(['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListBucket']),
    );
    const table = statements.filter((s) => s.Resource.some((r) => onTable().test(r)));
    expect(table.flatMap((s) => s.Resource)).toEqual([`<${tableId()}.Arn>`]);
    expect(table[0]?.Action).not.toContain('dynamodb:Scan');
  });

  it('import may start executions of the continuation state machine only, and put only its own events', () => {
    const statements = statementsOf('import');
    const machine = `<${logicalId(synthesized.stack.continuation.stateMachine)}>`;
    expect(resourcesOf(statements, 'states:StartExecution')).toEqual([
      'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:ContactsImport-dev-import-continuation',
    ]);
    // The ARN is built from the machine's name; the machine's own Ref must be that very ARN.
    template().hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'ContactsImport-dev-import-continuation',
    });
    expect(machine).toMatch(/^<Continuation/);
    expect(statements.filter((s) => s.Action.includes('events:PutEvents'))).toEqual([
      {
        Effect: 'Allow',
        Action: ['events:PutEvents'],
        Resource: ['arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:event-bus/default'],
        Condition: { StringEquals: { 'events:source': 'contacts-import' } },
      },
    ]);
    expect(resourcesOf(statements, 'sqs:SendMessage')).toEqual([
      `<${logicalId(synthesized.stack.functions.importDeadLetters)}.Arn>`,
    ]);
  });

  it('results reads workspace items, puts custom fields and reverts, puts and deletes contacts, guards and phone sets (a person’s edits), updates expired uploads, queries the external-id GSI, reads reports/ and journals/', () => {
    const statements = statementsOf('results');
    const table = `<${tableId()}.Arn>`;
    const item = statements.filter((s) => s.Resource.includes(table));
    expect(item).toHaveLength(1);
    expect(item[0]?.Action.sort()).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    expect(item[0]?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['W#*'] } });
    const indexes = statements.filter((s) => s.Resource.some((r) => r.includes('/index/')));
    expect(indexes).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: Object.values(INDEX)
          .map((name) => `${table}/index/${name}`)
          .sort(),
      },
    ]);
    expect(new Set(actionsOn(statements, onBucket()))).toEqual(new Set(['s3:GetObject', 's3:ListBucket']));
    expect(resourcesOf(statements, 's3:GetObject').sort()).toEqual(
      [`<${bucketId()}.Arn>/reports/*`, `<${bucketId()}.Arn>/journals/*`].sort(),
    );
    expect(statements.filter((s) => s.Action.includes('s3:ListBucket'))).toEqual([
      expect.objectContaining({ Condition: { StringLike: { 's3:prefix': ['journals/*'] } } }),
    ]);
    expect(resourcesOf(statements, 'states:StartExecution')).toEqual([
      'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:ContactsImport-dev-import-continuation',
    ]);
  });

  it('the continuation state machine may invoke the import function only', () => {
    const statements = roleStatements(
      template(),
      logicalId(synthesized.stack.continuation.stateMachine.role),
    );
    const importArn = `<${logicalId(fns().import.fn)}.Arn>`;
    expect(resourcesOf(statements, 'lambda:InvokeFunction')).toEqual([importArn, `${importArn}:*`]);
  });
});

/** The state machine's definition with intrinsics rendered as text, parsed. */
const definition = (): { StartAt: string; TimeoutSeconds: number; States: Record<string, CfnValue> } => {
  const [machine] = Object.values(template().findResources('AWS::StepFunctions::StateMachine'));
  return JSON.parse(render(machine?.Properties.DefinitionString));
};

describe('the continuation state machine', () => {
  it('invokes the import function with the continuation payload and loops while it answers paused', () => {
    const { StartAt, States } = definition();
    const invoke = States[StartAt];
    expect(invoke.Type).toBe('Task');
    expect(invoke.Resource).toBe('arn:<AWS::Partition>:states:::lambda:invoke');
    expect(invoke.Parameters).toEqual({
      FunctionName: `<${logicalId(fns().import.fn)}.Arn>`,
      'Payload.$': '$',
    });
    expect(invoke.OutputPath).toBe('$.Payload');
    const choice = States[invoke.Next];
    expect(choice.Type).toBe('Choice');
    expect(choice.Choices).toEqual([{ Variable: '$.status', StringEquals: 'paused', Next: StartAt }]);
    expect(States[choice.Default].Type).toBe('Succeed');
  });

  it('retries Lambda service errors with exponential backoff and jitter, a failed round twice, then fails', () => {
    const { StartAt, States } = definition();
    const invoke = States[StartAt];
    expect(invoke.Retry).toEqual([
      {
        ErrorEquals: [
          'Lambda.ServiceException',
          'Lambda.AWSLambdaException',
          'Lambda.SdkClientException',
          'Lambda.ClientExecutionTimeoutException',
          'Lambda.TooManyRequestsException',
        ],
        IntervalSeconds: 2,
        MaxAttempts: 6,
        BackoffRate: 2,
        MaxDelaySeconds: 60,
        JitterStrategy: 'FULL',
      },
      { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2 },
    ]);
    expect(invoke.Catch).toEqual([{ ErrorEquals: ['States.ALL'], Next: 'ContinuationFailed' }]);
    expect(States.ContinuationFailed.Type).toBe('Fail');
  });

  it('is a Standard workflow bounded at two days, logging every event to CloudWatch and traced by X-Ray', () => {
    expect(definition().TimeoutSeconds).toBe(2 * 24 * 3600);
    const logGroup = logicalId(synthesized.stack.continuation.logGroup);
    template().hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroup, 'Arn'] } } }],
      },
    });
    template().hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/ContactsImport-dev-import-continuation',
      RetentionInDays: 30,
    });
  });
});

describe('the HTTP API', () => {
  it('serves every route of functions/routes.ts, each behind the API-key authorizer but the public one, by the function named there', () => {
    const resources = template().toJSON().Resources as Record<string, { Type: string; Properties: CfnValue }>;
    const authorizerId = Object.keys(template().findResources('AWS::ApiGatewayV2::Authorizer'))[0];
    const functionOfIntegration = (integrationRef: unknown) => {
      const id = render(integrationRef).match(/^integrations\/<(.+)>$/)?.[1] ?? '';
      return render(resources[id]?.Properties.IntegrationUri);
    };
    const routes = Object.values(template().findResources('AWS::ApiGatewayV2::Route')).map((r) => ({
      routeKey: r.Properties.RouteKey,
      authorizationType: r.Properties.AuthorizationType,
      authorizer: render(r.Properties.AuthorizerId),
      target: functionOfIntegration(r.Properties.Target),
    }));
    const expected = API_ROUTES.map((route) => ({
      routeKey: routeKey(route),
      ...('public' in route
        ? { authorizationType: 'NONE', authorizer: undefined }
        : { authorizationType: 'CUSTOM', authorizer: `<${authorizerId}>` }),
      target: `<${logicalId(fns()[route.fn].fn)}.Arn>`,
    }));
    expect(
      expected.filter((route) => route.authorizationType === 'NONE').map((route) => route.routeKey),
    ).toEqual(['GET /openapi.json']);
    expect(routes.sort((a, b) => a.routeKey.localeCompare(b.routeKey))).toEqual(
      expected.sort((a, b) => a.routeKey.localeCompare(b.routeKey)),
    );
  });

  it('authorizes with the authorizer function: simple responses, payload 2.0, the Authorization header, 60 s cache', () => {
    const [authorizer] = Object.values(template().findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 60,
    });
    expect(render(authorizer?.Properties.AuthorizerUri)).toContain(`<${logicalId(fns().authorizer.fn)}.Arn>`);
  });

  it('throttles the $default stage and writes JSON access logs, without personal data, to a log group', () => {
    const accessLogs = logicalId(synthesized.stack.api.accessLogs);
    template().hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [accessLogs, 'Arn'] }, Format: Match.anyValue() },
    });
    const [stage] = Object.values(template().findResources('AWS::ApiGatewayV2::Stage'));
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);
    expect(format.requestId).toBe('$context.requestId');
    expect(Object.values(format).join(' ')).not.toMatch(/sourceIp|userAgent|path|querystring/i);
    template().hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('answers no CORS preflight unless origins are configured', () => {
    const [api] = Object.values(template().findResources('AWS::ApiGatewayV2::Api'));
    expect(api?.Properties.CorsConfiguration).toBeUndefined();
  });
});

/** Whether CloudFront sends `path` to the behaviour of `pattern` (`*` any characters, `?` one; case-sensitive). */
const matchesPathPattern = (pattern: string, path: string): boolean =>
  new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  ).test(path);

describe('the page on CloudFront', () => {
  type Behavior = Record<string, CfnValue>;
  const resources = () =>
    template().toJSON().Resources as Record<string, { Type: string; Properties: CfnValue }>;
  const config = () =>
    resources()[logicalId(synthesized.stack.web.distribution)]?.Properties.DistributionConfig;
  const originOf = (behavior: Behavior) =>
    config().Origins.find((origin: Record<string, CfnValue>) => origin.Id === behavior.TargetOriginId);
  const pageBucketId = () => logicalId(synthesized.stack.web.bucket);
  /** The page's files as CDK staged them for the deployment: web/build.mjs's output. */
  const stagedPage = (): string => {
    const [deployment] = Object.values(template().findResources('Custom::CDKBucketDeployment'));
    const [key = ''] = (deployment?.Properties.SourceObjectKeys ?? []) as string[];
    return join(synthesized.app.synth().directory, `asset.${key.replace(/\.zip$/, '')}`);
  };
  const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'];

  it('sends each API path of functions/routes.ts to the HTTP API: uncached, any method, Authorization forwarded', () => {
    const behaviors: Behavior[] = config().CacheBehaviors;
    expect(behaviors.map((b) => b.PathPattern)).toEqual([
      '/imports',
      '/imports/*',
      '/template',
      '/custom-fields',
      '/contacts',
      '/contacts/*',
      '/settings',
      '/import-profiles',
      '/import-profiles/*',
      '/openapi.json',
    ]);
    for (const behavior of behaviors) {
      expect(behavior, behavior.PathPattern).toMatchObject({
        AllowedMethods: ALL_METHODS,
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        // Every viewer header but Host, so Authorization reaches the authorizer ($request.header.Authorization);
        // CloudFront forwards Authorization through an origin request policy only when caching is disabled.
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ViewerProtocolPolicy: 'https-only',
        ResponseHeadersPolicyId: ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId,
      });
      expect(originOf(behavior), behavior.PathPattern).toEqual({
        Id: behavior.TargetOriginId,
        // The API's host, from its endpoint `https://<id>.execute-api.<region>.amazonaws.com`; no path ($default).
        DomainName: {
          'Fn::Select': [
            2,
            {
              'Fn::Split': ['/', { 'Fn::GetAtt': [logicalId(synthesized.stack.api.httpApi), 'ApiEndpoint'] }],
            },
          ],
        },
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      });
    }
  });

  it("routes every API route to the API and none of the page's files", () => {
    const patterns = apiPathPatterns();
    const toApi = (path: string) => patterns.some((pattern) => matchesPathPattern(pattern, path));
    for (const route of API_ROUTES) {
      const path = route.path.replace(/\{\w+\}/g, 'imp_01HZX3');
      expect(toApi(path), routeKey(route)).toBe(true);
    }
    const pageFiles = readdirSync(stagedPage(), { recursive: true, encoding: 'utf8' });
    for (const file of ['/', ...pageFiles.map((name) => `/${name}`)]) expect(toApi(file), file).toBe(false);
  });

  it('serves the page from its bucket through origin access control: HTTPS redirect, index.html at /, security headers', () => {
    const { DefaultCacheBehavior: page, DefaultRootObject } = config();
    expect(DefaultRootObject).toBe('index.html');
    expect(page).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
      ResponseHeadersPolicyId: ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId,
    });
    const origin = originOf(page);
    expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [pageBucketId(), 'RegionalDomainName'] });
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    const oac = resources()[origin.OriginAccessControlId['Fn::GetAtt'][0]];
    expect(oac?.Type).toBe('AWS::CloudFront::OriginAccessControl');
    expect(oac?.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    // Only this distribution may read the page's objects.
    const [policy] = Object.values(
      template().findResources('AWS::S3::BucketPolicy', {
        Properties: { Bucket: { Ref: pageBucketId() } },
      }),
    );
    const allows = [policy?.Properties.PolicyDocument.Statement]
      .flat()
      .filter((statement: Record<string, CfnValue>) => statement.Effect === 'Allow')
      .map((statement: Record<string, CfnValue>) => ({
        principal: statement.Principal,
        action: statement.Action,
        resource: render(statement.Resource),
        sourceArn: render(statement.Condition.StringEquals['AWS:SourceArn']),
      }));
    expect(allows).toEqual([
      {
        principal: { Service: 'cloudfront.amazonaws.com' },
        action: 's3:GetObject',
        resource: `<${pageBucketId()}.Arn>/*`,
        sourceArn: `arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${logicalId(synthesized.stack.web.distribution)}>`,
      },
    ]);
  });

  it('keeps the page in a private, encrypted, SSL-only bucket that logs to the access log bucket', () => {
    const bucket = template().toJSON().Resources[pageBucketId()];
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(synthesized.stack.storage.accessLogsBucket) },
        LogFilePrefix: 'web-bucket/',
      },
    });
    // Build output, redeployed from web/ each time: deleted with the stack, whatever retainData says.
    expect(bucket.DeletionPolicy).toBe('Delete');
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: pageBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('deploys the page web/build.mjs builds, revalidated on every load, and empties the bucket on deletion', () => {
    const [deployment] = Object.values(template().findResources('Custom::CDKBucketDeployment'));
    expect(deployment?.Properties).toMatchObject({
      DestinationBucketName: { Ref: pageBucketId() },
      Prune: true,
      RetainOnDelete: false,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    const page = stagedPage();
    expect(readdirSync(page)).toEqual(expect.arrayContaining(['index.html', 'app.js', 'app.css']));
    const index = readFileSync(join(page, 'index.html'), 'utf8');
    expect(index).toBe(readFileSync(join(WEB_ROOT, 'index.html'), 'utf8'));
    // The API on the page's own origin: relative URLs.
    expect(index).toContain('<meta name="api-url" content="" />');
  });

  it('runs the deployment with its own role: no managed policy, its own 30-day log group, only the two buckets', () => {
    const { deploymentRole, deploymentLogs } = synthesized.stack.web;
    const [handler] = Object.values(
      template().findResources('AWS::Lambda::Function', {
        Properties: { Role: { 'Fn::GetAtt': [logicalId(deploymentRole), 'Arn'] } },
      }),
    );
    expect(handler?.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logicalId(deploymentLogs) } });
    expect(
      template().toJSON().Resources[logicalId(deploymentRole)].Properties.ManagedPolicyArns,
    ).toBeUndefined();
    expect(template().toJSON().Resources[logicalId(deploymentLogs)].Properties.RetentionInDays).toBe(30);
    const statements = roleStatements(template(), logicalId(deploymentRole));
    expect(statements.filter((s) => s.Action.some((a) => a.startsWith('logs:')))).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`<${logicalId(deploymentLogs)}.Arn>`],
      },
    ]);
    const s3Resources = new Set(
      statements.filter((s) => s.Action.some((a) => a.startsWith('s3:'))).flatMap((s) => s.Resource),
    );
    const assets = 'arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>';
    expect(s3Resources).toEqual(
      new Set([assets, `${assets}/*`, `<${pageBucketId()}.Arn>`, `<${pageBucketId()}.Arn>/*`]),
    );
  });
});

describe('monitoring', () => {
  const alarms = () =>
    Object.values(template().findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  const topic = () => `<${logicalId(synthesized.stack.monitoring.alarmTopic)}>`;

  it("alarms on each function's errors, the dead-letter queue, failed imports, the loop and API 5xx, all to the topic", () => {
    const summary = alarms().map((a) => ({
      metric: a.MetricName ?? 'expression',
      namespace: a.Namespace,
      threshold: a.Threshold,
      actions: a.AlarmActions.map(render),
      ok: a.OKActions.map(render),
    }));
    expect(summary).toEqual(
      expect.arrayContaining([
        ...FUNCTION_NAMES.map(() =>
          expect.objectContaining({ metric: 'Errors', namespace: 'AWS/Lambda', threshold: 1 }),
        ),
        expect.objectContaining({
          metric: 'ApproximateNumberOfMessagesVisible',
          namespace: 'AWS/SQS',
          threshold: 1,
        }),
        expect.objectContaining({ metric: 'ImportsFailed', namespace: EMF.namespace, threshold: 1 }),
        expect.objectContaining({ metric: 'expression', threshold: 1 }),
        expect.objectContaining({ metric: '5xx', namespace: 'AWS/ApiGateway', threshold: 5 }),
      ]),
    );
    expect(summary).toHaveLength(FUNCTION_NAMES.length + 4);
    for (const alarm of summary) {
      expect(alarm.actions).toEqual([topic()]);
      expect(alarm.ok).toEqual([topic()]);
    }
    const errors = alarms().filter((a) => a.MetricName === 'Errors');
    expect(new Set(errors.map((a) => render(a.Dimensions[0].Value)))).toEqual(
      new Set(FUNCTION_NAMES.map((name) => `<${logicalId(fns()[name].fn)}>`)),
    );
    expect(alarms().find((a) => a.MetricName === 'ImportsFailed')?.Dimensions).toEqual([
      { Name: 'service', Value: EMF.service },
    ]);
  });

  it('publishes to an SNS topic encrypted with a rotating KMS key that CloudWatch may use, over TLS only', () => {
    const topicId = logicalId(synthesized.stack.monitoring.alarmTopic);
    const [keyId] = Object.keys(template().findResources('AWS::KMS::Key'));
    template().hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template().hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template().hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template().resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('charts the import metrics, function errors and throttles, and the dead-letter queue', () => {
    const [dashboard] = Object.values(template().findResources('AWS::CloudWatch::Dashboard'));
    const body = render(dashboard?.Properties.DashboardBody);
    for (const metric of IMPORT_METRICS)
      expect(body).toContain(`"${EMF.namespace}","${metric}","service","${EMF.service}"`);
    for (const metric of [
      'Errors',
      'Throttles',
      'ApproximateNumberOfMessagesVisible',
      'ExecutionsFailed',
      '5xx',
    ]) {
      expect(body).toContain(`"${metric}"`);
    }
  });

  it("reads the metrics under the namespace and service the functions' Powertools emit", () => {
    expect(EMF).toEqual({ namespace: METRICS_NAMESPACE, service: SERVICE_NAME });
  });
});

describe('the outputs', () => {
  it("give the API URL, the page's URL, the bucket and table names and the dashboard URL", () => {
    const outputs = template().toJSON().Outputs as Record<string, { Value: unknown }>;
    const value = (name: string) => render(outputs[name]?.Value);
    expect(value('ApiUrl')).toBe(
      `https://<${logicalId(synthesized.stack.api.httpApi)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/`,
    );
    expect(value('WebUrl')).toBe(`https://<${logicalId(synthesized.stack.web.distribution)}.DomainName>/`);
    expect(value('BucketName')).toBe(`<${bucketId()}>`);
    expect(value('TableName')).toBe(`<${tableId()}>`);
    expect(value('DashboardUrl')).toBe(
      `https://<AWS::Region>.console.aws.amazon.com/cloudwatch/home?region=<AWS::Region>#dashboards:name=<${logicalId(synthesized.stack.monitoring.dashboard)}>`,
    );
  });
});

describe('configuration from context', () => {
  it('applies the stage, alarm e-mail, CORS origins, upload limit, retention days and data removal', () => {
    // Configuration changes nothing in the bundles: no esbuild here.
    const { template: configured, stack } = synthesize(
      {
        stage: 'prod',
        alarmEmail: 'ops@example.com',
        corsOrigins: 'https://app.example.com, https://admin.example.com',
        maxUploadBytes: '1048576',
        uploadRetentionDays: '2',
        reportRetentionDays: '90',
        revertWindowDays: '45',
        logRetentionDays: '365',
        retainData: 'false',
      },
      { bundle: false },
    );
    expect(stack.stackName).toBe('ContactsImport-prod');
    configured.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    const origins = ['https://app.example.com', 'https://admin.example.com'];
    const page = `https://<${logicalId(stack.web.distribution)}.DomainName>`;
    const [corsRules] = Object.values(configured.findResources('AWS::S3::Bucket'))
      .map((bucket) => bucket.Properties.CorsConfiguration?.CorsRules)
      .filter(Boolean);
    // The page's own origin too: its presigned POST goes straight to the bucket.
    expect(
      corsRules.map((rule: Record<string, CfnValue>) => ({
        methods: rule.AllowedMethods,
        origins: rule.AllowedOrigins.map(render),
      })),
    ).toEqual([
      { methods: ['POST', 'GET'], origins },
      { methods: ['POST', 'GET'], origins: [page] },
    ]);
    // The bucket now refers to the distribution, so nothing the distribution depends on may refer to the bucket:
    // CDK's template check refuses dependency cycles (synthesize() ran it already; here it is explicit).
    expect(() => Template.fromStack(stack, { skipCyclicalDependenciesCheck: false })).not.toThrow();
    configured.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'uploads/', ExpirationInDays: 2 }),
          Match.objectLike({ Prefix: 'reports/', ExpirationInDays: 90 }),
          // The revert window (SPEC §10) is the journal's life, plus the day the window ends in.
          Match.objectLike({ Prefix: 'journals/', ExpirationInDays: 46 }),
        ]),
      },
    });
    configured.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'contacts-import-prod',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: origins,
        AllowHeaders: ['Authorization', 'Content-Type', 'If-Match'],
      }),
    });
    configured.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ MAX_UPLOAD_BYTES: '1048576', UPLOAD_URL_TTL_SECONDS: '900' }),
      },
    });
    configured.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    configured.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
      DeletionPolicy: 'Delete',
    });
    configured.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'ContactsImport-prod-import-continuation',
    });
  });
});

describe('the template', () => {
  it('matches the snapshot (content hashes masked)', () => {
    expect(maskHashes(template().toJSON())).toMatchSnapshot();
  });
});

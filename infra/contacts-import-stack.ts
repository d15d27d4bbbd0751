// The whole product in one stack: storage, functions, the continuation loop, the HTTP API, the page and monitoring.

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ContactsImportConfig } from './config.js';
import { ContactsImportFunctions } from './constructs/contacts-import-functions.js';
import { ContactsTable } from './constructs/contacts-table.js';
import { ContinuationStateMachine } from './constructs/continuation-state-machine.js';
import { DropAccess } from './constructs/drop-access.js';
import { resolveEntries } from './constructs/function-entries.js';
import { ContactsHttpApi } from './constructs/http-api.js';
import { ImportsBucket } from './constructs/imports-bucket.js';
import { Monitoring } from './constructs/monitoring.js';
import { WebDistribution } from './constructs/web-distribution.js';
import { acknowledgeNagFindings } from './nag-acknowledgements.js';

export interface ContactsImportStackProps extends StackProps {
  config: ContactsImportConfig;
}

export class ContactsImportStack extends Stack {
  readonly table: ContactsTable;
  readonly storage: ImportsBucket;
  readonly functions: ContactsImportFunctions;
  readonly continuation: ContinuationStateMachine;
  readonly api: ContactsHttpApi;
  readonly web: WebDistribution;
  readonly monitoring: Monitoring;
  readonly dropAccess: DropAccess;

  constructor(scope: Construct, id: string, props: ContactsImportStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logs = { logRetention: config.logRetentionDays, retainLogs: config.retainData };

    this.table = new ContactsTable(this, 'Contacts', {
      retainData: config.retainData,
      keepIndexes: config.keepIndexes,
      ...(config.warmThroughput ? { warmThroughput: config.warmThroughput } : {}),
    });
    this.storage = new ImportsBucket(this, 'Imports', {
      uploadRetentionDays: config.uploadRetentionDays,
      reportRetentionDays: config.reportRetentionDays,
      revertWindowDays: config.revertWindowDays,
      corsOrigins: config.corsOrigins,
      retainData: config.retainData,
    });

    this.dropAccess = new DropAccess(this, 'DropAccess', {
      bucket: this.storage.bucket,
      workspaceIds: config.dropWorkspaces,
    });

    const continuationStateMachineName = `${this.stackName}-import-continuation`;
    this.functions = new ContactsImportFunctions(this, 'Functions', {
      entries: resolveEntries(),
      table: this.table.table,
      bucket: this.storage.bucket,
      continuationStateMachineName,
      maxUploadBytes: config.maxUploadBytes,
      uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
      revertWindowDays: config.revertWindowDays,
      ...logs,
    });
    const fns = this.functions.functions;

    this.continuation = new ContinuationStateMachine(this, 'Continuation', {
      stateMachineName: continuationStateMachineName,
      importFunction: fns.import.fn,
      ...logs,
    });

    this.api = new ContactsHttpApi(this, 'Http', {
      apiName: `contacts-import-${config.stage}`,
      authorizer: fns.authorizer.fn,
      handlers: { 'upload-url': fns['upload-url'].fn, results: fns.results.fn },
      corsOrigins: config.corsOrigins,
      ...logs,
    });

    // The page and the API on one origin: the page calls the API with relative URLs, so no CORS.
    this.web = new WebDistribution(this, 'Web', {
      api: this.api.httpApi,
      accessLogsBucket: this.storage.accessLogsBucket,
      comment: `contacts-import ${config.stage}: import page and API`,
      ...logs,
    });
    // The page's presigned POST goes straight to the bucket, cross-origin. The bucket now depends on the
    // distribution (its domain), which must not depend on the bucket: its origins are the page bucket and the
    // API resource alone, never the functions that use the bucket.
    this.storage.allowUploadsFrom(this.web.origin);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      // Dashboard names are global to the account: the region keeps two regions' stages apart.
      dashboardName: `${this.stackName}-${this.region}`,
      functions: Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, fn.fn])),
      importDeadLetters: this.functions.importDeadLetters,
      continuation: this.continuation.stateMachine,
      httpApi: this.api.httpApi,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    acknowledgeNagFindings(this);

    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'WebUrl', {
      value: `${this.web.origin}/`,
      description: 'The import page (CloudFront), with the API on the same origin',
    });
    new CfnOutput(this, 'BucketName', {
      value: this.storage.bucket.bucketName,
      description: 'Import files (uploads/, drops/) and error reports (reports/)',
    });
    new CfnOutput(this, 'TableName', {
      value: this.table.table.tableName,
      description: 'The DynamoDB table',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: this.monitoring.dashboardUrl,
      description: 'CloudWatch dashboard',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.alarmTopic.topicArn,
      description: 'SNS topic of the alarms: subscribe more endpoints here',
    });
  }
}

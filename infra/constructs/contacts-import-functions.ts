// The four Lambdas in one place: size, timeout, configuration, and every binding (environment + IAM) of each.

import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { IMPORT_TIMEOUT_MS } from '../../functions/import/lease.js';
import { INDEX } from '../../shared/adapters/dynamodb/table-design.js';
import { EVENT_SOURCE } from '../../shared/import/import-event.js';
import {
  bindBucket,
  bindContinuation,
  bindEventBus,
  bindTable,
  PARTITION,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
} from './bindings.js';
import type { FunctionName } from './function-entries.js';
import { PREFIX } from './imports-bucket.js';
import { NodeFunction } from './node-function.js';

/** The import function's timeout, Lambda's maximum: its lease is this plus a margin (functions/import/lease.ts). */
export const IMPORT_TIMEOUT = Duration.millis(IMPORT_TIMEOUT_MS);

export interface ContactsImportFunctionsProps {
  entries: Record<FunctionName, string>;
  table: ITable;
  bucket: IBucket;
  /** The continuation state machine's name; the machine itself is built after, from the import function. */
  continuationStateMachineName: string;
  maxUploadBytes: number;
  uploadUrlTtlSeconds: number;
  /** Days an import can be reverted after its end (the results function refuses a revert past it). */
  revertWindowDays: number;
  logRetention: RetentionDays;
  retainLogs: boolean;
}

export class ContactsImportFunctions extends Construct {
  readonly functions: Record<FunctionName, NodeFunction>;
  /** Where failed asynchronous invocations of the import function end, with their event and error. */
  readonly importDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: ContactsImportFunctionsProps) {
    super(scope, id);
    const { table, bucket } = props;
    const logs = { logRetention: props.logRetention, retainLogs: props.retainLogs };

    // Behind every uncached API request: 512 MB (a third of a vCPU) keeps its cold start short, and with
    // 60 s of caching it runs rarely. One GetItem needs no more than 5 s.
    const authorizer = new NodeFunction(this, 'Authorizer', {
      entry: props.entries.authorizer,
      description: 'HTTP API authorizer: Bearer API key to workspace',
      memorySize: 512,
      timeout: Duration.seconds(5),
      ...logs,
    });
    // Reads API-key items only (`K#…`): no workspace data.
    bindTable(authorizer.fn, table, { actions: ['dynamodb:GetItem'], partitions: [PARTITION.apiKeys] });

    // A few DynamoDB calls, a presigned POST, or a CSV body of up to 10 MB (HTTP API's limit) to store:
    // 1 GB keeps that body and its copy in memory with room to spare. 29 s: HTTP API's integration limit.
    const uploadUrl = new NodeFunction(this, 'UploadUrl', {
      entry: props.entries['upload-url'],
      description: 'POST /imports and /imports/preview: import records and presigned uploads',
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: {
        MAX_UPLOAD_BYTES: String(props.maxUploadBytes),
        UPLOAD_URL_TTL_SECONDS: String(props.uploadUrlTtlSeconds),
      },
      ...logs,
    });
    bindTable(uploadUrl.fn, table, {
      actions: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
      partitions: [PARTITION.workspaces],
    });
    // Presigned POSTs are signed with this role: it can put under uploads/ and nowhere else.
    bindBucket(uploadUrl.fn, bucket, { write: [PREFIX.uploads] });

    // CSV parsing is single-threaded: 1769 MB is exactly one full vCPU, and more memory would buy a second
    // core it cannot use. The stream itself needs little memory. 15 minutes is Lambda's maximum; a longer
    // file continues in the state machine's next round.
    const importFn = new NodeFunction(this, 'Import', {
      entry: props.entries.import,
      description: 'Runs imports: S3 object-created events (uploads/, drops/) and continuation rounds',
      memorySize: 1769,
      timeout: IMPORT_TIMEOUT,
      environment: { MAX_UPLOAD_BYTES: String(props.maxUploadBytes) },
      ...logs,
    });
    bindTable(importFn.fn, table, {
      actions: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
      partitions: [PARTITION.workspaces],
    });
    bindBucket(importFn.fn, bucket, {
      read: [PREFIX.uploads, PREFIX.drops, PREFIX.reports, PREFIX.journals],
      write: [PREFIX.reports, PREFIX.journals],
      abortMultipart: [PREFIX.reports],
      list: [PREFIX.reports, PREFIX.journals],
    });
    bindContinuation(importFn.fn, props.continuationStateMachineName);
    bindEventBus(importFn.fn, EventBus.fromEventBusName(this, 'DefaultBus', 'default'), EVENT_SOURCE);

    this.importDeadLetters = new Queue(this, 'ImportDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: two weeks to look at a failed import and redrive it.
      retentionPeriod: Duration.days(14),
    });
    // S3 invokes asynchronously. Two retries cover a transient fault (a retried run resumes from its checkpoint);
    // an event still failing after that, or older than two hours (throttling), goes to the queue with its error.
    importFn.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
      onFailure: new SqsDestination(this.importDeadLetters),
    });
    // No suffix filter: S3's is case-sensitive, and the function itself ignores keys that are not imports.
    // Nothing triggers on reports/, which the function writes: no loop.
    for (const prefix of [PREFIX.uploads, PREFIX.drops]) {
      bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(importFn.fn), { prefix });
    }

    // Queries and small reads; 1 GB gives it the CPU to build JSON pages quickly. 29 s: HTTP API's limit.
    const results = new NodeFunction(this, 'Results', {
      entry: props.entries.results,
      description: 'GET routes (imports, error reports, template, contacts), custom fields, contact edits',
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: { REVERT_WINDOW_DAYS: String(props.revertWindowDays) },
      ...logs,
    });
    // Reads the workspace's items and queries the GSIs; writes custom fields (PutItem), a person's contact
    // edits and deletions (one TransactWriteItems of Put/Delete on contacts, guards and phone sets), a
    // revert's start (PutItem on its item, POST /imports/{id}/revert), and marks an upload that never arrived
    // `expired` when its import is read (UpdateItem).
    bindTable(results.fn, table, {
      actions: [...TABLE_READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
      partitions: [PARTITION.workspaces],
      indexes: Object.values(INDEX),
    });
    // Journals: GET /contacts?importId= lists an import's contacts from them.
    bindBucket(results.fn, bucket, { read: [PREFIX.reports, PREFIX.journals], list: [PREFIX.journals] });
    // A revert runs in the import function, started as a continuation round of the state machine.
    bindContinuation(results.fn, props.continuationStateMachineName);

    this.functions = { authorizer, 'upload-url': uploadUrl, import: importFn, results };
  }
}

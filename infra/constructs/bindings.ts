// Binds a function to a resource: each helper sets the environment variable AND grants the access, so they cannot drift.

import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import type { Prefix } from './imports-bucket.js';

/** Partition-key prefixes, taken from the key design: API-key items (`K#…`), and all of a workspace's (`W#…`). */
export const PARTITION = {
  apiKeys: keys.apiKey('').pk,
  workspaces: keys.workspacePartitionPrefix(''),
} as const;

export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export interface TableAccess {
  /** Item actions on the base table (transactions need no action of their own: each item is checked). */
  actions: readonly string[];
  /** The partition-key prefixes the function may touch, enforced by IAM's `dynamodb:LeadingKeys`. */
  partitions: readonly string[];
  /** The GSIs the function queries (read-only by nature). */
  indexes?: readonly string[];
}

/** TABLE_NAME, and exactly the item actions, partitions and indexes of `access`: never Scan, never `dynamodb:*`. */
export const bindTable = (fn: LambdaFunction, table: ITable, access: TableAccess): void => {
  fn.addEnvironment('TABLE_NAME', table.tableName);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [...access.actions],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': access.partitions.map((prefix) => `${prefix}*`),
        },
      },
    }),
  );
  if (access.indexes && access.indexes.length > 0) {
    // Index keys carry the workspace id without the `W#` prefix, so the index grant has no LeadingKeys condition.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: access.indexes.map((name) => `${table.tableArn}/index/${name}`),
      }),
    );
  }
};

export interface BucketAccess {
  /** s3:GetObject (HeadObject included) on these prefixes. */
  read?: readonly Prefix[];
  /** s3:PutObject (multipart uploads included) on these prefixes. */
  write?: readonly Prefix[];
  /** s3:AbortMultipartUpload on these prefixes: lib-storage's Upload cleans up after a failed part. */
  abortMultipart?: readonly Prefix[];
  /** s3:ListBucket, limited by `s3:prefix` to these prefixes. */
  list?: readonly Prefix[];
}

/** BUCKET_NAME, and object actions only under the prefixes named: never the whole bucket, never `s3:*`. */
export const bindBucket = (fn: LambdaFunction, bucket: IBucket, access: BucketAccess): void => {
  fn.addEnvironment('BUCKET_NAME', bucket.bucketName);
  const objects = (action: string, prefixes: readonly Prefix[] | undefined) => {
    if (!prefixes || prefixes.length === 0) return;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [action],
        resources: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
      }),
    );
  };
  objects('s3:GetObject', access.read);
  objects('s3:PutObject', access.write);
  objects('s3:AbortMultipartUpload', access.abortMultipart);
  if (access.list && access.list.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': access.list.map((prefix) => `${prefix}*`) } },
      }),
    );
  }
};

/**
 * CONTINUATION_STATE_MACHINE_ARN and states:StartExecution on it. The ARN is built from the machine's name: the
 * machine invokes this function, so referencing the machine resource here would be a dependency cycle.
 */
export const bindContinuation = (fn: LambdaFunction, stateMachineName: string): string => {
  const arn = Stack.of(fn).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  fn.addEnvironment('CONTINUATION_STATE_MACHINE_ARN', arn);
  fn.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: [arn] }));
  return arn;
};

/** EVENT_BUS_NAME, and events:PutEvents on that bus for the one event source the product announces. */
export const bindEventBus = (fn: LambdaFunction, bus: IEventBus, source: string): void => {
  fn.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
      conditions: { StringEquals: { 'events:source': source } },
    }),
  );
};

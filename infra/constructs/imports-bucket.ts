// The private bucket of import files and error reports, with its server access log bucket.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CorsRule,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The bucket's top-level prefixes (SPEC §1): each function is granted only the ones it uses. */
export const PREFIX = {
  uploads: 'uploads/',
  drops: 'drops/',
  reports: 'reports/',
  /** What a revert needs of each import (SPEC §10), kept for the revert window and expired after it. */
  journals: 'journals/',
} as const;
export type Prefix = (typeof PREFIX)[keyof typeof PREFIX];

/** Access logs are audit records: kept a year whatever the application's log retention is. */
const ACCESS_LOG_RETENTION = Duration.days(365);

/**
 * The browser's presigned POST from these origins (the signed policy, not CORS, is what authorizes the upload),
 * and its GET of a large error report, which the API answers with a redirect to a presigned link.
 */
const uploadCorsRule = (allowedOrigins: string[]): CorsRule => ({
  allowedMethods: [HttpMethods.POST, HttpMethods.GET],
  allowedOrigins,
  allowedHeaders: ['*'],
  exposedHeaders: ['ETag', 'Location'],
  maxAge: 3000,
});

export interface ImportsBucketProps {
  uploadRetentionDays: number;
  reportRetentionDays: number;
  /** Days an import can be reverted: its journal (`journals/`) expires one day after (the window ends mid-day). */
  revertWindowDays: number;
  /** Origins allowed to POST a presigned upload from a browser; empty means any origin. */
  corsOrigins: string[];
  retainData: boolean;
}

export class ImportsBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;
  /** No origins configured: the upload CORS rule allows `*`. */
  readonly allowsAnyOrigin: boolean;

  constructor(scope: Construct, id: string, props: ImportsBucketProps) {
    super(scope, id);
    this.allowsAnyOrigin = props.corsOrigins.length === 0;
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const privateBucket = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // ACLs off: objects written by other systems under drops/ are owned by this account all the same.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // SSE-S3: server access logging only delivers to SSE-S3 buckets, and presigned browser POSTs need no
      // KMS grant; the data bucket uses it too, so that no caller needs kms:GenerateDataKey.
      encryption: BucketEncryption.S3_MANAGED,
      removalPolicy,
    };

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      ...privateBucket,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: ACCESS_LOG_RETENTION }],
    });

    this.bucket = new Bucket(this, 'Bucket', {
      ...privateBucket,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'imports-bucket/',
      // No versioning: uploads are transient inputs and reports are derived from the table; versions would
      // double the storage of multi-gigabyte files for nothing.
      lifecycleRules: [
        {
          id: 'expire-uploads',
          prefix: PREFIX.uploads,
          expiration: Duration.days(props.uploadRetentionDays),
        },
        {
          id: 'expire-reports',
          prefix: PREFIX.reports,
          expiration: Duration.days(props.reportRetentionDays),
        },
        {
          id: 'expire-journals',
          prefix: PREFIX.journals,
          expiration: Duration.days(props.revertWindowDays + 1),
        },
        // Multi-gigabyte report uploads that died half-way would otherwise be billed forever.
        { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      cors: [uploadCorsRule(this.allowsAnyOrigin ? ['*'] : [...props.corsOrigins])],
    });
  }

  /**
   * Lets pages served from `origin` POST presigned uploads too: a second CORS rule, since the origin may be known
   * only after the bucket is declared (a distribution's domain). Nothing to add when any origin may already.
   */
  allowUploadsFrom(origin: string): void {
    if (!this.allowsAnyOrigin) this.bucket.addCorsRule(uploadCorsRule([origin]));
  }
}

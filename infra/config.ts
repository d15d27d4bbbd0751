// The deployment's knobs: read once from CDK context (`-c key=value` or cdk.json), validated, with defaults.

import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { isWorkspaceId } from '../shared/auth/api-keys.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../shared/config.js';
import { RETIRED_INDEXES, type RetiredIndex } from './constructs/contacts-table.js';

export interface ContactsImportConfig {
  /** Deployment stage (dev, prod…): names the stack, the API and the dashboard; not an API path segment. */
  stage: string;
  /** Where alarms are e-mailed; without it the SNS topic has no subscription (subscribe another way). */
  alarmEmail?: string;
  /** Origins allowed by the API's and the bucket's CORS; none means the API answers no CORS preflight. */
  corsOrigins: string[];
  /** The largest CSV accepted (presigned POST content-length-range and the import's own check). */
  maxUploadBytes: number;
  /** How long a presigned upload stays valid. */
  uploadUrlTtlSeconds: number;
  /** Days after which `uploads/` objects expire (the import has long finished by then). */
  uploadRetentionDays: number;
  /** Days after which error reports (`reports/`) expire. */
  reportRetentionDays: number;
  /** Days after an import's end during which it can be reverted (SPEC §10); its journal is kept that long. */
  revertWindowDays: number;
  /** Days CloudWatch keeps function, state machine and API access logs. */
  logRetentionDays: RetentionDays;
  /** Keep the table, buckets and log groups when the stack is deleted (default: true, as befits contact data). */
  retainData: boolean;
  /**
   * The table's (and each GSI's) warm throughput: what it serves at once, before DynamoDB has scaled it up
   * by itself. Unset keeps DynamoDB's default for a new on-demand table (12,000 reads, 4,000 writes a second).
   */
  warmThroughput?: { readUnitsPerSecond: number; writeUnitsPerSecond: number };
  /** Workspaces an outside system drops files into: each gets an IAM policy limited to `drops/<ws>/`. */
  dropWorkspaces: string[];
  /** Retired GSIs (byEmail, byPhone) an existing stack keeps while it removes them one deploy at a time. */
  keepIndexes: RetiredIndex[];
}

/** A new on-demand table starts with this warm throughput; a lower setting would mean nothing. */
export const ON_DEMAND_WARM_THROUGHPUT = { readUnitsPerSecond: 12_000, writeUnitsPerSecond: 4_000 };

export const DEFAULT_CONFIG: ContactsImportConfig = {
  stage: 'dev',
  corsOrigins: [],
  maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
  uploadUrlTtlSeconds: 900,
  uploadRetentionDays: 7,
  reportRetentionDays: 30,
  revertWindowDays: 30,
  logRetentionDays: RetentionDays.ONE_MONTH,
  retainData: true,
  dropWorkspaces: [],
  keepIndexes: [],
};

/** The retention periods CloudWatch Logs accepts, in days (never-expiring excluded on purpose). */
const LOG_RETENTION_DAYS = Object.values(RetentionDays).filter(
  (days): days is RetentionDays => typeof days === 'number' && days !== RetentionDays.INFINITE,
);

const fail = (key: string, expected: string, value: unknown): never => {
  throw new Error(`context "${key}" must be ${expected}, got ${JSON.stringify(value)}`);
};

/** Context from the CLI arrives as strings, from cdk.json or tests as JSON values: both are accepted. */
const positiveInteger = (key: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number <= 0) {
    return fail(key, 'a positive integer', value);
  }
  return number;
};

const atLeast = (key: string, value: number, minimum: number): number =>
  value >= minimum
    ? value
    : fail(key, `at least ${minimum} (a new on-demand table's own warm throughput)`, value);

const boolean = (key: string, value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return fail(key, 'true or false', value);
};

/** A JSON array, or a comma-separated string (`-c corsOrigins=https://a.example,https://b.example`). */
const origins = (value: unknown): string[] => {
  if (value === undefined || value === '') return [];
  const list = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : fail('corsOrigins', 'a list', value);
  const trimmed = list.map((origin) => (typeof origin === 'string' ? origin.trim() : '')).filter(Boolean);
  for (const origin of trimmed) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      fail('corsOrigins', 'origins such as https://app.example.com (scheme and host, no path)', origin);
    }
  }
  return trimmed;
};

/** Workspace ids as the API keys have them, as a JSON array or a comma-separated string. */
const workspaces = (value: unknown): string[] => {
  if (value === undefined || value === '') return [];
  const list = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : fail('dropWorkspaces', 'a list', value);
  const ids = list.map((id) => (typeof id === 'string' ? id.trim() : ''));
  for (const id of ids) {
    if (!isWorkspaceId(id)) fail('dropWorkspaces', 'workspace ids (letters, digits, "_" or "-", 1–64)', id);
  }
  return [...new Set(ids)];
};

/** Names of retired GSIs, as a JSON array or a comma-separated string (`-c keepIndexes=byPhone`). */
const retiredIndexes = (value: unknown): RetiredIndex[] => {
  if (value === undefined || value === '') return [];
  const list = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(',')
      : fail('keepIndexes', 'a list', value);
  const names = list.map((name) => (typeof name === 'string' ? name.trim() : ''));
  for (const name of names) {
    if (!Object.hasOwn(RETIRED_INDEXES, name))
      fail('keepIndexes', `names among ${Object.keys(RETIRED_INDEXES).join(', ')}`, name);
  }
  return [...new Set(names as RetiredIndex[])];
};

export const readConfig = (node: Node): ContactsImportConfig => {
  const get = (key: string): unknown => node.tryGetContext(key);
  const stage = get('stage') ?? DEFAULT_CONFIG.stage;
  if (typeof stage !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,19}$/.test(stage)) {
    fail('stage', 'a letter then up to 19 letters, digits or "-"', stage);
  }
  const alarmEmail = get('alarmEmail') === '' ? undefined : get('alarmEmail');
  if (
    alarmEmail !== undefined &&
    (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))
  ) {
    fail('alarmEmail', 'an e-mail address', alarmEmail);
  }
  const logRetentionDays = positiveInteger(
    'logRetentionDays',
    get('logRetentionDays'),
    DEFAULT_CONFIG.logRetentionDays,
  );
  if (!LOG_RETENTION_DAYS.includes(logRetentionDays as RetentionDays)) {
    fail('logRetentionDays', `one of ${LOG_RETENTION_DAYS.join(', ')}`, logRetentionDays);
  }
  const maxUploadBytes = positiveInteger(
    'maxUploadBytes',
    get('maxUploadBytes'),
    DEFAULT_CONFIG.maxUploadBytes,
  );
  if (maxUploadBytes > DEFAULT_MAX_UPLOAD_BYTES) {
    fail(
      'maxUploadBytes',
      `at most ${DEFAULT_MAX_UPLOAD_BYTES} (5 GiB, S3's single-request limit)`,
      maxUploadBytes,
    );
  }
  const warmWrites = get('warmWriteUnits');
  const warmReads = get('warmReadUnits');
  const warmThroughput =
    warmWrites === undefined && warmReads === undefined
      ? undefined
      : {
          readUnitsPerSecond: atLeast(
            'warmReadUnits',
            positiveInteger('warmReadUnits', warmReads, ON_DEMAND_WARM_THROUGHPUT.readUnitsPerSecond),
            ON_DEMAND_WARM_THROUGHPUT.readUnitsPerSecond,
          ),
          writeUnitsPerSecond: atLeast(
            'warmWriteUnits',
            positiveInteger('warmWriteUnits', warmWrites, ON_DEMAND_WARM_THROUGHPUT.writeUnitsPerSecond),
            ON_DEMAND_WARM_THROUGHPUT.writeUnitsPerSecond,
          ),
        };
  return {
    stage: stage as string,
    ...(typeof alarmEmail === 'string' ? { alarmEmail } : {}),
    corsOrigins: origins(get('corsOrigins')),
    maxUploadBytes,
    uploadUrlTtlSeconds: positiveInteger(
      'uploadUrlTtlSeconds',
      get('uploadUrlTtlSeconds'),
      DEFAULT_CONFIG.uploadUrlTtlSeconds,
    ),
    uploadRetentionDays: positiveInteger(
      'uploadRetentionDays',
      get('uploadRetentionDays'),
      DEFAULT_CONFIG.uploadRetentionDays,
    ),
    reportRetentionDays: positiveInteger(
      'reportRetentionDays',
      get('reportRetentionDays'),
      DEFAULT_CONFIG.reportRetentionDays,
    ),
    revertWindowDays: positiveInteger(
      'revertWindowDays',
      get('revertWindowDays'),
      DEFAULT_CONFIG.revertWindowDays,
    ),
    logRetentionDays: logRetentionDays as RetentionDays,
    retainData: boolean('retainData', get('retainData'), DEFAULT_CONFIG.retainData),
    ...(warmThroughput ? { warmThroughput } : {}),
    dropWorkspaces: workspaces(get('dropWorkspaces')),
    keepIndexes: retiredIndexes(get('keepIndexes')),
  };
};

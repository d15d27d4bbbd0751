// Tells an error that a later attempt may not meet (throttling, a network fault, a race) from one it will meet again.

import { isImportError } from '../errors.js';

/** Error names the AWS SDK gives throttling and passing faults of DynamoDB, S3 and the network. */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'InternalServerError',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'TransactionInProgressException',
  'AbortError',
]);

/** Node.js system errors of a connection that broke or could not be made. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: Array<{ Code?: string }>;
}

/**
 * True for an error a retry may not meet: throttling, a 5xx or 429 answer, a broken connection, a transaction
 * another transaction collided with, or a conflict the engine gave up re-planning. Anything else (a value storage
 * refuses, a bug) happens again at the same row, so retrying it only keeps the import `running`.
 */
export function isTransientError(error: unknown): boolean {
  if (isImportError(error)) return error.code === 'write_conflict' || error.code === 'throttled';
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkLikeError;
  if (e.$retryable) return true;
  if (e.name !== undefined && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code !== undefined && TRANSIENT_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  const reasons = e.CancellationReasons;
  if (e.name === 'TransactionCanceledException' && reasons) {
    return reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError');
  }
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isTransientError(cause);
}

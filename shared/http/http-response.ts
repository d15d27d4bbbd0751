// HTTP responses of the API: JSON bodies in camelCase, errors as `{error: {code, message}}`, 5xx kept generic.

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorBody } from '../api/error-body.js';
import { type ErrorCode, ImportError } from '../errors.js';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
};

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

export const csv = (body: string, fileName: string): HttpResponse => ({
  statusCode: 200,
  headers: {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
  },
  body,
});

/** Every code's status: a new code without one fails the type-check. Only codes under 500 show their message. */
export const STATUS_BY_CODE = {
  invalid_request: 400,
  invalid_mapping: 400,
  unknown_field: 400,
  // An import names a profile (SPEC §11) the workspace does not have.
  unknown_profile: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  // A person's edit: another contact has the email, or the contact changed since the `ver` it was read at.
  email_taken: 409,
  version_conflict: 409,
  // POST /imports/{id}/cancel on an import that has ended.
  not_cancellable: 409,
  // A revert refused (SPEC §10).
  not_revertible: 409,
  revert_window_passed: 409,
  already_reverted: 409,
  revert_running: 409,
  payload_too_large: 413,
  file_too_large: 413,
  unsupported_media_type: 415,
  empty_file: 422,
  not_csv: 422,
  no_header: 422,
  too_many_columns: 422,
  malformed_csv: 422,
  sheet_not_found: 422,
  encrypted_file: 422,
  // The file was overwritten while it was being imported.
  file_changed: 409,
  // Ours, not the caller's: the body says only that something went wrong.
  internal: 500,
  write_conflict: 500,
  lease_lost: 500,
  // The engine's own signal that a cancel stopped its run; never an answer.
  cancel_requested: 500,
  storage_limit: 500,
  throttled: 503,
} as const satisfies Record<ErrorCode, number>;

/** What a 5xx body says: never the cause (that goes to the log). */
const INTERNAL: ErrorBody = { error: { code: 'internal', message: 'internal error' } };
const BUSY: ErrorBody = {
  error: { code: 'throttled', message: 'the service is busy: try again in a moment' },
};

const isFileRows = (value: unknown): value is Array<{ row: number; cells: string[] }> => Array.isArray(value);

const errorBody = (error: ImportError, status: number): ErrorBody => {
  if (status >= 500) return status === 503 ? BUSY : INTERNAL;
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.context.row !== undefined ? { row: error.context.row } : {}),
      ...(error.context.column !== undefined ? { column: error.context.column } : {}),
      ...(typeof error.context.field === 'string' ? { field: error.context.field } : {}),
      // A preview without a header answers with the file's first rows (SPEC §2), to pick the header from.
      ...(isFileRows(error.context.rows) ? { rows: error.context.rows } : {}),
    },
  };
};

/** Maps a domain error to its status; anything else is a 500 whose body says nothing about the cause. */
export const errorResponse = (error: unknown, onInternal?: (error: unknown) => void): HttpResponse => {
  const status = error instanceof ImportError ? STATUS_BY_CODE[error.code] : 500;
  if (status >= 500) onInternal?.(error);
  return json(status, error instanceof ImportError ? errorBody(error, status) : INTERNAL);
};

export const notFound = (what: string): ImportError => new ImportError('not_found', `${what} not found`);

// HTTP responses of the API: JSON bodies in camelCase, errors as `{error: {code, message}}`, 5xx kept generic.

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ImportError } from '../errors.js';

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

const STATUS_BY_CODE: Record<string, number> = {
  invalid_request: 400,
  invalid_mapping: 400,
  unknown_field: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
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
};

/** Maps a domain error to its status; anything else is a 500 whose body says nothing about the cause. */
export const errorResponse = (error: unknown, onInternal?: (error: unknown) => void): HttpResponse => {
  if (error instanceof ImportError) {
    const status = STATUS_BY_CODE[error.code];
    if (status) {
      return json(status, {
        error: {
          code: error.code,
          message: error.message,
          ...(error.context.row !== undefined ? { row: error.context.row } : {}),
          ...(error.context.column !== undefined ? { column: error.context.column } : {}),
        },
      });
    }
  }
  onInternal?.(error);
  return json(500, { error: { code: 'internal', message: 'internal error' } });
};

export const notFound = (what: string): ImportError => new ImportError('not_found', `${what} not found`);

// Reading API Gateway v2 requests: JSON bodies with limits, media types, safe file names (options: shared/options/).

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ImportError } from '../errors.js';

export type HttpRequest = Pick<
  APIGatewayProxyEventV2,
  'body' | 'isBase64Encoded' | 'headers' | 'queryStringParameters' | 'pathParameters'
>;

/** 1 MiB: the largest JSON body any route takes (a mapping of 500 columns fits many times). */
export const MAX_JSON_BYTES = 1024 * 1024;

export const header = (request: HttpRequest, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers ?? {}))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
};

export const mediaType = (request: HttpRequest): string =>
  (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export const bodyBytes = (request: HttpRequest): Buffer =>
  request.body ? Buffer.from(request.body, request.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);

export const readJsonBody = (request: HttpRequest): unknown => {
  const bytes = bodyBytes(request);
  if (bytes.length > MAX_JSON_BYTES) {
    throw new ImportError('payload_too_large', `a JSON body may have at most ${MAX_JSON_BYTES} bytes`);
  }
  if (bytes.length === 0) throw new ImportError('invalid_request', 'the request needs a JSON body');
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ImportError('invalid_request', 'the body is not valid JSON');
  }
};

/** A file name as a person gave it, reduced to its last path part without control characters. */
export const safeFileName = (name: string | undefined, fallback = 'contacts.csv'): string => {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? fallback : clean;
};

// The CLI's HTTP client of the API (SPEC §7): bearer key, JSON in and out, errors turned into messages.

import { CliError, EXIT } from './cli-errors.js';

/** What `POST /imports` answers for a presigned upload: the API contract's own types. */
export type { CreatedImport, PresignedUpload as PresignedPost } from '../shared/api/create-import.js';

/** A 4xx or 5xx answer, with the API's `{error: {code, message}}` (or API Gateway's `{message}`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The API did not answer: down, unreachable, or too slow. */
export class ApiUnreachableError extends CliError {
  override readonly name = 'ApiUnreachableError';
}

export interface ApiClient {
  readonly baseUrl: string;
  getJson<T>(path: string): Promise<T>;
  postJson<T>(path: string, body: unknown): Promise<T>;
  putJson<T>(path: string, body: unknown): Promise<T>;
  patchJson<T>(path: string, body: unknown): Promise<T>;
  /** DELETE; the answer has no body (204). */
  deleteRequest(path: string): Promise<void>;
  /** Sends `body` as it is, with its media type (a file for `POST /imports`); reads the JSON answer. */
  postBody<T>(path: string, body: Uint8Array, contentType: string): Promise<T>;
  /** The body of a non-JSON answer (a CSV), as a stream. */
  getBody(path: string): Promise<ReadableStream<Uint8Array>>;
}

export interface ApiClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Added to the "cannot reach" message: what the person should check. */
  unreachableHint?: string;
  requestTimeoutMs?: number;
}

const describeNetworkError = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
};

const readError = async (response: Response): Promise<ApiError> => {
  const text = await response.text().catch(() => '');
  let code = `http_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string }; message?: string };
    if (body.error?.message) {
      message = body.error.message;
      code = body.error.code ?? code;
    } else if (body.message) {
      message = body.message;
    }
  } catch {
    if (text && text.length < 300) message = text;
  }
  return new ApiError(response.status, code, message);
};

export const createApiClient = (options: ApiClientOptions): ApiClient => {
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const send = async (path: string, init: RequestInit, timeout: boolean): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${options.apiKey}`, ...(init.headers as Record<string, string>) },
        ...(timeout ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new ApiUnreachableError(
          `the API at ${options.baseUrl} did not answer within ${timeoutMs / 1000} s`,
        );
      }
      const hint = options.unreachableHint ? `: ${options.unreachableHint}` : '';
      throw new ApiUnreachableError(
        `cannot reach the API at ${options.baseUrl} (${describeNetworkError(error)})${hint}`,
        EXIT.failure,
        { cause: error },
      );
    }
    if (!response.ok) throw await readError(response);
    return response;
  };
  const readJson = async <T>(response: Response): Promise<T> => {
    const text = await response.text();
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new CliError(`the API at ${options.baseUrl} answered something that is not JSON`);
    }
  };
  return {
    baseUrl: options.baseUrl,
    getJson: async (path) => readJson(await send(path, { method: 'GET' }, true)),
    postJson: async (path, body) =>
      readJson(
        await send(
          path,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
          true,
        ),
      ),
    putJson: async (path, body) =>
      readJson(
        await send(
          path,
          { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
          true,
        ),
      ),
    patchJson: async (path, body) =>
      readJson(
        await send(
          path,
          { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
          true,
        ),
      ),
    deleteRequest: async (path) => {
      await send(path, { method: 'DELETE' }, true);
    },
    postBody: async (path, body, contentType) =>
      readJson(await send(path, { method: 'POST', headers: { 'content-type': contentType }, body }, true)),
    getBody: async (path) => {
      const response = await send(path, { method: 'GET' }, false);
      if (!response.body) return new ReadableStream({ start: (controller) => controller.close() });
      return response.body;
    },
  };
};

// The local HTTP API: requests become API Gateway HTTP API (v2) events for the very handlers AWS runs.

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { ApiEvent } from '../functions/api-event.js';
import type { AuthorizerContext } from '../functions/authorizer/create-handler.js';
import { type ApiFunction, matchRoute, routeKey } from '../functions/routes.js';
import type { HttpResponse } from '../shared/http/http-response.js';

export interface ApiServerHandlers {
  authorize: (event: {
    headers: Record<string, string>;
  }) => Promise<{ isAuthorized: boolean; context: unknown }>;
  functions: Record<ApiFunction, (event: ApiEvent) => Promise<HttpResponse>>;
}

export interface ApiServerOptions {
  /** Folder of the web page, served at `/` without authorization. */
  webRoot?: string;
  /** API Gateway's own payload limit. */
  maxBodyBytes?: number;
  /** A request's headers must have arrived this long after its first byte. */
  headersTimeoutMs?: number;
  /** A request, headers and body, must have arrived this long after its first byte. */
  requestTimeoutMs?: number;
}

/** Short enough that a client that never finishes its headers or body frees its connection within seconds. */
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** Long enough for a client to read an early answer before the connection it is still sending on is reset. */
const EARLY_ANSWER_LINGER_MS = 2_000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, if-match',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-max-age': '600',
};

const TEXT_TYPES = /^(text\/|application\/(json|csv|x-www-form-urlencoded))/;

const readBody = (request: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });

const send = (
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: string | Buffer,
) => {
  response.writeHead(status, { ...CORS_HEADERS, ...headers });
  response.end(body);
};

const sendJson = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, { 'content-type': 'application/json' }, JSON.stringify(body));

/**
 * Answers before the body is read (no key, a refused key, a declared length over the limit): the rest of the
 * body is discarded and the connection closed, so a client cannot hold it by announcing bytes it never sends.
 */
const answerBeforeBody = (
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  message: string,
) => {
  response.shouldKeepAlive = false;
  send(
    response,
    status,
    { 'content-type': 'application/json', connection: 'close' },
    JSON.stringify({ message }),
  );
  request.resume();
  setTimeout(() => request.socket.destroy(), EARLY_ANSWER_LINGER_MS).unref();
};

/** The declared Content-Length is over the limit (a chunked body is counted while it is read instead). */
const declaresTooMuch = (request: IncomingMessage, limit: number): boolean => {
  const declared = Number(request.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
};

/** Builds the v2 event API Gateway would hand the integration, with the authorizer's context. */
const toEvent = (
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  route: { routeKey: string; pathParameters: Record<string, string> },
  authorizer: AuthorizerContext | undefined,
): ApiEvent => {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams)
    query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  // Bytes that are not UTF-8 (a Windows-1252 CSV) travel base64-encoded, as API Gateway passes binary bodies.
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '') && isUtf8(body);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(authorizer ? { authorizer: { lambda: authorizer } } : {}),
    },
  } as ApiEvent;
};

const serveStatic = async (response: ServerResponse, webRoot: string, pathname: string): Promise<boolean> => {
  const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^(\.\.[/\\])+/, '');
  const file = join(webRoot, relative);
  if (!file.startsWith(webRoot)) return false;
  try {
    const body = await readFile(file);
    send(response, 200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }, body);
    return true;
  } catch {
    return false;
  }
};

export const createApiServer = (handlers: ApiServerHandlers, options: ApiServerOptions = {}): Server => {
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const timeouts = {
    headersTimeout,
    requestTimeout: Math.max(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, headersTimeout),
    // Node checks the two timeouts above this often (30 s by default).
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  };
  return createServer(timeouts, async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = request.method ?? 'GET';
      if (method === 'OPTIONS') return send(response, 204, {});
      const match = matchRoute(method, url.pathname);
      if (!match) {
        if (
          method === 'GET' &&
          options.webRoot &&
          (await serveStatic(response, options.webRoot, url.pathname))
        )
          return;
        return sendJson(response, 404, { message: 'Not Found' });
      }
      // Everything that can refuse the request is decided from its headers, before a byte of the body is read.
      // API Gateway answers 401 when the identity source is missing, 403 when the authorizer says no.
      // A public route (the API's description) runs no authorizer, as in AWS.
      const authorization = request.headers.authorization;
      if (!match.route.public && !authorization)
        return answerBeforeBody(request, response, 401, 'Unauthorized');
      if (declaresTooMuch(request, maxBodyBytes))
        return answerBeforeBody(request, response, 413, 'Request Entity Too Large');
      const auth =
        match.route.public || !authorization
          ? undefined
          : await handlers.authorize({ headers: { authorization } });
      if (auth && !auth.isAuthorized) return answerBeforeBody(request, response, 403, 'Forbidden');
      const body = await readBody(request, maxBodyBytes);
      if (body === 'too_large') return sendJson(response, 413, { message: 'Request Entity Too Large' });
      const event = toEvent(
        request,
        url,
        body,
        { routeKey: routeKey(match.route), pathParameters: match.pathParameters },
        auth?.context as AuthorizerContext | undefined,
      );
      const result = await handlers.functions[match.route.fn](event);
      const payload =
        result.body === undefined
          ? undefined
          : result.isBase64Encoded
            ? Buffer.from(result.body, 'base64')
            : result.body;
      send(response, result.statusCode, result.headers, payload);
    } catch {
      sendJson(response, 500, { message: 'Internal Server Error' });
    }
  });
};

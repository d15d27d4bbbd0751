// The OpenAPI 3.1 description of the HTTP API, generated from the routes' contracts (zod-openapi, on zod 4's
// own JSON Schema): served at `GET /openapi.json`.

import {
  createDocument,
  type ZodOpenApiContentObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import type { ErrorCode } from '../errors.js';
import { STATUS_BY_CODE } from '../http/http-response.js';
import { errorBodyWith, gatewayErrorSchema } from './error-body.js';
import { type Content, ROUTE_CONTRACTS, type RouteContract } from './route-contracts.js';

export interface DocumentedRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  public?: true;
}

const content = (bodies: Content): ZodOpenApiContentObject =>
  Object.fromEntries(Object.entries(bodies).map(([type, schema]) => [type, { schema }]));

/** A route's error codes grouped by status, each status one response listing its codes. */
const errorResponses = (codes: readonly ErrorCode[]): ZodOpenApiResponsesObject => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, 'internal' as const]) {
    const status = STATUS_BY_CODE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, [first, ...rest]]) => [
      String(status),
      {
        description: status >= 500 ? 'Our error: the body never says why.' : [first, ...rest].join(', '),
        content: { 'application/json': { schema: errorBodyWith([first as ErrorCode, ...rest]) } },
      },
    ]),
  );
};

const GATEWAY_RESPONSES: ZodOpenApiResponsesObject = {
  '401': {
    description: 'No API key (answered by API Gateway).',
    content: { 'application/json': { schema: gatewayErrorSchema } },
  },
  '403': {
    description: 'The API key was refused (answered by API Gateway).',
    content: { 'application/json': { schema: gatewayErrorSchema } },
  },
};

const operation = (route: DocumentedRoute, contract: RouteContract): ZodOpenApiOperationObject => {
  const { request } = contract;
  return {
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    // A public route needs no key: the document's default security does not apply.
    ...(route.public ? { security: [] } : {}),
    ...(request?.path || request?.query
      ? {
          requestParams: {
            ...(request.path ? { path: request.path } : {}),
            ...(request.query ? { query: request.query } : {}),
          },
        }
      : {}),
    ...(request?.body ? { requestBody: { required: true, content: content(request.body) } } : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(contract.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.content ? { content: content(response.content) } : {}),
            ...(response.headers
              ? {
                  headers: Object.fromEntries(
                    Object.entries(response.headers).map(([name, description]) => [
                      name,
                      { description, schema: { type: 'string' as const } },
                    ]),
                  ),
                }
              : {}),
          },
        ]),
      ),
      ...errorResponses(contract.errors),
      ...(route.public ? {} : GATEWAY_RESPONSES),
    },
  };
};

/** The document for these routes; a route without a contract in shared/api is a programming error. */
export const buildOpenApiDocument = (routes: readonly DocumentedRoute[]) => {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    const contract: RouteContract | undefined = ROUTE_CONTRACTS[key as keyof typeof ROUTE_CONTRACTS];
    if (!contract) throw new Error(`${key} has no contract in shared/api/route-contracts.ts`);
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, contract) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'contacts-import',
      version: '1',
      description:
        'The contact CSV importer of the CustomerFlows CRM. JSON in camelCase; every route but this ' +
        "document's needs `Authorization: Bearer <api key>`, and the workspace comes only from the key.",
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key (`contacts-import api-key create`).',
        },
      },
    },
    security: [{ apiKey: [] }],
    paths,
  });
};

// The HTTP API's routes and the function that serves each: read by the CDK stack and the local stack alike.

import type { RouteKey } from '../shared/api/route-contracts.js';

export type ApiFunction = 'upload-url' | 'results';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  fn: ApiFunction;
  /** Served without an API key (no authorizer in AWS, none locally). */
  public?: true;
}

export const API_ROUTES = [
  { method: 'POST', path: '/imports', fn: 'upload-url' },
  { method: 'POST', path: '/imports/preview', fn: 'upload-url' },
  { method: 'GET', path: '/template', fn: 'results' },
  { method: 'GET', path: '/imports', fn: 'results' },
  { method: 'GET', path: '/imports/{id}', fn: 'results' },
  { method: 'GET', path: '/imports/{id}/errors', fn: 'results' },
  // Served beside POST /imports: the function that registers imports is the one that may write their records.
  { method: 'POST', path: '/imports/{id}/cancel', fn: 'upload-url' },
  { method: 'POST', path: '/imports/{id}/revert', fn: 'results' },
  { method: 'GET', path: '/custom-fields', fn: 'results' },
  { method: 'POST', path: '/custom-fields', fn: 'results' },
  { method: 'GET', path: '/contacts', fn: 'results' },
  { method: 'GET', path: '/contacts/{id}', fn: 'results' },
  { method: 'PATCH', path: '/contacts/{id}', fn: 'results' },
  { method: 'DELETE', path: '/contacts/{id}', fn: 'results' },
  { method: 'GET', path: '/settings', fn: 'results' },
  { method: 'PUT', path: '/settings', fn: 'results' },
  { method: 'GET', path: '/import-profiles', fn: 'results' },
  { method: 'PUT', path: '/import-profiles/{name}', fn: 'results' },
  { method: 'DELETE', path: '/import-profiles/{name}', fn: 'results' },
  { method: 'GET', path: '/openapi.json', fn: 'results', public: true },
] as const satisfies readonly ApiRoute[];

type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Every route has its contract in shared/api and every contract its route: one missing fails the type-check. */
const contractsMatchRoutes: Same<KeyOf<(typeof API_ROUTES)[number]>, RouteKey> = true;
void contractsMatchRoutes;

export const routeKey = (route: Pick<ApiRoute, 'method' | 'path'>): string => `${route.method} ${route.path}`;

const decodeOrUndefined = (part: string): string | undefined => {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
};

/** Finds the route for a request path, with its path parameters, as API Gateway does. */
export const matchRoute = (
  method: string,
  path: string,
): { route: ApiRoute; pathParameters: Record<string, string> } | undefined => {
  const parts = path.split('/').filter(Boolean);
  for (const route of API_ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const pathParameters: Record<string, string> = {};
    const matches = pattern.every((segment, i) => {
      const part = parts[i] ?? '';
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1]) {
        // A malformed escape (`%E0%A4%A`) matches no route, as a path that does not exist.
        const value = decodeOrUndefined(part);
        if (value === undefined) return false;
        pathParameters[param[1]] = value;
        return true;
      }
      return segment === part;
    });
    if (matches) return { route, pathParameters };
  }
  return undefined;
};

// The import profile routes (SPEC §11): list, put (create or replace whole) and delete a workspace's profiles.

import type { ImportProfileJson, ImportProfilesJson } from '../../shared/api/import-profiles.js';
import { validateMapping } from '../../shared/domain/map-headers.js';
import { ImportError } from '../../shared/errors.js';
import { type HttpResponse, json, notFound } from '../../shared/http/http-response.js';
import { readJsonBody } from '../../shared/http/parse-request.js';
import type { CustomFieldStore } from '../../shared/ports/custom-field-store.js';
import type { ImportProfileStore } from '../../shared/ports/import-profile-store.js';
import { readProfileOptions } from '../../shared/profiles/import-profile.js';
import { isProfileName, PROFILE_NAME_RULE } from '../../shared/profiles/profile-name.js';
import type { ApiEvent } from '../api-event.js';

export interface ProfileRouteDeps {
  profiles: ImportProfileStore;
  customFields: CustomFieldStore;
  now?: () => Date;
}

/** A workspace keeps at most this many profiles: the list answers in one response. */
export const MAX_PROFILES = 100;

export type ProfileRouteKey =
  | 'GET /import-profiles'
  | 'PUT /import-profiles/{name}'
  | 'DELETE /import-profiles/{name}';

export const isProfileRoute = (routeKey: string): routeKey is ProfileRouteKey => routeKey in PROFILE_ROUTES;

const nameOf = (event: ApiEvent): string => event.pathParameters?.name ?? '';

const PROFILE_ROUTES: Record<
  ProfileRouteKey,
  (deps: ProfileRouteDeps, workspaceId: string, event: ApiEvent) => Promise<HttpResponse>
> = {
  'GET /import-profiles': async (deps, workspaceId) => {
    const profiles = await deps.profiles.listProfiles(workspaceId);
    return json(200, { profiles } satisfies ImportProfilesJson);
  },
  'PUT /import-profiles/{name}': async (deps, workspaceId, event) => {
    const name = nameOf(event);
    // A name that breaks the rule is the caller's mistake to be told of, not a profile that is not there.
    if (!isProfileName(name)) {
      throw new ImportError(
        'invalid_request',
        `a profile name is ${PROFILE_NAME_RULE}; got "${name.slice(0, 80)}"`,
      );
    }
    const options = readProfileOptions(readJsonBody(event));
    if (options.mapping)
      validateMapping(options.mapping, await deps.customFields.listCustomFields(workspaceId));
    const existing = await deps.profiles.listProfiles(workspaceId);
    if (existing.length >= MAX_PROFILES && !existing.some((profile) => profile.name === name)) {
      throw new ImportError(
        'conflict',
        `the workspace has ${MAX_PROFILES} import profiles, the most it may keep: delete one first`,
      );
    }
    const profile = { name, options, updatedAt: (deps.now?.() ?? new Date()).toISOString() };
    await deps.profiles.putProfile(workspaceId, profile);
    return json(200, profile satisfies ImportProfileJson);
  },
  'DELETE /import-profiles/{name}': async (deps, workspaceId, event) => {
    const name = nameOf(event);
    if (!isProfileName(name) || !(await deps.profiles.deleteProfile(workspaceId, name))) {
      throw notFound('import profile');
    }
    return { statusCode: 204, headers: {}, body: '' };
  },
};

/** Serves one of the profile routes (their contracts: shared/api/route-contracts.ts). */
export const serveProfileRoute = (
  deps: ProfileRouteDeps,
  routeKey: ProfileRouteKey,
  workspaceId: string,
  event: ApiEvent,
): Promise<HttpResponse> => PROFILE_ROUTES[routeKey](deps, workspaceId, event);

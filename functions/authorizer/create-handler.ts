// HTTP API Lambda authorizer: `Authorization: Bearer <api key>` → the key's workspace, or denied.

import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { authenticateApiKey, bearerKey } from '../../shared/auth/api-keys.js';
import type { ApiKeyStore } from '../../shared/ports/api-key-store.js';

export interface AuthorizerContext {
  workspaceId: string;
}

type AuthorizerResult = APIGatewaySimpleAuthorizerWithContextResult<
  AuthorizerContext | Record<string, never>
>;

export const createHandler =
  (deps: { apiKeys: ApiKeyStore }) =>
  async (event: Pick<APIGatewayRequestAuthorizerEventV2, 'headers'>): Promise<AuthorizerResult> => {
    const apiKey = bearerKey(event.headers?.authorization ?? event.headers?.Authorization);
    const workspaceId = apiKey ? await authenticateApiKey(deps.apiKeys, apiKey) : undefined;
    return workspaceId
      ? { isAuthorized: true, context: { workspaceId } }
      : { isAuthorized: false, context: {} };
  };

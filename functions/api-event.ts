// The event API Gateway (HTTP API, payload 2.0) hands the API functions, as the local stack builds it too.

import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import type { AuthorizerContext } from './authorizer/create-handler.js';

/** On a public route (functions/routes.ts) no authorizer ran: `requestContext.authorizer` is absent there. */
export type ApiEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<AuthorizerContext>;

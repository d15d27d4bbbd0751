// Lambda entry of the authorizer: clients and config built once per container.

import { createAwsClients } from '../../shared/adapters/aws-clients.js';
import { authorizerConfigFromEnv, buildAuthorizerDeps } from './build-deps.js';
import { createHandler } from './create-handler.js';

export const handler = createHandler(buildAuthorizerDeps(authorizerConfigFromEnv(), createAwsClients()));

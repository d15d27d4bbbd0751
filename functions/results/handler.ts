// Lambda entry of the results function: clients and config built once per container.

import { createAwsClients } from '../../shared/adapters/aws-clients.js';
import { createLogger } from '../../shared/observability.js';
import { buildResultsDeps, resultsConfigFromEnv } from './build-deps.js';
import { createHandler } from './create-handler.js';

export const handler = createHandler(
  buildResultsDeps(resultsConfigFromEnv(), createAwsClients(), createLogger()),
);

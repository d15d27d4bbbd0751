// Lambda entry of the results function: clients and config built once per container.

import { createAwsClients, createSfnClient } from '../../shared/adapters/aws-clients.js';
import { requireEnv } from '../../shared/config.js';
import { createLogger } from '../../shared/observability.js';
import { startContinuation } from '../import/aws-runtime.js';
import { buildResultsDeps, resultsConfigFromEnv } from './build-deps.js';
import { createHandler } from './create-handler.js';

export const handler = createHandler(
  buildResultsDeps(
    resultsConfigFromEnv(),
    createAwsClients(),
    createLogger(),
    // A revert's rounds run in the import function, looped by the continuation state machine.
    startContinuation(createSfnClient(), requireEnv('CONTINUATION_STATE_MACHINE_ARN')),
  ),
);

// Lambda entry of the import function: clients and config once per container, the AWS runtime around the wiring.

import {
  createAwsClients,
  createEventBridgeClient,
  createSfnClient,
} from '../../shared/adapters/aws-clients.js';
import { requireEnv } from '../../shared/config.js';
import { createLogger, createMetrics } from '../../shared/observability.js';
import { revertEventDetail } from '../../shared/revert/revert-event.js';
import { putImportEvent, startContinuation } from './aws-runtime.js';
import { buildImportDeps, importConfigFromEnv } from './build-deps.js';
import { createHandler } from './create-handler.js';

const config = importConfigFromEnv();
const continuationArn = requireEnv('CONTINUATION_STATE_MACHINE_ARN');
const eventBusName = process.env.EVENT_BUS_NAME ?? 'default';

export const handler = createHandler(
  buildImportDeps(config, createAwsClients(), {
    continueLater: startContinuation(createSfnClient(), continuationArn),
    announce: putImportEvent(createEventBridgeClient(), eventBusName),
    announceRevert: putImportEvent(createEventBridgeClient(), eventBusName, revertEventDetail),
    logger: createLogger(),
    metrics: createMetrics(),
  }),
);

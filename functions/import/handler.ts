// Lambda entry of the import function: clients, config and the continuation state machine wired once.

import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  createAwsClients,
  createEventBridgeClient,
  createSfnClient,
} from '../../shared/adapters/aws-clients.js';
import { createEngineDeps } from '../../shared/adapters/engine-deps.js';
import { DEFAULT_MAX_UPLOAD_BYTES, numberEnv, requireEnv } from '../../shared/config.js';
import { importEventDetail } from '../../shared/import/import-event.js';
import { createLogger, createMetrics } from '../../shared/observability.js';
import { createHandler } from './create-handler.js';

const tableName = requireEnv('TABLE_NAME');
const bucket = requireEnv('BUCKET_NAME');
const stateMachineArn = requireEnv('CONTINUATION_STATE_MACHINE_ARN');
const eventBusName = process.env.EVENT_BUS_NAME ?? 'default';
const maxBytes = numberEnv('MAX_UPLOAD_BYTES', DEFAULT_MAX_UPLOAD_BYTES);

const { documentClient, s3 } = createAwsClients();
const sfn = createSfnClient();
const events = createEventBridgeClient();
const logger = createLogger();
const metrics = createMetrics();

export const handler = createHandler({
  engine: createEngineDeps({ documentClient, tableName, s3, bucket, maxBytes }),
  s3,
  bucket,
  // The function's 15-minute timeout plus a margin: a run that died is taken over after this.
  leaseMs: 16 * 60 * 1000,
  safetyMarginMs: numberEnv('SAFETY_MARGIN_MS', 120_000),
  continueLater: async (continuation) => {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        // One execution per run: a retried invocation cannot start a second loop.
        name: `${continuation.importId}-${continuation.runId}`.replace(/[^\w-]/g, '-').slice(0, 80),
        input: JSON.stringify(continuation),
      }),
    );
  },
  announce: async (summary) => {
    const detail = importEventDetail(summary);
    await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: eventBusName,
            Source: detail.source,
            DetailType: detail.detailType,
            Detail: JSON.stringify(detail.detail),
          },
        ],
      }),
    );
  },
  logger,
  metrics,
});

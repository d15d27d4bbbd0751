// The import function's AWS-only collaborators: Step Functions runs the next round, EventBridge hears the end.

import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { importEventDetail } from '../../shared/import/import-event.js';
import type { revertEventDetail } from '../../shared/revert/revert-event.js';
import type { ImportHandlerDeps } from './create-handler.js';

/** Starts the continuation state machine for a paused import: one execution per run. */
export const startContinuation =
  (sfn: SFNClient, stateMachineArn: string): ImportHandlerDeps['continueLater'] =>
  async (continuation) => {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        // One execution per run: a retried invocation cannot start a second loop.
        name: `${continuation.importId}-${continuation.runId}`.replace(/[^\w-]/g, '-').slice(0, 80),
        input: JSON.stringify(continuation),
      }),
    );
  };

/** Puts the finished import's event (or, with revertEventDetail, the finished revert's) on the bus. */
export const putImportEvent =
  (
    events: EventBridgeClient,
    eventBusName: string,
    detailOf: typeof importEventDetail | typeof revertEventDetail = importEventDetail,
  ): ImportHandlerDeps['announce'] =>
  async (summary) => {
    const detail = detailOf(summary);
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
  };

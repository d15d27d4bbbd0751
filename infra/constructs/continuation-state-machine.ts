// The loop that carries a file longer than one invocation: invoke the import function until it stops pausing.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  Fail,
  JitterType,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** Errors of the Lambda service itself (not of the function): always safe to retry. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
];

export interface ContinuationStateMachineProps {
  /** Fixed so that the import function can be given the ARN without referencing this resource (a cycle). */
  stateMachineName: string;
  importFunction: IFunction;
  logRetention: RetentionDays;
  retainLogs: boolean;
}

/**
 * Why Step Functions and not the function re-triggering itself (through S3, SQS or SNS): Lambda's recursive-loop
 * detection stops such a chain after about 16 rounds, and a 5 GB file may take more. A state machine's
 * invocations are not such a chain, and each round is visible in the execution history.
 */
export class ContinuationStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ContinuationStateMachineProps) {
    super(scope, id);

    const continueImport = LambdaInvoke.jsonPath(this, 'ContinueImport', {
      lambdaFunction: props.importFunction,
      comment:
        'One invocation: runs the import (or its revert) from its checkpoint until done or about to time out.',
      // The round as the function answered the last one (an import's or a revert's: `kind` says which); the
      // function reads its own fields and ignores `status`.
      payload: TaskInput.fromJsonPathAt('$'),
      // The function's result { kind, status, workspaceId, importId, runId, … } is the next state's input.
      outputPath: '$.Payload',
      // Retries are declared below, explicitly.
      retryOnServiceExceptions: false,
    });
    continueImport.addRetry({
      errors: LAMBDA_SERVICE_ERRORS,
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 6,
      maxDelay: Duration.minutes(1),
      jitterStrategy: JitterType.FULL,
    });
    // A crash or timeout of the function itself: the import resumes from its last checkpoint, so a retry is
    // safe, and a couple of them ride out a transient fault without hiding a persistent one.
    continueImport.addRetry({
      errors: [Errors.TASKS_FAILED],
      interval: Duration.seconds(30),
      backoffRate: 2,
      maxAttempts: 2,
    });
    continueImport.addCatch(
      new Fail(this, 'ContinuationFailed', {
        error: 'ContinuationFailed',
        cause: 'The import function kept failing; the import stays resumable from its checkpoint.',
      }),
      { errors: [Errors.ALL] },
    );

    const nextStep = new Choice(this, 'Paused?', {
      comment: 'paused: more of the file to read. completed, failed, lost or busy: this loop is done.',
    })
      .when(Condition.stringEquals('$.status', 'paused'), continueImport)
      .otherwise(new Succeed(this, 'Done'));

    this.logGroup = new LogGroup(this, 'Logs', {
      // The vendedlogs prefix keeps CloudWatch Logs' resource policy small however many machines log.
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      // Standard, not Express: an execution may last hours (Express stops at 5 minutes).
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(continueImport.next(nextStep)),
      // 15 minutes a round; two days is room for the largest file SPEC §5 allows, and a bound on a stuck loop.
      timeout: Duration.days(2),
      tracingEnabled: true,
      // Execution data stays out of the logs: states carry only ids, but nothing is lost by not logging them.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
  }
}

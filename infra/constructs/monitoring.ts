// Dashboard and alarms: the import EMF metrics, function health, the dead-letter queue, the loop and the API.

import { Aws, Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** What the functions emit with Powertools Metrics (shared/observability.ts): namespace and `service` dimension. */
export const EMF = { namespace: 'ContactsImport', service: 'contacts-import' } as const;

export const IMPORT_METRICS = [
  'ImportsStarted',
  'ImportsCompleted',
  'ImportsFailed',
  'ImportsCancelled',
  'RowsCreated',
  'RowsUpdated',
  'RowsSkipped',
  'RowsErrored',
  'ImportDuration',
  'RowsPerSecond',
] as const;
export type ImportMetricName = (typeof IMPORT_METRICS)[number];

const FIVE_MINUTES = Duration.minutes(5);

export const importMetric = (metricName: ImportMetricName, statistic = 'Sum', label?: string): Metric =>
  new Metric({
    namespace: EMF.namespace,
    metricName,
    dimensionsMap: { service: EMF.service },
    statistic,
    period: FIVE_MINUTES,
    ...(label ? { label } : {}),
  });

export interface MonitoringProps {
  dashboardName: string;
  functions: Record<string, LambdaFunction>;
  importDeadLetters: IQueue;
  continuation: IStateMachine;
  httpApi: HttpApi;
  alarmEmail?: string;
  /** Failed imports in five minutes that raise the alarm; failures include bad files, hence a knob. */
  failedImportsThreshold?: number;
}

export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    // A customer-managed key: CloudWatch can publish to an encrypted topic only if the key's policy lets it,
    // which the AWS-managed SNS key's policy does not.
    const topicKey = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the contacts-import alarm topic',
      enableKeyRotation: true,
    });
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Contacts import alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string): Alarm => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means nothing happened: no errors, no failed imports.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(new SnsAction(this.alarmTopic));
      created.addOkAction(new SnsAction(this.alarmTopic));
      this.alarms.push(created);
      return created;
    };

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${pascal(name)}Errors`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `The ${name} function failed (an unhandled error or a timeout).`,
      );
    }
    alarm(
      'ImportDeadLettersVisible',
      props.importDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      1,
      'An S3 event could not be imported after retries: it waits in the dead-letter queue with its error.',
    );
    alarm(
      'ImportsFailed',
      importMetric('ImportsFailed'),
      props.failedImportsThreshold ?? 1,
      'Imports ended with status failed (see failure.code: a bad file, or internal).',
    );
    alarm(
      'ContinuationFailed',
      new MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
        usingMetrics: {
          failed: props.continuation.metricFailed({ statistic: 'Sum' }),
          timedOut: props.continuation.metricTimedOut({ statistic: 'Sum' }),
          aborted: props.continuation.metricAborted({ statistic: 'Sum' }),
        },
        period: FIVE_MINUTES,
        label: 'Continuation executions failed, timed out or aborted',
      }),
      1,
      'A long import stopped continuing: the execution failed, timed out or was aborted.',
    );
    alarm(
      'ApiServerErrors',
      props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      5,
      'The HTTP API answered 5xx five times or more in five minutes.',
    );

    const perFunction = (metric: (fn: LambdaFunction) => IMetric): IMetric[] =>
      Object.values(props.functions).map(metric);
    const graph = (title: string, left: IMetric[], options: { stacked?: boolean; width?: number } = {}) =>
      new GraphWidget({
        title,
        left,
        width: options.width ?? 6,
        height: 6,
        stacked: options.stacked ?? false,
      });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      graph('Imports', [
        importMetric('ImportsStarted', 'Sum', 'started'),
        importMetric('ImportsCompleted', 'Sum', 'completed'),
        importMetric('ImportsFailed', 'Sum', 'failed'),
        importMetric('ImportsCancelled', 'Sum', 'cancelled'),
      ]),
      graph(
        'Rows by outcome',
        [
          importMetric('RowsCreated', 'Sum', 'created'),
          importMetric('RowsUpdated', 'Sum', 'updated'),
          importMetric('RowsSkipped', 'Sum', 'skipped'),
          importMetric('RowsErrored', 'Sum', 'errored'),
        ],
        { stacked: true },
      ),
      graph('Import duration (ms)', [
        importMetric('ImportDuration', 'Average', 'average'),
        importMetric('ImportDuration', 'p90', 'p90'),
        importMetric('ImportDuration', 'Maximum', 'maximum'),
      ]),
      graph('Rows per second', [
        importMetric('RowsPerSecond', 'Average', 'average'),
        importMetric('RowsPerSecond', 'Minimum', 'minimum'),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'Function errors',
        perFunction((fn) => fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' })),
      ),
      graph(
        'Function throttles',
        perFunction((fn) => fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' })),
      ),
      graph(
        'Function duration p90 (ms)',
        perFunction((fn) => fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p90' })),
      ),
      graph('Import dead-letter queue', [
        props.importDeadLetters.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: 'Maximum',
          label: 'messages visible',
        }),
        props.importDeadLetters.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(1),
          statistic: 'Maximum',
          label: 'age of oldest (s)',
        }),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Continuation executions', [
        props.continuation.metricStarted({ period: FIVE_MINUTES, label: 'started' }),
        props.continuation.metricSucceeded({ period: FIVE_MINUTES, label: 'succeeded' }),
        props.continuation.metricFailed({ period: FIVE_MINUTES, label: 'failed' }),
        props.continuation.metricTimedOut({ period: FIVE_MINUTES, label: 'timed out' }),
      ]),
      graph('API requests', [
        props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum', label: 'requests' }),
        props.httpApi.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum', label: '4xx' }),
        props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum', label: '5xx' }),
      ]),
      graph('API latency (ms)', [
        props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p50', label: 'p50' }),
        props.httpApi.metricLatency({ period: FIVE_MINUTES, statistic: 'p90', label: 'p90' }),
      ]),
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 6, height: 6 }),
    );
  }

  /** The console address of the dashboard, for the stack's outputs. */
  get dashboardUrl(): string {
    return `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards:name=${this.dashboard.dashboardName}`;
  }
}

const pascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

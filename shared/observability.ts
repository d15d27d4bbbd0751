// Structured JSON logs and EMF metrics (Powertools); log attributes are ids and counts, never personal data.

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const SERVICE_NAME = 'contacts-import';
export const METRICS_NAMESPACE = 'ContactsImport';

export const createLogger = (): Logger => new Logger({ serviceName: SERVICE_NAME });

export const createMetrics = (): Metrics =>
  new Metrics({ serviceName: SERVICE_NAME, namespace: METRICS_NAMESPACE });

export { MetricUnit };

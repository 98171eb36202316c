import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { CAPTURE_METRICS, METRICS_NAMESPACE } from './core/metric-names.js';
import type { OutcomeObserver } from './services/lambda-handlers.js';

/** Powertools Tracer and Metrics for one Lambda function (logs use the shared Powertools logger). */
export function createObservability(serviceName: string) {
  const tracer = new Tracer({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  const observeCapture: OutcomeObserver = (outcome, ms) => {
    metrics.addMetric(outcome.error ? CAPTURE_METRICS.failed : CAPTURE_METRICS.succeeded, MetricUnit.Count, 1);
    metrics.addMetric(CAPTURE_METRICS.duration, MetricUnit.Milliseconds, ms);
  };
  return {
    tracer,
    metrics,
    observeCapture,
    instrument: <T>(client: T): T => tracer.captureAWSv3Client(client),
  };
}

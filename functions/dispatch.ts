import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadConfig } from './lib/config.js';
import { createObservability } from './lib/lambda-observability.js';
import { createLogger } from './lib/logger.js';
import { dispatchScheduled, sweepApiSources, sweepPayloadSchema } from './lib/services/lambda-handlers.js';
import { createDispatchServices } from './lib/wiring.js';

const config = loadConfig();
const { metrics, instrument } = createObservability('verbatim-dispatch');
const deps = createDispatchServices(config, { instrument, logger: createLogger('verbatim-dispatch') });

/**
 * EventBridge Scheduler target: a source's schedule firing becomes one capture job on the queue;
 * the `{sweep: true}` schedule enqueues the due sources registered through the API.
 */
export const handler = async (payload: unknown) => {
  try {
    const jobs = sweepPayloadSchema.safeParse(payload).success ? await sweepApiSources(deps) : [await dispatchScheduled(payload, deps)];
    metrics.addMetric('CapturesDispatched', MetricUnit.Count, jobs.length);
    return jobs;
  } finally {
    metrics.publishStoredMetrics();
  }
};

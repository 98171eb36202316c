import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ConfigError, ENV, loadConfig } from './lib/config.js';
import { createDocumentClient } from './lib/adapters/aws-clients.js';
import { DynamoSnapshotIndex } from './lib/adapters/dynamo-snapshot-index.js';
import { SqsJobQueue } from './lib/adapters/sqs-job-queue.js';
import { systemClock } from './lib/core/ports.js';
import { createObservability } from './lib/lambda-observability.js';
import { dispatchScheduled, sweepApiSources, sweepPayloadSchema } from './lib/services/lambda-handlers.js';
import { createLogger } from './lib/logger.js';

const config = loadConfig();
if (!config.queueUrl) throw new ConfigError(`${ENV.queueUrl} must be set for the dispatch function`);
const { metrics, instrument } = createObservability('verbatim-dispatch');
const queue = SqsJobQueue.create(config.region, config.queueUrl, instrument);
const logger = createLogger('verbatim-dispatch');
const sources = new DynamoSnapshotIndex(
  createDocumentClient({ region: config.region, dynamoEndpoint: config.dynamoEndpoint, instrument }),
  config.tableName,
);

/**
 * EventBridge Scheduler target: a source's schedule firing becomes one capture job on the queue;
 * the `{sweep: true}` schedule enqueues the due sources registered through the API.
 */
export const handler = async (payload: unknown) => {
  const deps = { send: (j: Parameters<typeof queue.send>[0]) => queue.send(j), clock: systemClock, logger, sources };
  try {
    const jobs = sweepPayloadSchema.safeParse(payload).success ? await sweepApiSources(deps) : [await dispatchScheduled(payload, deps)];
    metrics.addMetric('CapturesDispatched', MetricUnit.Count, jobs.length);
    return jobs;
  } finally {
    metrics.publishStoredMetrics();
  }
};

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ConfigError, ENV, loadConfig } from './lib/config.js';
import { createDocumentClient } from './lib/adapters/aws-clients.js';
import { DynamoSnapshotIndex } from './lib/adapters/dynamo-snapshot-index.js';
import { SqsJobQueue } from './lib/adapters/sqs-job-queue.js';
import { systemClock } from './lib/core/ports.js';
import { createObservability } from './lib/lambda-observability.js';
import { dispatchScheduled } from './lib/services/lambda-handlers.js';
import { createLogger } from './lib/wiring.js';

const config = loadConfig();
if (!config.queueUrl) throw new ConfigError(`${ENV.queueUrl} must be set for the dispatch function`);
const { metrics, instrument } = createObservability('verbatim-dispatch');
const queue = SqsJobQueue.create(config.region, config.queueUrl, instrument);
const logger = createLogger('verbatim-dispatch');
const sources = new DynamoSnapshotIndex(createDocumentClient({ region: config.region, dynamoEndpoint: config.dynamoEndpoint, instrument }), config.tableName);

/** EventBridge Scheduler target: one schedule firing becomes one capture job on the queue. */
export const handler = async (payload: unknown) => {
  try {
    const job = await dispatchScheduled(payload, { send: (j) => queue.send(j), clock: systemClock, logger, sources });
    metrics.addMetric('CapturesDispatched', MetricUnit.Count, 1);
    return job;
  } finally {
    metrics.publishStoredMetrics();
  }
};

import { ConfigError, ENV, loadConfig } from './lib/config.js';
import { SqsJobQueue } from './lib/adapters/sqs-job-queue.js';
import { dispatchScheduled } from './lib/services/lambda-handlers.js';
import { DynamoSnapshotIndex } from './lib/adapters/dynamo-snapshot-index.js';
import { createDocumentClient } from './lib/adapters/aws-clients.js';
import { createLogger } from './lib/wiring.js';
import { systemClock } from './lib/core/ports.js';

const config = loadConfig();
if (!config.queueUrl) throw new ConfigError(`${ENV.queueUrl} must be set for the dispatch function`);
const queue = SqsJobQueue.create(config.region, config.queueUrl);
const logger = createLogger('verbatim-dispatch');
const sources = new DynamoSnapshotIndex(createDocumentClient({ region: config.region, dynamoEndpoint: config.dynamoEndpoint }), config.tableName);

/** EventBridge Scheduler target: one schedule firing becomes one capture job on the queue. */
export const handler = (payload: unknown) => dispatchScheduled(payload, { send: (job) => queue.send(job), clock: systemClock, logger, sources });

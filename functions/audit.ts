import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadConfig } from './lib/config.js';
import { createDocumentClient, createS3Client } from './lib/adapters/aws-clients.js';
import { DynamoSnapshotIndex } from './lib/adapters/dynamo-snapshot-index.js';
import { S3ArchiveStore } from './lib/adapters/s3-archive-store.js';
import { AUDIT_SERVICE } from './lib/core/metric-names.js';
import { systemClock } from './lib/core/ports.js';
import { createObservability } from './lib/lambda-observability.js';
import { createLogger } from './lib/logger.js';
import { handleAuditEvent } from './lib/services/lambda-handlers.js';

const config = loadConfig();
const { metrics, instrument } = createObservability(AUDIT_SERVICE);
const clients = { region: config.region, s3Endpoint: config.s3Endpoint, dynamoEndpoint: config.dynamoEndpoint, instrument };
const store = new S3ArchiveStore(createS3Client(clients), config.bucketName, !config.s3Endpoint);
const index = new DynamoSnapshotIndex(createDocumentClient(clients), config.tableName);
const logger = createLogger(AUDIT_SERVICE);

/** EventBridge Scheduler target: one full fixity audit of the archive, recorded and reported as metrics. */
export const handler = async () => {
  try {
    return await handleAuditEvent({ store, index, clock: systemClock, logger }, (name, unit, value) =>
      metrics.addMetric(name, MetricUnit[unit], value),
    );
  } finally {
    metrics.publishStoredMetrics();
  }
};

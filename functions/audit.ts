import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadConfig } from './lib/config.js';
import { AUDIT_SERVICE } from './lib/core/metric-names.js';
import { createObservability } from './lib/lambda-observability.js';
import { createLogger } from './lib/logger.js';
import { handleAuditEvent } from './lib/services/lambda-handlers.js';
import { createAuditServices } from './lib/wiring.js';

const config = loadConfig();
const { metrics, instrument } = createObservability(AUDIT_SERVICE);
const deps = createAuditServices(config, { instrument, logger: createLogger(AUDIT_SERVICE) });

/** EventBridge Scheduler target: one full fixity audit of the archive, recorded and reported as metrics. */
export const handler = async () => {
  try {
    return await handleAuditEvent(deps, (name, unit, value) => metrics.addMetric(name, MetricUnit[unit], value));
  } finally {
    metrics.publishStoredMetrics();
  }
};

import type { SQSEvent } from 'aws-lambda';
import { loadConfig } from './lib/config.js';
import { CAPTURE_SERVICE } from './lib/core/metric-names.js';
import { createObservability } from './lib/lambda-observability.js';
import { handleCaptureEvent } from './lib/services/lambda-handlers.js';
import { createCaptureQueueing, createServices } from './lib/wiring.js';

const config = loadConfig();
const { metrics, observeCapture, instrument } = createObservability(CAPTURE_SERVICE);
const services = createServices(config, { instrument });
const queueing = createCaptureQueueing(config, { instrument });
const following = queueing && { deps: services.followDeps((job) => queueing.send(job)), gate: queueing.gate, requeue: queueing.send };

/** SQS batches from the capture queue, or one `{job}` from the API's synchronous capture. */
export const handler = async (event: SQSEvent | { job?: unknown }) => {
  try {
    return await handleCaptureEvent(event, services.captureDeps, config.maxAttempts, observeCapture, following);
  } finally {
    metrics.publishStoredMetrics();
  }
};

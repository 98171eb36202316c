import type { SQSEvent } from 'aws-lambda';
import { loadConfig } from './lib/config.js';
import { handleCaptureEvent } from './lib/services/lambda-handlers.js';
import { createServices } from './lib/wiring.js';

const config = loadConfig();
const services = createServices(config);

/** SQS batches from the capture queue, or one `{job}` from the API's synchronous capture. */
export const handler = (event: SQSEvent | { job?: unknown }) => handleCaptureEvent(event, services.captureDeps, config.maxAttempts);

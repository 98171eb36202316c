import type { SQSEvent } from 'aws-lambda';
import { loadConfig } from './lib/config.js';
import { consumeCaptureBatch } from './lib/services/lambda-handlers.js';
import { createServices } from './lib/wiring.js';

const config = loadConfig();
const services = createServices(config);

/** SQS consumer: captures each job and answers with the items to redeliver. */
export const handler = (event: SQSEvent) => consumeCaptureBatch(event, services.captureDeps, config.maxAttempts);

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { loadConfig } from './lib/config.js';
import { createObservability } from './lib/lambda-observability.js';
import { createHttpApp, createServices, loadApiKeys } from './lib/wiring.js';

const config = loadConfig();
const { metrics, instrument } = createObservability('verbatim-api');
const serve = handle(createHttpApp(createServices(config, { instrument }), config, await loadApiKeys(config)));

/** API Gateway HTTP API (payload v2) entry: the same Hono app the local server runs. */
export const handler = async (event: LambdaEvent, context: Context) => {
  const result = await serve(event, context);
  const status = (result as { statusCode?: number }).statusCode ?? 500;
  metrics.addMetric(status >= 500 ? 'ServerErrors' : status >= 400 ? 'ClientErrors' : 'Answered', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return result;
};

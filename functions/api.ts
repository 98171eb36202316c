import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { ConfigError, ENV, loadConfig } from './lib/config.js';
import { loadKeysFromSecret } from './lib/adapters/secrets-manager-keys.js';
import { createObservability } from './lib/lambda-observability.js';
import { createHttpApp, createServices } from './lib/wiring.js';

const config = loadConfig();
const { metrics, instrument } = createObservability('verbatim-api');
const services = createServices(config, { instrument });
const keys = config.keysSecretArn
  ? await loadKeysFromSecret(config.region, config.keysSecretArn)
  : { adminKey: config.adminKey ?? '', readKey: config.readKey ?? '' };
if (!keys.adminKey || !keys.readKey) {
  throw new ConfigError(`set ${ENV.keysSecretArn}, or both ${ENV.adminKey} and ${ENV.readKey}`);
}
const serve = handle(createHttpApp(services, config, keys));

/** API Gateway HTTP API (payload v2) entry: the same Hono app the local server runs. */
export const handler = async (event: LambdaEvent, context: Context) => {
  const result = await serve(event, context);
  const status = (result as { statusCode?: number }).statusCode ?? 500;
  metrics.addMetric(status >= 500 ? 'ServerErrors' : status >= 400 ? 'ClientErrors' : 'Answered', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return result;
};

import { handle } from 'hono/aws-lambda';
import { ConfigError, ENV, loadConfig } from './lib/config.js';
import { loadKeysFromSecret } from './lib/adapters/secrets-manager-keys.js';
import { createHttpApp, createServices } from './lib/wiring.js';

const config = loadConfig();
const services = createServices(config);
const keys = config.keysSecretArn
  ? await loadKeysFromSecret(config.region, config.keysSecretArn)
  : { adminKey: config.adminKey ?? '', readKey: config.readKey ?? '' };
if (!keys.adminKey || !keys.readKey) {
  throw new ConfigError(`set ${ENV.keysSecretArn}, or both ${ENV.adminKey} and ${ENV.readKey}`);
}

/** API Gateway HTTP API (payload v2) entry: the same Hono app the local server runs. */
export const handler = handle(createHttpApp(services, config, keys));

import { handle } from 'hono/aws-lambda';
import { ConfigError, ENV, loadConfig } from './lib/config.js';
import { loadKeysFromSecret } from './lib/adapters/secrets-manager-keys.js';
import { KeyRing } from './lib/http/auth.js';
import { buildApp } from './lib/http/app.js';
import { captureJob } from './lib/services/capture-service.js';
import { createCursorSigner, createServices } from './lib/wiring.js';

const config = loadConfig();
const services = createServices(config);
const keys = config.keysSecretArn
  ? await loadKeysFromSecret(config.region, config.keysSecretArn)
  : { adminKey: config.adminKey ?? '', readKey: config.readKey ?? '' };
if (!keys.adminKey || !keys.readKey) {
  throw new ConfigError(`set ${ENV.keysSecretArn}, or both ${ENV.adminKey} and ${ENV.readKey}`);
}

/** API Gateway HTTP API (payload v2) entry: the same Hono app the local server runs. */
export const handler = handle(
  buildApp({
    index: services.index,
    claims: services.claims,
    store: services.store,
    keys: new KeyRing(keys),
    cursors: createCursorSigner(config, keys.adminKey),
    clock: services.clock,
    logger: services.logger,
    capture: (job) => captureJob(services.captureDeps, job),
    artifactDelivery: config.artifactDelivery,
    corsOrigins: config.corsOrigins,
  }),
);

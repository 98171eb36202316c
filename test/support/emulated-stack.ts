import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../functions/lib/config.js';
import type { Resolver } from '../../functions/lib/adapters/guarded-http.js';
import type { CaptureJob, Logger } from '../../functions/lib/core/ports.js';
import { sourceId } from '../../functions/lib/core/sources.js';
import { startEmulators } from '../../functions/lib/local/emulators.js';
import { createServices, prepareLocalStorage, type Services } from '../../functions/lib/wiring.js';
import { type FixtureSite, startFixtureSite } from './fixture-site.js';

export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface EmulatedStack {
  dataDir: string;
  config: Config;
  services: Services;
  close(): Promise<void>;
}

/** dynalite + s3rver in process on a temp data dir, with the real adapters and a real browser. */
export async function startEmulatedStack(
  env: Record<string, string> = {},
  options: { resolver?: Resolver; instrument?: <T>(client: T) => T } = {},
): Promise<EmulatedStack> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-it-'));
  const emulators = await startEmulators(dataDir);
  const config = loadConfig({
    VERBATIM_DATA_DIR: dataDir,
    VERBATIM_S3_ENDPOINT: emulators.s3Endpoint,
    VERBATIM_DYNAMODB_ENDPOINT: emulators.dynamoEndpoint,
    VERBATIM_CAPTURE_TIMEOUT_MS: '20000',
    VERBATIM_NETWORK_QUIET_MS: '200',
    ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
    ...env,
  });
  await prepareLocalStorage(config);
  const services = createServices(config, { logger: quietLogger, resolver: options.resolver, instrument: options.instrument });
  return {
    dataDir,
    config,
    services,
    async close() {
      await services.close();
      await emulators.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A capture job for a URL, unique per call (as an API request would be). */
export function jobFor(url: string, key = `test-${Date.now()}-${counter++}`): CaptureJob {
  return { sourceId: sourceId(url), url, extractor: 'auto', slot: new Date().toISOString(), jobKey: key };
}

/** The fixture site and an emulated stack allowed to reach it: what most integration files start once. */
export async function startFixtureStack(
  env: Record<string, string> = {},
): Promise<{ site: FixtureSite; stack: EmulatedStack; close(): Promise<void> }> {
  const site = await startFixtureSite();
  const stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host, ...env });
  return {
    site,
    stack,
    async close() {
      await stack.close();
      await site.close();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../config.js';
import { createDocumentClient, createS3Client } from '../adapters/aws-clients.js';
import { ensureTable } from '../adapters/dynamo-snapshot-index.js';
import type { Resolver } from '../adapters/guarded-http.js';
import { ensureBucket } from '../adapters/s3-archive-store.js';
import { RetryableError } from '../core/errors.js';
import { parseSourcesFile } from '../core/sources.js';
import { captureJob } from '../services/capture-service.js';
import { publicKeyFingerprint } from '../services/wacz-signing.js';
import { createLogger } from '../logger.js';
import { createHttpApp, createServices } from '../wiring.js';
import { startEmulators } from './emulators.js';
import { LocalQueue } from './queue.js';
import { LocalScheduler } from './scheduler.js';

export interface LocalRuntime {
  url: string;
  keys: { adminKey: string; readKey: string };
  queue: LocalQueue;
  close(): Promise<void>;
}

interface Keys {
  adminKey: string;
  readKey: string;
  generated: boolean;
}

/** Keys from the environment, else the ones generated on first start and kept in the data dir. */
async function resolveKeys(config: Config): Promise<Keys> {
  if (config.adminKey && config.readKey) return { adminKey: config.adminKey, readKey: config.readKey, generated: false };
  const file = path.join(config.dataDir, 'keys.json');
  let stored: Partial<Keys> = {};
  try {
    stored = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    stored = {};
  }
  const keys = {
    adminKey: config.adminKey ?? stored.adminKey ?? `vbt_admin_${randomBytes(24).toString('base64url')}`,
    readKey: config.readKey ?? stored.readKey ?? `vbt_read_${randomBytes(24).toString('base64url')}`,
  };
  const generated = keys.adminKey !== stored.adminKey || keys.readKey !== stored.readKey;
  if (generated) await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return { ...keys, generated };
}

/**
 * `npm start`: the whole pipeline in one process. dynalite and s3rver persist under the data dir;
 * the scheduler reads the sources file and the API; an in-process queue runs captures; the API
 * listens on 127.0.0.1. Everything else is the same code the Lambdas run.
 */
export async function startLocalRuntime(
  config: Config,
  options: { resolver?: Resolver; print?: (line: string) => void } = {},
): Promise<LocalRuntime> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = createLogger('verbatim-local');
  await mkdir(config.dataDir, { recursive: true });
  const emulators = await startEmulators(config.dataDir);
  const local = { ...config, s3Endpoint: emulators.s3Endpoint, dynamoEndpoint: emulators.dynamoEndpoint };
  const clients = { region: local.region, s3Endpoint: local.s3Endpoint, dynamoEndpoint: local.dynamoEndpoint };
  await ensureTable(createDocumentClient(clients), local.tableName);
  await ensureBucket(createS3Client(clients), local.bucketName);

  const services = createServices(local, { resolver: options.resolver, logger });
  const keys = await resolveKeys(config);

  const queue = new LocalQueue(
    async (job) => {
      const outcome = await captureJob(services.captureDeps, job);
      if (outcome.error?.retryable) throw new RetryableError(outcome.error.message);
    },
    { maxAttempts: config.maxAttempts, logger },
  );

  let sourcesText = '[]';
  try {
    sourcesText = await readFile(config.sourcesFile, 'utf8');
  } catch {
    logger.info('no sources file; only API-registered sources are scheduled', { file: config.sourcesFile });
  }
  const now = services.clock.now().toISOString();
  for (const source of parseSourcesFile(sourcesText, now)) {
    const existing = await services.index.getSource(source.id);
    await services.index.putSource(existing ? { ...existing, schedule: source.schedule, extractor: source.extractor } : source);
  }

  const scheduler = new LocalScheduler(
    () => services.index.listSources(),
    (job) => queue.send(job),
    services.clock,
    logger,
  );
  await scheduler.start();

  const app = createHttpApp(services, config, keys, { artifactDelivery: 'stream', onSourcesChanged: () => void scheduler.reload() });

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: config.port }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  print(`Verbatim is listening on ${url}`);
  print(`data: ${path.resolve(config.dataDir)}  sources: ${path.resolve(config.sourcesFile)}`);
  if (keys.generated) {
    print(`generated keys (kept in ${path.join(config.dataDir, 'keys.json')}):`);
    print(`  admin key: ${keys.adminKey}`);
    print(`  read key:  ${keys.readKey}`);
  } else if (!config.adminKey) {
    print(`keys: ${path.join(config.dataDir, 'keys.json')}`);
  }
  const signingKey = await services.signer.publicKey();
  print(`WACZ signing key: ${path.resolve(config.signingKeyFile)} (fingerprint ${publicKeyFingerprint(signingKey)})`);

  let closing: Promise<void> | undefined;
  return {
    url,
    keys,
    queue,
    close() {
      closing ??= (async () => {
        scheduler.stop();
        queue.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await services.close();
        await emulators.close();
      })();
      return closing;
    },
  };
}

import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from '../config.js';
import type { Resolver } from '../adapters/guarded-http.js';
import type { CaptureJob } from '../core/ports.js';
import { RetryableError } from '../core/errors.js';
import { mergeSource, parseSourcesFile } from '../core/sources.js';
import { captureAndFollow, sweepDueItems } from '../services/follow-service.js';
import { publicKeyFingerprint } from '../services/wacz-signing.js';
import { createLogger } from '../logger.js';
import { createHttpApp, createServices, loadLocalKeys, prepareLocalStorage } from '../wiring.js';
import { startEmulators } from './emulators.js';
import { LocalQueue } from './queue.js';
import { LocalScheduler } from './scheduler.js';

export interface LocalRuntime {
  url: string;
  keys: { adminKey: string; readKey: string };
  queue: LocalQueue;
  close(): Promise<void>;
}

/** How long a shutdown waits for captures already running, before and after closing the browser. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Resolves when `work` settles or after `ms`, whichever comes first. */
function settle(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
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
  await prepareLocalStorage(local);

  const services = createServices(local, { resolver: options.resolver, logger });
  const keys = await loadLocalKeys(config);

  const send = (job: CaptureJob) => queue.send(job);
  const follow = services.followDeps(send);
  const queue: LocalQueue = new LocalQueue(
    async (job) => {
      const outcome = await captureAndFollow(services.captureDeps, follow, job, { finalAttempt: (job.attempt ?? 1) >= config.maxAttempts });
      if (outcome.error?.retryable) throw new RetryableError(outcome.error.message);
    },
    {
      maxAttempts: config.maxAttempts,
      logger,
      concurrency: config.captureConcurrency,
      politeness: { perHost: config.hostConcurrency, intervalMs: config.hostIntervalMs },
    },
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
    await services.index.putSource(existing ? mergeSource(existing, source) : source);
  }

  const scheduler = new LocalScheduler(
    () => services.index.listSources(),
    (job) => queue.send(job),
    services.clock,
    logger,
    1_000,
    () => sweepDueItems({ items: services.items, send, clock: services.clock, logger }),
  );
  await scheduler.start();

  const app = createHttpApp(services, config, keys, { artifactDelivery: 'stream', onSourcesChanged: () => void scheduler.reload() });

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: config.port }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  print(`Verbatim is listening on ${url}`);
  // The key rides in the fragment, which the browser keeps to itself: it never reaches a server or a log.
  print(`web view: ${url}/ui/#key=${encodeURIComponent(keys.readKey)}`);
  print(`data: ${path.resolve(config.dataDir)}  sources: ${path.resolve(config.sourcesFile)}`);
  if (keys.generated) {
    print(`generated keys (kept in ${keys.file}):`);
    print(`  admin key: ${keys.adminKey}`);
    print(`  read key:  ${keys.readKey}`);
  } else if (keys.file) {
    print(`keys: ${keys.file}`);
  }
  const signingKey = await services.signer.publicKey();
  print(`WACZ signing key: ${path.resolve(config.signingKeyFile)} (fingerprint ${publicKeyFingerprint(signingKey)})`);

  let closing: Promise<void> | undefined;
  return {
    url,
    keys,
    queue,
    close() {
      // Nothing may touch the emulators once they close (dynalite throws from its own callbacks):
      // the scheduler's reads and sweep finish first, then captures already running get a few
      // seconds to finish, then the browser closes under the rest and their outcomes are written.
      closing ??= (async () => {
        await scheduler.stop();
        queue.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await settle(queue.idle(), SHUTDOWN_GRACE_MS);
        await services.close();
        await settle(queue.idle(), SHUTDOWN_GRACE_MS);
        await emulators.close();
      })();
      return closing;
    },
  };
}

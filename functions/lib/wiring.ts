import { createHmac } from 'node:crypto';
import path from 'node:path';
import { createDocumentClient, createS3Client } from './adapters/aws-clients.js';
import { DynamoClaimIndex } from './adapters/dynamo-claim-index.js';
import { DynamoHostGate } from './adapters/dynamo-host-gate.js';
import { DynamoItemIndex } from './adapters/dynamo-item-index.js';
import { DynamoSnapshotIndex, ensureTable } from './adapters/dynamo-snapshot-index.js';
import { type ApiKeys, loadKeysFile } from './adapters/file-keys.js';
import { loadSigningKeyFile } from './adapters/file-signing-key.js';
import { GuardedHttpClient, type Resolver } from './adapters/guarded-http.js';
import { LambdaCaptureInvoker } from './adapters/lambda-capture-invoker.js';
import { PlaywrightPageCapturer } from './adapters/playwright-page-capturer.js';
import { ensureBucket, S3ArchiveStore } from './adapters/s3-archive-store.js';
import { loadKeysFromSecret } from './adapters/secrets-manager-keys.js';
import { loadSigningKeyFromSecret } from './adapters/secrets-manager-signing-key.js';
import { SqsJobQueue } from './adapters/sqs-job-queue.js';
import { ConfigError, type Config, ENV } from './config.js';
import { extractClaims } from './core/claims/extract.js';
import { CursorSigner } from './core/cursor.js';
import { findPlaces } from './core/places/gazetteer.js';
import { type CaptureJob, type Clock, type HostGate, type Logger, systemClock, type WaczSigner } from './core/ports.js';
import { buildApp } from './http/app.js';
import { KeyRing } from './http/auth.js';
import { createLogger } from './logger.js';
import { type CaptureDeps, captureJob } from './services/capture-service.js';
import { RobotsCache } from './services/discovery-fetch.js';
import type { AuditDeps } from './services/fixity.js';
import type { FollowDeps } from './services/follow-service.js';
import { EcdsaWaczSigner } from './services/wacz-signing.js';

export type { ApiKeys } from './adapters/file-keys.js';

/**
 * The composition root: the only place that constructs adapters. Lambda entry points, the local
 * runtime and the CLI call these functions and wrap what they return.
 */
export interface WiringOptions {
  resolver?: Resolver;
  logger?: Logger;
  clock?: Clock;
  /** Wraps each AWS SDK client, e.g. Powertools Tracer's `captureAWSv3Client` on Lambda. */
  instrument?: <T>(client: T) => T;
}

/** The services the capture function, the API and the local runtime share. */
export interface Services {
  store: S3ArchiveStore;
  index: DynamoSnapshotIndex;
  claims: DynamoClaimIndex;
  http: GuardedHttpClient;
  capturer: PlaywrightPageCapturer;
  captureDeps: CaptureDeps;
  /** Tracked items (discovery) in the index. */
  items: DynamoItemIndex;
  /** What discovery and the ladder need, with `send` putting their capture jobs on the queue. */
  followDeps(send: (job: CaptureJob) => unknown): FollowDeps;
  /** Signs WACZ digests with the key from the signing secret on AWS, else the local key file. */
  signer: WaczSigner;
  logger: Logger;
  clock: Clock;
  close(): Promise<void>;
}

function clientOptions(config: Config, options: WiringOptions) {
  return { region: config.region, s3Endpoint: config.s3Endpoint, dynamoEndpoint: config.dynamoEndpoint, instrument: options.instrument };
}

function createStore(config: Config, options: WiringOptions): S3ArchiveStore {
  return new S3ArchiveStore(createS3Client(clientOptions(config, options)), config.bucketName, !config.s3Endpoint);
}

function createSnapshotIndex(config: Config, options: WiringOptions): DynamoSnapshotIndex {
  return new DynamoSnapshotIndex(createDocumentClient(clientOptions(config, options)), config.tableName);
}

export function createServices(config: Config, options: WiringOptions = {}): Services {
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const store = createStore(config, options);
  const documents = createDocumentClient(clientOptions(config, options));
  const index = new DynamoSnapshotIndex(documents, config.tableName);
  const claims = new DynamoClaimIndex(documents, config.tableName);
  const policy = { allowPrivateNetwork: config.allowPrivateNetwork, allowPrivateOrigins: config.allowPrivateOrigins };
  const http = new GuardedHttpClient(policy, options.resolver, config.maxResponseBytes);
  const capturer = new PlaywrightPageCapturer({
    http,
    chromiumPath: config.chromiumPath,
    networkQuietMs: config.networkQuietMs,
    logger,
  });
  const items = new DynamoItemIndex(documents, config.tableName);
  // Feeds, sitemaps and robots.txt: the same guard, with discovery's own (smaller) size cap.
  const discoveryHttp = new GuardedHttpClient(policy, options.resolver, config.discoveryMaxBytes);
  const robots = new RobotsCache(discoveryHttp, { now: () => clock.now().getTime() });
  const followDeps = (send: (job: CaptureJob) => unknown): FollowDeps => ({
    store,
    items,
    index,
    http: discoveryHttp,
    robots,
    send,
    clock,
    logger,
    limits: { maxBytes: config.discoveryMaxBytes, maxEntries: config.discoveryMaxEntries },
  });
  const captureDeps: CaptureDeps = {
    store,
    index,
    capturer,
    clock,
    logger,
    assertAllowed: (url) => http.assertAllowed(url),
    timeoutMs: config.captureTimeoutMs,
    claims,
    extract: (input) => extractClaims(input, { findPlaces }),
  };
  const signer = new EcdsaWaczSigner(() =>
    config.signingSecretArn ? loadSigningKeyFromSecret(config.region, config.signingSecretArn) : loadSigningKeyFile(config.signingKeyFile),
  );
  return {
    store,
    index,
    claims,
    http,
    capturer,
    captureDeps,
    items,
    followDeps,
    signer,
    logger,
    clock,
    async close() {
      await capturer.close();
      await http.close();
      await discoveryHttp.close();
    },
  };
}

/** What the scheduled fixity audit needs: the store and the index, nothing that captures. */
export function createAuditServices(config: Config, options: WiringOptions & { logger: Logger }): AuditDeps & { logger: Logger } {
  return {
    store: createStore(config, options),
    index: createSnapshotIndex(config, options),
    clock: options.clock ?? systemClock,
    logger: options.logger,
  };
}

/** What dispatch needs: the capture queue, the sources and the tracked items in the index. */
export function createDispatchServices(config: Config, options: WiringOptions & { logger: Logger }) {
  if (!config.queueUrl) throw new ConfigError(`${ENV.queueUrl} must be set for the dispatch function`);
  const queue = SqsJobQueue.create(config.region, config.queueUrl, options.instrument);
  const documents = createDocumentClient(clientOptions(config, options));
  return {
    send: (job: CaptureJob) => queue.send(job),
    sources: new DynamoSnapshotIndex(documents, config.tableName),
    items: new DynamoItemIndex(documents, config.tableName),
    clock: options.clock ?? systemClock,
    logger: options.logger,
  };
}

/**
 * What the capture function adds on AWS for discovery: the capture queue (discovered articles,
 * citations, and jobs put back for politeness) and the per-host gate shared by every capture.
 */
export function createCaptureQueueing(
  config: Config,
  options: WiringOptions = {},
): { send(job: CaptureJob, delaySeconds?: number): Promise<void>; gate: HostGate } | undefined {
  if (!config.queueUrl) return undefined;
  const queue = SqsJobQueue.create(config.region, config.queueUrl, options.instrument);
  return {
    send: (job, delaySeconds) => queue.send(job, delaySeconds),
    gate: new DynamoHostGate(createDocumentClient(clientOptions(config, options)), config.tableName, {
      perHost: config.hostConcurrency,
      intervalMs: config.hostIntervalMs,
      holdMs: config.captureTimeoutMs * 3,
    }),
  };
}

/** The API keys on AWS: from the keys secret, else both keys from the environment. */
export async function loadApiKeys(config: Config): Promise<ApiKeys> {
  const keys = config.keysSecretArn
    ? await loadKeysFromSecret(config.region, config.keysSecretArn)
    : { adminKey: config.adminKey ?? '', readKey: config.readKey ?? '' };
  if (!keys.adminKey || !keys.readKey) throw new ConfigError(`set ${ENV.keysSecretArn}, or both ${ENV.adminKey} and ${ENV.readKey}`);
  return keys;
}

/** The local runtime's keys: from the environment, else generated once and kept in `<data dir>/keys.json`. */
export async function loadLocalKeys(config: Config): Promise<ApiKeys & { generated: boolean; file?: string }> {
  if (config.adminKey && config.readKey) return { adminKey: config.adminKey, readKey: config.readKey, generated: false };
  const file = path.join(config.dataDir, 'keys.json');
  return { ...(await loadKeysFile(file, { adminKey: config.adminKey, readKey: config.readKey })), file };
}

/** Creates the table and bucket on the embedded emulators if they are missing. */
export async function prepareLocalStorage(config: Config): Promise<void> {
  await ensureTable(createDocumentClient(clientOptions(config, {})), config.tableName);
  await ensureBucket(createS3Client(clientOptions(config, {})), config.bucketName);
}

/**
 * The HTTP app over the composed services, as the API Lambda and the local server both serve it.
 * Captures run in process through the same capture service the queue consumer uses, or, on AWS, in
 * the capture function (which has the browser).
 */
export function createHttpApp(
  services: Services,
  config: Config,
  keys: ApiKeys,
  options: { artifactDelivery?: 'stream' | 'redirect'; onSourcesChanged?: () => void } = {},
) {
  const invoker = config.captureFunctionName ? LambdaCaptureInvoker.create(config.region, config.captureFunctionName) : undefined;
  return buildApp({
    index: services.index,
    claims: services.claims,
    store: services.store,
    keys: new KeyRing(keys),
    cursors: createCursorSigner(config, keys.adminKey),
    clock: services.clock,
    logger: services.logger,
    capture: invoker ? (job) => invoker.capture(job) : (job) => captureJob(services.captureDeps, job),
    artifactDelivery: options.artifactDelivery ?? config.artifactDelivery,
    corsOrigins: config.corsOrigins,
    // On AWS the web view fetches artifacts from the links the API hands it, on the bucket's own origin.
    uiConnectSources:
      (options.artifactDelivery ?? config.artifactDelivery) === 'redirect' && !config.s3Endpoint
        ? [`https://${config.bucketName}.s3.${config.region}.amazonaws.com`]
        : [],
    onSourcesChanged: options.onSourcesChanged,
    items: services.items,
    // AWS sweeps due items every few minutes, so shorter ladder steps could not be kept there.
    minimumRecaptureMs: config.onLambda ? 60_000 : 0,
    signer: services.signer,
  });
}

/** Cursors are signed with their own secret, or one derived from the admin key. */
function createCursorSigner(config: Config, adminKey: string): CursorSigner {
  return new CursorSigner(config.cursorSecret ?? createHmac('sha256', adminKey).update('verbatim-cursor-v1').digest('hex'));
}

import { createHmac } from 'node:crypto';
import type { Config } from './config.js';
import { createDocumentClient, createS3Client } from './adapters/aws-clients.js';
import { DynamoClaimIndex } from './adapters/dynamo-claim-index.js';
import { DynamoSnapshotIndex } from './adapters/dynamo-snapshot-index.js';
import { GuardedHttpClient, type Resolver } from './adapters/guarded-http.js';
import { LambdaCaptureInvoker } from './adapters/lambda-capture-invoker.js';
import { PlaywrightPageCapturer } from './adapters/playwright-page-capturer.js';
import { S3ArchiveStore } from './adapters/s3-archive-store.js';
import { loadSigningKeyFile } from './adapters/file-signing-key.js';
import { loadSigningKeyFromSecret } from './adapters/secrets-manager-signing-key.js';
import { extractClaims } from './core/claims/extract.js';
import { CursorSigner } from './core/cursor.js';
import { findPlaces } from './core/places/gazetteer.js';
import { systemClock, type Clock, type Logger, type WaczSigner } from './core/ports.js';
import { KeyRing } from './http/auth.js';
import { buildApp } from './http/app.js';
import { createLogger } from './logger.js';
import { captureJob, type CaptureDeps } from './services/capture-service.js';
import { EcdsaWaczSigner } from './services/wacz-signing.js';

/** The composition root shared by the Lambda handlers and the local runtime. */
export interface Services {
  store: S3ArchiveStore;
  index: DynamoSnapshotIndex;
  claims: DynamoClaimIndex;
  http: GuardedHttpClient;
  capturer: PlaywrightPageCapturer;
  captureDeps: CaptureDeps;
  /** Signs WACZ digests with the key from the signing secret on AWS, else the local key file. */
  signer: WaczSigner;
  logger: Logger;
  clock: Clock;
  close(): Promise<void>;
}

export function createServices(
  config: Config,
  overrides: { resolver?: Resolver; logger?: Logger; clock?: Clock; instrument?: <T>(client: T) => T } = {},
): Services {
  const logger = overrides.logger ?? createLogger();
  const clock = overrides.clock ?? systemClock;
  const clients = {
    region: config.region,
    s3Endpoint: config.s3Endpoint,
    dynamoEndpoint: config.dynamoEndpoint,
    instrument: overrides.instrument,
  };
  const store = new S3ArchiveStore(createS3Client(clients), config.bucketName, !config.s3Endpoint);
  const documents = createDocumentClient(clients);
  const index = new DynamoSnapshotIndex(documents, config.tableName);
  const claims = new DynamoClaimIndex(documents, config.tableName);
  const policy = { allowPrivateNetwork: config.allowPrivateNetwork, allowPrivateOrigins: config.allowPrivateOrigins };
  const http = new GuardedHttpClient(policy, overrides.resolver, config.maxResponseBytes);
  const capturer = new PlaywrightPageCapturer({
    http,
    chromiumPath: config.chromiumPath,
    networkQuietMs: config.networkQuietMs,
    logger,
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
    signer,
    logger,
    clock,
    async close() {
      await capturer.close();
      await http.close();
    },
  };
}

/**
 * The HTTP app over the composed services, as the API Lambda and the local server both serve it.
 * Captures run in process through the same capture service the queue consumer uses, or, on AWS, in
 * the capture function (which has the browser).
 */
export function createHttpApp(
  services: Services,
  config: Config,
  keys: { adminKey: string; readKey: string },
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
    onSourcesChanged: options.onSourcesChanged,
    signer: services.signer,
  });
}

/** Cursors are signed with their own secret, or one derived from the admin key. */
export function createCursorSigner(config: Config, adminKey: string): CursorSigner {
  return new CursorSigner(config.cursorSecret ?? createHmac('sha256', adminKey).update('verbatim-cursor-v1').digest('hex'));
}

import { z } from 'zod';

/**
 * The one module that reads `process.env`. Infra imports {@link ENV} when it sets a function's
 * environment, so the names cannot drift between the CDK stack and the code.
 */
export const ENV = {
  port: 'PORT',
  dataDir: 'VERBATIM_DATA_DIR',
  sources: 'VERBATIM_SOURCES',
  adminKey: 'VERBATIM_ADMIN_KEY',
  readKey: 'VERBATIM_READ_KEY',
  allowPrivateNetwork: 'VERBATIM_ALLOW_PRIVATE_NETWORK',
  allowPrivateOrigins: 'VERBATIM_ALLOW_PRIVATE_ORIGINS',
  chromiumPath: 'CHROMIUM_PATH',
  tableName: 'VERBATIM_TABLE',
  bucketName: 'VERBATIM_BUCKET',
  queueUrl: 'VERBATIM_QUEUE_URL',
  captureFunctionName: 'VERBATIM_CAPTURE_FUNCTION',
  keysSecretArn: 'VERBATIM_KEYS_SECRET_ARN',
  signingSecretArn: 'VERBATIM_SIGNING_SECRET_ARN',
  signingKeyFile: 'VERBATIM_SIGNING_KEY_FILE',
  cursorSecret: 'VERBATIM_CURSOR_SECRET',
  s3Endpoint: 'VERBATIM_S3_ENDPOINT',
  dynamoEndpoint: 'VERBATIM_DYNAMODB_ENDPOINT',
  artifactDelivery: 'VERBATIM_ARTIFACT_DELIVERY',
  captureTimeoutMs: 'VERBATIM_CAPTURE_TIMEOUT_MS',
  networkQuietMs: 'VERBATIM_NETWORK_QUIET_MS',
  maxResponseBytes: 'VERBATIM_MAX_RESPONSE_BYTES',
  maxAttempts: 'VERBATIM_MAX_ATTEMPTS',
  corsOrigins: 'VERBATIM_CORS_ORIGINS',
  captureConcurrency: 'VERBATIM_CAPTURE_CONCURRENCY',
  hostConcurrency: 'VERBATIM_HOST_CONCURRENCY',
  hostIntervalMs: 'VERBATIM_HOST_INTERVAL_MS',
  discoveryMaxBytes: 'VERBATIM_DISCOVERY_MAX_BYTES',
  discoveryMaxEntries: 'VERBATIM_DISCOVERY_MAX_ENTRIES',
  apiUrl: 'VERBATIM_API_URL',
  apiKey: 'VERBATIM_API_KEY',
  awsRegion: 'AWS_REGION',
  lambdaFunctionName: 'AWS_LAMBDA_FUNCTION_NAME',
} as const;

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

/** A comma-separated list, trimmed, empty entries dropped; unset is empty. */
const commaList = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  [ENV.port]: z.coerce.number().int().min(0).max(65535).default(8787),
  [ENV.dataDir]: z.string().min(1).default('./.verbatim'),
  [ENV.sources]: z.string().min(1).default('./sources.json'),
  [ENV.adminKey]: z.string().min(16, 'admin key must be at least 16 characters').optional(),
  [ENV.readKey]: z.string().min(16, 'read key must be at least 16 characters').optional(),
  [ENV.allowPrivateNetwork]: flag,
  [ENV.allowPrivateOrigins]: commaList,
  [ENV.chromiumPath]: z.string().min(1).optional(),
  [ENV.tableName]: z.string().min(3).default('verbatim'),
  [ENV.bucketName]: z.string().min(3).default('verbatim'),
  [ENV.queueUrl]: z.string().url().optional(),
  [ENV.captureFunctionName]: z.string().min(1).optional(),
  [ENV.keysSecretArn]: z.string().optional(),
  [ENV.signingSecretArn]: z.string().optional(),
  [ENV.signingKeyFile]: z.string().min(1).optional(),
  [ENV.cursorSecret]: z.string().min(16).optional(),
  [ENV.s3Endpoint]: z.string().url().optional(),
  [ENV.dynamoEndpoint]: z.string().url().optional(),
  [ENV.artifactDelivery]: z.enum(['stream', 'redirect']).default('stream'),
  [ENV.captureTimeoutMs]: positiveInt(30_000),
  [ENV.networkQuietMs]: positiveInt(300),
  [ENV.maxResponseBytes]: positiveInt(25 * 1024 * 1024),
  [ENV.maxAttempts]: positiveInt(3),
  [ENV.corsOrigins]: commaList,
  [ENV.captureConcurrency]: positiveInt(3),
  [ENV.hostConcurrency]: positiveInt(2),
  [ENV.hostIntervalMs]: z.coerce.number().int().min(0).default(2_000),
  [ENV.discoveryMaxBytes]: positiveInt(10 * 1024 * 1024),
  [ENV.discoveryMaxEntries]: positiveInt(10_000),
  [ENV.awsRegion]: z.string().default('us-east-1'),
  [ENV.lambdaFunctionName]: z.string().optional(),
});

export interface Config {
  port: number;
  dataDir: string;
  sourcesFile: string;
  adminKey?: string;
  readKey?: string;
  /** Captures may reach loopback and private addresses (local fixtures only). */
  allowPrivateNetwork: boolean;
  /** `host:port` pairs that may be reached even though they are private; everything else stays refused. */
  allowPrivateOrigins: string[];
  chromiumPath?: string;
  tableName: string;
  bucketName: string;
  queueUrl?: string;
  /** On AWS, the API runs `POST /captures` by invoking this function synchronously (it has the browser). */
  captureFunctionName?: string;
  keysSecretArn?: string;
  /** On AWS: the secret holding the WACZ signing key (a PEM ECDSA P-384 key, or a random seed it is derived from). */
  signingSecretArn?: string;
  /** Locally: the PEM file of the WACZ signing key; generated on first use. Default `<data dir>/signing-key.pem`. */
  signingKeyFile: string;
  cursorSecret?: string;
  s3Endpoint?: string;
  dynamoEndpoint?: string;
  artifactDelivery: 'stream' | 'redirect';
  captureTimeoutMs: number;
  networkQuietMs: number;
  maxResponseBytes: number;
  maxAttempts: number;
  /** Browser origins allowed to call the API (CORS); empty means no CORS headers at all. */
  corsOrigins: string[];
  /** Captures the local queue runs at once (on AWS the event source's maxConcurrency). */
  captureConcurrency: number;
  /** Politeness: captures of one host at once, and the least ms between two starts on one host. */
  hostConcurrency: number;
  hostIntervalMs: number;
  /** Discovery's cap on one feed, sitemap or captured page it reads, and on entries read from one document. */
  discoveryMaxBytes: number;
  discoveryMaxEntries: number;
  region: string;
  onLambda: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment once and fails fast with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid environment: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e[ENV.port],
    dataDir: e[ENV.dataDir],
    sourcesFile: e[ENV.sources],
    adminKey: e[ENV.adminKey],
    readKey: e[ENV.readKey],
    allowPrivateNetwork: e[ENV.allowPrivateNetwork],
    allowPrivateOrigins: e[ENV.allowPrivateOrigins],
    chromiumPath: e[ENV.chromiumPath],
    tableName: e[ENV.tableName],
    bucketName: e[ENV.bucketName],
    queueUrl: e[ENV.queueUrl],
    captureFunctionName: e[ENV.captureFunctionName],
    keysSecretArn: e[ENV.keysSecretArn],
    signingSecretArn: e[ENV.signingSecretArn],
    signingKeyFile: e[ENV.signingKeyFile] ?? `${e[ENV.dataDir]}/signing-key.pem`,
    cursorSecret: e[ENV.cursorSecret],
    s3Endpoint: e[ENV.s3Endpoint],
    dynamoEndpoint: e[ENV.dynamoEndpoint],
    artifactDelivery: e[ENV.artifactDelivery],
    captureTimeoutMs: e[ENV.captureTimeoutMs],
    networkQuietMs: e[ENV.networkQuietMs],
    maxResponseBytes: e[ENV.maxResponseBytes],
    maxAttempts: e[ENV.maxAttempts],
    corsOrigins: e[ENV.corsOrigins],
    captureConcurrency: e[ENV.captureConcurrency],
    hostConcurrency: e[ENV.hostConcurrency],
    hostIntervalMs: e[ENV.hostIntervalMs],
    discoveryMaxBytes: e[ENV.discoveryMaxBytes],
    discoveryMaxEntries: e[ENV.discoveryMaxEntries],
    region: e[ENV.awsRegion],
    onLambda: Boolean(e[ENV.lambdaFunctionName]),
  };
}

export interface CliConfig {
  apiUrl: string;
  /** The key to send: VERBATIM_API_KEY, else the admin or read key, else the local runtime's keys file. */
  apiKey?: string;
  keysFile: string;
}

/** The CLI's settings, from the same environment names as the runtime. */
export function loadCliConfig(env: Record<string, string | undefined> = process.env): CliConfig {
  const apiUrl = env[ENV.apiUrl] ?? `http://127.0.0.1:${env[ENV.port] ?? 8787}`;
  if (!/^https?:\/\//.test(apiUrl)) throw new ConfigError(`${ENV.apiUrl} must be an http(s) URL`);
  return {
    apiUrl: apiUrl.replace(/\/+$/, ''),
    apiKey: env[ENV.apiKey] ?? env[ENV.adminKey] ?? env[ENV.readKey],
    keysFile: `${env[ENV.dataDir] ?? './.verbatim'}/keys.json`,
  };
}

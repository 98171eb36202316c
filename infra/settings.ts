import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node } from 'constructs';
import { parseSchedule } from '../functions/lib/core/schedule.js';

/** The repository root: entry points, the lock file and the default sources file are resolved from it. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Everything a deployment can vary, read once from CDK context (`cdk.json` or `-c key=value`).
 * Values from the command line arrive as strings, so numbers are parsed and checked here and a bad
 * value stops synthesis with a message naming the key.
 */
export interface VerbatimSettings {
  /** Suffix of the stack name `Verbatim-<stage>`. */
  stage: string;
  /** Absolute path of the sources file that drives the schedules. */
  sourcesFile: string;
  /** Move current artifact versions to S3 Glacier Instant Retrieval after this many days. */
  glacierAfterDays?: number;
  /** Object Lock in compliance mode with this default retention. Only takes effect on a new bucket. */
  objectLockDays?: number;
  /** Days before a noncurrent (overwritten or deleted) artifact version expires. */
  noncurrentVersionDays: number;
  /** Email address subscribed to the alarm topic. */
  alarmEmail?: string;
  /** Most capture functions the SQS event source runs at once (Lambda allows 2 to 1000). */
  captureConcurrency: number;
  /** Receives of a capture job before it moves to the dead-letter queue; also the app's `maxAttempts`. */
  maxAttempts: number;
  /** Steady-state requests per second allowed by the API stage. */
  apiRateLimit: number;
  /** Burst of requests allowed by the API stage. */
  apiBurstLimit: number;
  /** EventBridge Scheduler expression for the fixity audit of the whole archive. */
  auditSchedule: string;
  /** Synthesize without bundling the functions (template checks; the assets are then placeholders). */
  skipBundling: boolean;
}

/** A full fixity audit once a day. */
const DEFAULT_AUDIT_SCHEDULE = 'rate(1 day)';

const CONTEXT_KEYS = {
  stage: 'stage',
  sourcesFile: 'sourcesFile',
  glacierAfterDays: 'glacierAfterDays',
  objectLockDays: 'objectLockDays',
  noncurrentVersionDays: 'noncurrentVersionDays',
  alarmEmail: 'alarmEmail',
  captureConcurrency: 'captureConcurrency',
  maxAttempts: 'maxAttempts',
  apiRateLimit: 'apiRateLimit',
  apiBurstLimit: 'apiBurstLimit',
  auditSchedule: 'auditSchedule',
  skipBundling: 'skipBundling',
} as const satisfies Record<keyof VerbatimSettings, string>;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

type Lookup = (key: string) => unknown;

export function readSettings(node: Node): VerbatimSettings {
  return parseSettings((key) => node.tryGetContext(key));
}

export function parseSettings(lookup: Lookup): VerbatimSettings {
  const stage = text(lookup, CONTEXT_KEYS.stage) ?? 'dev';
  if (!/^[A-Za-z][A-Za-z0-9-]{0,24}$/.test(stage)) {
    throw new SettingsError(`context "stage" must be letters, digits and dashes (at most 25), not "${stage}"`);
  }
  const sourcesFile = text(lookup, CONTEXT_KEYS.sourcesFile) ?? 'sources.json';
  const alarmEmail = text(lookup, CONTEXT_KEYS.alarmEmail);
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
    throw new SettingsError(`context "alarmEmail" is not an email address: "${alarmEmail}"`);
  }
  return {
    stage,
    sourcesFile: isAbsolute(sourcesFile) ? sourcesFile : resolve(REPO_ROOT, sourcesFile),
    glacierAfterDays: integer(lookup, CONTEXT_KEYS.glacierAfterDays, 1, 36_500),
    objectLockDays: integer(lookup, CONTEXT_KEYS.objectLockDays, 1, 36_500),
    noncurrentVersionDays: integer(lookup, CONTEXT_KEYS.noncurrentVersionDays, 1, 36_500) ?? 90,
    alarmEmail,
    captureConcurrency: integer(lookup, CONTEXT_KEYS.captureConcurrency, 2, 1000) ?? 2,
    maxAttempts: integer(lookup, CONTEXT_KEYS.maxAttempts, 1, 1000) ?? 3,
    apiRateLimit: integer(lookup, CONTEXT_KEYS.apiRateLimit, 1, 10_000) ?? 20,
    apiBurstLimit: integer(lookup, CONTEXT_KEYS.apiBurstLimit, 1, 5_000) ?? 40,
    auditSchedule: schedule(lookup, CONTEXT_KEYS.auditSchedule) ?? DEFAULT_AUDIT_SCHEDULE,
    skipBundling: flag(lookup, CONTEXT_KEYS.skipBundling),
  };
}

function text(lookup: Lookup, key: string): string | undefined {
  const value = lookup(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new SettingsError(`context "${key}" must be a string`);
  return value.trim();
}

function schedule(lookup: Lookup, key: string): string | undefined {
  const expression = text(lookup, key);
  if (expression === undefined) return undefined;
  try {
    return parseSchedule(expression).expression;
  } catch (err) {
    throw new SettingsError(`context "${key}" is not an EventBridge schedule: ${(err as Error).message}`);
  }
}

function flag(lookup: Lookup, key: string): boolean {
  const value = lookup(key);
  if (value === undefined || value === null || value === '' || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new SettingsError(`context "${key}" must be true or false, not ${JSON.stringify(value)}`);
}

function integer(lookup: Lookup, key: string, min: number, max: number): number | undefined {
  const value = lookup(key);
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new SettingsError(`context "${key}" must be an integer from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
  return n;
}

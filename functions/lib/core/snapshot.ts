import { createHash } from 'node:crypto';

type SnapshotStatus = 'captured' | 'unchanged' | 'failed';
export const ARTIFACT_NAMES = ['warc', 'html', 'screenshot', 'text', 'claims', 'resource', 'manifest'] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];

export interface Artifact {
  name: ArtifactName;
  /** The object key in the archive bucket; see {@link artifactKey}. */
  key: string;
  bytes: number;
  sha256: string;
  contentType: string;
}

/**
 * An external page an article cites, captured once (one hop). `status` is as of the citing
 * capture (`queued` until the citation's own capture is read; the API shows its current status).
 */
export interface Citation {
  url: string;
  snapshotId?: string;
  status: 'queued' | 'captured' | 'unchanged' | 'failed' | 'refused';
  reason?: string;
}

export interface Snapshot {
  id: string;
  sourceId: string;
  url: string;
  finalUrl?: string;
  capturedAt: string;
  status: SnapshotStatus;
  httpStatus?: number;
  error?: string;
  retryable?: boolean;
  attempts: number;
  claimCount: number;
  /** Set when claim extraction failed; the capture itself still succeeded. */
  claimError?: string;
  title?: string;
  contentType?: string;
  redirectChain?: string[];
  browserVersion?: string;
  timings?: Record<string, number>;
  artifacts: Artifact[];
  /** For articles and citations found by discovery: the source and the snapshot that named it. */
  discoveredFrom?: { sourceId: string; snapshotId: string };
  /** For a discovered article: the external pages its body cites, each captured once. */
  citations?: Citation[];
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** 14-digit UTC timestamp (`yyyymmddhhmmss`), the Memento/CDX form. */
export function timestamp14(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * A snapshot id is `<14-digit capture slot>-<12 hex of the job key>`. It sorts by time, and a job
 * (source + scheduled slot, or one API request) always maps to the same id, so retries and duplicate
 * deliveries overwrite one snapshot instead of creating several.
 */
export function snapshotId(slot: Date, jobKey: string): string {
  return `${timestamp14(slot)}-${createHash('sha256').update(jobKey).digest('hex').slice(0, 12)}`;
}

export const SNAPSHOT_ID_PATTERN = /^\d{14}-[0-9a-f]{12}$/;

/**
 * S3 key layout.
 * - `blobs/sha256/<2 hex>/<sha256>`: content-addressed bytes (html, screenshot, text, claims, resource).
 *   Identical content is stored once, whichever capture produced it.
 * - `warcs/<sourceId>/<snapshotId>.a<attempt>.warc.gz`: the WARC of one capture attempt (revisit
 *   records for known payloads). Each attempt has its own key, so a retry never overwrites a WARC
 *   that earlier payload records point into.
 * - `manifests/<sourceId>/<snapshotId>.a<attempt>.json`: that attempt's manifest of artifacts and SHA-256.
 * - `exports/<yyyy-mm-dd>/<name>-<random>.wacz`: WACZ packages built on AWS for a presigned download;
 *   disposable (the bucket expires the prefix), never evidence.
 */
export function blobKey(sha256: string): string {
  return `blobs/sha256/${sha256.slice(0, 2)}/${sha256}`;
}
export function warcKey(sourceId: string, id: string, attempt: number): string {
  return `warcs/${sourceId}/${id}.a${attempt}.warc.gz`;
}
export function manifestKey(sourceId: string, id: string, attempt: number): string {
  return `manifests/${sourceId}/${id}.a${attempt}.json`;
}
export const EXPORTS_PREFIX = 'exports/';
export function exportKey(at: Date, name: string, random: string): string {
  return `${EXPORTS_PREFIX}${at.toISOString().slice(0, 10)}/${name}-${random}.wacz`;
}

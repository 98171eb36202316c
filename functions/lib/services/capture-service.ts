import { errorMessage, HttpStatusError, isRetryable } from '../core/errors.js';
import { reconcileClaims, type ClaimWrite, type Reconciliation } from '../core/claim-history.js';
import type { ExtractionInput, ExtractionResult } from '../core/claims/types.js';
import { isLiveuamapFeed } from '../core/claims/liveuamap.js';
import type {
  ArchiveStore,
  CaptureJob,
  ClaimIndex,
  Clock,
  Exchange,
  Logger,
  PageCapture,
  PageCapturer,
  SnapshotIndex,
} from '../core/ports.js';
import { blobKey, manifestKey, sha256Hex, snapshotId, warcKey, type Artifact, type ArtifactName, type Snapshot } from '../core/snapshot.js';
import { normaliseUrl } from '../core/sources.js';
import { VERBATIM_VERSION } from '../core/version.js';
import { writeWarc } from './warc-writer.js';

export interface CaptureDeps {
  store: ArchiveStore;
  index: SnapshotIndex;
  capturer: PageCapturer;
  clock: Clock;
  logger: Logger;
  /** Refuses a destination before the browser is involved (scheme, internal addresses). */
  assertAllowed(url: URL): Promise<void>;
  timeoutMs: number;
  /** Extracts claims from a captured page; absent means the claims artifact stays empty. */
  extract?(input: ExtractionInput): ExtractionResult;
  claims?: ClaimIndex;
}

export interface CaptureOutcome {
  snapshot: Snapshot;
  /** Set when the capture failed; `retryable` tells the queue whether to try again. */
  error?: { message: string; retryable: boolean };
}

const encoder = new TextEncoder();

/**
 * Captures one job end to end: browser, WARC, artifacts to the store, payload index, claims
 * (pending), then the snapshot record last (the commit point), so a crash never leaves a
 * half-visible snapshot; after the commit the claims are settled. Idempotent per job: a job whose
 * snapshot already succeeded returns that snapshot.
 */
export async function captureJob(deps: CaptureDeps, job: CaptureJob): Promise<CaptureOutcome> {
  const id = snapshotId(new Date(job.slot), job.jobKey);
  const existing = await deps.index.getSnapshot(id);
  if (existing && existing.status !== 'failed') return { snapshot: existing };
  const attempts = (existing?.attempts ?? 0) + 1;
  const capturedAt = deps.clock.now().toISOString();

  let capture: PageCapture;
  try {
    const url = normaliseUrl(job.url);
    await deps.assertAllowed(new URL(url));
    capture = await deps.capturer.capture({ url, timeoutMs: deps.timeoutMs });
  } catch (err) {
    return recordFailure(deps, { id, job, capturedAt, attempts, artifacts: [] }, err);
  }

  try {
    const { snapshot, claims } = await storeCapture(deps, { id, job, capturedAt, attempts }, capture);
    if (capture.httpStatus >= 400) {
      return recordFailure(
        deps,
        { id, job, capturedAt, attempts, artifacts: snapshot.artifacts, capture },
        new HttpStatusError(capture.httpStatus, capture.finalUrl),
      );
    }
    if ((await commit(deps, snapshot)) && claims) await settleClaims(deps, claims);
    return { snapshot };
  } catch (err) {
    return recordFailure(deps, { id, job, capturedAt, attempts, artifacts: [], capture }, err);
  }
}

interface Draft {
  id: string;
  job: CaptureJob;
  capturedAt: string;
  attempts: number;
}

async function recordFailure(
  deps: CaptureDeps,
  draft: Draft & { artifacts: Artifact[]; capture?: PageCapture },
  err: unknown,
): Promise<CaptureOutcome> {
  const message = errorMessage(err);
  const retryable = isRetryable(err);
  const snapshot: Snapshot = {
    id: draft.id,
    sourceId: draft.job.sourceId,
    url: draft.job.url,
    finalUrl: draft.capture?.finalUrl,
    capturedAt: draft.capturedAt,
    status: 'failed',
    httpStatus: draft.capture?.httpStatus,
    error: message,
    retryable,
    attempts: draft.attempts,
    claimCount: 0,
    redirectChain: draft.capture?.redirectChain,
    browserVersion: draft.capture?.browserVersion,
    artifacts: draft.artifacts,
    ...(draft.job.discoveredFrom ? { discoveredFrom: draft.job.discoveredFrom } : {}),
  };
  deps.logger.warn('capture failed', { snapshotId: draft.id, url: draft.job.url, reason: message, retryable, attempts: draft.attempts });
  await commit(deps, snapshot);
  return { snapshot, error: { message, retryable } };
}

/** Writes the snapshot record; false when another attempt of the job committed first. */
async function commit(deps: CaptureDeps, snapshot: Snapshot): Promise<boolean> {
  const written = await deps.index.putSnapshot(snapshot);
  await deps.index.recordSourceCapture(snapshot);
  return written;
}

interface PendingClaims {
  reconciliation: Reconciliation;
  write: ClaimWrite;
}

/** The snapshot is committed whatever happens here: a settle that fails only leaves reads checking the commit. */
async function settleClaims(deps: CaptureDeps, pending: PendingClaims): Promise<void> {
  try {
    await deps.claims?.settleClaims(pending.reconciliation, pending.write);
  } catch (err) {
    deps.logger.warn('claims stay pending after the commit', { snapshotId: pending.write.snapshotId, reason: errorMessage(err) });
  }
}

/** Stores content-addressed bytes once: identical html, PNG or text from any capture share one object. */
async function putBlob(store: ArchiveStore, name: ArtifactName, body: Uint8Array, contentType: string): Promise<Artifact> {
  const sha256 = sha256Hex(body);
  const key = blobKey(sha256);
  if (!(await store.exists(key))) await store.put(key, body, contentType, sha256);
  return { name, key, bytes: body.length, sha256, contentType };
}

async function storeCapture(
  deps: CaptureDeps,
  draft: Draft,
  capture: PageCapture,
): Promise<{ snapshot: Snapshot; claims?: PendingClaims }> {
  const { store, index } = deps;
  const previous = await index.latestSnapshot(draft.job.sourceId);
  const digests = [...new Set(capture.exchanges.filter((e) => e.body.length > 0).map((e) => sha256Hex(e.body)))];
  const known = await index.findPayloads(digests);
  const key = warcKey(draft.job.sourceId, draft.id, draft.attempts);
  const metadata = {
    snapshotId: draft.id,
    url: draft.job.url,
    finalUrl: capture.finalUrl,
    httpStatus: capture.httpStatus,
    redirectChain: capture.redirectChain,
    title: capture.title,
    browserVersion: capture.browserVersion,
    timings: capture.timings,
  };
  const warc = await writeWarc({
    warcKey: key,
    filename: `${draft.id}.a${draft.attempts}.warc.gz`,
    exchanges: capture.exchanges,
    known,
    pageUrl: capture.finalUrl,
    date: draft.capturedAt,
    metadata,
    info: {
      software: `Verbatim/${VERBATIM_VERSION}`,
      browser: capture.browserVersion,
      format: 'WARC File Format 1.1',
      isPartOf: draft.job.sourceId,
    },
  });
  const warcSha = sha256Hex(warc.bytes);
  await store.put(key, warc.bytes, 'application/warc', warcSha);
  const artifacts: Artifact[] = [{ name: 'warc', key, bytes: warc.bytes.length, sha256: warcSha, contentType: 'application/warc' }];

  const extraction = extractFrom(deps, draft.job, capture);
  const claimsJson = encoder.encode(
    JSON.stringify(extraction.result ?? { extractor: null, metadata: { author: [] }, claims: [], error: extraction.error }),
  );
  const pending: Promise<Artifact>[] = [];
  if (capture.isHtml) {
    pending.push(putBlob(store, 'html', encoder.encode(capture.html ?? ''), 'text/html; charset=utf-8'));
    pending.push(putBlob(store, 'screenshot', capture.screenshot ?? new Uint8Array(), 'image/png'));
  } else if (capture.resource) {
    pending.push(putBlob(store, 'resource', capture.resource, capture.contentType || 'application/octet-stream'));
  }
  pending.push(putBlob(store, 'text', encoder.encode(capture.text ?? ''), 'text/plain; charset=utf-8'));
  pending.push(putBlob(store, 'claims', claimsJson, 'application/json'));
  artifacts.push(...(await Promise.all(pending)));
  await index.recordPayloads(warc.stored);
  const claims = await indexClaims(deps, draft, capture, extraction.result);
  const claimCount = claims?.reconciliation.currentIds.length ?? 0;

  const rendered = (list: Artifact[]) =>
    list
      .filter((a) => a.name !== 'warc' && a.name !== 'manifest')
      .map((a) => `${a.name}:${a.sha256}`)
      .sort()
      .join(',');
  const unchanged = previous !== undefined && warc.stored.length === 0 && rendered(previous.artifacts) === rendered(artifacts);

  const previousManifest = previous?.artifacts.find((a) => a.name === 'manifest');
  const manifest = {
    verbatimVersion: VERBATIM_VERSION,
    snapshotId: draft.id,
    sourceId: draft.job.sourceId,
    url: draft.job.url,
    finalUrl: capture.finalUrl,
    capturedAt: draft.capturedAt,
    browserVersion: capture.browserVersion,
    httpStatus: capture.httpStatus,
    redirectChain: capture.redirectChain,
    warc: { records: { response: warc.responseCount, revisit: warc.revisitCount } },
    artifacts: artifacts.map(({ name, key: k, bytes, sha256, contentType }) => ({ name, key: k, bytes, sha256, contentType })),
    previous: previous && previousManifest ? { snapshotId: previous.id, manifestSha256: previousManifest.sha256 } : null,
  };
  const manifestBytes = encoder.encode(JSON.stringify(manifest));
  const mKey = manifestKey(draft.job.sourceId, draft.id, draft.attempts);
  const manifestSha = sha256Hex(manifestBytes);
  await store.put(mKey, manifestBytes, 'application/json', manifestSha);
  artifacts.push({ name: 'manifest', key: mKey, bytes: manifestBytes.length, sha256: manifestSha, contentType: 'application/json' });

  const snapshot: Snapshot = {
    id: draft.id,
    sourceId: draft.job.sourceId,
    url: draft.job.url,
    finalUrl: capture.finalUrl,
    capturedAt: draft.capturedAt,
    status: unchanged ? 'unchanged' : 'captured',
    httpStatus: capture.httpStatus,
    attempts: draft.attempts,
    claimCount,
    ...(extraction.error ? { claimError: extraction.error } : {}),
    title: capture.title,
    contentType: capture.contentType,
    redirectChain: capture.redirectChain,
    browserVersion: capture.browserVersion,
    timings: capture.timings,
    artifacts,
    ...(draft.job.discoveredFrom ? { discoveredFrom: draft.job.discoveredFrom } : {}),
  };
  return { snapshot, claims };
}

const TEXT_RESPONSE = /json|javascript|text\/(plain|html)/i;
const MAX_RESPONSE_FOR_EXTRACTION = 5 * 1024 * 1024;

function contentTypeOf(exchange: Exchange): string {
  return exchange.responseHeaders.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
}

function decodeBody(body: Uint8Array, contentType: string): string {
  const charset = /charset=([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/** Runs the extractor; a failure is recorded on the snapshot and never fails the capture. */
function extractFrom(deps: CaptureDeps, job: CaptureJob, capture: PageCapture): { result?: ExtractionResult; error?: string } {
  if (!deps.extract || !capture.isHtml || capture.httpStatus >= 400) return {};
  const main = capture.exchanges.find((e) => e.url === capture.finalUrl && e.status < 300);
  try {
    const result = deps.extract({
      url: capture.finalUrl,
      html: capture.html ?? '',
      text: capture.text ?? '',
      rawHtml: main ? decodeBody(main.body, contentTypeOf(main)) : undefined,
      responses: capture.exchanges
        .filter(
          (e) =>
            e !== main && e.body.length <= MAX_RESPONSE_FOR_EXTRACTION && (TEXT_RESPONSE.test(contentTypeOf(e)) || isLiveuamapFeed(e.url)),
        )
        .map((e) => ({ url: e.url, contentType: contentTypeOf(e), body: e.body })),
      extractor: job.extractor,
    });
    return { result };
  } catch (err) {
    const error = `claim extraction failed: ${errorMessage(err)}`;
    deps.logger.error(error, { url: job.url });
    return { error };
  }
}

/** Reconciles with the source's current claims and writes them pending, before the snapshot is committed. */
async function indexClaims(
  deps: CaptureDeps,
  draft: Draft,
  capture: PageCapture,
  result?: ExtractionResult,
): Promise<PendingClaims | undefined> {
  if (!result || !deps.claims || capture.httpStatus >= 400) return undefined;
  const previous = await deps.claims.currentClaims(draft.job.sourceId);
  const reconciliation = reconcileClaims({
    sourceId: draft.job.sourceId,
    sourceUrl: draft.job.url,
    snapshotId: draft.id,
    capturedAt: draft.capturedAt,
    publishedAt: result.metadata.datePublished,
    previous,
    extracted: result.claims,
  });
  const write = { sourceId: draft.job.sourceId, snapshotId: draft.id, capturedAt: draft.capturedAt };
  await deps.claims.writeClaims(reconciliation, write);
  return { reconciliation, write };
}

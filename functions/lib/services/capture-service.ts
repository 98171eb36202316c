import { errorMessage, HttpStatusError, isRetryable } from '../core/errors.js';
import { reconcileClaims, type ClaimWrite, type CurrentClaims, type Reconciliation } from '../core/claim-history.js';
import type { ExtractionInput, ExtractionResult } from '../core/claims/types.js';
import { isLiveuamapFeed } from '../core/claims/liveuamap.js';
import type {
  ArchiveStore,
  CaptureFinish,
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
import { WarcBuilder } from './warc-writer.js';

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
  /**
   * Every phase's duration in ms: the snapshot record's `timings` plus `commitMs` (the snapshot
   * record, the source pointers and settling the claims), which ends after the record is written.
   */
  timings?: Record<string, number>;
}

/**
 * Times a capture's phases. Steps of one phase can run side by side (the uploads) or apart (the
 * WARC's records before and after the screenshot), so a phase's time is the union of its steps'
 * intervals, in whole ms; different phases overlap each other.
 */
class Phases {
  private readonly intervals = new Map<string, [number, number][]>();

  private record(name: string, start: number): void {
    const list = this.intervals.get(name) ?? [];
    list.push([start, performance.now()]);
    this.intervals.set(name, list);
  }

  async time<T>(name: string, step: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await step();
    } finally {
      this.record(name, start);
    }
  }

  timeSync<T>(name: string, step: () => T): T {
    const start = performance.now();
    try {
      return step();
    } finally {
      this.record(name, start);
    }
  }

  /** Each phase as `<name>Ms`. */
  toTimings(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, list] of this.intervals) {
      let total = 0;
      let reach = Number.NEGATIVE_INFINITY;
      for (const [start, end] of [...list].sort((a, b) => a[0] - b[0])) {
        total += Math.max(0, end - Math.max(start, reach));
        reach = Math.max(reach, end);
      }
      out[`${name}Ms`] = Math.round(total);
    }
    return out;
  }
}

/** Waits for every step, then throws the first failure: nothing is left running behind a failed capture. */
async function allOrFirstError<T extends readonly unknown[]>(steps: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(steps);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

const encoder = new TextEncoder();

/**
 * Captures one job end to end: browser, WARC, artifacts to the store, payload index, claims
 * (pending), then the snapshot record last (the commit point), so a crash never leaves a
 * half-visible snapshot; after the commit the claims are settled. Idempotent per job: a job whose
 * snapshot already succeeded returns that snapshot.
 */
export async function captureJob(deps: CaptureDeps, job: CaptureJob): Promise<CaptureOutcome> {
  const started = performance.now();
  const id = snapshotId(new Date(job.slot), job.jobKey);
  const existing = await deps.index.getSnapshot(id);
  if (existing && existing.status !== 'failed') return { snapshot: existing };
  const attempts = (existing?.attempts ?? 0) + 1;
  const capturedAt = deps.clock.now().toISOString();
  const phases = new Phases();
  const lookups = phases.time('lookup', () => lookUp(deps, job));
  lookups.catch(() => undefined);

  let capture: PageCapture;
  try {
    const url = normaliseUrl(job.url);
    await deps.assertAllowed(new URL(url));
    capture = await deps.capturer.capture({ url, timeoutMs: deps.timeoutMs });
  } catch (err) {
    return recordFailure(deps, { id, job, capturedAt, attempts, artifacts: [] }, err);
  }

  try {
    const { snapshot, claims } = await storeCapture(deps, { id, job, capturedAt, attempts }, capture, lookups, phases);
    if (capture.httpStatus >= 400) {
      return recordFailure(
        deps,
        { id, job, capturedAt, attempts, artifacts: snapshot.artifacts, capture },
        new HttpStatusError(capture.httpStatus, capture.finalUrl),
      );
    }
    await phases.time('commit', () => commit(deps, snapshot, claims));
    const timings = { ...snapshot.timings, ...phases.toTimings(), totalMs: Math.round(performance.now() - started) };
    deps.logger.info('capture done', { snapshotId: id, url: job.url, status: snapshot.status, timings });
    return { snapshot, timings };
  } catch (err) {
    return recordFailure(deps, { id, job, capturedAt, attempts, artifacts: [], capture }, err);
  }
}

/** What a capture needs from the index that does not depend on the page: read while the browser works. */
interface Lookups {
  /** The source's latest successful snapshot: the base for "unchanged" and the manifest chain. */
  previous?: Snapshot;
  /** The source's claims as of its latest committed capture. */
  current?: CurrentClaims;
}

async function lookUp(deps: CaptureDeps, job: CaptureJob): Promise<Lookups> {
  const [previous, current] = await Promise.all([deps.index.latestSnapshot(job.sourceId), deps.claims?.currentClaims(job.sourceId)]);
  return { previous, current };
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

/**
 * Writes the snapshot record, then moves the source's pointers and, if this attempt's record was
 * written, settles its claims (side by side: both follow the commit). False when another attempt
 * of the job committed first.
 */
async function commit(deps: CaptureDeps, snapshot: Snapshot, claims?: PendingClaims): Promise<boolean> {
  const written = await deps.index.putSnapshot(snapshot);
  await Promise.all([deps.index.recordSourceCapture(snapshot), written && claims ? settleClaims(deps, claims) : undefined]);
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
async function putBlob(store: ArchiveStore, artifact: Artifact, body: Uint8Array): Promise<void> {
  if (!(await store.exists(artifact.key))) await store.put(artifact.key, body, artifact.contentType, artifact.sha256);
}

/**
 * Stores a capture's evidence and claims, overlapping what can overlap: while the browser takes
 * the screenshot, the payloads are looked up, the WARC of the exchanges so far is written and the
 * html and text are uploaded. Then the WARC is finished (with anything the screenshot loaded) and
 * uploaded beside the screenshot while the claims are extracted; the claims are written (pending)
 * and the manifest uploaded beside those uploads; the payload records follow the WARC they point
 * into. The snapshot record, left to the caller, comes only after all of it.
 */
async function storeCapture(
  deps: CaptureDeps,
  draft: Draft,
  capture: PageCapture,
  lookups: Promise<Lookups>,
  phases: Phases,
): Promise<{ snapshot: Snapshot; claims?: PendingClaims }> {
  const { store, index } = deps;
  /** An artifact's record at once (its hash is all the manifest needs), and its upload under way. */
  const blob = (name: ArtifactName, body: Uint8Array, contentType: string) => {
    const sha256 = sha256Hex(body);
    const artifact: Artifact = { name, key: blobKey(sha256), bytes: body.length, sha256, contentType };
    const stored = phases.time('upload', () => putBlob(store, artifact, body));
    stored.catch(() => undefined);
    return { artifact, stored };
  };
  const finishing: Promise<Omit<CaptureFinish, 'screenshot'> & { screenshot?: Uint8Array }> =
    capture.finishing ?? Promise.resolve({ screenshot: capture.screenshot, exchanges: [], timings: {} });
  const key = warcKey(draft.job.sourceId, draft.id, draft.attempts);

  const warcStarted = (async () => {
    const digests = [...new Set(capture.exchanges.filter((e) => e.body.length > 0).map((e) => sha256Hex(e.body)))];
    const known = await phases.time('payloadLookup', () => index.findPayloads(digests));
    return phases.time('warc', async () => {
      const builder = await WarcBuilder.start({
        warcKey: key,
        filename: `${draft.id}.a${draft.attempts}.warc.gz`,
        known,
        pageUrl: capture.finalUrl,
        date: draft.capturedAt,
        info: {
          software: `Verbatim/${VERBATIM_VERSION}`,
          browser: capture.browserVersion,
          format: 'WARC File Format 1.1',
          isPartOf: draft.job.sourceId,
        },
      });
      await builder.add(capture.exchanges);
      return builder;
    });
  })();
  warcStarted.catch(() => undefined);
  const page = capture.isHtml
    ? blob('html', encoder.encode(capture.html ?? ''), 'text/html; charset=utf-8')
    : capture.resource
      ? blob('resource', capture.resource, capture.contentType || 'application/octet-stream')
      : undefined;
  const text = blob('text', encoder.encode(capture.text ?? ''), 'text/plain; charset=utf-8');

  // The extraction runs on this thread, so it waits for the screenshot: blocking the event loop
  // while the browser still works would only delay the capture (and count against its timeout).
  const finish = await phases
    .time('screenshotWait', () => finishing)
    .catch(async (err) => {
      await Promise.allSettled([warcStarted, page?.stored, text.stored]);
      throw err;
    });
  const browserTimings = { ...capture.timings, ...finish.timings };
  const warc = await warcStarted
    .then((builder) =>
      phases.time('warc', async () => {
        await builder.add(finish.exchanges);
        return builder.finish({
          snapshotId: draft.id,
          url: draft.job.url,
          finalUrl: capture.finalUrl,
          httpStatus: capture.httpStatus,
          redirectChain: capture.redirectChain,
          title: capture.title,
          browserVersion: capture.browserVersion,
          timings: browserTimings,
        });
      }),
    )
    .catch(async (err) => {
      await Promise.allSettled([page?.stored, text.stored]);
      throw err;
    });
  const warcArtifact: Artifact = {
    name: 'warc',
    key,
    bytes: warc.bytes.length,
    sha256: sha256Hex(warc.bytes),
    contentType: 'application/warc',
  };
  const warcStored = (async () => {
    await phases.time('upload', () => store.put(key, warc.bytes, 'application/warc', warcArtifact.sha256));
    await phases.time('index', () => index.recordPayloads(warc.stored));
  })();
  warcStored.catch(() => undefined);
  const shot = capture.isHtml ? blob('screenshot', finish.screenshot ?? new Uint8Array(), 'image/png') : undefined;

  await new Promise<void>((resolve) => setImmediate(resolve));
  const extraction = phases.timeSync('extract', () => extractFrom(deps, draft.job, capture));
  const claimsJson = encoder.encode(
    JSON.stringify(extraction.result ?? { extractor: null, metadata: { author: [] }, claims: [], error: extraction.error }),
  );
  const claimsBlob = blob('claims', claimsJson, 'application/json');
  const claimsIndexed = lookups.then(({ current }) =>
    phases.time('index', () => indexClaims(deps, draft, capture, extraction.result, current)),
  );
  claimsIndexed.catch(() => undefined);
  const blobs = [page, shot, text, claimsBlob].filter((b) => b !== undefined);
  const artifacts: Artifact[] = [warcArtifact, ...blobs.map((b) => b.artifact)];

  // Every artifact's hash is known, so the manifest goes up beside the uploads it lists: nothing
  // refers to it until the snapshot record, which waits for all of them.
  const manifestStored = lookups.then(async ({ previous }) => {
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
    const bytes = encoder.encode(JSON.stringify(manifest));
    const artifact: Artifact = {
      name: 'manifest',
      key: manifestKey(draft.job.sourceId, draft.id, draft.attempts),
      bytes: bytes.length,
      sha256: sha256Hex(bytes),
      contentType: 'application/json',
    };
    await phases.time('upload', () => store.put(artifact.key, bytes, artifact.contentType, artifact.sha256));
    return { previous, artifact };
  });

  const [manifest, claims] = await allOrFirstError([manifestStored, claimsIndexed, warcStored, ...blobs.map((b) => b.stored)] as const);
  const { previous } = manifest;
  const claimCount = claims?.reconciliation.currentIds.length ?? 0;

  const rendered = (list: Artifact[]) =>
    list
      .filter((a) => a.name !== 'warc' && a.name !== 'manifest')
      .map((a) => `${a.name}:${a.sha256}`)
      .sort()
      .join(',');
  const unchanged = previous !== undefined && warc.stored.length === 0 && rendered(previous.artifacts) === rendered(artifacts);
  artifacts.push(manifest.artifact);

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
    timings: { ...capturerTimings(browserTimings), ...phases.toTimings() },
    artifacts,
    ...(draft.job.discoveredFrom ? { discoveredFrom: draft.job.discoveredFrom } : {}),
  };
  return { snapshot, claims };
}

/** The browser's phases, with its total as `browserMs` (the capture's own total comes later). */
function capturerTimings(timings: Record<string, number>): Record<string, number> {
  const { totalMs, ...phases } = timings;
  return totalMs === undefined ? phases : { ...phases, browserMs: totalMs };
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
  result: ExtractionResult | undefined,
  previous: CurrentClaims | undefined,
): Promise<PendingClaims | undefined> {
  if (!result || !deps.claims || capture.httpStatus >= 400) return undefined;
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

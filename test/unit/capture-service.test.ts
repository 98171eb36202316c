import { describe, it, expect } from 'vitest';
import { WARCParser } from 'warcio';
import { CaptureTimeoutError, ForbiddenDestinationError, StorageUnavailableError } from '../../functions/lib/core/errors.js';
import type { CaptureJob, CaptureRequest, Exchange, PageCapture, PageCapturer } from '../../functions/lib/core/ports.js';
import { sha256Hex, snapshotId, type Snapshot } from '../../functions/lib/core/snapshot.js';
import { sourceId } from '../../functions/lib/core/sources.js';
import { captureJob, type CaptureDeps } from '../../functions/lib/services/capture-service.js';
import { EventLog, FixedClock, MemoryArchiveStore, MemoryClaimIndex, MemoryLogger, MemorySnapshotIndex } from '../support/fakes.js';

const enc = new TextEncoder();
const URL_ = 'https://news.example/hama';
const SRC = sourceId(URL_);
const HTML = '<!doctype html><html><head><title>Hama</title></head><body><p>Rebels entered Hama, AP reported.</p></body></html>';
const CSS = enc.encode('body { font-family: serif }');
const SCREENSHOT = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

function exchanges(html = HTML, status = 200): Exchange[] {
  return [
    {
      url: URL_,
      method: 'GET',
      requestHeaders: [['user-agent', 'Verbatim-Test']],
      status,
      statusText: '',
      responseHeaders: [
        ['content-type', 'text/html; charset=utf-8'],
        ['content-encoding', 'gzip'],
      ],
      body: enc.encode(html),
      startedAt: '2024-12-03T10:00:00.100Z',
    },
    {
      url: 'https://news.example/site.css',
      method: 'GET',
      requestHeaders: [['user-agent', 'Verbatim-Test']],
      status: 200,
      statusText: 'OK',
      responseHeaders: [['content-type', 'text/css']],
      body: CSS,
      startedAt: '2024-12-03T10:00:00.200Z',
    },
  ];
}

function pageCapture(overrides: Partial<PageCapture> = {}): PageCapture {
  const html = overrides.html ?? HTML;
  return {
    finalUrl: URL_,
    httpStatus: 200,
    contentType: 'text/html; charset=utf-8',
    redirectChain: [],
    isHtml: true,
    title: 'Hama',
    html,
    text: 'Rebels entered Hama, AP reported.',
    screenshot: SCREENSHOT,
    exchanges: exchanges(html, overrides.httpStatus ?? 200),
    browserVersion: 'Chromium/147.0.0.0',
    timings: { navigateMs: 120, settleMs: 300 },
    ...overrides,
  };
}

class FakeCapturer implements PageCapturer {
  readonly calls: CaptureRequest[] = [];
  constructor(private readonly next: (call: number) => PageCapture | Promise<PageCapture>) {}
  async capture(request: CaptureRequest): Promise<PageCapture> {
    this.calls.push(request);
    return this.next(this.calls.length);
  }
  async close(): Promise<void> {}
}

interface Setup {
  deps: CaptureDeps;
  store: MemoryArchiveStore;
  index: MemorySnapshotIndex;
  capturer: FakeCapturer;
  clock: FixedClock;
  log: EventLog;
  logger: MemoryLogger;
  allowedChecks: URL[];
}

function setup(
  next: (call: number) => PageCapture | Promise<PageCapture> = () => pageCapture(),
  options: { assertAllowed?: (url: URL) => Promise<void>; beforePut?: (key: string) => void } = {},
): Setup {
  const log = new EventLog();
  const store = new MemoryArchiveStore({ log, beforePut: options.beforePut });
  const index = new MemorySnapshotIndex(log);
  const capturer = new FakeCapturer(next);
  const clock = new FixedClock('2024-12-03T10:00:05.000Z');
  const logger = new MemoryLogger();
  const allowedChecks: URL[] = [];
  const deps: CaptureDeps = {
    store,
    index,
    capturer,
    clock,
    logger,
    timeoutMs: 1_000,
    assertAllowed: async (url) => {
      allowedChecks.push(url);
      await options.assertAllowed?.(url);
    },
  };
  return { deps, store, index, capturer, clock, log, logger, allowedChecks };
}

function job(slot = '2024-12-03T10:00:00.000Z', url = URL_): CaptureJob {
  const sid = sourceId(url);
  return { sourceId: sid, url, extractor: 'auto', slot, jobKey: `${sid}@${slot}` };
}

async function warcRecords(bytes: Uint8Array): Promise<{ type: string; url: string | null | undefined }[]> {
  const out: { type: string; url: string | null | undefined }[] = [];
  for await (const record of WARCParser.iterRecords([bytes])) {
    await record.readFully(false);
    out.push({ type: record.warcType as string, url: record.warcTargetURI });
  }
  return out;
}

const artifact = (s: Snapshot, name: string) => s.artifacts.find((a) => a.name === name)!;
const decoder = new TextDecoder();

describe('captureJob: a successful capture', () => {
  it('stores warc, html, screenshot, text, claims and manifest, each with a matching sha256', async () => {
    const { deps, store } = setup();
    const { snapshot, error } = await captureJob(deps, job());
    expect(error).toBeUndefined();
    expect(snapshot.status).toBe('captured');
    expect(snapshot.artifacts.map((a) => a.name).sort()).toEqual(['claims', 'html', 'manifest', 'screenshot', 'text', 'warc']);
    for (const a of snapshot.artifacts) {
      const bytes = await store.get(a.key);
      expect(sha256Hex(bytes), a.name).toBe(a.sha256);
      expect(bytes.length, a.name).toBe(a.bytes);
      expect(store.objects.get(a.key)!.sha256, a.name).toBe(a.sha256);
      expect(store.objects.get(a.key)!.contentType, a.name).toBe(a.contentType);
    }
  });

  it('keeps the exact html, screenshot and text bytes', async () => {
    const { deps, store } = setup();
    const { snapshot } = await captureJob(deps, job());
    expect(decoder.decode(await store.get(artifact(snapshot, 'html').key))).toBe(HTML);
    expect(await store.get(artifact(snapshot, 'screenshot').key)).toEqual(SCREENSHOT);
    expect(decoder.decode(await store.get(artifact(snapshot, 'text').key))).toBe('Rebels entered Hama, AP reported.');
    expect(artifact(snapshot, 'screenshot').contentType).toBe('image/png');
  });

  it('uses the key layout: blobs by sha256, the WARC and manifest under source and snapshot', async () => {
    const { deps } = setup();
    const { snapshot } = await captureJob(deps, job());
    const id = snapshotId(new Date('2024-12-03T10:00:00.000Z'), `${SRC}@2024-12-03T10:00:00.000Z`);
    expect(snapshot.id).toBe(id);
    expect(artifact(snapshot, 'warc').key).toBe(`warcs/${SRC}/${id}.a1.warc.gz`);
    expect(artifact(snapshot, 'manifest').key).toBe(`manifests/${SRC}/${id}.a1.json`);
    const html = artifact(snapshot, 'html');
    expect(html.key).toBe(`blobs/sha256/${html.sha256.slice(0, 2)}/${html.sha256}`);
  });

  it('writes a WARC with the page and its subresource as responses', async () => {
    const { deps, store } = setup();
    const { snapshot } = await captureJob(deps, job());
    const records = await warcRecords(await store.get(artifact(snapshot, 'warc').key));
    expect(records.filter((r) => r.type === 'response').map((r) => r.url)).toEqual([URL_, 'https://news.example/site.css']);
    expect(records.filter((r) => r.type === 'revisit')).toHaveLength(0);
  });

  it('stores a page handed over before its screenshot, with the screenshot and what it loaded in the WARC', async () => {
    const lazy: Exchange = { ...exchanges()[1]!, url: 'https://news.example/lazy.css', body: enc.encode('.lazy {}') };
    const { deps, store } = setup(() =>
      pageCapture({
        screenshot: undefined,
        finishing: new Promise((resolve) =>
          setTimeout(() => resolve({ screenshot: SCREENSHOT, exchanges: [lazy], timings: { screenshotMs: 5, totalMs: 40 } }), 20),
        ),
      }),
    );

    const { snapshot } = await captureJob(deps, job());

    expect(snapshot.status).toBe('captured');
    expect(await store.get(artifact(snapshot, 'screenshot').key)).toEqual(SCREENSHOT);
    const records = await warcRecords(await store.get(artifact(snapshot, 'warc').key));
    expect(records.filter((r) => r.type === 'response').map((r) => r.url)).toEqual([URL_, 'https://news.example/site.css', lazy.url]);
    expect(records.at(-1)?.type).toBe('metadata');
    expect(snapshot.timings).toMatchObject({ screenshotMs: 5, browserMs: 40 });
  });

  it('commits the snapshot to the index and updates the source', async () => {
    const { deps, index } = setup();
    const { snapshot } = await captureJob(deps, job());
    expect(await index.getSnapshot(snapshot.id)).toEqual(snapshot);
    expect((await index.latestSnapshot(SRC))?.id).toBe(snapshot.id);
    expect(snapshot).toMatchObject({
      url: URL_,
      finalUrl: URL_,
      httpStatus: 200,
      attempts: 1,
      title: 'Hama',
      capturedAt: '2024-12-03T10:00:05.000Z',
    });
  });

  it('checks the destination and passes the timeout to the capturer', async () => {
    const { deps, capturer, allowedChecks } = setup();
    await captureJob(deps, job());
    expect(allowedChecks.map((u) => u.href)).toEqual([URL_]);
    expect(capturer.calls).toEqual([{ url: URL_, timeoutMs: 1_000 }]);
  });

  it('writes a manifest listing every other artifact with its sha256', async () => {
    const { deps, store } = setup();
    const { snapshot } = await captureJob(deps, job());
    const manifest = JSON.parse(decoder.decode(await store.get(artifact(snapshot, 'manifest').key)));
    expect(manifest).toMatchObject({ snapshotId: snapshot.id, sourceId: SRC, url: URL_, previous: null });
    expect(manifest.warc.records).toEqual({ response: 2, revisit: 0 });
    const listed = Object.fromEntries((manifest.artifacts as { name: string; sha256: string }[]).map((a) => [a.name, a.sha256]));
    for (const a of snapshot.artifacts.filter((x) => x.name !== 'manifest')) expect(listed[a.name], a.name).toBe(a.sha256);
  });

  it('writes the snapshot record only after every artifact and payload record (the commit point)', async () => {
    const { deps, log } = setup();
    const { snapshot } = await captureJob(deps, job());
    const ops = log.entries.map((e) => e.op);
    const commit = ops.indexOf('index.putSnapshot');
    expect(commit).toBeGreaterThan(-1);
    expect(ops.lastIndexOf('store.put')).toBeLessThan(commit);
    expect(ops.lastIndexOf('index.recordPayload')).toBeLessThan(commit);
    expect(ops.lastIndexOf('index.recordPayload')).toBeGreaterThan(-1);
    const puts = log.entries.filter((e) => e.op === 'store.put').map((e) => e.key);
    for (const a of snapshot.artifacts) expect(puts.slice(0, commit), a.name).toContain(a.key);
    expect(ops.indexOf('index.recordSourceCapture')).toBeGreaterThan(commit);
  });

  it('keeps only the resource, text and claims for a non-HTML page', async () => {
    const pdf = enc.encode('%PDF-1.7 fake');
    const { deps, store } = setup(() =>
      pageCapture({ isHtml: false, html: undefined, screenshot: undefined, text: '', contentType: 'application/pdf', resource: pdf }),
    );
    const { snapshot } = await captureJob(deps, job());
    expect(snapshot.artifacts.map((a) => a.name).sort()).toEqual(['claims', 'manifest', 'resource', 'text', 'warc']);
    const resource = artifact(snapshot, 'resource');
    expect(resource.contentType).toBe('application/pdf');
    expect(await store.get(resource.key)).toEqual(pdf);
  });
});

describe('captureJob: recapture and deduplication', () => {
  it('marks an identical recapture unchanged and stores no new blobs', async () => {
    const { deps, store } = setup();
    const first = await captureJob(deps, job('2024-12-03T10:00:00.000Z'));
    const blobs = store.count('blobs/');
    const objects = store.count();
    const second = await captureJob(deps, job('2024-12-03T16:00:00.000Z'));
    expect(first.snapshot.status).toBe('captured');
    expect(second.snapshot.status).toBe('unchanged');
    expect(second.snapshot.id).not.toBe(first.snapshot.id);
    expect(store.count('blobs/')).toBe(blobs);
    // Only the new WARC (of revisits) and the new manifest.
    expect(store.count()).toBe(objects + 2);
    expect(store.keys().filter((k) => k.includes(second.snapshot.id))).toEqual([
      `manifests/${SRC}/${second.snapshot.id}.a1.json`,
      `warcs/${SRC}/${second.snapshot.id}.a1.warc.gz`,
    ]);
  });

  it('writes revisit records, not responses, for payloads already archived', async () => {
    const { deps, store } = setup();
    await captureJob(deps, job('2024-12-03T10:00:00.000Z'));
    const { snapshot } = await captureJob(deps, job('2024-12-03T16:00:00.000Z'));
    const records = await warcRecords(await store.get(artifact(snapshot, 'warc').key));
    expect(records.filter((r) => r.type === 'response')).toHaveLength(0);
    expect(records.filter((r) => r.type === 'revisit').map((r) => r.url)).toEqual([URL_, 'https://news.example/site.css']);
  });

  it("links the manifest to the previous snapshot's manifest sha256", async () => {
    const { deps, store } = setup();
    const first = await captureJob(deps, job('2024-12-03T10:00:00.000Z'));
    const second = await captureJob(deps, job('2024-12-03T16:00:00.000Z'));
    const manifest = JSON.parse(decoder.decode(await store.get(artifact(second.snapshot, 'manifest').key)));
    expect(manifest.previous).toEqual({
      snapshotId: first.snapshot.id,
      manifestSha256: artifact(first.snapshot, 'manifest').sha256,
    });
    expect(manifest.warc.records).toEqual({ response: 0, revisit: 2 });
  });

  it('marks a recapture with changed html captured, storing only the new bytes', async () => {
    const changed = HTML.replace('Rebels entered Hama', 'Rebels took Hama');
    const { deps, store } = setup((call) => pageCapture(call === 1 ? {} : { html: changed }));
    await captureJob(deps, job('2024-12-03T10:00:00.000Z'));
    const blobs = store.count('blobs/');
    const { snapshot } = await captureJob(deps, job('2024-12-03T16:00:00.000Z'));
    expect(snapshot.status).toBe('captured');
    expect(store.count('blobs/')).toBe(blobs + 1);
    const records = await warcRecords(await store.get(artifact(snapshot, 'warc').key));
    expect(records.filter((r) => r.type === 'response').map((r) => r.url)).toEqual([URL_]);
    expect(records.filter((r) => r.type === 'revisit').map((r) => r.url)).toEqual(['https://news.example/site.css']);
  });

  it('returns the same snapshot without capturing again when a succeeded job runs twice', async () => {
    const { deps, capturer, store } = setup();
    const first = await captureJob(deps, job());
    const puts = store.putCount;
    const again = await captureJob(deps, job());
    expect(again.snapshot.id).toBe(first.snapshot.id);
    expect(again.snapshot).toEqual(first.snapshot);
    expect(again.error).toBeUndefined();
    expect(capturer.calls).toHaveLength(1);
    expect(store.putCount).toBe(puts);
  });
});

describe('captureJob: failures', () => {
  it('records a timeout as a failed, retryable snapshot with its reason', async () => {
    const { deps, index } = setup(() => {
      throw new CaptureTimeoutError('navigation timed out after 1000 ms');
    });
    const outcome = await captureJob(deps, job());
    expect(outcome.error).toEqual({ message: 'navigation timed out after 1000 ms', retryable: true });
    expect(outcome.snapshot).toMatchObject({
      status: 'failed',
      retryable: true,
      error: 'navigation timed out after 1000 ms',
      attempts: 1,
      artifacts: [],
    });
    expect(await index.getSnapshot(outcome.snapshot.id)).toEqual(outcome.snapshot);
  });

  it('records a screenshot that fails after the hand-over as a failed snapshot, with nothing committed before it', async () => {
    const { deps, index, log } = setup(() =>
      pageCapture({ screenshot: undefined, finishing: Promise.reject(new CaptureTimeoutError('capture of x exceeded 1000 ms')) }),
    );

    const outcome = await captureJob(deps, job());

    expect(outcome.snapshot).toMatchObject({ status: 'failed', retryable: true, error: 'capture of x exceeded 1000 ms' });
    expect(await index.getSnapshot(outcome.snapshot.id)).toEqual(outcome.snapshot);
    expect(log.entries.filter((e) => e.op === 'index.putSnapshot')).toHaveLength(1);
  });

  it('refuses a forbidden destination without calling the capturer', async () => {
    const { deps, capturer, store } = setup(undefined, {
      assertAllowed: async () => {
        throw new ForbiddenDestinationError('refused news.example: it resolves to 10.0.0.1 (private), an internal address');
      },
    });
    const outcome = await captureJob(deps, job());
    expect(capturer.calls).toHaveLength(0);
    expect(outcome.snapshot).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.snapshot.error).toMatch(/internal address/);
    expect(outcome.error?.retryable).toBe(false);
    expect(store.count()).toBe(0);
  });

  it('refuses a non-http job URL without checking or capturing', async () => {
    const { deps, capturer, allowedChecks } = setup();
    const outcome = await captureJob(deps, { ...job(), url: 'file:///etc/passwd' });
    expect(outcome.snapshot).toMatchObject({ status: 'failed', retryable: false });
    expect(capturer.calls).toHaveLength(0);
    expect(allowedChecks).toHaveLength(0);
  });

  it('records an HTTP 404 page as failed, not retryable, keeping its WARC', async () => {
    const { deps, store } = setup(() => pageCapture({ httpStatus: 404, html: '<h1>Not found</h1>' }));
    const outcome = await captureJob(deps, job());
    expect(outcome.snapshot).toMatchObject({ status: 'failed', httpStatus: 404, retryable: false });
    expect(outcome.snapshot.error).toBe(`HTTP 404 from ${URL_}`);
    const warc = artifact(outcome.snapshot, 'warc');
    expect(warc).toBeDefined();
    const bytes = await store.get(warc.key);
    expect(sha256Hex(bytes)).toBe(warc.sha256);
    const records = await warcRecords(bytes);
    expect(records.filter((r) => r.type === 'response').map((r) => r.url)).toContain(URL_);
  });

  it('records an HTTP 503 page as failed and retryable', async () => {
    const { deps } = setup(() => pageCapture({ httpStatus: 503 }));
    const outcome = await captureJob(deps, job());
    expect(outcome.snapshot).toMatchObject({ status: 'failed', httpStatus: 503, retryable: true });
  });

  it('records a storage outage as a failed, retryable snapshot', async () => {
    const { deps } = setup(undefined, {
      beforePut: (key) => {
        if (key.startsWith('blobs/')) throw new StorageUnavailableError('S3 is throttling');
      },
    });
    const outcome = await captureJob(deps, job());
    expect(outcome.snapshot).toMatchObject({ status: 'failed', retryable: true, error: 'S3 is throttling' });
  });

  it('retries a failed job on the same snapshot id, counting attempts', async () => {
    const { deps, index, capturer } = setup((call) => {
      if (call < 3) throw new CaptureTimeoutError(`timeout ${call}`);
      return pageCapture();
    });
    const first = await captureJob(deps, job());
    const second = await captureJob(deps, job());
    expect(second.snapshot.id).toBe(first.snapshot.id);
    expect(first.snapshot.attempts).toBe(1);
    expect(second.snapshot).toMatchObject({ status: 'failed', attempts: 2, error: 'timeout 2' });
    const third = await captureJob(deps, job());
    expect(third.snapshot).toMatchObject({ id: first.snapshot.id, status: 'captured', attempts: 3 });
    expect((await index.getSnapshot(first.snapshot.id))?.status).toBe('captured');
    expect(capturer.calls).toHaveLength(3);
  });

  it('does not treat a failed snapshot as the previous capture', async () => {
    const { deps, store } = setup((call) => (call === 1 ? pageCapture() : pageCapture({ httpStatus: 500 })));
    const first = await captureJob(deps, job('2024-12-03T10:00:00.000Z'));
    await captureJob(deps, job('2024-12-03T12:00:00.000Z'));
    deps.capturer = new FakeCapturer(() => pageCapture());
    const third = await captureJob(deps, job('2024-12-03T14:00:00.000Z'));
    const manifest = JSON.parse(decoder.decode(await store.get(artifact(third.snapshot, 'manifest').key)));
    expect(manifest.previous.snapshotId).toBe(first.snapshot.id);
  });

  it('keeps every recorded payload resolvable after a failed attempt is retried', async () => {
    // Attempt 1: a 503 page whose stylesheet is the same as the real page's.
    const { deps, store, index } = setup((call) => (call === 1 ? pageCapture({ httpStatus: 503, html: '<h1>busy</h1>' }) : pageCapture()));
    const failed = await captureJob(deps, job());
    expect(failed.snapshot.status).toBe('failed');
    const ok = await captureJob(deps, job());
    expect(ok.snapshot).toMatchObject({ id: failed.snapshot.id, status: 'captured' });

    for (const body of [enc.encode(HTML), CSS]) {
      const sha = sha256Hex(body);
      const record = (await index.findPayloads([sha])).get(sha);
      expect(record, sha).toBeDefined();
      const warc = await store.get(record!.warcKey);
      const member = warc.subarray(record!.offset, record!.offset + record!.length);
      const parsed = await WARCParser.parse([member]);
      expect(parsed?.warcType).toBe('response');
      expect(parsed?.warcPayloadDigest).toBe(`sha256:${sha}`);
    }
  });
});

describe('captureJob: claims', () => {
  const CLAIM = 'Rebels entered Hama, AP reported.';

  function withClaims(s: Setup): MemoryClaimIndex {
    const claims = new MemoryClaimIndex({ commits: s.index, log: s.log });
    s.deps.claims = claims;
    s.deps.extract = () => ({
      extractor: 'article',
      metadata: { author: [] },
      claims: [
        {
          text: CLAIM,
          kind: 'statement',
          lang: 'en',
          attributedTo: ['AP'],
          places: [],
          selector: { exact: CLAIM, prefix: '', suffix: '' },
        },
      ],
    });
    return claims;
  }

  it('writes the claims before the snapshot record and settles them after it', async () => {
    const s = setup();
    withClaims(s);

    await captureJob(s.deps, job());

    const ops = s.log.entries.map((e) => e.op);
    expect(ops.indexOf('claims.write')).toBeGreaterThan(-1);
    expect(ops.indexOf('claims.write')).toBeLessThan(ops.indexOf('index.putSnapshot'));
    expect(ops.indexOf('claims.settle')).toBeGreaterThan(ops.indexOf('index.putSnapshot'));
  });

  it('shows no claim of an attempt that failed after indexing them, and each claim once after the retry', async () => {
    let manifestPuts = 0;
    const s = setup(undefined, {
      beforePut: (key) => {
        if (key.startsWith('manifests/') && manifestPuts++ === 0) throw new StorageUnavailableError('S3 is throttling');
      },
    });
    const claims = withClaims(s);

    const failed = await captureJob(s.deps, job());
    const afterFailure = { listed: await claims.queryClaims({ limit: 10 }), current: await claims.currentClaims(SRC) };
    s.clock.advance(60_000);
    const retried = await captureJob(s.deps, job());
    const afterRetry = await claims.queryClaims({ limit: 10 });

    expect(failed.snapshot.status).toBe('failed');
    expect(afterFailure.listed.items).toEqual([]);
    expect(afterFailure.current).toBeUndefined();
    expect(retried.snapshot).toMatchObject({ id: failed.snapshot.id, status: 'captured', claimCount: 1 });
    expect(afterRetry.items.map((c) => [c.text, c.evidence.snapshotId])).toEqual([[CLAIM, retried.snapshot.id]]);
  });

  it('records an unchanged recapture as one capture-log entry, with no item per claim, and still lists it as a sighting', async () => {
    const s = setup();
    const claims = withClaims(s);
    const first = await captureJob(s.deps, job('2024-12-03T10:00:00.000Z'));
    const itemsBefore = claims.itemCount();
    const recordsBefore = structuredClone([...claims.records.values()]);
    s.clock.advance(60_000);

    const second = await captureJob(s.deps, job('2024-12-03T11:00:00.000Z'));

    expect(second.snapshot.status).toBe('unchanged');
    expect(claims.itemCount() - itemsBefore).toBe(1);
    expect([...claims.records.values()]).toEqual(recordsBefore);
    const [listed] = (await claims.queryClaims({ limit: 10 })).items;
    expect(listed).toMatchObject({ lastSeenAt: second.snapshot.capturedAt, evidence: { snapshotId: second.snapshot.id } });
    const detail = await claims.getClaim(listed!.id);
    expect(detail?.sightings.map((x) => x.snapshotId)).toEqual([first.snapshot.id, second.snapshot.id]);
  });

  it('records each phase of the capture on the snapshot, and the commit in the outcome', async () => {
    const s = setup();
    withClaims(s);

    const { snapshot, timings } = await captureJob(s.deps, job());

    for (const phase of ['lookupMs', 'warcMs', 'uploadMs', 'extractMs', 'indexMs', 'navigateMs']) {
      expect(snapshot.timings?.[phase], phase).toEqual(expect.any(Number));
    }
    expect(snapshot.timings).not.toHaveProperty('commitMs');
    expect(timings).toMatchObject({ ...snapshot.timings, commitMs: expect.any(Number), totalMs: expect.any(Number) });
  });

  it('keeps the claims visible when settling them fails, since the snapshot is committed', async () => {
    const s = setup();
    const claims = withClaims(s);
    claims.settleClaims = async () => {
      throw new StorageUnavailableError('DynamoDB is throttling');
    };

    const { snapshot } = await captureJob(s.deps, job());

    expect(snapshot.status).toBe('captured');
    expect((await claims.queryClaims({ limit: 10 })).items.map((c) => c.text)).toEqual([CLAIM]);
    expect(s.logger.at('warn').map((l) => l.message)).toContain('claims stay pending after the commit');
  });
});

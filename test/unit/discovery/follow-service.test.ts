import { describe, expect, it } from 'vitest';
import { itemStatus } from '../../../functions/lib/core/discovery/items.js';
import { itemId } from '../../../functions/lib/core/discovery/urls.js';
import { ForbiddenDestinationError } from '../../../functions/lib/core/errors.js';
import type { CaptureJob } from '../../../functions/lib/core/ports.js';
import { sha256Hex, type Snapshot } from '../../../functions/lib/core/snapshot.js';
import { toSource, type Source } from '../../../functions/lib/core/sources.js';
import { RobotsCache } from '../../../functions/lib/services/discovery-fetch.js';
import { discoverFromSnapshot } from '../../../functions/lib/services/discovery-service.js';
import { type FollowDeps, recordItemCapture, sweepDueItems } from '../../../functions/lib/services/follow-service.js';
import { FixedClock, MemoryArchiveStore, MemoryLogger, MemorySnapshotIndex } from '../../support/fakes.js';
import { MemoryItemIndex } from '../../support/memory-item-index.js';

const T0 = '2024-12-03T10:00:00.000Z';

/** A guarded client over a map of documents; hosts in `refused` fail the guard as internal addresses. */
function fakeHttp(documents: Record<string, { body: string; type?: string; status?: number }>, refused = new Set<string>()) {
  const requested: string[] = [];
  return {
    requested,
    async assertAllowed(url: URL) {
      if (refused.has(url.hostname))
        throw new ForbiddenDestinationError(`refused ${url.host}: it resolves to 10.0.0.1 (private), an internal address`);
    },
    async fetch(url: string) {
      requested.push(url);
      if (refused.has(new URL(url).hostname)) throw new ForbiddenDestinationError(`refused ${new URL(url).host}`);
      const doc = documents[url];
      if (!doc) return { status: 404, headers: [] as [string, string][], body: new Uint8Array() };
      return {
        status: doc.status ?? 200,
        headers: [['content-type', doc.type ?? 'application/xml']] as [string, string][],
        body: new TextEncoder().encode(doc.body),
      };
    },
  };
}

function setup(documents: Record<string, { body: string; type?: string }> = {}, refused?: Set<string>) {
  const clock = new FixedClock(T0);
  const store = new MemoryArchiveStore();
  const index = new MemorySnapshotIndex();
  const items = new MemoryItemIndex();
  const http = fakeHttp(documents, refused);
  const sent: CaptureJob[] = [];
  const deps: FollowDeps = {
    store,
    index,
    items,
    http,
    robots: new RobotsCache(http),
    send: (job: CaptureJob) => sent.push(job),
    clock,
    logger: new MemoryLogger(),
  };
  return { clock, store, index, items, http, sent, deps };
}

let n = 0;
/** A captured snapshot of `url` whose archived document is `body` (a feed as `resource`, a page as `html`). */
async function captured(
  store: MemoryArchiveStore,
  url: string,
  body: string,
  kind: 'html' | 'resource',
  at = T0,
  status: Snapshot['status'] = 'captured',
): Promise<Snapshot> {
  const bytes = new TextEncoder().encode(body);
  const sha = sha256Hex(bytes);
  await store.put(`blobs/${sha}`, bytes, kind === 'html' ? 'text/html' : 'application/rss+xml', sha);
  return {
    id: `20241203100000-${(n++).toString(16).padStart(12, '0')}`,
    sourceId: itemId(url),
    url,
    finalUrl: url,
    capturedAt: at,
    status,
    attempts: 1,
    claimCount: 0,
    artifacts: [
      {
        name: kind,
        key: `blobs/${sha}`,
        bytes: bytes.length,
        sha256: sha,
        contentType: kind === 'html' ? 'text/html' : 'application/rss+xml',
      },
    ],
  };
}

const rss = (links: string[]) =>
  `<rss version="2.0"><channel><title>N</title>${links.map((l, i) => `<item><title>Story ${i}</title><link>${l}</link><pubDate>Tue, 03 Dec 2024 0${i}:00:00 GMT</pubDate></item>`).join('')}</channel></rss>`;

function feedSource(extra: Partial<Source> = {}): Source {
  return {
    ...toSource(
      { url: 'https://news.test/rss.xml', schedule: 'rate(1 hour)', discover: 'feed', maxPerRun: 2, recapture: ['PT15M', 'PT1H'] },
      T0,
    ),
    ...extra,
  };
}

describe('discoverFromSnapshot', () => {
  it('tracks in-scope articles once, captures the newest maxPerRun now and defers the rest to the next runs', async () => {
    const { store, items, sent, deps } = setup();
    const source = feedSource();
    const feed = rss([
      'https://news.test/a?utm_source=rss',
      'https://news.test/b',
      'https://news.test/a#comments',
      'javascript:alert(1)',
      'https://elsewhere.test/x',
      'https://news.test/c',
    ]);
    const run = await discoverFromSnapshot(deps, source, await captured(store, source.url, feed, 'resource'));

    expect(run).toMatchObject({ found: 6, enqueued: 2, deferred: 1, known: 0, skipped: 2 });
    expect(run.skippedReasons).toEqual({ 'not an http(s) link (javascript:)': 1, "outside the source's site (news.test)": 1 });
    expect(sent.map((j) => j.url)).toEqual(['https://news.test/c', 'https://news.test/b']);
    expect(sent[0]).toMatchObject({
      sourceId: itemId('https://news.test/c'),
      jobKey: `item:${itemId('https://news.test/c')}:0`,
      follow: { kind: 'item', step: 0, robots: 'obey' },
    });
    const deferred = items.items.get(itemId('https://news.test/a'))!;
    expect(deferred).toMatchObject({ url: 'https://news.test/a', title: 'Story 0', dueAt: '2024-12-03T11:00:00.000Z', step: 0 });
    expect(items.runs.get(source.id)?.at(-1)).toEqual(run);
  });

  it('enqueues only articles that are new on the next run, and lists a known article once per source', async () => {
    const { store, sent, deps, clock } = setup();
    const source = feedSource({ maxPerRun: 50 });
    await discoverFromSnapshot(deps, source, await captured(store, source.url, rss(['https://news.test/a']), 'resource'));
    clock.advance(3_600_000);
    const run = await discoverFromSnapshot(
      deps,
      source,
      await captured(store, source.url, rss(['https://news.test/new', 'https://news.test/a']), 'resource'),
    );
    expect(run).toMatchObject({ enqueued: 1, known: 1 });
    expect(sent.map((j) => j.url)).toEqual(['https://news.test/a', 'https://news.test/new']);
  });

  it('refuses links to internal addresses before any request, and records why', async () => {
    const { store, http, sent, deps } = setup({}, new Set(['intranet.news.test']));
    const source = feedSource({ maxPerRun: 50 });
    const run = await discoverFromSnapshot(
      deps,
      source,
      await captured(store, source.url, rss(['https://intranet.news.test/secret', 'https://news.test/ok']), 'resource'),
    );
    expect(run.skippedReasons).toMatchObject({ 'refused: intranet.news.test: it resolves to 10.0.0.1 (private), an internal address': 1 });
    expect(sent.map((j) => j.url)).toEqual(['https://news.test/ok']);
    expect(http.requested).toEqual([]);
  });

  it('records a readable error for an HTML page where a feed was expected, and for a failed capture', async () => {
    const { store, deps, items } = setup();
    const source = feedSource();
    const html = await captured(store, source.url, '<!doctype html><html><head><title>Oops</title></head></html>', 'html');
    expect((await discoverFromSnapshot(deps, source, html)).error).toBe('expected a feed or sitemap, got an HTML page ("Oops")');
    const failed = {
      ...(await captured(store, source.url, '', 'resource')),
      status: 'failed' as const,
      error: 'HTTP 503 from https://news.test/rss.xml',
    };
    expect((await discoverFromSnapshot(deps, source, failed)).error).toBe(
      'the source could not be captured: HTTP 503 from https://news.test/rss.xml',
    );
    expect(items.items.size).toBe(0);
  });

  it('follows a sitemap index, and reports a loop instead of following it forever', async () => {
    const index = (locs: string[]) =>
      `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`).join('')}</sitemapindex>`;
    const { store, http, deps } = setup({
      'https://news.test/s1.xml': { body: index(['https://news.test/s2.xml']) },
      'https://news.test/s2.xml': { body: index(['https://news.test/sitemap.xml', 'https://news.test/s3.xml']) },
      'https://news.test/s3.xml': {
        body: '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.test/z</loc></url></urlset>',
      },
    });
    const source = toSource({ url: 'https://news.test/sitemap.xml', schedule: 'rate(1 hour)', discover: 'sitemap' }, T0);
    const run = await discoverFromSnapshot(
      deps,
      source,
      await captured(store, source.url, index(['https://news.test/s1.xml']), 'resource'),
    );
    expect(run).toMatchObject({
      enqueued: 1,
      problems: ['sitemap index loops back to https://news.test/sitemap.xml (or names it twice); not read again'],
    });
    expect(http.requested).toEqual(['https://news.test/s1.xml', 'https://news.test/s2.xml', 'https://news.test/s3.xml']);
  });

  it('auto reads the feeds a page advertises, and falls back to its links', async () => {
    const page = (head: string) => `<!doctype html><html><head>${head}</head><body><main><a href="/story-1">One</a></main></body></html>`;
    const { store, sent, deps } = setup({ 'https://news.test/feed.xml': { body: rss(['https://news.test/from-feed']) } });
    const withFeed = toSource({ url: 'https://news.test/world', schedule: 'rate(1 hour)', discover: 'auto' }, T0);
    await discoverFromSnapshot(
      deps,
      withFeed,
      await captured(store, withFeed.url, page('<link rel="alternate" type="application/rss+xml" href="/feed.xml">'), 'html'),
    );
    expect(sent.map((j) => j.url)).toEqual(['https://news.test/from-feed']);
    const noFeed = toSource({ url: 'https://news.test/asia', schedule: 'rate(1 hour)', discover: 'auto' }, T0);
    await discoverFromSnapshot(deps, noFeed, await captured(store, noFeed.url, page(''), 'html'));
    expect(sent.map((j) => j.url)).toEqual(['https://news.test/from-feed', 'https://news.test/story-1']);
  });
});

describe('the recapture ladder, on the test clock', () => {
  it('captures at discovery, then at each rung after the first capture, then rests', async () => {
    const { store, items, sent, deps, clock } = setup();
    const source = feedSource({ maxPerRun: 50 });
    await discoverFromSnapshot(deps, source, await captured(store, source.url, rss(['https://news.test/a']), 'resource'));
    const id = itemId('https://news.test/a');
    const sweep = () => sweepDueItems({ items, send: (j) => sent.push(j), clock, logger: deps.logger });
    const complete = async (job: CaptureJob) =>
      recordItemCapture(
        deps,
        job,
        await captured(store, job.url, `<html><body><p>v${job.follow?.step}</p></body></html>`, 'html', clock.now().toISOString()),
      );

    expect(await sweep()).toEqual([]); // step 0 is leased: it was sent at discovery
    await complete(sent[0]!);
    expect(items.items.get(id)).toMatchObject({ captures: 1, step: 1, dueAt: '2024-12-03T10:15:00.000Z' });
    expect(itemStatus(items.items.get(id)!, clock.now())).toBe('waiting');

    clock.advance(14 * 60_000);
    expect(await sweep()).toEqual([]);
    clock.advance(60_000);
    const [rung1] = await sweep();
    expect(rung1).toMatchObject({ jobKey: `item:${id}:1`, slot: '2024-12-03T10:15:00.000Z', follow: { step: 1 } });
    expect(await sweep()).toEqual([]); // leased

    await complete(rung1!);
    await complete(rung1!); // a repeated delivery changes nothing
    expect(items.items.get(id)).toMatchObject({ captures: 2, step: 2, dueAt: '2024-12-03T11:00:00.000Z' });

    clock.set('2024-12-03T11:00:00.000Z');
    const [rung2] = await sweep();
    await complete(rung2!);
    const rested = items.items.get(id)!;
    expect(rested).toMatchObject({ captures: 3, step: 3 });
    expect(rested.dueAt).toBeUndefined();
    expect(itemStatus(rested, clock.now())).toBe('resting');
  });

  it('sends a rung again when its job outlived the lease (a lost job is never a lost item)', async () => {
    const { store, items, sent, deps, clock } = setup();
    const source = feedSource({ maxPerRun: 50 });
    await discoverFromSnapshot(deps, source, await captured(store, source.url, rss(['https://news.test/a']), 'resource'));
    clock.advance(31 * 60_000);
    const again = await sweepDueItems({ items, send: (j) => sent.push(j), clock, logger: deps.logger });
    expect(again.map((j) => j.jobKey)).toEqual([sent[0]!.jobKey]);
    expect(again[0]!.slot).toBe(sent[0]!.slot);
  });

  it('marks an item refused when robots.txt or the guard refused its capture, and stops its ladder', async () => {
    const { store, items, sent, deps } = setup();
    const source = feedSource({ maxPerRun: 50 });
    await discoverFromSnapshot(deps, source, await captured(store, source.url, rss(['https://news.test/private/a']), 'resource'));
    const failed = {
      ...(await captured(store, 'https://news.test/private/a', '', 'html')),
      status: 'failed' as const,
      error: 'robots.txt disallows it',
    };
    await recordItemCapture(deps, sent[0]!, failed, 'robots.txt disallows https://news.test/private/a for Verbatim');
    const item = items.items.get(itemId('https://news.test/private/a'))!;
    expect(itemStatus(item, new Date(T0))).toBe('refused');
    expect(item.dueAt).toBeUndefined();
  });

  it('lists an article’s citations on its snapshot and captures each cited page once', async () => {
    const { store, items, sent, deps } = setup();
    const source = feedSource({ maxPerRun: 50 });
    await discoverFromSnapshot(
      deps,
      source,
      await captured(store, source.url, rss(['https://news.test/a', 'https://news.test/b']), 'resource'),
    );
    const prose =
      '<p>Rebel forces are advancing on Hama from the north and the east, according to witnesses on the ground there.</p>'.repeat(4);
    const body = `<html><body><article><h1>H</h1>${prose}<p>See <a href="https://wire.test/story">the wire</a>.</p></article></body></html>`;
    const [a, b] = sent;
    const snapA = await captured(store, a!.url, body, 'html');
    await recordItemCapture(deps, a!, snapA);
    await recordItemCapture(deps, b!, await captured(store, b!.url, body.replace('<h1>H</h1>', '<h1>B</h1>'), 'html'));
    const citationJobs = sent.filter((j) => j.follow?.kind === 'citation');
    expect(citationJobs).toHaveLength(1);
    expect(citationJobs[0]).toMatchObject({
      url: 'https://wire.test/story',
      discoveredFrom: { sourceId: a!.sourceId, snapshotId: snapA.id },
    });
    expect(items.citations.get(snapA.id)).toEqual([
      { url: 'https://wire.test/story', snapshotId: expect.stringMatching(/^\d{14}-[0-9a-f]{12}$/), status: 'queued' },
    ]);
  });
});

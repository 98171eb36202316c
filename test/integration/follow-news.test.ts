import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/lib/config.js';
import { itemId } from '../../functions/lib/core/discovery/urls.js';
import { sourceId } from '../../functions/lib/core/sources.js';
import { type LocalRuntime, startLocalRuntime } from '../../functions/lib/local/runtime.js';
import { type Canary, startCanary } from '../support/fixture-site.js';
import { until as readUntil } from '../support/local-process.js';
import { type NewsSite, startCitedSite, startNewsSite } from '../support/news-site.js';

interface Item {
  id: string;
  url: string;
  title?: string;
  captures: number;
  status: string;
  latestSnapshotId?: string;
  nextCaptureAt?: string;
  error?: string;
}

/**
 * Following the news end to end in one process (`startLocalRuntime`, real Chromium, dynalite and
 * s3rver, the real queue with politeness and the due-item sweep) against a fixture news site on
 * port 0. Host names go through an injected resolver: news.test and wire.test are two sites on
 * loopback, allowed by origin, while the canary stays an internal address that must never be reached.
 */
describe('following a news site', () => {
  let site: NewsSite;
  let cited: Awaited<ReturnType<typeof startCitedSite>>;
  let canary: Canary;
  let runtime: LocalRuntime;
  let dataDir: string;
  const ladder = ['PT10S', 'PT25S'];

  const api = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${runtime.url}${route}`, { headers: { authorization: `Bearer ${runtime.keys.readKey}` } });
    if (res.status !== 200) throw new Error(`${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const items = async (source: string) => (await api<{ items: Item[] }>(`/sources/${sourceId(source)}/items?limit=100`)).items;
  const lastDiscovery = async (source: string) => {
    const { sources } = await api<{ sources: { id: string; lastDiscovery?: Record<string, unknown> }[] }>('/sources');
    return sources.find((s) => s.id === sourceId(source))?.lastDiscovery;
  };
  const until = <T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 90_000): Promise<T> =>
    readUntil(read, ok, { timeoutMs, context: () => `while waiting for ${what}` });

  beforeAll(async () => {
    canary = await startCanary();
    cited = await startCitedSite();
    site = await startNewsSite({
      host: 'news.test',
      citedOrigin: `http://wire.test:${cited.port}`,
      canaryOrigin: `http://127.0.0.1:${canary.port}`,
      articleDelayMs: 400,
    });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-follow-'));
    const o = site.origin;
    const follow = { schedule: 'rate(1 day)', recapture: ladder };
    await writeFile(
      path.join(dataDir, 'sources.json'),
      JSON.stringify([
        { url: `${o}/rss.xml`, discover: 'feed', ...follow },
        { url: `${o}/atom.xml`, discover: 'feed', ...follow },
        { url: `${o}/news-sitemap.xml`, discover: 'sitemap', ...follow },
        { url: `${o}/world`, discover: 'links', extractor: 'article', ...follow },
        { url: `${o}/bad/html-feed`, discover: 'feed', schedule: 'rate(1 day)' },
        { url: `${o}/bad/bomb.xml`, discover: 'feed', schedule: 'rate(1 day)' },
        { url: `${o}/bad/malformed.xml`, discover: 'feed', schedule: 'rate(1 day)' },
        { url: `${o}/bad/huge-page`, discover: 'auto', schedule: 'rate(1 day)' },
        { url: `${o}/bad/loop-index.xml`, discover: 'sitemap', schedule: 'rate(1 day)' },
        { url: `${o}/bad/big-feed.xml`, discover: 'feed', schedule: 'rate(1 day)', maxPerRun: 1, include: ['/big/*'] },
        { url: `${o}/bad/links`, discover: 'links', schedule: 'rate(1 day)', include: ['/.*/'] },
      ]),
    );
    const config = loadConfig({
      PORT: '0',
      VERBATIM_DATA_DIR: dataDir,
      VERBATIM_SOURCES: path.join(dataDir, 'sources.json'),
      VERBATIM_ADMIN_KEY: 'follow-admin-key-0123456789',
      VERBATIM_READ_KEY: 'follow-read-key-0123456789',
      VERBATIM_ALLOW_PRIVATE_ORIGINS: `news.test:${site.port},wire.test:${cited.port}`,
      VERBATIM_CAPTURE_TIMEOUT_MS: '20000',
      VERBATIM_NETWORK_QUIET_MS: '150',
      VERBATIM_CAPTURE_CONCURRENCY: '3',
      VERBATIM_HOST_CONCURRENCY: '2',
      VERBATIM_HOST_INTERVAL_MS: '250',
      VERBATIM_DISCOVERY_MAX_ENTRIES: '300',
      ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
    });
    runtime = await startLocalRuntime(config, {
      print: () => undefined,
      resolver: async (host) => {
        if (host === 'news.test' || host === 'wire.test' || host === 'localhost') return ['127.0.0.1'];
        throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
    });
  });
  afterAll(async () => {
    await runtime?.close();
    await Promise.all([site?.close(), cited?.close(), canary?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('tracks each article once across the RSS feed, the Atom feed, the news sitemap and the section page', async () => {
    const hama = `${site.origin}/world/hama`;
    const homs = `${site.origin}/world/homs`;
    for (const source of ['/rss.xml', '/atom.xml', '/news-sitemap.xml', '/world']) {
      const listed = await until(
        `${source} items`,
        () => items(`${site.origin}${source}`),
        (list) => list.length >= 2,
      );
      expect(listed.map((i) => i.url)).toEqual(expect.arrayContaining([hama, homs]));
      expect(listed.find((i) => i.url === hama)!.id).toBe(itemId(hama));
    }
    const rss = await items(`${site.origin}/rss.xml`);
    expect(rss.find((i) => i.url === hama)?.title).toBe('Fighting near Hama');
    // The edit lands between the capture at discovery and the ladder's first rung.
    await until(
      'the first capture of Hama',
      () => items(`${site.origin}/atom.xml`),
      (list) => list.some((i) => i.url === hama && i.captures >= 1),
      60_000,
    );
    site.edit();
    await until(
      'first captures',
      () => items(`${site.origin}/atom.xml`),
      (list) => list.every((i) => i.captures >= 1),
    );
    const discovery = await lastDiscovery(`${site.origin}/world`);
    expect(discovery).toMatchObject({ found: expect.any(Number), skipped: 0 });
  });

  it('refuses the article robots.txt disallows, without requesting it', async () => {
    const listed = await until(
      'robots refusal',
      () => items(`${site.origin}/rss.xml`),
      (list) => list.some((i) => i.status === 'refused'),
    );
    const refused = listed.find((i) => i.status === 'refused')!;
    expect(refused.url).toBe(`${site.origin}/private/leak`);
    expect(refused.error).toMatch(/robots\.txt disallows/);
    expect(site.hits.get('/private/leak')).toBeUndefined();
  });

  it('captures the page an article cites once and lists it on the citing snapshot', async () => {
    const hama = (await items(`${site.origin}/rss.xml`)).find((i) => i.url === `${site.origin}/world/hama`)!;
    const snapshot = await until(
      'citation captured',
      () =>
        api<{ citations?: { url: string; snapshotId?: string; status: string }[]; discoveredFrom?: unknown }>(
          `/snapshots/${hama.latestSnapshotId}`,
        ),
      (s) => s.citations?.[0]?.status === 'captured',
    );
    expect(snapshot.citations).toEqual([
      { url: `http://wire.test:${cited.port}/story/hama`, snapshotId: expect.any(String), status: 'captured' },
    ]);
    expect(snapshot.discoveredFrom).toMatchObject({ sourceId: expect.stringMatching(/^src_/), snapshotId: expect.any(String) });
    const citation = await api<{ url: string; discoveredFrom: { sourceId: string; snapshotId: string } }>(
      `/snapshots/${snapshot.citations![0]!.snapshotId}`,
    );
    expect(citation.discoveredFrom).toEqual({ sourceId: itemId(`${site.origin}/world/hama`), snapshotId: hama.latestSnapshotId });
    expect(cited.hits.get('/story/hama')).toBe(1);
  });

  it('finds a newly published article on the next run and captures it at once', async () => {
    site.publish();
    const sourceUrl = `${site.origin}/rss.xml`;
    runtime.queue.send({
      sourceId: sourceId(sourceUrl),
      url: sourceUrl,
      extractor: 'auto',
      slot: new Date().toISOString(),
      jobKey: `${sourceId(sourceUrl)}@next-run`,
    });
    const listed = await until(
      'the new article',
      () => items(sourceUrl),
      (list) => list.some((i) => i.url.endsWith('/world/aleppo') && i.captures >= 1),
    );
    expect(listed.find((i) => i.url.endsWith('/world/aleppo'))?.status).toMatch(/waiting|due/);
    expect(await lastDiscovery(sourceUrl)).toMatchObject({ enqueued: 1, known: 3 });
  });

  it('recaptures on the ladder, shows the edit in /changes within one rung, then rests', async () => {
    const hama = `${site.origin}/world/hama`;
    const edited = await until(
      'an edit in /changes',
      () => api<{ changes: { type: string; text: string }[] }>(`/changes?url=${encodeURIComponent(hama)}`),
      (r) => r.changes.some((c) => c.type === 'edited'),
    );
    expect(edited.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'edited', text: expect.stringContaining('once Hama falls') }),
        expect.objectContaining({ type: 'removed', text: expect.stringContaining('Thousands of families fled') }),
      ]),
    );
    const rested = await until(
      'the ladder to end',
      () => items(`${site.origin}/atom.xml`),
      (list) => list.filter((i) => !i.url.endsWith('/aleppo')).every((i) => i.status === 'resting'),
      120_000,
    );
    for (const item of rested.filter((i) => !i.url.endsWith('/aleppo'))) {
      expect(item.captures).toBe(1 + ladder.length);
      expect(item.nextCaptureAt).toBeUndefined();
    }
    // Captured once at discovery and once per rung, however many sources found them.
    expect(site.hits.get('/world/homs')).toBe(1 + ladder.length);
    expect(site.hits.get('/world/hama')).toBe(1 + ladder.length);
    const claims = await api<{ claims: { text: string }[] }>(`/claims?url=${encodeURIComponent(hama)}`);
    expect(claims.claims.some((c) => c.text.includes('once Hama falls'))).toBe(true);
  });

  it('keeps to the per-host limit, as the fixture server saw it', () => {
    expect(site.articleStarts.length).toBeGreaterThanOrEqual(3 + 2 * ladder.length);
    expect(site.peakArticles).toBeLessThanOrEqual(2);
  });

  it('records each bad input as a readable reason and never reaches a refused address', async () => {
    const o = site.origin;
    const reason = async (source: string) =>
      until(
        `discovery of ${source}`,
        () => lastDiscovery(`${o}${source}`),
        (d) => d !== undefined,
      );
    expect(await reason('/bad/html-feed')).toMatchObject({ error: 'expected a feed or sitemap, got an HTML page ("Not a feed")' });
    expect((await reason('/bad/bomb.xml'))?.error).toMatch(/declares XML entities/);
    expect((await reason('/bad/malformed.xml'))?.error).toMatch(/malformed/);
    expect((await reason('/bad/huge-page'))?.error).toMatch(/huge\.xml: response from .* is over the 10485760-byte cap/);
    expect((await reason('/bad/loop-index.xml'))?.error).toMatch(/loops back to .*\/bad\/loop-index\.xml/);
    const big = await reason('/bad/big-feed.xml');
    expect(big, JSON.stringify(big)).toMatchObject({ found: 100_000, enqueued: 1, deferred: 299 });
    expect(big?.skippedReasons).toEqual({ 'over the 300-entry limit of one document (read the first 300)': 99_700 });
    const links = await reason('/bad/links');
    expect(links?.skippedReasons).toMatchObject({ 'not an http(s) link (javascript:)': 1, 'not an http(s) link (data:)': 1 });
    expect(Object.keys(links?.skippedReasons as object).filter((r) => r.startsWith('refused:'))).toHaveLength(4);
    expect(links?.enqueued).toBe(0);
    expect(canary.seen).toEqual([]);
    const health = await fetch(`${runtime.url}/health`);
    expect(health.status).toBe(200);
  });
});

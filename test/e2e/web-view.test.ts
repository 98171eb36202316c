import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVOLVING_PARAGRAPHS, HOSTILE_MARKUP, startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { type LocalProcess, startOverFixtureSite, until } from '../support/local-process.js';
import { type NewsSite, startCitedSite, startNewsSite } from '../support/news-site.js';
import { launchReplayBrowser } from '../support/replayweb.js';

/** Screenshots of each view land here (git ignores it); the README shows two of them. */
const OUTPUT = path.resolve(import.meta.dirname, '../../test-output/web-view');

interface Snapshot {
  id: string;
  status: string;
  claimCount: number;
  discoveredFrom?: { sourceId: string; snapshotId: string };
  citations?: { url: string; snapshotId?: string; status: string }[];
}

interface Item {
  url: string;
  title?: string;
  captures: number;
  status: string;
  latestSnapshotId?: string;
  error?: string;
}

interface Source {
  id: string;
  url: string;
  lastDiscovery?: { snapshotId?: string; found: number; enqueued: number; skipped: number; error?: string };
}

/** A feed entry's title as hostile as a page's: markup that would run if it were ever inserted as HTML. */
const FEED_TITLE = `Siege of Homs ${HOSTILE_MARKUP.image}${HOSTILE_MARKUP.script}`;

/**
 * The web view as a researcher meets it: `npm start` with a fixture site, five captures (the
 * Icelandic article, an article before and after an edit, an English wire story, a Liveuamap-like
 * page and a page with hostile markup) and a source following a news site's RSS feed (whose
 * articles are discovered, captured and cite an external page), then real Chromium signing in by
 * the printed link and going through every view.
 */
describe('the web view of npm start, in Chromium', () => {
  let site: FixtureSite;
  let news: NewsSite;
  let cited: Awaited<ReturnType<typeof startCitedSite>>;
  let feed: Source;
  let brokenFeed: Source;
  let runtime: LocalProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let link: string;
  const consoleErrors: string[] = [];
  const requested: string[] = [];
  const captures: Record<string, Snapshot> = {};
  const pageUrl = (p: string) => `${site.origin}${p}`;
  const api = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${runtime.url}${route}`, { headers: { authorization: `Bearer ${runtime.readKey}` } });
    expect(res.status, route).toBe(200);
    return (await res.json()) as T;
  };
  const feedCard = () => page.locator('ul.sources li.source').filter({ has: page.locator('h2', { hasText: feed.url }) });
  const itemCards = () => feedCard().locator('ol.item-list li.item');

  const capture = async (name: string, p: string, extractor?: string) => {
    const res = await fetch(`${runtime.url}/captures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: pageUrl(p), ...(extractor ? { extractor } : {}) }),
    });
    expect(res.status).toBe(201);
    captures[name] = (await res.json()) as Snapshot;
    expect(captures[name]!.status, name).toBe('captured');
  };

  const shot = (name: string) => page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });

  /** axe-core over the whole page: no serious or critical violation. */
  const expectAccessible = async () => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  };

  const pwned = () => page.evaluate(() => (window as unknown as { __verbatimPwned?: number }).__verbatimPwned);

  beforeAll(async () => {
    await mkdir(OUTPUT, { recursive: true });
    site = await startFixtureSite();
    cited = await startCitedSite();
    news = await startNewsSite({ citedOrigin: `http://localhost:${cited.port}`, hostileTitle: FEED_TITLE });
    runtime = await startOverFixtureSite(site, 'ui', {
      origins: [new URL(news.origin).host, `localhost:${cited.port}`],
      env: { VERBATIM_HOST_INTERVAL_MS: '300' },
    });
    for (let waited = 0; !/web view: \S+\n/.test(runtime.output()) && waited < 5000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    link = /web view: (\S+)\n/.exec(runtime.output())?.[1] ?? '';

    // The feed is followed first: its articles are discovered and captured while the rest is captured.
    const followed = await fetch(`${runtime.url}/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        url: `${news.origin}/rss.xml`,
        schedule: 'rate(1 day)',
        discover: 'feed',
        exclude: ['/world/homs'],
        recapture: ['PT1H'],
      }),
    });
    expect(followed.status).toBe(201);
    feed = (await followed.json()) as Source;
    const broken = await fetch(`${runtime.url}/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${news.origin}/bad/malformed.xml`, schedule: 'rate(1 day)', discover: 'feed' }),
    });
    expect(broken.status).toBe(201);
    brokenFeed = (await broken.json()) as Source;

    await capture('icelandic', '/claims/article-is');
    await capture('evolving1', '/evolving');
    site.evolvingVersion = 2;
    await capture('evolving2', '/evolving');
    await capture('english', '/claims/wire-en');
    await capture('live', '/live/', 'liveuamap');
    await capture('hostile', '/hostile/markup');
    const registered = await fetch(`${runtime.url}/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: pageUrl('/live/'), schedule: 'rate(1 day)', extractor: 'liveuamap' }),
    });
    expect(registered.status).toBe(201);

    ({ browser } = await launchReplayBrowser());
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} at ${message.location().url}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
    page.on('request', (request) => requested.push(request.url()));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    await Promise.all([site?.close(), news?.close(), cited?.close()]);
  });

  it('prints a sign-in link; following it signs in and takes the key out of the address bar', async () => {
    expect(link).toBe(`${runtime.url}/ui/#key=${runtime.readKey}`);
    await page.goto(link);

    await expect.poll(() => page.locator('ol.claims li.claim').count()).toBeGreaterThan(10);
    expect(page.url()).toBe(`${runtime.url}/ui/#/claims`);
    await page.goBack();
    expect(page.url()).not.toContain('key=');
    await page.goForward();
    expect(await page.evaluate(() => sessionStorage.getItem('verbatim.key'))).toBe(runtime.readKey);
  });

  it('serves the view under a strict CSP and redirects / to it', async () => {
    const res = await fetch(`${runtime.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/ui/');
    const ui = await fetch(`${runtime.url}/ui/`);
    const csp = ui.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' blob:");
    expect(csp).not.toContain('unsafe');
    expect(ui.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ui.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('searches by place and date, with markers on the map and bars on the timeline', async () => {
    await page.fill('#field-place', 'Hama');
    await page.fill('#field-from', '2024-12-01');
    await page.fill('#field-to', '2024-12-05');
    await page.click('form.filters button[type=submit]');

    await expect.poll(() => page.url()).toContain('#/claims?place=Hama&from=2024-12-01&to=2024-12-05');
    await expect.poll(() => page.locator('ol.claims li.claim').count()).toBeGreaterThan(3);
    const texts = await page.locator('ol.claims .claim-text').allTextContents();
    expect(texts.some((t) => t.startsWith('Heimildarmaður Reuters segir'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Gen. Ali Mahmoud, a senior army commander, told state television'))).toBe(true);
    const places = await page.locator('ol.claims .where').allTextContents();
    expect(places.every((p) => p.split(', ').includes('Hama'))).toBe(true);
    await expect.poll(() => page.locator('.map .leaflet-marker-icon.marker').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.map path.leaflet-interactive, .map svg path').count()).toBeGreaterThan(50);
    expect(await page.locator('.timeline .bar').count()).toBe(5);
    expect(await page.locator('.timeline .bar:not(.empty)').count()).toBeGreaterThan(0);
    await shot('claims');
    await expectAccessible();
  });

  it('sets from and to by brushing the timeline', async () => {
    const bars = page.locator('.timeline .bar');
    const start = (await bars.nth(1).boundingBox())!;
    const end = (await bars.nth(3).boundingBox())!;
    await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
    await page.mouse.down();
    await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 5 });
    await page.mouse.up();

    await expect.poll(() => page.url()).toContain('#/claims?place=Hama&from=2024-12-02&to=2024-12-04');
    // Three days or less are counted per hour.
    await expect.poll(() => page.locator('.timeline .bar').count()).toBe(72);
  });

  it('filters to a place when its marker is activated', async () => {
    await page.goto(`${runtime.url}/ui/#/claims?url=${encodeURIComponent(pageUrl('/claims/wire-en'))}`);
    await expect.poll(() => page.locator('ol.claims li.claim').count()).toBeGreaterThan(0);
    const place = page.locator('.map .marker.place');
    for (let zoom = 0; zoom < 6 && (await place.count()) === 0; zoom++) {
      await page.locator('.map .marker.cluster').first().click();
      await page.waitForTimeout(400);
    }
    const label = (await place.first().getAttribute('aria-label'))!;
    const name = label.slice(0, label.indexOf(':'));

    await place.first().focus();
    await page.keyboard.press('Enter');

    await expect.poll(() => new URL(page.url()).hash).toContain(`place=${encodeURIComponent(name).replace(/%20/g, '+')}`);
    await expect.poll(() => page.locator('ol.claims .where').first().textContent()).toContain(name);
  });

  it('opens a claim with its evidence in context, its versions and the screenshot of its capture', async () => {
    await page.goto(`${runtime.url}/ui/#/claims?place=Hama&attributedTo=Reuters`);
    await page.locator('ol.claims .claim-text a', { hasText: 'Heimildarmaður Reuters segir' }).click();

    await expect.poll(() => page.url()).toMatch(/#\/claims\/clm_[0-9a-f]{24}$/);
    await expect.poll(() => page.locator('.evidence mark').textContent()).toMatch(/^Heimildarmaður Reuters segir sveitir frá Írak/);
    await expect.poll(() => page.locator('.evidence figcaption').textContent()).toContain('from the text of the capture');
    expect((await page.locator('.evidence .context').first().textContent())!.length).toBeGreaterThan(40);
    expect(await page.locator('dl.facts').first().textContent()).toContain('Reuters');
    const image = page.locator('.screenshot img');
    await expect.poll(() => image.getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(100);
    expect(await page.locator('.downloads button').allTextContents()).toEqual(['WARC', 'WACZ', 'HTML']);
    await shot('claim');
    await expectAccessible();
  });

  it('downloads the WARC of a capture with the key, as a file', async () => {
    const download = page.waitForEvent('download');
    await page.locator('.downloads button', { hasText: 'WARC' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${captures.icelandic!.id}.warc.gz`);
  });

  it('shows a reworded claim with the words that changed', async () => {
    await page.goto(`${runtime.url}/ui/#/claims?url=${encodeURIComponent(pageUrl('/evolving'))}&status=present`);
    await page.locator('ol.claims .claim-text a', { hasText: 'once Hama falls' }).click();

    await expect.poll(() => page.locator('ol.versions li').count()).toBe(2);
    expect(await page.locator('ol.versions del').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('after')]));
    expect(await page.locator('ol.versions ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('once')]));
  });

  it('opens the snapshot diff and sees the removed and the reworded sentences', async () => {
    await page.goto(`${runtime.url}/ui/#/snapshots/${captures.evolving2!.id}`);

    await expect.poll(() => page.locator('.text-diff li').count()).toBeGreaterThan(2);
    expect(await page.locator('.text-diff li.removed').allTextContents()).toEqual([expect.stringContaining(EVOLVING_PARAGRAPHS.dropped)]);
    const reworded = page.locator('.text-diff li.reworded');
    expect(await reworded.count()).toBe(1);
    expect(await reworded.locator('del').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('after')]));
    expect(await reworded.locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('once')]));
    await expect.poll(() => page.locator('ul.changes li').count()).toBe(2);
    expect(await page.locator('ul.changes li.change-removed').textContent()).toContain(EVOLVING_PARAGRAPHS.dropped);
    expect(await page.locator('ul.changes li.change-edited').textContent()).toContain('once');
    const hashes = await page.locator('table.artifacts code.hash').allTextContents();
    expect(hashes.length).toBeGreaterThanOrEqual(5);
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await expect.poll(() => page.locator('.screenshot img').getAttribute('src')).toMatch(/^blob:/);
    await expect.poll(() => page.locator('ol.claims.compact li').count()).toBe(2);
    await shot('snapshot');
    await expectAccessible();
  });

  it('opens the changes feed, newest first, linking each change to its claim and both captures', async () => {
    await page.locator('a', { hasText: 'every change of this page' }).click();

    await expect.poll(() => page.url()).toContain(`#/changes?url=${encodeURIComponent(pageUrl('/evolving'))}`);
    await expect.poll(() => page.locator('ol.changes li.change').count()).toBe(2);
    const types = await page.locator('ol.changes li.change .badge').allTextContents();
    expect(types.sort()).toEqual(['edited', 'removed']);
    const times = await page.locator('ol.changes li.change time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    expect([...times].sort().reverse()).toEqual(times);
    const edited = page.locator('ol.changes li.change-edited');
    expect(await edited.locator('a').evaluateAll((els) => els.map((e) => e.getAttribute('href')))).toEqual([
      expect.stringMatching(/^#\/claims\/clm_/),
      expect.stringMatching(/^#\/claims\/clm_/),
      `#/snapshots/${captures.evolving2!.id}`,
      `#/snapshots/${captures.evolving1!.id}`,
    ]);
    await shot('changes');
    await expectAccessible();
  });

  it('lists sources with their schedule, last capture and status', async () => {
    await page.click('header nav a[href="#/sources"]');

    await expect.poll(() => page.locator('ul.sources li.source').count()).toBe(3);
    const source = page.locator('ul.sources li.source').filter({ has: page.locator('h2', { hasText: pageUrl('/live/') }) });
    expect(await source.locator('h2').textContent()).toBe(pageUrl('/live/'));
    expect(await source.textContent()).toContain('rate(1 day)');
    // The source is captured as soon as it is registered; its status shows once that capture is done.
    await expect
      .poll(async () => {
        await page.reload();
        return source.locator('.badge').count();
      })
      .toBeGreaterThan(0);
    await shot('sources');
    await expectAccessible();
  });

  it('shows a followed feed with its discovery settings, its last run and its articles', async () => {
    const { items } = await until(
      () => api<{ items: Item[] }>(`/sources/${feed.id}/items`),
      (r) => r.items.length === 3 && r.items.every((i) => i.captures >= 1),
      { timeoutMs: 150_000, context: () => runtime.output().slice(-3000) },
    );
    const hama = items.find((i) => i.url === `${news.origin}/world/hama`)!;
    await until(
      () => api<Snapshot>(`/snapshots/${hama.latestSnapshotId}`),
      (s) => s.citations?.length === 1 && s.citations[0]!.status !== 'queued',
      { context: () => runtime.output().slice(-3000) },
    );
    const run = (await api<{ sources: Source[] }>('/sources')).sources.find((s) => s.id === feed.id)!.lastDiscovery!;
    expect(run).toMatchObject({ found: 4, enqueued: 3, skipped: 1 });

    await page.goto(`${runtime.url}/ui/#/sources`);
    await expect.poll(() => feedCard().count()).toBe(1);
    const settings = (await feedCard().locator('.discovery dl.facts').textContent())!;
    for (const text of ['its feed', '/world/homs', 'PT1H', 'at most 50 (default)', 'captured once (default)', 'obeyed (default)'])
      expect(settings).toContain(text);
    const runText = (await feedCard().locator('.discovery-run').textContent())!;
    expect(runText).toContain(`${run.found} found, ${run.enqueued} enqueued`);
    expect(runText).toContain(`${run.skipped} skipped`);
    expect(runText).toContain('matches exclude pattern /world/homs: 1');
    expect(await feedCard().locator('.discovery-run a').getAttribute('href')).toBe(`#/snapshots/${run.snapshotId}`);

    const toggle = feedCard().locator('p.links button');
    expect(await toggle.textContent()).toBe('Show items');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await toggle.textContent()).toBe('Hide items');
    await expect.poll(() => itemCards().count()).toBe(3);
    expect(page.url()).toContain(`#/sources?id=${feed.id}`);
    expect(await itemCards().locator('.item-url').allTextContents()).toEqual(items.map((i) => i.url));
    expect(await itemCards().locator('.item-title').allTextContents()).toEqual(
      expect.arrayContaining(['Fighting near Hama', FEED_TITLE, 'Not for robots']),
    );
    const hamaCard = itemCards().filter({ hasText: 'Fighting near Hama' });
    expect(await hamaCard.locator('.badge').textContent()).toBe('waiting');
    const meta = (await hamaCard.locator('.claim-meta').textContent())!;
    expect(meta).toContain('1 capture');
    expect(meta).toContain('last captured');
    expect(meta).toContain('next');
    expect(await hamaCard.getByRole('link', { name: 'latest capture' }).getAttribute('href')).toBe(`#/snapshots/${hama.latestSnapshotId}`);
    const refused = itemCards().filter({ hasText: 'Not for robots' });
    expect(await refused.locator('.badge').textContent()).toBe('refused');
    expect(await refused.locator('.error').textContent()).toContain('robots.txt');

    expect(await pwned()).toBeUndefined();
    expect(await page.locator('main script, main img, main [onerror]').count()).toBe(0);
    await shot('sources-items');
    await expectAccessible();
  }, 240_000);

  it('says why a discovery run found nothing', async () => {
    const sources = await until(
      () => api<{ sources: Source[] }>('/sources'),
      (r) => r.sources.some((s) => s.id === brokenFeed.id && s.lastDiscovery),
      { context: () => runtime.output().slice(-3000) },
    );
    const run = sources.sources.find((s) => s.id === brokenFeed.id)!.lastDiscovery!;
    expect(run.error).toBeTruthy();

    await page.goto(`${runtime.url}/ui/#/sources?id=${brokenFeed.id}`);
    const card = page.locator('ul.sources li.source').filter({ has: page.locator('h2', { hasText: brokenFeed.url }) });
    await expect.poll(() => card.locator('.discovery-run .error').textContent()).toBe(`Error: ${run.error}`);
    expect(await card.locator('.discovery-run').textContent()).toContain('0 found, 0 enqueued');
    await expect.poll(() => card.locator('.items .summary').textContent()).toBe('No articles discovered yet.');
    await expectAccessible();
  });

  it('filters a source’s articles by status and pages through them', async () => {
    await page.goto(`${runtime.url}/ui/#/sources?id=${feed.id}`);
    await expect.poll(() => itemCards().count()).toBe(3);
    await page.selectOption(`#status-${feed.id}`, 'refused');
    await feedCard().getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => itemCards().locator('.item-url').allTextContents()).toEqual([`${news.origin}/private/leak`]);
    expect(page.url()).toContain(`#/sources?id=${feed.id}&status=refused`);

    const { items } = await api<{ items: Item[] }>(`/sources/${feed.id}/items`);
    await page.goto(`${runtime.url}/ui/#/sources?id=${feed.id}&limit=2`);
    await expect.poll(() => itemCards().count()).toBe(2);
    const more = feedCard().getByRole('button', { name: 'More items' });
    expect(await more.isVisible()).toBe(true);
    await more.click();
    await expect.poll(() => itemCards().count()).toBe(3);
    expect(await more.isHidden()).toBe(true);
    expect(await itemCards().locator('.item-url').allTextContents()).toEqual(items.map((i) => i.url));
    expect(await feedCard().locator('.summary').textContent()).toContain('3 articles shown');
  });

  it('opens an article’s latest capture and shows where discovery found it and what it cites', async () => {
    await itemCards().filter({ hasText: 'Fighting near Hama' }).getByRole('link', { name: 'latest capture' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/snapshots\/\d{14}-[0-9a-f]{12}$/);
    const snapshot = await api<Snapshot>(`/snapshots/${page.url().split('/').pop()}`);
    expect(snapshot.discoveredFrom).toEqual({ sourceId: feed.id, snapshotId: expect.any(String) });

    const foundBy = page.locator(`dl.facts a[href="#/sources?id=${feed.id}"]`);
    await expect.poll(() => foundBy.count()).toBe(1);
    expect(await foundBy.textContent()).toBe(feed.url);
    const foundIn = page
      .locator('dl.facts dd')
      .filter({ has: page.locator(`a[href="#/snapshots/${snapshot.discoveredFrom!.snapshotId}"]`) });
    expect(await foundIn.count()).toBe(1);
    const citation = snapshot.citations![0]!;
    const cite = page.locator('ul.citations li');
    expect(await cite.count()).toBe(1);
    expect(await cite.locator('.item-url').textContent()).toBe(`http://localhost:${cited.port}/story/hama`);
    expect(await cite.locator('.badge').textContent()).toBe(citation.status);
    expect(await cite.getByRole('link', { name: 'its capture' }).getAttribute('href')).toBe(`#/snapshots/${citation.snapshotId}`);
    await expect.poll(() => page.locator('ol.claims.compact li').count()).toBeGreaterThan(0);
    await shot('snapshot-discovered');
    await expectAccessible();

    await cite.getByRole('link', { name: 'its capture' }).click();
    const citedBy = page.locator('dl.facts a', { hasText: 'Fighting near Hama' });
    await expect.poll(() => citedBy.count()).toBe(1);
    expect(await citedBy.getAttribute('href')).toBe(`#/snapshots/${snapshot.id}`);
    await page.goBack();

    await foundBy.click();
    await expect.poll(() => page.url()).toContain(`#/sources?id=${feed.id}`);
    await expect.poll(() => itemCards().count()).toBe(3);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(feed.url);
  });

  it('shows a hostile feed title and the page it names as text, running none of it', async () => {
    const { items } = await api<{ items: Item[] }>(`/sources/${feed.id}/items`);
    const siege = items.find((i) => i.url === `${news.origin}/world/siege`)!;
    expect(siege.title).toBe(FEED_TITLE);
    expect(await itemCards().filter({ hasText: 'Siege of Homs' }).locator('.item-title').textContent()).toBe(FEED_TITLE);

    await page.goto(`${runtime.url}/ui/#/snapshots/${siege.latestSnapshotId}`);
    await expect.poll(() => page.locator('.claim-headline').textContent()).toBe(FEED_TITLE);
    await expect.poll(() => page.locator(`dl.facts a[href="#/sources?id=${feed.id}"]`).count()).toBe(1);
    expect(await pwned()).toBeUndefined();
    expect(await page.locator('main script, main img:not([src^="blob:"]), main [onerror]').count()).toBe(0);
  });

  it('renders hostile markup in titles and claims as text, running none of it', async () => {
    await page.goto(`${runtime.url}/ui/#/claims?url=${encodeURIComponent(pageUrl('/hostile/markup'))}`);
    await expect.poll(() => page.locator('ol.claims li.claim').count()).toBeGreaterThan(0);
    const texts = (await page.locator('ol.claims .claim-text').allTextContents()).join('\n');
    expect(texts).toContain(HOSTILE_MARKUP.image);
    expect(texts).toContain(HOSTILE_MARKUP.script);

    await page.locator('ol.claims .claim-text a').first().click();
    await expect.poll(() => page.locator('.evidence mark').count()).toBe(1);
    await page.goto(`${runtime.url}/ui/#/snapshots/${captures.hostile!.id}`);
    await expect.poll(() => page.locator('.claim-headline').textContent()).toContain(HOSTILE_MARKUP.image);
    await expect.poll(() => page.locator('ol.claims.compact li').count()).toBeGreaterThan(0);
    expect(await page.locator('.text-diff, main').first().textContent()).toContain(HOSTILE_MARKUP.script);

    expect(await pwned()).toBeUndefined();
    expect(await page.locator('main script, main img:not([src^="blob:"]), main [onerror]').count()).toBe(0);
    await shot('hostile');
  });

  it('is readable at 360 px wide, with nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const { items } = await api<{ items: Item[] }>(`/sources/${feed.id}/items`);
    const views = [
      '#/claims?place=Hama',
      `#/claims/${await firstClaimId()}`,
      `#/snapshots/${captures.evolving2!.id}`,
      '#/sources',
      `#/sources?id=${feed.id}`,
      `#/snapshots/${items.find((i) => i.url.endsWith('/world/hama'))!.latestSnapshotId}`,
    ];
    for (const view of views) {
      await page.goto(`${runtime.url}/ui/${view}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, view).toBeLessThanOrEqual(0);
    }
    await page.goto(`${runtime.url}/ui/#/claims?place=Hama`);
    await expect.poll(() => page.locator('ol.claims li.claim').count()).toBeGreaterThan(0);
    await shot('claims-360');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('can be used from the keyboard alone', async () => {
    await page.goto(`${runtime.url}/ui/#/sources`);
    await expect.poll(() => page.locator('ul.sources li.source').count()).toBe(3);
    await page.reload();
    await expect.poll(() => page.locator('ul.sources li.source').count()).toBe(3);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const reached: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.textContent ?? ''));
    }
    expect(reached).toEqual(expect.arrayContaining(['Claims', 'Changes', 'Sources', 'Sign out', 'claims', 'changes']));
    while ((await page.evaluate(() => document.activeElement?.textContent)) !== 'Claims') await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('#/claims');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  });

  it('asks for the key when signed out, and refuses a wrong one', async () => {
    await page.goto(`${runtime.url}/ui/#/claims`);
    await page.click('button.sign-out');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    await shot('sign-in');
    await expectAccessible();

    await page.fill('#key', 'not-the-key-0123456789');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('not accepted');
    consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !/status of 403/.test(e)));

    await page.fill('#key', runtime.readKey);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('ol.claims li.claim').count()).toBeGreaterThan(0);
  });

  it('never put a key in a URL the server saw, nor logged one, and logged no console error', async () => {
    expect(requested.length).toBeGreaterThan(20);
    for (const url of requested) {
      expect(url).not.toContain(runtime.readKey);
      expect(url).not.toContain(encodeURIComponent(runtime.readKey));
    }
    const requestLog = runtime
      .output()
      .split('\n')
      .filter((line) => line.includes('"request"'));
    expect(requestLog.some((line) => line.includes('/ui/'))).toBe(true);
    for (const line of requestLog) expect(line).not.toContain(runtime.readKey);
    expect(await pwned()).toBeUndefined();
    expect(consoleErrors).toEqual([]);
  });

  async function firstClaimId(): Promise<string> {
    const res = await fetch(`${runtime.url}/claims?place=Hama&limit=1`, { headers: { authorization: `Bearer ${runtime.readKey}` } });
    return ((await res.json()) as { claims: { id: string }[] }).claims[0]!.id;
  }
});

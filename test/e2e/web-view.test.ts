import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVOLVING_PARAGRAPHS, HOSTILE_MARKUP, startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { type LocalProcess, startOverFixtureSite } from '../support/local-process.js';
import { launchReplayBrowser } from '../support/replayweb.js';

/** Screenshots of each view land here (git ignores it); the README shows two of them. */
const OUTPUT = path.resolve(import.meta.dirname, '../../test-output/web-view');

interface Snapshot {
  id: string;
  status: string;
  claimCount: number;
}

/**
 * The web view as a researcher meets it: `npm start` with a fixture site, five captures (the
 * Icelandic article, an article before and after an edit, an English wire story, a Liveuamap-like
 * page and a page with hostile markup), then real Chromium signing in by the printed link and
 * going through every view.
 */
describe('the web view of npm start, in Chromium', () => {
  let site: FixtureSite;
  let runtime: LocalProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let link: string;
  const consoleErrors: string[] = [];
  const requested: string[] = [];
  const captures: Record<string, Snapshot> = {};
  const pageUrl = (p: string) => `${site.origin}${p}`;

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
    runtime = await startOverFixtureSite(site, 'ui');
    for (let waited = 0; !/web view: \S+\n/.test(runtime.output()) && waited < 5000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    link = /web view: (\S+)\n/.exec(runtime.output())?.[1] ?? '';

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
    await site?.close();
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

    await expect.poll(() => page.locator('ul.sources li.source').count()).toBe(1);
    const source = page.locator('ul.sources li.source');
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
    for (const view of ['#/claims?place=Hama', `#/claims/${await firstClaimId()}`, `#/snapshots/${captures.evolving2!.id}`, '#/sources']) {
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
    await expect.poll(() => page.locator('ul.sources li.source').count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('ul.sources li.source').count()).toBe(1);
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

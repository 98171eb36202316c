import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../functions/lib/core/claim-history.js';
import { MemoryClaimIndex } from '../support/fakes.js';
import { launchReplayBrowser } from '../support/replayweb.js';
import { TEST_READ_KEY, testApp } from '../support/test-app.js';

const MATCHING = 10_000;

/** 10,000 claims about Hama, one a minute from 1 December 2024, each with its own text. */
function hamaClaims(): MemoryClaimIndex {
  const claims = new MemoryClaimIndex();
  const start = Date.UTC(2024, 11, 1);
  for (let i = 0; i < MATCHING; i++) {
    const at = new Date(start + i * 60_000).toISOString();
    const claim: Claim = {
      id: `clm_${i.toString(16).padStart(16, '0')}`,
      text: `Report ${i}: fighting was reported near Hama.`,
      kind: 'statement',
      lang: 'en',
      attributedTo: ['Reuters'],
      places: [{ name: 'Hama', lat: 35.13179, lon: 36.75783 }],
      sourceUrl: 'https://news.example/hama',
      sourceId: 'src_0123456789abcdef',
      claimTime: at,
      firstSeenAt: at,
      lastSeenAt: at,
      status: 'present',
      evidence: { snapshotId: '20241201000000-0123456789ab', exact: `Report ${i}`, prefix: '', suffix: '' },
    } as Claim;
    claims.records.set(claim.id, { claim });
  }
  return claims;
}

/**
 * The claims view over a query that matches 10,000 claims: it asks for one page at a time and
 * shows no more than the reader has asked for, so the list stays as light as its first page.
 */
describe('the web view with 10,000 matching claims, in Chromium', () => {
  let server: ServerType;
  let origin: string;
  let browser: Browser;
  let page: Page;
  /** The view's requests for the Hama query (signing in first opens the unfiltered list). */
  const claimRequests: URL[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    const app = testApp({ claims: hamaClaims() });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ browser } = await launchReplayBrowser());
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/claims' && url.searchParams.get('place') === 'Hama') claimRequests.push(url);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('loads the first 100 and says that more match', async () => {
    await page.goto(`${origin}/ui/#key=${TEST_READ_KEY}`);
    await page.waitForFunction(() => !location.hash.includes('key='));
    await page.evaluate(() => {
      location.hash = '#/claims?place=Hama';
    });
    await expect.poll(() => page.locator('ol.claims > li').count(), { timeout: 20_000 }).toBe(100);
    await expect.poll(() => page.locator('.summary').textContent()).toContain('100 claims shown; more match');
    expect(claimRequests).toHaveLength(1);
    expect(claimRequests[0]!.searchParams.get('limit')).toBe('100');
    expect(claimRequests[0]!.searchParams.get('cursor')).toBeNull();
    expect(await page.locator('button.more').isVisible()).toBe(true);
  });

  it('loads the next page with the cursor when asked, and no more', async () => {
    await page.locator('button.more').click();
    await expect.poll(() => page.locator('ol.claims > li').count(), { timeout: 20_000 }).toBe(200);
    expect(claimRequests).toHaveLength(2);
    expect(claimRequests[1]!.searchParams.get('cursor')).toBeTruthy();
    const texts = await page.locator('ol.claims > li').allTextContents();
    const reports = new Set(texts.map((text) => /Report (\d+):/.exec(text)?.[1]));
    expect(reports.size).toBe(200);
    expect(reports.has(undefined)).toBe(false);
    expect(await page.locator('.summary').textContent()).toContain('200 claims shown; more match');
    expect(errors).toEqual([]);
  });
});

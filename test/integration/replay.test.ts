import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { captureJob } from '../../functions/lib/services/capture-service.js';
import { createHttpApp } from '../../functions/lib/wiring.js';
import { startFixtureSite } from '../support/fixture-site.js';
import { jobFor, startEmulatedStack } from '../support/emulated-stack.js';
import {
  activateServiceWorker,
  launchReplayBrowser,
  replayWebPageFiles,
  startReplayServer,
  type ReplayBrowser,
  type ReplayServer,
} from '../support/replayweb.js';
import { sha256Of, unzip, zipEntries } from '../support/zip.js';

/**
 * Issue 6, item 2: a WACZ from `GET /snapshots/{id}/wacz` replays in ReplayWeb.page, in headless
 * Chromium, with the captured site already closed, so every byte shown comes from the archive.
 */

const HEADLINE = 'Rebels advance on Hama';
const PARAGRAPH = 'Rebel forces are advancing on Hama from the north and the east, according to Reuters.';
const PHOTO_WIDTH = 480;
const WAIT = { timeout: 45_000, interval: 250 };

interface Download {
  id: string;
  wacz: Buffer;
}

interface Replay {
  page: Page;
  /** Every http(s) URL the browser requested, the service worker's fetches included. */
  requested: string[];
}

describe('WACZ replay in ReplayWeb.page', () => {
  let url: string;
  let first: Download;
  let recapture: Download;
  let range: Download;
  let server: ReplayServer;
  let replay: ReplayBrowser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const site = await startFixtureSite();
    const stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host });
    try {
      url = `${site.origin}/article`;
      const read = 'replay-read-key-0123456789';
      const app = createHttpApp(stack.services, stack.config, { adminKey: 'replay-admin-key-0123456789', readKey: read });
      const download = async (id: string, route = `/snapshots/${id}/wacz`): Promise<Download> => {
        const res = await app.request(route, { headers: { authorization: `Bearer ${read}` } });
        if (res.status !== 200) throw new Error(`WACZ for ${id}: HTTP ${res.status}`);
        return { id, wacz: Buffer.from(await res.arrayBuffer()) };
      };
      const one = await captureJob(stack.services.captureDeps, jobFor(url));
      const two = await captureJob(stack.services.captureDeps, jobFor(url));
      if (one.snapshot.status !== 'captured' || two.snapshot.status !== 'unchanged') {
        throw new Error(`expected a capture then an unchanged recapture, got ${one.snapshot.status} then ${two.snapshot.status}`);
      }
      first = await download(one.snapshot.id);
      recapture = await download(two.snapshot.id);
      range = await download(two.snapshot.id, `/sources/${two.snapshot.sourceId}/wacz`);
    } finally {
      // Closed before any replay: from here on the article exists only in the archives.
      await stack.close();
      await site.close();
    }
    server = await startReplayServer(await replayWebPageFiles());
    replay = await launchReplayBrowser();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  afterAll(async () => {
    await replay?.browser.close();
    await server?.close();
  });

  /** Opens, in a fresh browser profile, a page embedding `wacz` with `<replay-web-page>` at the article's URL. */
  async function openReplay(name: string, wacz: Buffer): Promise<Replay> {
    // An explicit locale: with LANG=C.UTF-8, @sparticuz/chromium reports `en-US@posix`, which ui.js rejects.
    context = await replay.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const requested: string[] = [];
    context.on('request', (r) => {
      if (/^https?:/.test(r.url())) requested.push(r.url());
    });
    const page = await context.newPage();
    await activateServiceWorker(page, server);
    await page.goto(server.publish(name, wacz, url));
    return { page, requested };
  }

  /**
   * The frame where ReplayWeb.page replays the article: `/replay/w/<collection>/[<hash>/<timestamp>]mp_/<url>`.
   * It sits inside shadow roots and an inner iframe; playwright lists every frame regardless.
   */
  const replayFrame = (page: Page): Frame | undefined =>
    page.frames().find((f) => f.url().startsWith(`${server.origin}/replay/w/`) && f.url().endsWith(`mp_/${url}`));

  async function visibleText(page: Page): Promise<string> {
    return (
      (await replayFrame(page)
        ?.locator('body')
        .innerText({ timeout: 1_000 })
        .catch(() => '')) ?? ''
    );
  }

  async function photoWidth(page: Page): Promise<number> {
    const frame = replayFrame(page);
    return (
      (await frame?.evaluate(() => document.querySelector<HTMLImageElement>('img[alt="Hama"]')?.naturalWidth ?? 0).catch(() => 0)) ?? 0
    );
  }

  /** The 14-digit timestamp in the replay frame's URL, once ReplayWeb.page has resolved one. */
  const replayedTimestamp = (page: Page) => /\/(\d{14})mp_\//.exec(replayFrame(page)?.url() ?? '')?.[1];

  const onlyFromReplayServer = (requested: string[]) => requested.filter((u) => !u.startsWith(`${server.origin}/`));

  it('replays the first capture of an article from its WACZ alone', async () => {
    const { page, requested } = await openReplay('first', first.wacz);

    await expect.poll(() => visibleText(page), WAIT).toContain(HEADLINE);

    expect(await replayFrame(page)!.locator('h1').innerText()).toBe(HEADLINE);
    expect(await visibleText(page)).toContain(PARAGRAPH);
    await expect.poll(() => photoWidth(page), WAIT).toBe(PHOTO_WIDTH);
    expect(onlyFromReplayServer(requested)).toEqual([]);
  });

  it('replays an unchanged recapture, whose WARC holds only revisits, from its WACZ alone', async () => {
    const { page, requested } = await openReplay('recapture', recapture.wacz);

    await expect.poll(() => visibleText(page), WAIT).toContain(HEADLINE);

    expect(await replayFrame(page)!.locator('h1').innerText()).toBe(HEADLINE);
    expect(await visibleText(page)).toContain(PARAGRAPH);
    await expect.poll(() => photoWidth(page), WAIT).toBe(PHOTO_WIDTH);
    // Replayed at the recapture's time: its revisit record, resolved to the earlier payload.
    await expect.poll(() => replayedTimestamp(page), WAIT).toBeDefined();
    expect(Number(replayedTimestamp(page))).toBeGreaterThanOrEqual(Number(recapture.id.slice(0, 14)));
    expect(onlyFromReplayServer(requested)).toEqual([]);
  });

  it('replays a source package holding both captures, at the latest one', async () => {
    const { page, requested } = await openReplay('range', range.wacz);

    await expect.poll(() => visibleText(page), WAIT).toContain(HEADLINE);

    expect(await visibleText(page)).toContain(PARAGRAPH);
    await expect.poll(() => photoWidth(page), WAIT).toBe(PHOTO_WIDTH);
    await expect.poll(() => replayedTimestamp(page), WAIT).toBeDefined();
    expect(Number(replayedTimestamp(page))).toBeGreaterThanOrEqual(Number(recapture.id.slice(0, 14)));
    expect(onlyFromReplayServer(requested)).toEqual([]);
  });

  it("reports the original as missing once the recapture's revisited WARC is left out (the check can fail)", async () => {
    const { page } = await openReplay('stripped', await withoutRevisitedWarc(recapture));

    await expect.poll(() => visibleText(page), WAIT).toContain('Original Archived Page Missing');

    expect(await visibleText(page)).not.toContain(HEADLINE);
  });
});

/**
 * The recapture's WACZ as a writer that forgot the earlier payloads would make it: no
 * `<id>-revisited.warc.gz`, no index lines for it, and a datapackage consistent with that.
 */
async function withoutRevisitedWarc({ id, wacz }: Download): Promise<Buffer> {
  const revisited = `${id}-revisited.warc.gz`;
  const byName = await unzip(wacz);
  if (!byName.delete(`archive/${revisited}`)) throw new Error(`${revisited} is not in the WACZ`);
  const cdxj = byName.get('indexes/index.cdxj')!;
  cdxj.data = Buffer.from(
    cdxj.data
      .toString()
      .split('\n')
      .filter((line) => !line.includes(`"filename":"${revisited}"`))
      .join('\n'),
  );
  const datapackageEntry = byName.get('datapackage.json')!;
  const datapackage = JSON.parse(datapackageEntry.data.toString()) as { resources: { path: string; hash: string; bytes: number }[] };
  datapackage.resources = datapackage.resources
    .filter((r) => byName.has(r.path))
    .map((r) => ({ ...r, hash: sha256Of(byName.get(r.path)!.data), bytes: byName.get(r.path)!.data.length }));
  datapackageEntry.data = Buffer.from(JSON.stringify(datapackage, null, 2));
  const digest = byName.get('datapackage-digest.json');
  if (digest) digest.data = Buffer.from(JSON.stringify({ ...JSON.parse(digest.data.toString()), hash: sha256Of(datapackageEntry.data) }));
  return zipEntries(byName.values());
}

import { chromium as playwright } from 'playwright-core';
import { captureJob } from '../functions/lib/services/capture-service.js';
import { PlaywrightPageCapturer } from '../functions/lib/adapters/playwright-page-capturer.js';
import { GuardedHttpClient } from '../functions/lib/adapters/guarded-http.js';
import { startFixtureSite } from '../test/support/fixture-site.js';
import { jobFor, startEmulatedStack } from '../test/support/emulated-stack.js';
import { median, treeRss, writeReport } from './report.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/**
 * Full capture (browser + WARC + DOM + PNG + upload + index) against a bare `page.goto` +
 * `content()` in the same browser build, interleaved run by run on the same fixture article.
 */
export async function runCaptureBench(): Promise<void> {
  const site = await startFixtureSite();
  const stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host });
  const url = `${site.origin}/article`;
  let peakRss = 0;
  const sampler = setInterval(() => void treeRss().then((r) => (peakRss = Math.max(peakRss, r))), 100);

  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const http = new GuardedHttpClient({ allowPrivateNetwork: false, allowPrivateOrigins: [site.host] });
    const capturer = new PlaywrightPageCapturer({
      http,
      networkQuietMs: stack.config.networkQuietMs,
      chromiumPath: stack.config.chromiumPath,
    });
    const t = performance.now();
    await capturer.browserVersion();
    cold.push(performance.now() - t);
    await capturer.close();
    await http.close();
  }

  const { default: sparticuz } = await import('@sparticuz/chromium');
  const bareBrowser = await playwright.launch({
    executablePath: stack.config.chromiumPath ?? (await sparticuz.executablePath()),
    args: stack.config.chromiumPath ? ['--no-sandbox', '--headless'] : sparticuz.args.filter((a) => a !== '--single-process'),
    headless: true,
  });
  const bare = async () => {
    const context = await bareBrowser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const t = performance.now();
    await page.goto(url);
    await page.content();
    const ms = performance.now() - t;
    await context.close();
    return ms;
  };
  const full = async () => {
    const t = performance.now();
    const { snapshot } = await captureJob(stack.services.captureDeps, jobFor(url));
    if (snapshot.status === 'failed') throw new Error(`capture failed: ${snapshot.error}`);
    return performance.now() - t;
  };

  await bare();
  await full();
  const bareMs: number[] = [];
  const fullMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bareMs.push(await bare());
    fullMs.push(await full());
  }

  const warmRuns = Math.max(10, RUNS);
  const started = performance.now();
  for (let i = 0; i < warmRuns; i++) await full();
  const perMinute = (warmRuns / (performance.now() - started)) * 60_000;

  clearInterval(sampler);
  peakRss = Math.max(peakRss, await treeRss());
  await bareBrowser.close();
  await stack.close();
  await site.close();

  const report = {
    fixture: '/article (HTML, CSS, 450 KB photo, 1 px image)',
    runs: RUNS,
    browser: stack.config.chromiumPath ?? '@sparticuz/chromium',
    bareMedianMs: round(median(bareMs)),
    fullMedianMs: round(median(fullMs)),
    ratioFullToBare: round(median(fullMs) / median(bareMs)),
    capturesPerMinuteWarm: round(perMinute),
    coldLaunchMs: cold.map(round),
    peakRssMiB: round(peakRss / 2 ** 20),
    nodeMaxRssMiB: round(process.resourceUsage().maxRSS / 1024),
    targets: { ratioFullToBare: '<= 2', capturesPerMinuteWarm: '>= 30' },
    samples: { bareMs: bareMs.map(round), fullMs: fullMs.map(round) },
  };
  const file = await writeReport('capture', report);
  const { samples: _samples, ...summary } = report;
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\nreport: ${file}\n`);
}

const round = (n: number) => Math.round(n * 10) / 10;

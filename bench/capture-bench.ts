import os from 'node:os';
import { chromium as playwright } from 'playwright-core';
import { captureJob } from '../functions/lib/services/capture-service.js';
import { browserBuild, PlaywrightPageCapturer } from '../functions/lib/adapters/playwright-page-capturer.js';
import { GuardedHttpClient } from '../functions/lib/adapters/guarded-http.js';
import { startFixtureSite } from '../test/support/fixture-site.js';
import { jobFor, startEmulatedStack } from '../test/support/emulated-stack.js';
import { median, treeCpuMs, treeRss, writeReport } from './report.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** The capture's phases in the order they start; phases that overlap are each timed on their own. */
const PHASE_ORDER = [
  'lookupMs',
  'setupMs',
  'navigateMs',
  'quietMs',
  'scrollMs',
  'domMs',
  'screenshotMs',
  'closeMs',
  'browserMs',
  'warcMs',
  'uploadMs',
  'extractMs',
  'indexMs',
  'storeMs',
  'commitMs',
  'totalMs',
];

/**
 * Full capture (browser + WARC + DOM + PNG + upload + index) against two baselines in the same
 * browser build, interleaved run by run on the same fixture article: a bare `page.goto` +
 * `content()`, and a hand-written playwright capture (`networkidle`, `content()`, full-page
 * screenshot). Reports the median of each capture phase beside the total, the CPU time each
 * takes (all processes: Node with the emulators, and Chromium), and the load average, since the
 * machine may be shared and wall times grow with other people's load.
 */
export async function runCaptureBench(): Promise<void> {
  const loadAtStart = os.loadavg()[0]!;
  const site = await startFixtureSite();
  const stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host });
  const url = `${site.origin}/article`;
  let peakRss = 0;
  const sampler = setInterval(() => void treeRss().then((r) => (peakRss = Math.max(peakRss, r))), 250);

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

  // The baselines run the capturer's browser build with its flags (less the isolation ones, which
  // would keep them off the fixture site), so the ratios measure the pipeline, not the flags.
  const bareBrowser = await playwright.launch({ ...(await browserBuild(stack.config.chromiumPath)), headless: true });
  /** The old baseline: what a page load costs with nothing kept but the DOM. */
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
  /**
   * The fairer baseline: what someone would write by hand with playwright to keep a page, a wait
   * for the network to go idle, the DOM and a full-page screenshot (no WARC, no hashes, no index).
   * Like the bare baseline, and like a capture (whose context is prepared ahead), it is timed from
   * `goto` on a page that is already open.
   */
  const handWritten = async () => {
    const context = await bareBrowser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const t = performance.now();
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.content();
    await page.screenshot({ fullPage: true });
    const ms = performance.now() - t;
    await context.close();
    return ms;
  };
  const phases: Record<string, number>[] = [];
  const full = async () => {
    const t = performance.now();
    const { snapshot, timings } = await captureJob(stack.services.captureDeps, jobFor(url));
    if (snapshot.status === 'failed') throw new Error(`capture failed: ${snapshot.error}`);
    const ms = performance.now() - t;
    phases.push(timings ?? {});
    return ms;
  };

  await bare();
  await handWritten();
  await full();
  phases.length = 0;
  const bareMs: number[] = [];
  const handMs: number[] = [];
  const fullMs: number[] = [];
  const loads: number[] = [];
  const capturer = stack.services.capturer;
  const cpu = { bare: [] as number[], handWritten: [] as number[], full: [] as number[] };
  /** Runs `step` and records the CPU the whole process tree used meanwhile (setup and teardown included). */
  const withCpu = async (into: number[], step: () => Promise<number>) => {
    const before = await treeCpuMs();
    const ms = await step();
    into.push((await treeCpuMs()) - before);
    return ms;
  };
  for (let i = 0; i < RUNS; i++) {
    // Each run starts with no capture work in the background, so no timing pays for another's;
    // the full capture's CPU includes preparing the next context and closing its own.
    await capturer.whenIdle();
    bareMs.push(await withCpu(cpu.bare, bare));
    handMs.push(await withCpu(cpu.handWritten, handWritten));
    fullMs.push(
      await withCpu(cpu.full, async () => {
        const ms = await full();
        await capturer.whenIdle();
        return ms;
      }),
    );
    loads.push(os.loadavg()[0]!);
  }

  const interleaved = phases.splice(0);
  // Back to back, as a queue worker runs them: the next capture's context is prepared while the
  // previous one stores its evidence, so this figure pays for every context the captures use.
  const warmRuns = Math.max(30, 2 * RUNS);
  const warmCpuStart = await treeCpuMs();
  const started = performance.now();
  for (let i = 0; i < warmRuns; i++) await full();
  await capturer.whenIdle();
  const perMinute = (warmRuns / (performance.now() - started)) * 60_000;
  const warmCpuPerCapture = ((await treeCpuMs()) - warmCpuStart) / warmRuns;
  const warmPhases = phases.splice(0);
  const warmLoad = os.loadavg()[0]!;

  clearInterval(sampler);
  peakRss = Math.max(peakRss, await treeRss());
  await bareBrowser.close();
  await stack.close();
  await site.close();

  const phaseNames = [...new Set(interleaved.flatMap((p) => Object.keys(p)))];
  const phaseMedians = Object.fromEntries(
    PHASE_ORDER.filter((n) => phaseNames.includes(n))
      .concat(phaseNames.filter((n) => !PHASE_ORDER.includes(n)))
      .map((n) => [n, round(median(interleaved.map((p) => p[n] ?? 0)))]),
  );
  const report = {
    fixture: '/article (HTML, CSS, 450 KB photo, 1 px image)',
    runs: RUNS,
    browser: stack.config.chromiumPath ?? '@sparticuz/chromium',
    networkQuietMs: stack.config.networkQuietMs,
    loadAverage: { start: round(loadAtStart), duringRuns: round(median(loads)), afterWarmRuns: round(warmLoad) },
    bareMedianMs: round(median(bareMs)),
    handWrittenMedianMs: round(median(handMs)),
    fullMedianMs: round(median(fullMs)),
    ratioFullToBare: round(median(fullMs) / median(bareMs)),
    ratioFullToHandWritten: round(median(fullMs) / median(handMs)),
    cpuMedianMs: { bare: round(median(cpu.bare)), handWritten: round(median(cpu.handWritten)), full: round(median(cpu.full)) },
    cpuRatio: {
      fullToBare: round(median(cpu.full) / median(cpu.bare)),
      fullToHandWritten: round(median(cpu.full) / median(cpu.handWritten)),
    },
    phaseMediansMs: phaseMedians,
    capturesPerMinuteWarm: round(perMinute),
    warmCpuPerCaptureMs: round(warmCpuPerCapture),
    warmPhaseMediansMs: Object.fromEntries(Object.keys(phaseMedians).map((n) => [n, round(median(warmPhases.map((p) => p[n] ?? 0)))])),
    coldLaunchMs: cold.map(round),
    peakRssMiB: round(peakRss / 2 ** 20),
    nodeMaxRssMiB: round(process.resourceUsage().maxRSS / 1024),
    targets: { ratioFullToBare: '<= 4 (stretch 3)', ratioFullToHandWritten: '<= 1.2', capturesPerMinuteWarm: '>= 90' },
    samples: { bareMs: bareMs.map(round), handWrittenMs: handMs.map(round), fullMs: fullMs.map(round), cpu, phases: interleaved },
  };
  const file = await writeReport('capture', report);
  const { samples: _samples, ...summary } = report;
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\nreport: ${file}\n`);
}

const round = (n: number) => Math.round(n * 10) / 10;

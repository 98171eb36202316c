import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import fc from 'fast-check';
import { loadConfig } from '../functions/lib/config.js';
import { sourceId } from '../functions/lib/core/sources.js';
import { startLocalRuntime } from '../functions/lib/local/runtime.js';
import { apiRequests } from '../test/support/api-fuzz-arbitraries.js';
import { startFixtureSite } from '../test/support/fixture-site.js';
import { percentile, treeRss, writeReport } from './report.js';

const JOBS = Number(process.env.STRESS_JOBS ?? 200);
const SECONDS = Number(process.env.STRESS_SECONDS ?? 60);
const RATE = Number(process.env.STRESS_RATE ?? 50);
const FUZZ_RUNS = Number(process.env.STRESS_FUZZ_RUNS ?? 2_000);
const FUZZ_SEED = Number(process.env.STRESS_FUZZ_SEED ?? 20241203);
const SAMPLE_MS = 500;
const MiB = 2 ** 20;
const ADMIN_KEY = 'stress-admin-key-0123456789';
const READ_KEY = 'stress-read-key-0123456789';

type Phase = 'load' | 'fuzz' | 'drain';

interface Sample {
  /** Jobs finished (captured, failed for good or dead-lettered) when the sample was taken. */
  done: number;
  /** What ran beside the captures: the /claims load, the fuzz, or nothing. */
  phase: Phase;
  tree: number;
  node: number;
  heap: number;
  /** Node's resident memory backed by files (dynalite's LevelDB tables are memory-mapped) and the rest. */
  nodeFile: number;
  nodeAnon: number;
}

/** Node's resident memory by kind, from /proc/self/status (Linux); zeros elsewhere. */
async function residentByKind(): Promise<{ file: number; anon: number }> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { file: kib('RssFile'), anon: kib('RssAnon') };
}

/** Least-squares slope of `y` over `x`. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

const mib = (bytes: number) => Math.round(bytes / MiB);

/**
 * Whether memory is bounded: the peak RSS of the process tree in each quarter of the drain, and the
 * fitted growth over the second half in MiB per 100 jobs, for the whole tree, Node alone and the
 * rest (Chromium, whose renderers come and go with each capture).
 */
function memoryProfile(samples: Sample[], jobs: number) {
  const quarters = [0, 1, 2, 3].map((q) => {
    const [low, high] = [(q * jobs) / 4, ((q + 1) * jobs) / 4];
    const inside = samples.filter((s) => s.done >= low && (q === 3 ? s.done <= high : s.done < high));
    const peak = (f: (s: Sample) => number) => mib(Math.max(0, ...inside.map(f)));
    return {
      jobs: `${low}-${high}`,
      samples: inside.length,
      peakTreeMiB: peak((s) => s.tree),
      peakNodeMiB: peak((s) => s.node),
      peakHeapMiB: peak((s) => s.heap),
      peakBrowserMiB: peak((s) => s.tree - s.node),
      peakNodeFileMiB: peak((s) => s.nodeFile),
      peakNodeAnonMiB: peak((s) => s.nodeAnon),
    };
  });
  const phases = Object.fromEntries(
    (['load', 'fuzz', 'drain'] as const).map((phase) => {
      const inside = samples.filter((s) => s.phase === phase);
      return [
        phase,
        {
          jobs: inside.length ? `${inside[0]!.done}-${inside.at(-1)!.done}` : '-',
          peakTreeMiB: mib(Math.max(0, ...inside.map((s) => s.tree))),
        },
      ];
    }),
  );
  const bucket = Math.max(1, Math.round(jobs / 20));
  const peaks = (f: (s: Sample) => number) => {
    const byBucket = new Map<number, number>();
    for (const s of samples.filter((x) => x.done >= jobs / 2 && x.done < jobs)) {
      const b = Math.floor(s.done / bucket) * bucket;
      byBucket.set(b, Math.max(byBucket.get(b) ?? 0, f(s)));
    }
    return [...byBucket].map(([x, y]) => ({ x, y: y / MiB }));
  };
  const per100 = (f: (s: Sample) => number) => Math.round(slope(peaks(f)) * 100 * 10) / 10;
  return {
    sampleEveryMs: SAMPLE_MS,
    slopeOf: `peak RSS of each ${bucket}-job step of the second half, fitted by least squares`,
    quarters,
    phases,
    secondHalfSlopeMiBPer100Jobs: {
      tree: per100((s) => s.tree),
      node: per100((s) => s.node),
      nodeFile: per100((s) => s.nodeFile),
      nodeAnon: per100((s) => s.nodeAnon),
      heap: per100((s) => s.heap),
      browser: per100((s) => s.tree - s.node),
    },
  };
}

/**
 * The API fuzz of `test/unit/api-fuzz.test.ts` (same arbitraries) sent over HTTP to the running
 * runtime, one request at a time, while captures run: 5xx answers and latency per answer.
 */
async function fuzzOverHttp(base: string) {
  const requests = fc.sample(apiRequests({ adminKey: ADMIN_KEY, readKey: READ_KEY }), { numRuns: FUZZ_RUNS, seed: FUZZ_SEED });
  const latencies: number[] = [];
  const serverErrors: string[] = [];
  const clientErrors: string[] = [];
  let slowest = { ms: 0, request: '' };
  for (const { method, target, init } of requests) {
    const started = performance.now();
    try {
      const res = await fetch(`${base}${target}`, { ...init, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status >= 500) serverErrors.push(`${res.status} ${method} ${target}`);
    } catch (err) {
      clientErrors.push(`${method} ${target}: ${(err as Error).message}`);
      continue;
    }
    const ms = performance.now() - started;
    latencies.push(ms);
    if (ms > slowest.ms) slowest = { ms, request: `${method} ${target}` };
  }
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    seed: FUZZ_SEED,
    requests: requests.length,
    answered: latencies.length,
    fiveXx: serverErrors.length,
    serverErrors: serverErrors.slice(0, 10),
    unsendable: clientErrors.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(slowest.ms),
    slowest: slowest.request,
    overOneSecond: latencies.filter((ms) => ms > 1_000).length,
  };
}

/**
 * `npm run test:stress`: the local runtime under load. While a queue of `STRESS_JOBS` capture jobs
 * drains, autocannon sends `/claims?place=Hama` at a fixed `STRESS_RATE` requests per second for
 * `STRESS_SECONDS`, then `STRESS_FUZZ_RUNS` fuzzed requests go to every route. Reports API errors
 * and p99, the fuzz's 5xx count and latency, how long the queue took to drain, dead letters, and
 * the RSS of the whole process tree (Node, Chromium, emulators) sampled through the drain, with the
 * machine's one-minute load average before and after (other work on the machine slows every
 * figure). Exits non-zero on any API error, 5xx or lost job.
 */
async function main(): Promise<void> {
  const site = await startFixtureSite();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-stress-'));
  await writeFile(path.join(dataDir, 'sources.json'), '[]');
  const runtime = await startLocalRuntime(
    loadConfig({
      PORT: '0',
      VERBATIM_DATA_DIR: dataDir,
      VERBATIM_SOURCES: path.join(dataDir, 'sources.json'),
      VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host,
      VERBATIM_ADMIN_KEY: ADMIN_KEY,
      VERBATIM_READ_KEY: READ_KEY,
      VERBATIM_NETWORK_QUIET_MS: '200',
    }),
    { print: () => undefined },
  );
  const samples: Sample[] = [];
  let phase: Phase = 'load';
  const take = async () => {
    const tree = await treeRss();
    const { rss, heapUsed } = process.memoryUsage();
    const { file, anon } = await residentByKind();
    samples.push({ done: JOBS - runtime.queue.depth, phase, tree, node: rss, heap: heapUsed, nodeFile: file, nodeAnon: anon });
  };
  const pages = ['/claims/article-is', '/claims/wire-en', '/article', '/xhr', '/evolving'];
  const loadBefore = os.loadavg();
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const url = `${site.origin}${pages[i % pages.length]}?n=${i}`;
    runtime.queue.send({ sourceId: sourceId(url), url, extractor: 'auto', slot: new Date().toISOString(), jobKey: `stress-${i}` });
  }
  await take();
  const sampler = setInterval(() => void take(), SAMPLE_MS);
  const drained = runtime.queue.idle().then(() => performance.now() - started);

  const load = await autocannon({
    url: `${runtime.url}/claims?place=Hama&limit=50`,
    headers: { authorization: `Bearer ${READ_KEY}` },
    connections: 4,
    overallRate: RATE,
    duration: SECONDS,
  });
  phase = 'fuzz';
  const fuzzStarted = { done: JOBS - runtime.queue.depth };
  const fuzz = await fuzzOverHttp(runtime.url);
  phase = 'drain';
  const drainMs = await drained;
  clearInterval(sampler);
  await take();

  const snapshots: { status: string }[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${runtime.url}/snapshots?limit=500${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${READ_KEY}` },
    });
    const page = (await res.json()) as { snapshots: { status: string }[]; nextCursor: string | null };
    snapshots.push(...page.snapshots);
    cursor = page.nextCursor;
  } while (cursor);
  await runtime.close();
  await site.close();
  await rm(dataDir, { recursive: true, force: true });

  const memory = memoryProfile(samples, JOBS);
  const report = {
    loadAverage: { before: Math.round(loadBefore[0]! * 10) / 10, after: Math.round(os.loadavg()[0]! * 10) / 10 },
    jobs: JOBS,
    drainedSeconds: Math.round(drainMs / 100) / 10,
    snapshots: snapshots.length,
    byStatus: Object.fromEntries(['captured', 'unchanged', 'failed'].map((s) => [s, snapshots.filter((x) => x.status === s).length])),
    deadLetters: runtime.queue.deadLetters.length,
    peakRssMiB: mib(Math.max(...samples.map((s) => s.tree))),
    memory,
    load: {
      route: '/claims?place=Hama&limit=50',
      rate: RATE,
      seconds: SECONDS,
      requests: load.requests.total,
      errors: load.errors + load.timeouts,
      non2xx: load.non2xx,
      p50Ms: load.latency.p50,
      p99Ms: load.latency.p99,
      maxMs: load.latency.max,
    },
    fuzz: { ...fuzz, startedAfterJobs: fuzzStarted.done },
  };
  const file = await writeReport('stress', report);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  console.table(
    Object.fromEntries(
      memory.quarters.map((q) => [
        `jobs ${q.jobs}`,
        {
          'peak tree MiB': q.peakTreeMiB,
          'peak Node MiB': q.peakNodeMiB,
          'peak Node heap MiB': q.peakHeapMiB,
          'peak Chromium MiB': q.peakBrowserMiB,
          'Node file-backed MiB': q.peakNodeFileMiB,
          'Node anonymous MiB': q.peakNodeAnonMiB,
          samples: q.samples,
        },
      ]),
    ),
  );
  console.table(
    Object.fromEntries(
      Object.entries(memory.phases).map(([name, p]) => [`during ${name}`, { jobs: p.jobs, 'peak tree MiB': p.peakTreeMiB }]),
    ),
  );
  console.table({
    'second half, MiB per 100 jobs': {
      tree: memory.secondHalfSlopeMiBPer100Jobs.tree,
      Node: memory.secondHalfSlopeMiBPer100Jobs.node,
      'Node file-backed': memory.secondHalfSlopeMiBPer100Jobs.nodeFile,
      'Node anonymous': memory.secondHalfSlopeMiBPer100Jobs.nodeAnon,
      'Node heap': memory.secondHalfSlopeMiBPer100Jobs.heap,
      Chromium: memory.secondHalfSlopeMiBPer100Jobs.browser,
    },
  });
  console.table({
    '/claims load (bad: error or non-2xx)': {
      requests: report.load.requests,
      bad: report.load.errors + report.load.non2xx,
      'p99 ms': report.load.p99Ms,
      'max ms': report.load.maxMs,
    },
    'fuzz of every route (bad: 5xx)': { requests: fuzz.answered, bad: fuzz.fiveXx, 'p99 ms': fuzz.p99Ms, 'max ms': fuzz.maxMs },
  });
  process.stdout.write(`report: ${file}\n`);
  const ok =
    report.load.errors === 0 && report.load.non2xx === 0 && fuzz.fiveXx === 0 && fuzz.unsendable === 0 && report.snapshots === JOBS;
  process.exitCode = ok ? 0 : 1;
}

await main();

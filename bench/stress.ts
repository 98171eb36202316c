import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../functions/lib/config.js';
import { sourceId } from '../functions/lib/core/sources.js';
import { startLocalRuntime } from '../functions/lib/local/runtime.js';
import { startFixtureSite } from '../test/support/fixture-site.js';
import { treeRss, writeReport } from './report.js';

const JOBS = Number(process.env.STRESS_JOBS ?? 200);
const SECONDS = Number(process.env.STRESS_SECONDS ?? 60);
const RATE = Number(process.env.STRESS_RATE ?? 50);

/**
 * `npm run test:stress`: the local runtime under load. While a queue of `STRESS_JOBS` capture jobs
 * drains, autocannon sends `/claims?place=Hama` at a fixed `STRESS_RATE` requests per second for
 * `STRESS_SECONDS`. Reports API errors and p99, how long the queue took to drain, dead letters, and
 * the peak RSS of the whole process tree (Node, Chromium, emulators). Exits non-zero on any API error
 * or lost job.
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
      VERBATIM_ADMIN_KEY: 'stress-admin-key-0123456789',
      VERBATIM_READ_KEY: 'stress-read-key-0123456789',
      VERBATIM_NETWORK_QUIET_MS: '200',
    }),
    { print: () => undefined },
  );
  let peakRss = 0;
  const sampler = setInterval(() => void treeRss().then((r) => (peakRss = Math.max(peakRss, r))), 500);

  const pages = ['/claims/article-is', '/claims/wire-en', '/article', '/xhr', '/evolving'];
  const started = performance.now();
  for (let i = 0; i < JOBS; i++) {
    const url = `${site.origin}${pages[i % pages.length]}?n=${i}`;
    runtime.queue.send({ sourceId: sourceId(url), url, extractor: 'auto', slot: new Date().toISOString(), jobKey: `stress-${i}` });
  }
  const drained = runtime.queue.idle().then(() => performance.now() - started);

  const load = await autocannon({
    url: `${runtime.url}/claims?place=Hama&limit=50`,
    headers: { authorization: 'Bearer stress-read-key-0123456789' },
    connections: 4,
    overallRate: RATE,
    duration: SECONDS,
  });
  const drainMs = await drained;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, await treeRss());

  const snapshots: { status: string }[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${runtime.url}/snapshots?limit=500${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: 'Bearer stress-read-key-0123456789' },
    });
    const page = (await res.json()) as { snapshots: { status: string }[]; nextCursor: string | null };
    snapshots.push(...page.snapshots);
    cursor = page.nextCursor;
  } while (cursor);
  await runtime.close();
  await site.close();
  await rm(dataDir, { recursive: true, force: true });

  const report = {
    jobs: JOBS,
    drainedSeconds: Math.round(drainMs / 100) / 10,
    snapshots: snapshots.length,
    byStatus: Object.fromEntries(['captured', 'unchanged', 'failed'].map((s) => [s, snapshots.filter((x) => x.status === s).length])),
    deadLetters: runtime.queue.deadLetters.length,
    peakRssMiB: Math.round(peakRss / 2 ** 20),
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
  };
  const file = await writeReport('stress', report);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nreport: ${file}\n`);
  const ok = report.load.errors === 0 && report.load.non2xx === 0 && report.snapshots === JOBS;
  process.exitCode = ok ? 0 : 1;
}

await main();

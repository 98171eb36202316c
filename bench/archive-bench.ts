import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { CDXIndexer } from 'warcio';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import type { ArchiveStore, Exchange, PageCapture, PageCapturer } from '../functions/lib/core/ports.js';
import type { Artifact, Snapshot } from '../functions/lib/core/snapshot.js';
import { sourceId } from '../functions/lib/core/sources.js';
import { type CaptureDeps, captureJob } from '../functions/lib/services/capture-service.js';
import { hashObject, verifyArchive } from '../functions/lib/services/fixity.js';
import { writeWacz } from '../functions/lib/services/wacz-writer.js';
import { startEmulatedStack, type EmulatedStack } from '../test/support/emulated-stack.js';
import { median, writeReport } from './report.js';

const TOTAL_MB = Number(process.env.BENCH_ARCHIVE_MB ?? 200);
const SNAPSHOTS = Number(process.env.BENCH_ARCHIVE_SNAPSHOTS ?? 20);
const ROUNDS = Number(process.env.BENCH_ARCHIVE_ROUNDS ?? 5);
const SOURCES = 4;
const MB = 1e6;

/** Seeded PRNG (mulberry32), so every run builds the same record sizes and text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the of and to in a is that for on with as was by said at from his an were are which this be has have it not or had been their more after two killed near city forces people government village reported according local'.split(
    ' ',
  );
const encoder = new TextEncoder();

/** Markup-like text that deflates about as well as real HTML, CSS and JS do (3-5x). */
function text(rand: () => number, bytes: number, open = '<p>', close = '</p>\n'): Uint8Array {
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    const words = Array.from({ length: 8 + Math.floor(rand() * 40) }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
    const line = `${open}${words.join(' ')} ${Math.floor(rand() * 1e6)}.${close}`;
    parts.push(line);
    n += line.length;
  }
  return encoder.encode(parts.join('')).subarray(0, bytes);
}

function exchange(url: string, contentType: string, body: Uint8Array, startedAt: string): Exchange {
  return {
    url,
    method: 'GET',
    requestHeaders: [
      ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/147.0.0.0'],
      ['Accept', '*/*'],
    ],
    status: 200,
    statusText: 'OK',
    responseHeaders: [
      ['Content-Type', contentType],
      ['Cache-Control', 'max-age=300'],
    ],
    body,
    startedAt,
  };
}

/** Hands the capture service one synthetic page at a time, as the browser would have captured it. */
class SyntheticCapturer implements PageCapturer {
  next?: PageCapture;
  async capture(): Promise<PageCapture> {
    if (!this.next) throw new Error('no synthetic page queued');
    return this.next;
  }
  async close(): Promise<void> {}
}

/**
 * Builds `SNAPSHOTS` captures over `SOURCES` pages through the capture service's own write path
 * (WARC with revisit records for the page's shared assets, blobs, manifest chain, payload records,
 * snapshot record), with a synthetic capturer in place of the browser and without claim extraction.
 * Each WARC holds the page, ~60 small assets (2-60 KB, text and incompressible images), 3 shared
 * assets (revisits after a source's first capture) and incompressible images of 1-4 MB that bring it
 * to its share of `TOTAL_MB`. One capture is held in memory at a time.
 */
async function buildArchive(stack: EmulatedStack): Promise<Snapshot[]> {
  const rand = prng(6);
  const perSnapshot = (TOTAL_MB * MB) / SNAPSHOTS;
  const capturer = new SyntheticCapturer();
  let now = new Date();
  const deps: CaptureDeps = {
    ...stack.services.captureDeps,
    capturer,
    clock: { now: () => now },
    // The synthetic pages never touch the network, and their host is not meant to resolve.
    assertAllowed: async () => undefined,
    extract: undefined,
    claims: undefined,
  };
  const shared = Array.from({ length: SOURCES }, (_, s) => [
    { path: 'static/site.css', type: 'text/css', body: text(prng(100 + s), 40_000, '.c', ' { margin: 0 }\n') },
    { path: 'static/app.js', type: 'application/javascript', body: text(prng(200 + s), 200_000, 'var x = "', '";\n') },
    { path: 'static/logo.png', type: 'image/png', body: randomBytes(20_000) },
  ]);
  const snapshots: Snapshot[] = [];
  for (let i = 0; i < SNAPSHOTS; i++) {
    const s = i % SOURCES;
    const url = `https://news.example/story-${s}`;
    const capturedAt = new Date(Date.UTC(2026, 10, 1) + i * 3_600_000).toISOString();
    const html = text(rand, 100_000 + Math.floor(rand() * 100_000));
    const exchanges = [exchange(url, 'text/html; charset=utf-8', html, capturedAt)];
    let budget = perSnapshot - html.length / 4;
    for (const asset of shared[s]!) exchanges.push(exchange(`https://news.example/${asset.path}`, asset.type, asset.body, capturedAt));
    for (let k = 0; k < 60; k++) {
      const size = 2_000 + Math.floor(rand() * 58_000);
      const image = rand() < 0.5;
      const body = image ? randomBytes(size) : text(rand, size, 'var y = "', '";\n');
      budget -= image ? size : size / 4;
      exchanges.push(
        exchange(
          `https://cdn.news.example/${i}/asset-${k}.${image ? 'jpg' : 'js'}`,
          image ? 'image/jpeg' : 'application/javascript',
          body,
          capturedAt,
        ),
      );
    }
    for (let k = 0; budget > 256_000; k++) {
      const size = Math.min(Math.floor(budget), 1_000_000 + Math.floor(rand() * 3_000_000));
      exchanges.push(exchange(`https://cdn.news.example/${i}/photo-${k}.jpg`, 'image/jpeg', randomBytes(size), capturedAt));
      budget -= size;
    }
    capturer.next = {
      finalUrl: url,
      httpStatus: 200,
      contentType: 'text/html; charset=utf-8',
      redirectChain: [],
      isHtml: true,
      title: `Story ${s}, capture ${i}`,
      html: new TextDecoder().decode(html),
      text: new TextDecoder().decode(text(rand, 20_000, '', '\n')),
      screenshot: randomBytes(200_000 + Math.floor(rand() * 400_000)),
      exchanges,
      browserVersion: 'synthetic',
      timings: {},
    };
    now = new Date(capturedAt);
    const jobKey = `bench-archive-${i}`;
    const outcome = await captureJob(deps, { sourceId: sourceId(url), url, extractor: 'page', slot: capturedAt, jobKey });
    if (outcome.error) throw new Error(`synthetic capture ${i} failed: ${outcome.error.message}`);
    snapshots.push(outcome.snapshot);
  }
  capturer.next = undefined;
  return snapshots;
}

interface Split {
  seconds: number;
  bytes: number;
  warcSeconds: number;
  warcBytes: number;
}

/** Every artifact object (the set verify reads), streamed from the store and hashed. */
async function rawStream(store: ArchiveStore, artifacts: Artifact[]): Promise<Split> {
  const r: Split = { seconds: 0, bytes: 0, warcSeconds: 0, warcBytes: 0 };
  for (const a of artifacts) {
    const t = performance.now();
    const { sha256, bytes } = await hashObject(store, a.key);
    if (sha256 !== a.sha256) throw new Error(`raw stream: ${a.key} does not hash to its recorded SHA-256`);
    add(r, a, bytes, (performance.now() - t) / 1000);
  }
  return r;
}

/** The same bytes hashed in memory: each object is fetched whole (untimed), then only the hash is timed. */
async function rawMemory(store: ArchiveStore, artifacts: Artifact[]): Promise<Split> {
  const r: Split = { seconds: 0, bytes: 0, warcSeconds: 0, warcBytes: 0 };
  for (const a of artifacts) {
    const data = await store.get(a.key);
    const t = performance.now();
    const digest = createHash('sha256').update(data).digest('hex');
    const seconds = (performance.now() - t) / 1000;
    if (digest !== a.sha256) throw new Error(`raw memory: ${a.key} does not hash to its recorded SHA-256`);
    add(r, a, data.length, seconds);
  }
  return r;
}

function add(r: Split, a: Artifact, bytes: number, seconds: number): void {
  r.seconds += seconds;
  r.bytes += bytes;
  if (a.name === 'warc') {
    r.warcSeconds += seconds;
    r.warcBytes += bytes;
  }
}

/** A stream sink that hashes and counts what it is given, as a client saving the download would. */
function hashSink(): { sink: Writable; result: () => { bytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb();
    },
  });
  return { sink, result: () => ({ bytes, sha256: hash.digest('hex') }) };
}

/** One WACZ per snapshot, one after another, each piped to a SHA-256 sink. */
async function exportAll(deps: { store: ArchiveStore; index: EmulatedStack['services']['index'] }, snapshots: Snapshot[]) {
  let seconds = 0;
  let inputBytes = 0;
  let outputBytes = 0;
  for (const snapshot of snapshots) {
    const t = performance.now();
    const { sink, result } = hashSink();
    await pipeline(writeWacz(deps, snapshot), sink);
    seconds += (performance.now() - t) / 1000;
    inputBytes += snapshot.artifacts.find((a) => a.name === 'warc')!.bytes;
    outputBytes += result().bytes;
  }
  return { seconds, inputBytes, outputBytes };
}

/**
 * The CDXJ pass of export on its own: each WARC streamed from the store through warcio's indexer, as
 * `writeWacz` does before zipping it (it gunzips and parses every record).
 */
async function cdxjPass(store: ArchiveStore, warcs: Artifact[]): Promise<{ seconds: number; bytes: number; lines: number }> {
  let seconds = 0;
  let bytes = 0;
  let lines = 0;
  for (const warc of warcs) {
    const t = performance.now();
    const { body } = await store.stream(warc.key);
    const indexer = new CDXIndexer({ format: 'cdxj' });
    const reader = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>) as unknown as AsyncIterable<Uint8Array>;
    for await (const entry of indexer.iterIndex([{ filename: `${warc.key}`, reader }])) if (indexer.serialize(entry)) lines++;
    seconds += (performance.now() - t) / 1000;
    bytes += warc.bytes;
  }
  return { seconds, bytes, lines };
}

/** The store with every byte it hands out counted (for export's read amplification; untimed). */
function countingStore(inner: ArchiveStore): { store: ArchiveStore; read: () => number } {
  let read = 0;
  const count = (s: ReadableStream<Uint8Array>) =>
    s.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          read += chunk.length;
          controller.enqueue(chunk);
        },
      }),
    );
  const store = Object.create(inner) as ArchiveStore;
  store.get = async (key) => {
    const data = await inner.get(key);
    read += data.length;
    return data;
  };
  store.stream = async (key) => {
    const r = await inner.stream(key);
    return { ...r, body: count(r.body) };
  };
  store.streamRange = async (key, offset, length) => count(await inner.streamRange(key, offset, length));
  return { store, read: () => read };
}

/**
 * WACZ export and fixity verify throughput on the emulators, against SHA-256 of the same objects
 * streamed from the store and SHA-256 of the same bytes in memory, interleaved round by round (the
 * order rotates each round) over a synthetic archive of `BENCH_ARCHIVE_MB` MB of WARCs.
 */
export async function runArchiveBench(): Promise<void> {
  const started = performance.now();
  const stack = await startEmulatedStack();
  let phase: 'setup' | 'measure' = 'setup';
  const peak = { setup: 0, measure: 0 };
  const sample = () => (peak[phase] = Math.max(peak[phase], process.memoryUsage.rss()));
  const sampler = setInterval(sample, 50);

  const t0 = performance.now();
  const snapshots = await buildArchive(stack);
  const buildSeconds = (performance.now() - t0) / 1000;
  const artifacts = snapshots.flatMap((s) => s.artifacts);
  const warcs = artifacts.filter((a) => a.name === 'warc');
  const { store, index } = stack.services;
  const deps = { store, index };
  const totalBytes = artifacts.reduce((n, a) => n + a.bytes, 0);
  const warcBytes = warcs.reduce((n, a) => n + a.bytes, 0);

  // Warm-up (untimed) of every path, which also checks the archive is sound and counts how many
  // store bytes one export pass reads per WARC byte.
  sample();
  await rawStream(store, artifacts);
  await rawMemory(store, artifacts);
  const warm = await verifyArchive(deps);
  if (warm.problems.length || warm.bytes !== totalBytes || warm.objects !== artifacts.length) {
    throw new Error(
      `verify on the synthetic archive: ${warm.problems.length} problems, ${warm.bytes}/${totalBytes} bytes, ${warm.objects}/${artifacts.length} objects`,
    );
  }
  const counting = countingStore(store);
  const warmExport = await exportAll({ store: counting.store, index }, snapshots);
  const exportStoreRead = counting.read();

  phase = 'measure';
  const loadBefore = os.loadavg();
  const rssBeforeMeasure = process.memoryUsage.rss();
  const samples = {
    rawStream: [] as Split[],
    rawMemory: [] as Split[],
    verifySeconds: [] as number[],
    exportRuns: [] as Awaited<ReturnType<typeof exportAll>>[],
    cdxj: [] as Awaited<ReturnType<typeof cdxjPass>>[],
  };
  const steps: [string, () => Promise<void>][] = [
    ['rawStream', async () => void samples.rawStream.push(await rawStream(store, artifacts))],
    ['rawMemory', async () => void samples.rawMemory.push(await rawMemory(store, artifacts))],
    [
      'verify',
      async () => {
        const t = performance.now();
        const report = await verifyArchive(deps);
        samples.verifySeconds.push((performance.now() - t) / 1000);
        if (report.problems.length || report.bytes !== totalBytes) throw new Error('verify reported problems');
      },
    ],
    ['export', async () => void samples.exportRuns.push(await exportAll(deps, snapshots))],
    ['cdxj', async () => void samples.cdxj.push(await cdxjPass(store, warcs))],
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < steps.length; k++) await steps[(round + k) % steps.length]![1]();
  }
  clearInterval(sampler);
  sample();
  const loadAfter = os.loadavg();
  await stack.close();

  const mbps = (bytes: number, seconds: number) => bytes / MB / seconds;
  const rawStreamAll = median(samples.rawStream.map((r) => mbps(r.bytes, r.seconds)));
  const rawStreamWarc = median(samples.rawStream.map((r) => mbps(r.warcBytes, r.warcSeconds)));
  const rawMemoryAll = median(samples.rawMemory.map((r) => mbps(r.bytes, r.seconds)));
  const rawMemoryWarc = median(samples.rawMemory.map((r) => mbps(r.warcBytes, r.warcSeconds)));
  const verify = median(samples.verifySeconds.map((s) => mbps(totalBytes, s)));
  const exportIn = median(samples.exportRuns.map((r) => mbps(r.inputBytes, r.seconds)));
  const exportOut = median(samples.exportRuns.map((r) => mbps(r.outputBytes, r.seconds)));
  const cdxj = median(samples.cdxj.map((r) => mbps(r.bytes, r.seconds)));
  const zipBytes = warmExport.outputBytes;
  // Paired ratios: each round's figures were taken minutes apart at most, so their ratio is steadier
  // than the ratio of medians when the machine's load drifts.
  const paired = (f: (i: number) => number) => median(Array.from({ length: ROUNDS }, (_, i) => f(i)));
  const verifyPaired = paired(
    (i) => mbps(totalBytes, samples.verifySeconds[i]!) / mbps(samples.rawStream[i]!.bytes, samples.rawStream[i]!.seconds),
  );
  const exportPaired = paired(
    (i) =>
      mbps(samples.exportRuns[i]!.inputBytes, samples.exportRuns[i]!.seconds) /
      mbps(samples.rawStream[i]!.warcBytes, samples.rawStream[i]!.warcSeconds),
  );

  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  const report = {
    archive: {
      snapshots: SNAPSHOTS,
      sources: SOURCES,
      objects: artifacts.length,
      artifactMB: round(totalBytes / MB),
      warcMB: round(warcBytes / MB),
      largestWarcMB: round(Math.max(...warcs.map((a) => a.bytes)) / MB),
      zipMB: round(zipBytes / MB),
      buildSeconds: round(buildSeconds, 1),
    },
    rounds: ROUNDS,
    unit: 'MB = 10^6 bytes; MB/s are medians over rounds; one object or package at a time',
    mbPerSecond: {
      rawStreamAll: round(rawStreamAll),
      rawStreamWarc: round(rawStreamWarc),
      rawMemoryAll: round(rawMemoryAll),
      rawMemoryWarc: round(rawMemoryWarc),
      verify: round(verify),
      exportInput: round(exportIn),
      exportOutput: round(exportOut),
      cdxjPassAlone: round(cdxj),
    },
    ratio: {
      verifyToRawStream: round(verify / rawStreamAll),
      exportToRawStream: round(exportIn / rawStreamWarc),
      rawStreamToRawMemory: round(rawStreamAll / rawMemoryAll),
      verifyToRawStreamPairedMedian: round(verifyPaired),
      exportToRawStreamPairedMedian: round(exportPaired),
    },
    exportStoreReadPerWarcByte: round(exportStoreRead / warcBytes),
    cdxjLinesPerPass: samples.cdxj[0]?.lines,
    peakRssMiB: {
      setup: round(peak.setup / 2 ** 20, 1),
      measure: round(peak.measure / 2 ** 20, 1),
      beforeMeasure: round(rssBeforeMeasure / 2 ** 20, 1),
    },
    nodeMaxRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    runSeconds: round((performance.now() - started) / 1000, 1),
    loadAverage1m: { beforeMeasure: round(loadBefore[0]!), afterMeasure: round(loadAfter[0]!), cpus: os.cpus().length },
    samples: {
      rawStreamAll: samples.rawStream.map((r) => round(mbps(r.bytes, r.seconds))),
      rawStreamWarc: samples.rawStream.map((r) => round(mbps(r.warcBytes, r.warcSeconds))),
      rawMemoryAll: samples.rawMemory.map((r) => round(mbps(r.bytes, r.seconds))),
      verify: samples.verifySeconds.map((s) => round(mbps(totalBytes, s))),
      exportInput: samples.exportRuns.map((r) => round(mbps(r.inputBytes, r.seconds))),
      exportOutput: samples.exportRuns.map((r) => round(mbps(r.outputBytes, r.seconds))),
      cdxjPassAlone: samples.cdxj.map((r) => round(mbps(r.bytes, r.seconds))),
    },
  };
  const file = await writeReport('archive', report);

  const rows: [string, number, number, string][] = [
    ['raw sha256, in memory (all artifacts)', totalBytes, rawMemoryAll, `${round(rawMemoryAll / rawStreamAll)}×`],
    ['raw sha256, streamed from store (all artifacts)', totalBytes, rawStreamAll, '1×'],
    ['raw sha256, streamed from store (WARCs only)', warcBytes, rawStreamWarc, '1×'],
    ['verifyArchive (all artifacts + manifest chain)', totalBytes, verify, `${round(verify / rawStreamAll)}× (vs all)`],
    ['writeWacz → sha256 sink, input WARC bytes', warcBytes, exportIn, `${round(exportIn / rawStreamWarc)}× (vs WARCs)`],
    ['writeWacz → sha256 sink, output zip bytes', zipBytes, exportOut, `${round(exportOut / rawStreamWarc)}× (vs WARCs)`],
    ['  of which: CDXJ pass alone (warcio, streamed)', warcBytes, cdxj, `${round(cdxj / rawStreamWarc)}× (vs WARCs)`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const lines = [
    `archive: ${SNAPSHOTS} snapshots, ${artifacts.length} objects, ${round(totalBytes / MB, 1)} MB (${round(warcBytes / MB, 1)} MB WARC), ${ROUNDS} rounds, medians`,
    `${'measure'.padEnd(w)}  ${'MB'.padStart(7)}  ${'MB/s'.padStart(8)}  vs raw stream`,
    ...rows.map(
      ([name, bytes, rate, ratio]) =>
        `${name.padEnd(w)}  ${round(bytes / MB, 1)
          .toFixed(1)
          .padStart(7)}  ${rate.toFixed(1).padStart(8)}  ${ratio}`,
    ),
    `paired per-round medians: verify/raw stream ${round(verifyPaired)}×, export/raw stream (WARCs) ${round(exportPaired)}×`,
    `export reads ${round(exportStoreRead / warcBytes)} store bytes per WARC byte`,
    `peak RSS: setup ${report.peakRssMiB.setup} MiB, measuring ${report.peakRssMiB.measure} MiB (before measuring ${report.peakRssMiB.beforeMeasure} MiB); run ${report.runSeconds} s; load average ${report.loadAverage1m.beforeMeasure} → ${report.loadAverage1m.afterMeasure} on ${report.loadAverage1m.cpus} CPUs`,
    `report: ${file}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

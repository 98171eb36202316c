import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../functions/lib/adapters/aws-clients.js';
import { batchPut } from '../functions/lib/adapters/dynamo-batch.js';
import { DynamoItemIndex, itemRecord } from '../functions/lib/adapters/dynamo-item-index.js';
import { parseDiscoveryDocument } from '../functions/lib/core/discovery/documents.js';
import { newItem } from '../functions/lib/core/discovery/items.js';
import { itemId } from '../functions/lib/core/discovery/urls.js';
import type { CaptureJob } from '../functions/lib/core/ports.js';
import { sha256Hex, type Snapshot } from '../functions/lib/core/snapshot.js';
import { toSource } from '../functions/lib/core/sources.js';
import { discoverFromSnapshot } from '../functions/lib/services/discovery-service.js';
import { sweepDueItems } from '../functions/lib/services/follow-service.js';
import { FixedClock } from '../test/support/fakes.js';
import { quietLogger, startEmulatedStack } from '../test/support/emulated-stack.js';
import { writeReport } from './report.js';

const FEED_ENTRIES = Number(process.env.BENCH_FEED_ENTRIES ?? 10_000);
const TRACKED = Number(process.env.BENCH_TRACKED_ITEMS ?? 100_000);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Read capacity units as dynalite reports them, per command, for the clients it wraps. */
const reads = { units: 0, requests: 0 };
function meterReads<T>(client: T): T {
  (client as unknown as DynamoDBClient).middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (/Get|Query|Scan/.test((context as { commandName: string }).commandName)) {
        const consumed = ([] as { CapacityUnits?: number }[]).concat(
          ((result.output as unknown as Record<string, unknown>).ConsumedCapacity as never) ?? [],
        );
        reads.units += consumed.reduce((n, cc) => n + (cc.CapacityUnits ?? 0), 0);
        reads.requests++;
      }
      return result;
    },
    { step: 'initialize', name: 'verbatimReadMeter' },
  );
  return client;
}

function rssFeed(origin: string, n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2024, 11, 3, 10) - i * 60_000).toUTCString();
    items.push(
      `<item><title>Story ${i} about Hama</title><link>${origin}/world/story-${i}?utm_source=rss</link><pubDate>${at}</pubDate><guid>${origin}/world/story-${i}</guid><description>Rebel forces advanced on Hama, item ${i}.</description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title><link>${origin}/</link>${items.join('\n')}</channel></rss>`;
}

/**
 * `npm run bench -- discovery`:
 * 1. a feed of BENCH_FEED_ENTRIES (10,000) entries, parsed alone, then parsed and enqueued by a full
 *    discovery run into dynalite (screening, item and listing writes, one job per entry): entries
 *    per second for each, and the peak RSS of the process;
 * 2. one sweep over BENCH_TRACKED_ITEMS (100,000) tracked items of which 1% are due, then a second
 *    when 5% are: the sweep's read units against the number of due items, beside a Scan of the same table.
 */
export async function runDiscoveryBench(): Promise<void> {
  // The guard resolves each discovered host once per run; news.example answers with a public
  // address, and nothing is ever fetched from it.
  const stack = await startEmulatedStack(
    { VERBATIM_DISCOVERY_MAX_ENTRIES: String(FEED_ENTRIES) },
    { resolver: async () => ['93.184.215.14'] },
  );
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const { services, config } = stack;
    const origin = 'https://news.example';
    const feed = new TextEncoder().encode(rssFeed(origin, FEED_ENTRIES));
    const rssBefore = process.memoryUsage().rss;

    let started = performance.now();
    const parsed = parseDiscoveryDocument(feed, 'application/rss+xml', { maxBytes: 50 * 2 ** 20, maxEntries: FEED_ENTRIES });
    const parseSeconds = (performance.now() - started) / 1000;
    if (parsed.kind !== 'feed' || parsed.entries.length !== FEED_ENTRIES) throw new Error('the bench feed did not parse whole');

    const source = toSource(
      { url: `${origin}/rss.xml`, schedule: 'rate(1 hour)', discover: 'feed', maxPerRun: FEED_ENTRIES },
      new Date().toISOString(),
    );
    await services.index.putSource(source);
    const sha = sha256Hex(feed);
    await services.store.put(`blobs/sha256/${sha.slice(0, 2)}/${sha}`, feed, 'application/rss+xml', sha);
    const snapshot: Snapshot = {
      id: '20241203100000-000000000001',
      sourceId: source.id,
      url: source.url,
      finalUrl: source.url,
      capturedAt: '2024-12-03T10:00:00.000Z',
      status: 'captured',
      attempts: 1,
      claimCount: 0,
      artifacts: [
        {
          name: 'resource',
          key: `blobs/sha256/${sha.slice(0, 2)}/${sha}`,
          bytes: feed.length,
          sha256: sha,
          contentType: 'application/rss+xml',
        },
      ],
    };
    const sent: CaptureJob[] = [];
    const deps = { ...services.followDeps((job: CaptureJob) => sent.push(job)), logger: quietLogger };
    started = performance.now();
    const run = await discoverFromSnapshot(deps, source, snapshot);
    const runSeconds = (performance.now() - started) / 1000;
    if (run.error || sent.length !== FEED_ENTRIES) throw new Error(`discovery enqueued ${sent.length}: ${JSON.stringify(run)}`);

    clearInterval(sampler);
    const feedPeakRss = peakRss;

    // 2. The sweep over tracked items.
    const db = meterReads(createDocumentClient({ region: config.region, dynamoEndpoint: config.dynamoEndpoint }));
    const items = new DynamoItemIndex(db, config.tableName);
    const now = new Date('2025-01-10T12:00:00.000Z');
    const due1 = Math.round(TRACKED * 0.01);
    const due2 = Math.round(TRACKED * 0.05);
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < TRACKED; i++) {
      const url = `${origin}/tracked/${i}`;
      // The first 1% are due now; the next 4% fall due within the next 10 minutes; the rest over the next week.
      const dueAt =
        i < due1
          ? new Date(now.getTime() - (i % 3_600) * 1_000)
          : i < due2
            ? new Date(now.getTime() + 1_000 + ((i - due1) % 590) * 1_000)
            : new Date(now.getTime() + 11 * 60_000 + (i % 604_800) * 1_000);
      records.push(
        itemRecord(
          newItem(
            { id: itemId(url), url },
            source,
            { sourceId: source.id, snapshotId: snapshot.id },
            new Date('2025-01-03T00:00:00Z'),
            dueAt,
          ),
        ),
      );
    }
    started = performance.now();
    const documents = createDocumentClient({ region: config.region, dynamoEndpoint: config.dynamoEndpoint });
    for (let i = 0; i < records.length; i += 2_500) {
      await Promise.all(
        Array.from({ length: 4 }, (_, k) => batchPut(documents, config.tableName, records.slice(i + k * 625, i + (k + 1) * 625))),
      );
    }
    const loadSeconds = (performance.now() - started) / 1000;

    const sweep = async (at: Date) => {
      const before = { ...reads };
      const jobs = await sweepDueItems({ items, send: () => undefined, clock: new FixedClock(at), logger: quietLogger, limit: 100_000 });
      return { due: jobs.length, readUnits: round(reads.units - before.units), readRequests: reads.requests - before.requests };
    };
    const first = await sweep(now);
    const second = await sweep(new Date(now.getTime() + 10 * 60_000));

    const beforeScan = { ...reads };
    let after: Record<string, unknown> | undefined;
    do {
      const res = await db.send(new ScanCommand({ TableName: config.tableName, Select: 'COUNT', ExclusiveStartKey: after }));
      after = res.LastEvaluatedKey;
    } while (after);
    const scanUnits = round(reads.units - beforeScan.units);

    const report = {
      feed: {
        entries: FEED_ENTRIES,
        bytes: feed.length,
        parse: { seconds: round(parseSeconds, 3), entriesPerSecond: Math.round(FEED_ENTRIES / parseSeconds) },
        parseAndEnqueue: {
          seconds: round(runSeconds, 2),
          entriesPerSecond: Math.round(FEED_ENTRIES / runSeconds),
          enqueued: sent.length,
          note: 'a full discovery run into dynalite: read the archived feed, parse, normalise and scope, look up known items, write each item and its listing (conditional puts), send one job each',
        },
        rssBeforeMiB: round(rssBefore / 2 ** 20),
        peakRssMiB: round(feedPeakRss / 2 ** 20),
        rssNote: 'this process (the bench, dynalite and s3rver share it), sampled every 50 ms during part 1',
      },
      sweep: {
        trackedItems: TRACKED,
        loadSeconds: round(loadSeconds),
        at1PercentDue: { ...first, readUnitsPerDueItem: round(first.readUnits / first.due, 3) },
        at5PercentDue: { ...second, readUnitsPerDueItem: round(second.readUnits / second.due, 3) },
        scanOfTheTable: { readUnits: scanUnits },
        note: 'read units as dynalite reports them: the due-index Query (keys only) and the BatchGetItem of the due items; leasing is a conditional UpdateItem (no read). The Scan is what a sweep without the due index would pay',
      },
    };
    const file = await writeReport('discovery', report);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\nreport: ${file}\n`);
  } finally {
    clearInterval(sampler);
    await stack.close();
  }
}

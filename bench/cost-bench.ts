import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { captureJob } from '../functions/lib/services/capture-service.js';
import { startFixtureSite } from '../test/support/fixture-site.js';
import { jobFor, startEmulatedStack } from '../test/support/emulated-stack.js';
import { median, writeReport } from './report.js';

/**
 * AWS list prices used for the cost table: us-east-1, x86, on-demand, as published by AWS in 2025
 * (DynamoDB on-demand after its November 2024 price cut). This machine has no internet access, so
 * they were not re-checked when the benchmark ran; update them here if AWS changes them.
 */
const PRICES = {
  date: '2025 (AWS public price pages; not re-checked offline)',
  lambdaGbSecond: 0.0000166667,
  lambdaRequest: 0.2 / 1e6,
  sqsRequest: 0.4 / 1e6,
  schedulerInvocation: 1.0 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  s3GbMonth: 0.023,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  dynamoGbMonth: 0.25,
};

const CAPTURE_GB = 2;
const GSI_KEYS = ['GSI1PK', 'GSI2PK', 'GSI3PK'];

interface Usage {
  writeUnits: number;
  readUnits: number;
  s3Puts: number;
  s3Gets: number;
  s3BytesPut: number;
  /** Write units by what was written: `<command> <item kind>`, the kind from the sort key's first word. */
  writesBy: Record<string, number>;
}

const usage: Usage = { writeUnits: 0, readUnits: 0, s3Puts: 0, s3Gets: 0, s3BytesPut: 0, writesBy: {} };

/** What kind of item a key is: `SNAP`, `CLAIM`, `RUN`, `LOG`, `SEEN`, `CURRENT`, `posting`… */
function kindOf(item: Record<string, unknown>): string {
  const sk = String(item.SK ?? '');
  const pk = String(item.PK ?? '');
  if (pk.startsWith('P#')) return 'posting';
  if (pk.startsWith('CHG#')) return 'change';
  return sk.split('#')[0] || pk.split('#')[0] || '?';
}

/**
 * Counts what each capture costs in request units: DynamoDB capacity as the emulator reports it
 * (plus one write unit per GSI key on a written item, which dynalite leaves out), and S3 requests
 * and bytes.
 */
function meter<T>(client: T): T {
  const c = client as unknown as DynamoDBClient | S3Client;
  const isDynamo = c.constructor.name === 'DynamoDBClient';
  (c.middlewareStack as { add: (mw: unknown, opts: unknown) => void }).add(
    (next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>, context: { commandName: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        if (isDynamo) args.input.ReturnConsumedCapacity = 'TOTAL';
        const name = context.commandName;
        if (!isDynamo && /GetObject|HeadObject/.test(name)) usage.s3Gets++;
        const result = await next(args);
        if (isDynamo) {
          const consumed = ([] as { CapacityUnits?: number }[]).concat((result.output.ConsumedCapacity as never) ?? []);
          const units = consumed.reduce((n, cc) => n + (cc.CapacityUnits ?? 0), 0);
          if (/Put|Update|Delete|BatchWrite/.test(name)) {
            usage.writeUnits += units;
            const items =
              name === 'BatchWriteItemCommand'
                ? Object.values(args.input.RequestItems as Record<string, { PutRequest?: { Item: Record<string, unknown> } }[]>)
                    .flat()
                    .map((r) => r.PutRequest?.Item ?? {})
                : [(args.input.Item ?? args.input.Key ?? {}) as Record<string, unknown>];
            let gsiUnits = 0;
            for (const item of items) gsiUnits += GSI_KEYS.filter((k) => k in item).length;
            usage.writeUnits += gsiUnits;
            const kinds = [...new Set(items.map(kindOf))].sort().join('+');
            const label = `${name.replace(/Command$/, '')} ${kinds}`;
            usage.writesBy[label] = (usage.writesBy[label] ?? 0) + units + gsiUnits;
          } else if (/Get|Query/.test(name)) usage.readUnits += units;
        } else if (name === 'PutObjectCommand') {
          usage.s3Puts++;
          usage.s3BytesPut += Number(args.input.ContentLength ?? 0);
        }
        return result;
      },
    { step: 'initialize', name: 'verbatimCostMeter' },
  );
  return client;
}

function snapshotUsage(): Usage {
  return { ...usage, writesBy: { ...usage.writesBy } };
}
function diff(a: Usage, b: Usage): Usage {
  const writesBy: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.writesBy)) if (v - (a.writesBy[k] ?? 0) > 0) writesBy[k] = v - (a.writesBy[k] ?? 0);
  return {
    writeUnits: b.writeUnits - a.writeUnits,
    readUnits: b.readUnits - a.readUnits,
    s3Puts: b.s3Puts - a.s3Puts,
    s3Gets: b.s3Gets - a.s3Gets,
    s3BytesPut: b.s3BytesPut - a.s3BytesPut,
    writesBy,
  };
}

/** How many items the table holds (a Scan: the benchmark counts what a capture adds, no request path does this). */
async function countItems(client: DynamoDBClient, table: string): Promise<number> {
  let count = 0;
  let after: Record<string, AttributeValue> | undefined;
  do {
    const res = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: after }));
    count += res.Count ?? 0;
    after = res.LastEvaluatedKey;
  } while (after);
  return count;
}

function costPer1000(seconds: number, u: Usage) {
  const n = 1000;
  const lambda = n * (CAPTURE_GB * seconds * PRICES.lambdaGbSecond + 2 * PRICES.lambdaRequest) + n * 0.25 * 0.3 * PRICES.lambdaGbSecond;
  const queue = n * (PRICES.schedulerInvocation + 3 * PRICES.sqsRequest);
  const s3Requests = n * (u.s3Puts * PRICES.s3Put + u.s3Gets * PRICES.s3Get);
  const s3StorageMonth = ((n * u.s3BytesPut) / 2 ** 30) * PRICES.s3GbMonth;
  const dynamo = n * (u.writeUnits * PRICES.dynamoWriteUnit + u.readUnits * PRICES.dynamoReadUnit);
  const total = lambda + queue + s3Requests + dynamo;
  const r = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    lambda: r(lambda),
    schedulerAndQueue: r(queue),
    s3Requests: r(s3Requests),
    dynamoDb: r(dynamo),
    total: r(total),
    s3StoragePerMonth: r(s3StorageMonth),
  };
}

/**
 * `npm run bench -- cost`: measures what one capture uses (duration, DynamoDB units, S3 requests and
 * bytes) for a new article, an unchanged recapture and a Liveuamap-like page, and prices 1,000
 * captures of each with the capture function at 2,048 MB.
 */
export async function runCostBench(): Promise<void> {
  const site = await startFixtureSite();
  const stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host }, { instrument: meter });
  const deps = stack.services.captureDeps;

  const t0 = performance.now();
  const cold0 = snapshotUsage();
  const first = await captureJob(deps, jobFor(`${site.origin}/claims/article-is`));
  const coldSeconds = (performance.now() - t0) / 1000;
  const newArticle = diff(cold0, snapshotUsage());

  const counter = new DynamoDBClient({
    region: stack.config.region,
    endpoint: stack.config.dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const warm: number[] = [];
  const unchangedRuns: Usage[] = [];
  const itemsAdded: number[] = [];
  for (let i = 0; i < 8; i++) {
    const items = await countItems(counter, stack.config.tableName);
    const before = snapshotUsage();
    const t = performance.now();
    const { snapshot } = await captureJob(deps, jobFor(`${site.origin}/claims/article-is`));
    warm.push((performance.now() - t) / 1000);
    if (snapshot.status !== 'unchanged') throw new Error(`expected an unchanged recapture, got ${snapshot.status}`);
    unchangedRuns.push(diff(before, snapshotUsage()));
    itemsAdded.push((await countItems(counter, stack.config.tableName)) - items);
  }
  counter.destroy();
  // The second recapture onwards: the first one after a new article can still differ in reads.
  const unchanged = unchangedRuns.at(-1);
  const liveBefore = snapshotUsage();
  const t1 = performance.now();
  await captureJob(deps, { ...jobFor(`${site.origin}/live/`), extractor: 'liveuamap' });
  const liveSeconds = (performance.now() - t1) / 1000;
  const live = diff(liveBefore, snapshotUsage());
  await stack.close();
  await site.close();

  const warmSeconds = median(warm);
  const round = (x: number) => Math.round(x * 100) / 100;
  const report = {
    captureMemoryGb: CAPTURE_GB,
    firstCapture: { claims: first.snapshot.claimCount, seconds: round(coldSeconds) },
    unchangedRecaptures: {
      writeUnits: unchangedRuns.map((u) => u.writeUnits),
      indexItemsAdded: itemsAdded,
    },
    measured: {
      newArticle: { seconds: round(warmSeconds), ...newArticle },
      unchangedRecapture: { seconds: round(warmSeconds), ...unchanged! },
      liveMapPage: { seconds: round(liveSeconds), ...live },
    },
    costPer1000Captures: {
      newArticle: costPer1000(warmSeconds, newArticle),
      unchangedRecapture: costPer1000(warmSeconds, unchanged!),
      liveMapPage: costPer1000(liveSeconds, live),
      newArticleAt8sOnTheInternet: costPer1000(8, newArticle),
    },
    prices: PRICES,
    notes:
      'Durations are on this 2-core machine against loopback fixtures; real pages add network time, priced in the 8 s row. CloudWatch Logs, X-Ray and API Gateway calls are not included.',
  };
  const file = await writeReport('cost', report);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nreport: ${file}\n`);
}

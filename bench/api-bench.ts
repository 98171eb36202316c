import autocannon from 'autocannon';
import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../functions/lib/adapters/aws-clients.js';
import { foldTerm } from '../functions/lib/core/terms.js';
import { startEmulatedStack } from '../test/support/emulated-stack.js';
import { serveApi } from './serve-api.js';
import { median, percentile, writeReport } from './report.js';
import { loadClaims, loadSnapshots } from './synthetic.js';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 100_000);
const SNAPSHOTS = Number(process.env.BENCH_SNAPSHOTS ?? 10_000);
const URLS = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const KEY = 'bench-read-key-0123456789';

interface Side {
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  errors: number;
}

/** Runs `op` from `connections` concurrent workers for `seconds`, as autocannon does for HTTP. */
async function closedLoop(op: () => Promise<void>, seconds: number, connections: number): Promise<Side> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await op();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { p50Ms: median(latencies), p99Ms: percentile(latencies, 99), requestsPerSecond: latencies.length / seconds, errors };
}

async function cannon(url: string): Promise<Side> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { authorization: `Bearer ${KEY}` } });
  return {
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requestsPerSecond: result.requests.average,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

async function rawPlaceQuery(db: DynamoDBDocumentClient, table: string): Promise<void> {
  const postings = await db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'PK = :pk AND SK >= :from',
      ExpressionAttributeValues: { ':pk': `P#PLACE#${foldTerm('Hama')}`, ':from': '2024-12-01T00:00:00.000Z' },
      ScanIndexForward: false,
      Limit: 50,
    }),
  );
  const keys = (postings.Items ?? []).map((p) => ({ PK: `CLAIM#${p.claimId}`, SK: 'CLAIM' }));
  await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
}

async function rawTimemapQuery(db: DynamoDBDocumentClient, table: string, url: string): Promise<void> {
  const res = await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':pk': `HOST#${new URL(url).host}`, ':low': `${url} `, ':high': `${url} ~` },
      ScanIndexForward: false,
      Limit: 500,
    }),
  );
  const keys = (res.Items ?? []).map((i) => ({ PK: i.PK, SK: i.SK }));
  for (let i = 0; i < keys.length; i += 100) {
    await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys.slice(i, i + 100) } } }));
  }
}

/**
 * The API's own overhead: autocannon against `/claims?place=…` and `/timemap/link/…` with
 * `BENCH_CLAIMS` claims and `BENCH_SNAPSHOTS` snapshots loaded, against the same DynamoDB reads made
 * directly with the SDK at the same concurrency, in the same run.
 */
export async function runApiBench(): Promise<void> {
  const stack = await startEmulatedStack();
  const db = createDocumentClient({ region: stack.config.region, dynamoEndpoint: stack.config.dynamoEndpoint });
  const table = stack.config.tableName;
  const t0 = performance.now();
  await loadClaims(db, table, 0, CLAIMS);
  const pages = await loadSnapshots(db, table, SNAPSHOTS, URLS);
  const loadSeconds = (performance.now() - t0) / 1000;

  const server = await serveApi(stack, KEY);
  const base = server.url;
  const page = pages[7]!;

  const warm = await fetch(`${base}/timemap/link/${page}`, { headers: { authorization: `Bearer ${KEY}` } });
  const mementos = (await warm.text()).match(/rel="(first |last )?memento"/g)?.length ?? 0;

  const claimsApi = await cannon(`${base}/claims?place=Hama&from=2024-12-01&limit=50`);
  const claimsRaw = await closedLoop(() => rawPlaceQuery(db, table), SECONDS, CONNECTIONS);
  const timemapApi = await cannon(`${base}/timemap/link/${page}`);
  const timemapRaw = await closedLoop(() => rawTimemapQuery(db, table, page), SECONDS, CONNECTIONS);

  await server.close();
  await stack.close();

  const round = (n: number) => Math.round(n * 100) / 100;
  const side = (s: Side) => ({
    p50Ms: round(s.p50Ms),
    p99Ms: round(s.p99Ms),
    requestsPerSecond: round(s.requestsPerSecond),
    errors: s.errors,
  });
  const report = {
    loaded: { claims: CLAIMS, snapshots: SNAPSHOTS, urls: URLS, seconds: round(loadSeconds) },
    load: { connections: CONNECTIONS, seconds: SECONDS },
    claims: {
      route: '/claims?place=Hama&from=2024-12-01&limit=50',
      api: side(claimsApi),
      rawQuery: side(claimsRaw),
      p99Ratio: round(claimsApi.p99Ms / claimsRaw.p99Ms),
    },
    timemap: {
      route: `/timemap/link/${page}`,
      mementos,
      api: side(timemapApi),
      rawQuery: side(timemapRaw),
      p99Ratio: round(timemapApi.p99Ms / timemapRaw.p99Ms),
    },
    targets: { p99Ratio: '<= 3' },
  };
  const file = await writeReport('api', report);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nreport: ${file}\n`);
}

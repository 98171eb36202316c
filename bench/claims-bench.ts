import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../functions/lib/adapters/aws-clients.js';
import { reconcileClaims } from '../functions/lib/core/claim-history.js';
import { foldTerm } from '../functions/lib/core/terms.js';
import { startEmulatedStack } from '../test/support/emulated-stack.js';
import { serveApi } from './serve-api.js';
import { median, percentile, writeReport } from './report.js';
import { loadClaims, PLACES, syntheticClaim } from './synthetic.js';

const KEY = 'bench-read-key-0123456789';

/** Counts the items every write call puts or updates (BatchWriteItem items, PutItem, UpdateItem). */
function countWrites(counter: { items: number }) {
  return <T>(client: T): T => {
    const c = client as unknown as { constructor: { name: string }; middlewareStack: { add(mw: unknown, opts: unknown): void } };
    if (c.constructor.name !== 'DynamoDBClient') return client;
    c.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName: string }) =>
        async (args: { input: { RequestItems?: Record<string, unknown[]> } }) => {
          if (context.commandName === 'BatchWriteItemCommand') counter.items += Object.values(args.input.RequestItems ?? {}).flat().length;
          else if (/^(Put|Update)ItemCommand$/.test(context.commandName)) counter.items++;
          return next(args);
        },
      { step: 'initialize', name: 'countWrites' },
    );
    return client;
  };
}
const INDEXED = Number(process.env.BENCH_INDEXED ?? 3_000);
const LOADED = Number(process.env.BENCH_CLAIMS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
/**
 * Claim index benchmark on dynalite:
 * - claims indexed per second through the full write path (reconcile + run events, postings, claims,
 *   then settling the pending marks as a committed capture does);
 * - an unchanged recapture of each source (`perCapture` claims): its time and the items it writes;
 * - `/claims?place=…&from=…` latency through the HTTP app against a raw Query + BatchGetItem of the
 *   same items, with `BENCH_CLAIMS` claims loaded (bulk-loaded with their place postings).
 */
export async function runClaimsBench(): Promise<void> {
  const writes = { items: 0 };
  const stack = await startEmulatedStack({}, { instrument: countWrites(writes) });
  const { claims } = stack.services;
  const db = createDocumentClient({ region: stack.config.region, dynamoEndpoint: stack.config.dynamoEndpoint });
  const table = stack.config.tableName;

  const perCapture = 500;
  const t0 = performance.now();
  for (let start = 0; start < INDEXED; start += perCapture) {
    const sourceId = `src_${String(start / perCapture).padStart(16, '0')}`;
    const extracted = Array.from({ length: Math.min(perCapture, INDEXED - start) }, (_, k) => syntheticClaim(start + k));
    const capturedAt = new Date(Date.UTC(2024, 11, 1) + start * 1000).toISOString();
    const r = reconcileClaims({ sourceId, sourceUrl: `https://news.example/${sourceId}`, snapshotId: `s${start}`, capturedAt, extracted });
    const write = { sourceId, snapshotId: `s${start}`, capturedAt };
    await claims.writeClaims(r, write);
    await claims.settleClaims(r, write);
  }
  const indexSeconds = (performance.now() - t0) / 1000;

  // An unchanged recapture of each source, committed and settled as a capture does it: what the
  // index writes for it should not grow with the claim count.
  const recaptureMs: number[] = [];
  const recaptureItems: number[] = [];
  for (let start = 0; start < INDEXED; start += perCapture) {
    const sourceId = `src_${String(start / perCapture).padStart(16, '0')}`;
    const extracted = Array.from({ length: Math.min(perCapture, INDEXED - start) }, (_, k) => syntheticClaim(start + k));
    const capturedAt = new Date(Date.UTC(2024, 11, 2) + start * 1000).toISOString();
    const write = { sourceId, snapshotId: `r${start}`, capturedAt };
    const before = writes.items;
    const t = performance.now();
    const r = reconcileClaims({
      ...write,
      sourceUrl: `https://news.example/${sourceId}`,
      previous: await claims.currentClaims(sourceId),
      extracted,
    });
    await claims.writeClaims(r, write);
    await claims.settleClaims(r, write);
    recaptureMs.push(performance.now() - t);
    recaptureItems.push(writes.items - before);
  }

  const t1 = performance.now();
  await loadClaims(db, table, INDEXED, LOADED);
  const loadSeconds = (performance.now() - t1) / 1000;

  const server = await serveApi(stack, KEY);
  const url = server.url;

  const place = 'Hama';
  const from = '2024-12-01';
  const limit = 50;
  const api = async () => {
    const t = performance.now();
    const res = await fetch(`${url}/claims?place=${place}&from=${from}&limit=${limit}`, { headers: { authorization: `Bearer ${KEY}` } });
    const body = (await res.json()) as { claims: unknown[] };
    if (res.status !== 200 || body.claims.length !== limit) throw new Error(`unexpected answer ${res.status}`);
    return performance.now() - t;
  };
  const raw = async () => {
    const t = performance.now();
    const postings = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND SK >= :from',
        ExpressionAttributeValues: { ':pk': `P#PLACE#${foldTerm(place)}`, ':from': `${from}T00:00:00.000Z` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const keys = (postings.Items ?? []).map((p) => ({ PK: `CLAIM#${p.claimId}`, SK: 'CLAIM' }));
    const got = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
    if ((got.Responses?.[table]?.length ?? 0) !== limit) throw new Error('raw query returned too few items');
    return performance.now() - t;
  };

  for (let i = 0; i < 20; i++) {
    await api();
    await raw();
  }
  const apiMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    apiMs.push(await api());
    rawMs.push(await raw());
  }
  await server.close();
  await stack.close();

  const round = (n: number) => Math.round(n * 100) / 100;
  const report = {
    indexed: { claims: INDEXED, seconds: round(indexSeconds), claimsPerSecond: round(INDEXED / indexSeconds) },
    unchangedRecapture: {
      claimsPerSource: perCapture,
      medianMs: round(median(recaptureMs)),
      itemWritesEach: recaptureItems,
      note: 'reconcile with the current set, write and settle: item writes include the settling re-writes',
    },
    loaded: { claims: LOADED, bulkSeconds: round(loadSeconds), placePartitionSize: Math.round(LOADED / PLACES.length) },
    query: `/claims?place=${place}&from=${from}&limit=${limit}`,
    requests: REQUESTS,
    api: { p50Ms: round(median(apiMs)), p99Ms: round(percentile(apiMs, 99)) },
    rawQuery: { p50Ms: round(median(rawMs)), p99Ms: round(percentile(rawMs, 99)) },
    ratio: { p50: round(median(apiMs) / median(rawMs)), p99: round(percentile(apiMs, 99) / percentile(rawMs, 99)) },
    targets: { p99Ratio: '<= 3 (issue 4)' },
  };
  const file = await writeReport('claims', report);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nreport: ${file}\n`);
}

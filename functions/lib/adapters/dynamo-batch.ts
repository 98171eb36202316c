import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import pRetry from 'p-retry';
import { StorageUnavailableError } from '../core/errors.js';
import { callAws } from './aws-errors.js';

export type Item = Record<string, unknown>;

const RETRY = { retries: 6, minTimeout: 50, maxTimeout: 2_000, randomize: true } as const;

/** How many pages of one batch call are in flight at once. */
const PAGE_CONCURRENCY = 4;

/** Splits `items` into pages of `size` and runs `each` on up to {@link PAGE_CONCURRENCY} pages at a time. */
async function inPages<T>(items: T[], size: number, each: (page: T[]) => Promise<void>): Promise<void> {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  await pMap(pages, each, { concurrency: PAGE_CONCURRENCY });
}

/** BatchGetItem in pages of 100, a few at a time, retrying unprocessed keys with jittered backoff. Results keyed by `PK|SK`. */
export async function batchGet(db: DynamoDBDocumentClient, table: string, keys: Item[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [`${k.PK}|${k.SK}`, k])).values()];
  await inPages(unique, 100, async (page) => {
    let pending: Item[] | undefined = page;
    await pRetry(async () => {
      const res = await callAws('batch get', () => db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } })));
      for (const item of res.Responses?.[table] ?? []) found.set(`${item.PK}|${item.SK}`, item);
      pending = res.UnprocessedKeys?.[table]?.Keys as Item[] | undefined;
      if (pending?.length) throw new StorageUnavailableError(`${pending.length} unprocessed keys`);
    }, RETRY);
  });
  return found;
}

/**
 * BatchWriteItem puts in pages of 25, a few at a time, retrying unprocessed items with jittered
 * backoff. Puts are idempotent by key; the pages land in no particular order.
 */
export async function batchPut(db: DynamoDBDocumentClient, table: string, items: Item[]): Promise<void> {
  const unique = [...new Map(items.map((it) => [`${it.PK}|${it.SK}`, it])).values()];
  await inPages(unique, 25, async (page) => {
    let pending = page.map((Item) => ({ PutRequest: { Item } }));
    await pRetry(async () => {
      const res = await callAws('batch write', () => db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } })));
      pending = (res.UnprocessedItems?.[table] ?? []) as typeof pending;
      if (pending.length) throw new StorageUnavailableError(`${pending.length} unprocessed items`);
    }, RETRY);
  });
}

const KEY_ATTRIBUTES = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'type']);

/** An item without its table keys and type tag: the domain record it stores. */
export function stripKeys<T>(item: Item): T {
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v;
  return out as T;
}

/**
 * A sort-key condition for an ISO time range on `<time>…` sort keys. `to` is widened with `~`, which
 * sorts after every character that follows a time in a key, so the whole `to` instant is included.
 */
export function timeRange(sortKey: string, from?: string, to?: string): { expr: string; values: Item } | undefined {
  if (from && to) return { expr: `${sortKey} BETWEEN :from AND :to`, values: { ':from': from, ':to': `${to}~` } };
  if (from) return { expr: `${sortKey} >= :from`, values: { ':from': from } };
  if (to) return { expr: `${sortKey} <= :to`, values: { ':to': `${to}~` } };
  return undefined;
}

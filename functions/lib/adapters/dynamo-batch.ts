import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import { StorageUnavailableError } from '../core/errors.js';
import { callAws } from './aws-errors.js';

export type Item = Record<string, unknown>;

const RETRY = { retries: 6, minTimeout: 50, maxTimeout: 2_000, randomize: true } as const;

/** BatchGetItem in pages of 100, retrying unprocessed keys with jittered backoff. Results keyed by `PK|SK`. */
export async function batchGet(db: DynamoDBDocumentClient, table: string, keys: Item[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [`${k.PK}|${k.SK}`, k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Item[] | undefined = unique.slice(i, i + 100);
    await pRetry(async () => {
      const res = await callAws('batch get', () => db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } })));
      for (const item of res.Responses?.[table] ?? []) found.set(`${item.PK}|${item.SK}`, item);
      pending = res.UnprocessedKeys?.[table]?.Keys as Item[] | undefined;
      if (pending?.length) throw new StorageUnavailableError(`${pending.length} unprocessed keys`);
    }, RETRY);
  }
  return found;
}

/** BatchWriteItem puts in pages of 25, retrying unprocessed items with jittered backoff. Puts are idempotent by key. */
export async function batchPut(db: DynamoDBDocumentClient, table: string, items: Item[]): Promise<void> {
  const unique = [...new Map(items.map((it) => [`${it.PK}|${it.SK}`, it])).values()];
  for (let i = 0; i < unique.length; i += 25) {
    let pending = unique.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    await pRetry(async () => {
      const res = await callAws('batch write', () => db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } })));
      pending = (res.UnprocessedItems?.[table] ?? []) as typeof pending;
      if (pending.length) throw new StorageUnavailableError(`${pending.length} unprocessed items`);
    }, RETRY);
  }
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

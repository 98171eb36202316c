import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  dueBucket,
  dueTime,
  hourBuckets,
  itemStatus,
  type DiscoveredFrom,
  type ItemListing,
  type TrackedItem,
} from '../core/discovery/items.js';
import { itemId } from '../core/discovery/urls.js';
import type { ItemIndex, ItemQuery, Page } from '../core/ports.js';
import type { Citation } from '../core/snapshot.js';
import type { DiscoveryRun } from '../core/sources.js';
import { callAws, conditionalWrite } from './aws-errors.js';
import { batchGet, batchPut, stripKeys, timeRange, type Item } from './dynamo-batch.js';

/**
 * Discovery's items in the single table (see README "DynamoDB access patterns").
 *
 * | item            | PK                  | SK          | GSI1 (due index)                        | GSI2 (by source)                       |
 * |-----------------|---------------------|-------------|-----------------------------------------|----------------------------------------|
 * | tracked item    | `ITEM#<id>`         | `ITEM`      | `DUE#<yyyy-mm-ddThh>` / `<due>#<id>`    |                                        |
 * | canonical alias | `ITEM#<urlId>`      | `ITEM`      |                                         |                                        |
 * | listing         | `ITEMS#<sourceId>`  | `ITEM#<id>` |                                         | `ITEMS#<sourceId>` / `<discoveredAt>#<id>` |
 * | citation        | `CITE#<urlId>`      | `CITE`      |                                         |                                        |
 * | sweep watermark | `SWEEP`             | `DUE`       |                                         |                                        |
 *
 * An item carries GSI1 keys only while it waits for the sweep: the hour bucket of its due time
 * (its next rung, or the end of a sent job's lease) and `<due>#<id>` as sort key. The sweep Queries
 * each bucket from the watermark to the current hour with `GSI1SK < <now>$`, so it reads due items
 * only, never a Scan and never an item that is not due; a resting or refused item has no GSI1 keys
 * at all. After a sweep that read everything due, the watermark moves to the hour of five minutes
 * ago, so a sweep usually Queries one or two buckets. A URL that an item's canonical link names is
 * an alias record under the same key shape (`aliasOf`), so one BatchGetItem resolves both.
 * Listings are written once per source and item (conditional put), and GSI2 orders a source's
 * listings by discovery time.
 */
const WATERMARK_KEY = { PK: 'SWEEP', SK: 'DUE' };
/** Where a first sweep starts when no watermark was written yet. */
const FIRST_SWEEP_LOOKBACK_MS = 7 * 86_400_000;
/** How far behind the current hour the watermark stays, for clock skew between writers. */
const WATERMARK_LAG_MS = 5 * 60_000;

function itemKey(id: string) {
  return { PK: `ITEM#${id}`, SK: 'ITEM' };
}

/** The stored form of an item: its record plus the due-index keys while it waits for the sweep. */
export function itemRecord(item: TrackedItem): Item {
  const due = dueTime(item);
  return {
    ...item,
    ...itemKey(item.id),
    type: 'item',
    ...(due ? { GSI1PK: `DUE#${dueBucket(due)}`, GSI1SK: `${due}#${item.id}` } : {}),
  };
}

function listingRecord(listing: ItemListing): Item {
  return {
    ...listing,
    PK: `ITEMS#${listing.sourceId}`,
    SK: `ITEM#${listing.itemId}`,
    type: 'listing',
    GSI2PK: `ITEMS#${listing.sourceId}`,
    GSI2SK: `${listing.discoveredAt}#${listing.itemId}`,
  };
}

export class DynamoItemIndex implements ItemIndex {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getItems(ids: string[]): Promise<Map<string, TrackedItem>> {
    const found = await batchGet(this.db, this.table, ids.map(itemKey));
    const out = new Map<string, TrackedItem>();
    const aliases = new Map<string, string>();
    for (const id of ids) {
      const record = found.get(`ITEM#${id}|ITEM`);
      if (!record) continue;
      if (typeof record.aliasOf === 'string') aliases.set(id, record.aliasOf);
      else out.set(id, stripKeys<TrackedItem>(record));
    }
    if (aliases.size > 0) {
      const targets = await batchGet(this.db, this.table, [...new Set(aliases.values())].map(itemKey));
      for (const [id, target] of aliases) {
        const record = targets.get(`ITEM#${target}|ITEM`);
        if (record && typeof record.aliasOf !== 'string') out.set(id, stripKeys<TrackedItem>(record));
      }
    }
    return out;
  }

  async listedBy(sourceId: string, itemIds: string[]): Promise<Set<string>> {
    const found = await batchGet(
      this.db,
      this.table,
      itemIds.map((id) => ({ PK: `ITEMS#${sourceId}`, SK: `ITEM#${id}` })),
    );
    return new Set([...found.values()].map((r) => String(r.itemId)));
  }

  async createItem(item: TrackedItem): Promise<boolean> {
    return conditionalWrite('create item', () =>
      this.db.send(new PutCommand({ TableName: this.table, Item: itemRecord(item), ConditionExpression: 'attribute_not_exists(PK)' })),
    );
  }

  async addListing(listing: ItemListing): Promise<void> {
    await conditionalWrite('add listing', () =>
      this.db.send(
        new PutCommand({ TableName: this.table, Item: listingRecord(listing), ConditionExpression: 'attribute_not_exists(PK)' }),
      ),
    );
  }

  async addListings(listings: ItemListing[]): Promise<void> {
    await batchPut(this.db, this.table, listings.map(listingRecord));
  }

  async leaseItem(item: TrackedItem, leaseUntil: string): Promise<boolean> {
    const leased = itemRecord({ ...item, leaseUntil });
    const values: Item = { ':step': item.step, ':lease': leaseUntil };
    let condition = 'attribute_exists(PK) AND #step = :step AND ';
    if (item.leaseUntil) {
      condition += 'leaseUntil = :old';
      values[':old'] = item.leaseUntil;
    } else condition += 'attribute_not_exists(leaseUntil)';
    const due = leased.GSI1PK ? ', GSI1PK = :pk, GSI1SK = :sk' : '';
    if (due) Object.assign(values, { ':pk': leased.GSI1PK, ':sk': leased.GSI1SK });
    return conditionalWrite('lease item', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: itemKey(item.id),
          UpdateExpression: `SET leaseUntil = :lease${due}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#step': 'step' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async listItems(query: ItemQuery): Promise<Page<{ item: TrackedItem; listing: ItemListing }>> {
    const range = timeRange('GSI2SK', query.from, query.to);
    const page: { item: TrackedItem; listing: ItemListing }[] = [];
    let start = query.after;
    // A status filter is applied to each page read; a few rounds fill a page of a rare status.
    for (let round = 0; round < 20; round++) {
      const res = await callAws('list items', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: 'GSI2',
            KeyConditionExpression: `GSI2PK = :pk${range ? ` AND ${range.expr}` : ''}`,
            ExpressionAttributeValues: { ':pk': `ITEMS#${query.sourceId}`, ...range?.values },
            ScanIndexForward: false,
            Limit: query.status ? Math.max(query.limit, 50) : query.limit - page.length,
            ExclusiveStartKey: start,
          }),
        ),
      );
      const keys = res.Items ?? [];
      const ids = keys.map((k) => String(k.SK).slice('ITEM#'.length));
      const found = await batchGet(this.db, this.table, [...keys.map((k) => ({ PK: k.PK, SK: k.SK })), ...ids.map(itemKey)]);
      for (const [i, key] of keys.entries()) {
        const listing = found.get(`${key.PK}|${key.SK}`);
        const item = found.get(`ITEM#${ids[i]}|ITEM`);
        if (!listing || !item || typeof item.aliasOf === 'string') continue;
        const view = { item: stripKeys<TrackedItem>(item), listing: stripKeys<ItemListing>(listing) };
        if (query.status && itemStatus(view.item, query.now) !== query.status) continue;
        page.push(view);
        if (page.length === query.limit) {
          const last = i === keys.length - 1 && !res.LastEvaluatedKey;
          return { items: page, next: last ? undefined : { PK: key.PK, SK: key.SK, GSI2PK: key.GSI2PK, GSI2SK: key.GSI2SK } };
        }
      }
      if (!res.LastEvaluatedKey) return { items: page };
      start = res.LastEvaluatedKey;
    }
    return { items: page, next: start };
  }

  async updateItem(id: string, expect: { step: number; leaseUntil?: string | null }, patch: Partial<TrackedItem>): Promise<boolean> {
    const current = await callAws('get item', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: itemKey(id), ConsistentRead: true })),
    );
    if (!current.Item || typeof current.Item.aliasOf === 'string') return false;
    const item = stripKeys<TrackedItem>(current.Item);
    if (item.step !== expect.step) return false;
    if (expect.leaseUntil !== undefined && (item.leaseUntil ?? null) !== expect.leaseUntil) return false;
    const next: TrackedItem = { ...item, ...patch, id };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (next as unknown as Record<string, unknown>)[k];
    const values: Item = { ':step': expect.step };
    let condition = 'attribute_exists(PK) AND #step = :step';
    if (expect.leaseUntil !== undefined) {
      if (expect.leaseUntil === null) condition += ' AND attribute_not_exists(leaseUntil)';
      else {
        condition += ' AND leaseUntil = :lease';
        values[':lease'] = expect.leaseUntil;
      }
    }
    return conditionalWrite('update item', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: itemRecord(next),
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#step': 'step' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  async addAlias(url: string, target: string): Promise<boolean> {
    const id = itemId(url);
    if (id === target) return true;
    return conditionalWrite('add alias', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...itemKey(id), type: 'alias', aliasOf: target, url },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
  }

  async dueItems(now: Date, limit: number): Promise<TrackedItem[]> {
    const mark = await callAws('get sweep watermark', () => this.db.send(new GetCommand({ TableName: this.table, Key: WATERMARK_KEY })));
    const from = (mark.Item?.from as string | undefined) ?? dueBucket(new Date(now.getTime() - FIRST_SWEEP_LOOKBACK_MS).toISOString());
    const upper = `${now.toISOString()}$`;
    const keys: Item[] = [];
    let complete = true;
    for (const bucket of hourBuckets(from, now)) {
      let after: Item | undefined;
      do {
        const res = await callAws('query due items', () =>
          this.db.send(
            new QueryCommand({
              TableName: this.table,
              IndexName: 'GSI1',
              KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :upper',
              ExpressionAttributeValues: { ':pk': `DUE#${bucket}`, ':upper': upper },
              Limit: Math.min(1_000, limit - keys.length),
              ExclusiveStartKey: after,
            }),
          ),
        );
        keys.push(...(res.Items ?? []));
        after = res.LastEvaluatedKey;
      } while (after && keys.length < limit);
      if (after || keys.length >= limit) {
        complete = false;
        break;
      }
    }
    const found = await batchGet(
      this.db,
      this.table,
      keys.map((k) => ({ PK: k.PK, SK: k.SK })),
    );
    const items = keys
      .map((k) => found.get(`${k.PK}|${k.SK}`))
      .filter((r): r is Item => r !== undefined && typeof r.aliasOf !== 'string')
      .map((r) => stripKeys<TrackedItem>(r));
    if (complete) {
      const lagged = dueBucket(new Date(now.getTime() - WATERMARK_LAG_MS).toISOString());
      if (lagged > from) {
        await callAws('move sweep watermark', () =>
          this.db.send(new PutCommand({ TableName: this.table, Item: { ...WATERMARK_KEY, type: 'watermark', from: lagged } })),
        );
      }
    }
    return items;
  }

  async recordDiscovery(sourceId: string, run: DiscoveryRun): Promise<void> {
    await this.setIfExists({ PK: `SOURCE#${sourceId}`, SK: 'SOURCE' }, 'lastDiscovery', run, 'record discovery');
  }

  async setCitations(snapshotId: string, citations: Citation[]): Promise<void> {
    await this.setIfExists({ PK: `SNAP#${snapshotId}`, SK: 'SNAP' }, 'citations', citations, 'set citations');
  }

  /** Sets one attribute of an existing record; a record that is gone (a deleted source) is left gone. */
  private async setIfExists(key: Item, attribute: string, value: unknown, what: string): Promise<void> {
    await conditionalWrite(what, () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'SET #a = :v',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#a': attribute },
          ExpressionAttributeValues: { ':v': value },
        }),
      ),
    );
  }

  async claimCitation(url: string, snapshotId: string, citedBy: DiscoveredFrom): Promise<{ snapshotId: string; created: boolean }> {
    const key = { PK: `CITE#${itemId(url)}`, SK: 'CITE' };
    const created = await conditionalWrite('claim citation', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, type: 'citation', url, snapshotId, citedBy },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    );
    if (created) return { snapshotId, created: true };
    const existing = await callAws('get citation', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true })),
    );
    return { snapshotId: String(existing.Item?.snapshotId ?? snapshotId), created: false };
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newItem, type TrackedItem } from '../../functions/lib/core/discovery/items.js';
import { itemId } from '../../functions/lib/core/discovery/urls.js';
import { toSource } from '../../functions/lib/core/sources.js';
import { DynamoHostGate } from '../../functions/lib/adapters/dynamo-host-gate.js';
import { createDocumentClient } from '../../functions/lib/adapters/aws-clients.js';
import { type EmulatedStack, startEmulatedStack } from '../support/emulated-stack.js';

const NOW = new Date('2024-12-03T10:30:00.000Z');
const source = toSource({ url: 'https://news.test/rss.xml', schedule: 'rate(1 hour)', discover: 'feed' }, NOW.toISOString());

function item(path: string, dueAt: string, extra: Partial<TrackedItem> = {}): TrackedItem {
  const url = `https://news.test/${path}`;
  return {
    ...newItem(
      { id: itemId(url), url },
      source,
      { sourceId: source.id, snapshotId: '20241203100000-000000000000' },
      new Date(dueAt),
      new Date(dueAt),
    ),
    ...extra,
  };
}

describe('DynamoItemIndex on dynalite', () => {
  let stack: EmulatedStack;
  beforeAll(async () => {
    stack = await startEmulatedStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('finds due items by Query on hour buckets, never reading items that are not due', async () => {
    const { items } = stack.services;
    const due = [item('due-1', '2024-12-03T08:10:00.000Z'), item('due-2', '2024-12-03T10:29:59.000Z')];
    const later = [item('later-1', '2024-12-03T10:30:01.000Z'), item('later-2', '2024-12-04T10:00:00.000Z')];
    const resting = item('resting', '2024-12-03T09:00:00.000Z', { dueAt: undefined });
    for (const i of [...due, ...later, resting]) expect(await items.createItem(i)).toBe(true);
    expect(await items.createItem(due[0]!)).toBe(false);

    const found = await items.dueItems(NOW, 100);
    expect(found.map((i) => i.url).sort()).toEqual(['https://news.test/due-1', 'https://news.test/due-2']);

    // Leased, it leaves the due index until the lease ends.
    expect(await items.updateItem(due[0]!.id, { step: 0, leaseUntil: null }, { leaseUntil: '2024-12-03T11:00:00.000Z' })).toBe(true);
    expect(await items.updateItem(due[0]!.id, { step: 0, leaseUntil: null }, { leaseUntil: '2024-12-03T11:00:00.000Z' })).toBe(false);
    expect((await items.dueItems(NOW, 100)).map((i) => i.url)).toEqual(['https://news.test/due-2']);
    expect((await items.dueItems(new Date('2024-12-03T11:00:00.000Z'), 100)).map((i) => i.url).sort()).toEqual([
      'https://news.test/due-1',
      'https://news.test/due-2',
      'https://news.test/later-1',
    ]);
  });

  it('lists a source’s items newest first with signed-cursor-ready pages, filtered by status', async () => {
    const { items } = stack.services;
    const listed = [
      item('l1', '2024-12-03T09:00:00.000Z'),
      item('l2', '2024-12-03T09:01:00.000Z'),
      item('l3', '2024-12-03T09:02:00.000Z', { dueAt: undefined }),
    ];
    for (const i of listed) {
      await items.createItem(i);
      await items.addListing({ sourceId: 'src_00000000000000aa', itemId: i.id, discoveredAt: i.discoveredAt, title: `T ${i.url}` });
    }
    await items.addListing({ sourceId: 'src_00000000000000aa', itemId: listed[0]!.id, discoveredAt: '2030-01-01T00:00:00.000Z' });
    const first = await items.listItems({ sourceId: 'src_00000000000000aa', limit: 2, now: NOW });
    expect(first.items.map((v) => v.item.url)).toEqual(['https://news.test/l3', 'https://news.test/l2']);
    const second = await items.listItems({ sourceId: 'src_00000000000000aa', limit: 2, now: NOW, after: first.next });
    expect(second.items.map((v) => v.item.url)).toEqual(['https://news.test/l1']);
    expect(second.next).toBeUndefined();
    const resting = await items.listItems({ sourceId: 'src_00000000000000aa', limit: 5, now: NOW, status: 'resting' });
    expect(resting.items.map((v) => v.item.url)).toEqual(['https://news.test/l3']);
    expect(await items.listedBy('src_00000000000000aa', [listed[0]!.id, itemId('https://news.test/none')])).toEqual(
      new Set([listed[0]!.id]),
    );
  });

  it('maps a canonical URL to its item, and records a citation once', async () => {
    const { items } = stack.services;
    const a = item('canonical-a', '2024-12-03T09:00:00.000Z');
    await items.createItem(a);
    expect(await items.addAlias('https://news.test/amp/canonical-a', a.id)).toBe(true);
    expect(await items.addAlias('https://news.test/amp/canonical-a', 'itm_other')).toBe(false);
    const found = await items.getItems([itemId('https://news.test/amp/canonical-a')]);
    expect(found.get(itemId('https://news.test/amp/canonical-a'))?.id).toBe(a.id);
    const by = { sourceId: a.id, snapshotId: '20241203100000-000000000001' };
    expect(await items.claimCitation('https://wire.test/x', '20241203100000-00000000000a', by)).toEqual({
      snapshotId: '20241203100000-00000000000a',
      created: true,
    });
    expect(await items.claimCitation('https://wire.test/x', '20241203100000-00000000000b', by)).toEqual({
      snapshotId: '20241203100000-00000000000a',
      created: false,
    });
  });

  it('keeps per-host politeness across processes: two slots, spaced starts, freed on release or expiry', async () => {
    const { config } = stack;
    const db = createDocumentClient({ region: config.region, dynamoEndpoint: config.dynamoEndpoint });
    const gateA = new DynamoHostGate(db, config.tableName, { perHost: 2, intervalMs: 2_000, holdMs: 60_000 });
    const gateB = new DynamoHostGate(db, config.tableName, { perHost: 2, intervalMs: 2_000, holdMs: 60_000 });
    const t = Date.parse('2024-12-03T10:00:00Z');
    expect(await gateA.acquire('news.test', 'm1', new Date(t))).toEqual({ ok: true });
    expect(await gateB.acquire('news.test', 'm2', new Date(t + 500))).toMatchObject({ ok: false });
    expect(await gateB.acquire('other.test', 'm3', new Date(t + 500))).toEqual({ ok: true });
    expect(await gateB.acquire('news.test', 'm2', new Date(t + 2_000))).toEqual({ ok: true });
    expect(await gateA.acquire('news.test', 'm4', new Date(t + 5_000))).toMatchObject({ ok: false });
    await gateA.release('news.test', 'm1');
    expect(await gateA.acquire('news.test', 'm4', new Date(t + 5_000))).toEqual({ ok: true });
    // A slot whose holder died is free again after holdMs.
    expect(await gateA.acquire('news.test', 'm5', new Date(t + 70_000))).toEqual({ ok: true });
  });
});

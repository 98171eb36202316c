import { type DiscoveredFrom, dueTime, type ItemListing, itemStatus, type TrackedItem } from '../../functions/lib/core/discovery/items.js';
import { itemId } from '../../functions/lib/core/discovery/urls.js';
import type { ItemIndex, ItemQuery, Page } from '../../functions/lib/core/ports.js';
import type { Citation } from '../../functions/lib/core/snapshot.js';
import type { DiscoveryRun } from '../../functions/lib/core/sources.js';

const clone = <T>(value: T): T => structuredClone(value);

/** Tracked items in memory, with the DynamoDB index's semantics (conditional writes, aliases, due times). */
export class MemoryItemIndex implements ItemIndex {
  readonly items = new Map<string, TrackedItem>();
  readonly aliases = new Map<string, string>();
  readonly listings = new Map<string, ItemListing>();
  readonly runs = new Map<string, DiscoveryRun[]>();
  readonly citations = new Map<string, Citation[]>();
  readonly cited = new Map<string, { snapshotId: string; citedBy: DiscoveredFrom }>();

  async getItems(ids: string[]): Promise<Map<string, TrackedItem>> {
    const out = new Map<string, TrackedItem>();
    for (const id of ids) {
      const item = this.items.get(this.aliases.get(id) ?? id);
      if (item) out.set(id, clone(item));
    }
    return out;
  }
  async listedBy(sourceId: string, itemIds: string[]): Promise<Set<string>> {
    return new Set(itemIds.filter((id) => this.listings.has(`${sourceId} ${id}`)));
  }
  async createItem(item: TrackedItem): Promise<boolean> {
    if (this.items.has(item.id) || this.aliases.has(item.id)) return false;
    this.items.set(item.id, clone(item));
    return true;
  }
  async addListing(listing: ItemListing): Promise<void> {
    const key = `${listing.sourceId} ${listing.itemId}`;
    if (!this.listings.has(key)) this.listings.set(key, clone(listing));
  }
  async addListings(listings: ItemListing[]): Promise<void> {
    for (const l of listings) this.listings.set(`${l.sourceId} ${l.itemId}`, clone(l));
  }
  async leaseItem(item: TrackedItem, leaseUntil: string): Promise<boolean> {
    return this.updateItem(item.id, { step: item.step, leaseUntil: item.leaseUntil ?? null }, { leaseUntil });
  }
  async listItems(query: ItemQuery): Promise<Page<{ item: TrackedItem; listing: ItemListing }>> {
    const all = [...this.listings.values()]
      .filter((l) => l.sourceId === query.sourceId)
      .filter((l) => (!query.from || l.discoveredAt >= query.from) && (!query.to || l.discoveredAt <= `${query.to}~`))
      .sort((a, b) => `${b.discoveredAt}#${b.itemId}`.localeCompare(`${a.discoveredAt}#${a.itemId}`))
      .map((listing) => ({ listing: clone(listing), item: clone(this.items.get(listing.itemId)!) }))
      .filter((v) => v.item && (!query.status || itemStatus(v.item, query.now) === query.status));
    const start = typeof query.after?.offset === 'number' ? query.after.offset : 0;
    const items = all.slice(start, start + query.limit);
    return { items, next: start + query.limit < all.length ? { offset: start + query.limit } : undefined };
  }
  async updateItem(id: string, expect: { step: number; leaseUntil?: string | null }, patch: Partial<TrackedItem>): Promise<boolean> {
    const item = this.items.get(id);
    if (!item || item.step !== expect.step) return false;
    if (expect.leaseUntil !== undefined && (item.leaseUntil ?? null) !== expect.leaseUntil) return false;
    const next = { ...item, ...clone(patch) } as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
    this.items.set(id, next as unknown as TrackedItem);
    return true;
  }
  async addAlias(url: string, target: string): Promise<boolean> {
    const id = itemId(url);
    if (id === target) return true;
    if (this.items.has(id) || this.aliases.has(id)) return false;
    this.aliases.set(id, target);
    return true;
  }
  /** Reads only items whose due time has come, as the due index does. */
  async dueItems(now: Date, limit: number): Promise<TrackedItem[]> {
    return [...this.items.values()]
      .filter((i) => {
        const due = dueTime(i);
        return due !== undefined && due <= now.toISOString();
      })
      .sort((a, b) => dueTime(a)!.localeCompare(dueTime(b)!))
      .slice(0, limit)
      .map(clone);
  }
  async recordDiscovery(sourceId: string, run: DiscoveryRun): Promise<void> {
    this.runs.set(sourceId, [...(this.runs.get(sourceId) ?? []), clone(run)]);
  }
  async setCitations(snapshotId: string, citations: Citation[]): Promise<void> {
    this.citations.set(snapshotId, clone(citations));
  }
  async claimCitation(url: string, snapshotId: string, citedBy: DiscoveredFrom): Promise<{ snapshotId: string; created: boolean }> {
    const known = this.cited.get(url);
    if (known) return { snapshotId: known.snapshotId, created: false };
    this.cited.set(url, { snapshotId, citedBy });
    return { snapshotId, created: true };
  }
}

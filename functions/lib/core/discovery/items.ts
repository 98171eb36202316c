import type { Extractor, Source } from '../sources.js';
import { DISCOVERY_DEFAULTS } from './defaults.js';
import type { DiscoveredEntry } from './documents.js';
import type { Scope } from './scope.js';
import { itemId, normaliseItemUrl } from './urls.js';

export const ITEM_STATUSES = ['due', 'waiting', 'resting', 'refused', 'failed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Where a capture came from: the source and the snapshot of the page, feed or article that named it. */
export interface DiscoveredFrom {
  sourceId: string;
  snapshotId: string;
}

/**
 * One article being followed, whichever sources found it. Its id is {@link itemId} of its URL, the
 * id its captures are grouped under, so its claims history and `/changes` are the article's own.
 * The settings of the source that found it first (ladder, robots, citations, extractor) travel with it.
 */
export interface TrackedItem {
  id: string;
  url: string;
  /** The page's `<link rel="canonical">` when it named another URL; that URL maps to this item too. */
  canonicalUrl?: string;
  /** The source that found it first; its settings apply. */
  sourceId: string;
  discoveredAt: string;
  discoveredFrom: DiscoveredFrom;
  title?: string;
  publishedAt?: string;
  extractor: Extractor;
  recapture: string[];
  robots: 'obey' | 'ignore';
  citations: boolean;
  /** Finished captures (successful or failed after their retries). */
  captures: number;
  firstCapturedAt?: string;
  lastCapturedAt?: string;
  latestSnapshotId?: string;
  lastStatus?: 'captured' | 'unchanged' | 'failed';
  /** The rung due next: 0 is the capture at discovery, k ≥ 1 is `recapture[k-1]` after the first. */
  step: number;
  /** When that rung is due; absent once the ladder is done (the item rests). */
  dueAt?: string;
  /** A job for the rung was sent; the sweep leaves the item alone until then (a lost job is sent again after). */
  leaseUntil?: string;
  /** `refused`: robots.txt or the network guard refused it; `merged`: its canonical URL is another item. */
  state: 'active' | 'refused' | 'merged';
  error?: string;
  mergedInto?: string;
}

/** An item as one source lists it: when that source found it, with its own feed's title and date. */
export interface ItemListing {
  sourceId: string;
  itemId: string;
  discoveredAt: string;
  title?: string;
  publishedAt?: string;
}

/** The API's view of an item (`GET /sources/{id}/items`). */
export interface ItemView {
  id: string;
  url: string;
  title?: string;
  discoveredAt: string;
  publishedAt?: string;
  captures: number;
  lastCapturedAt?: string;
  nextCaptureAt?: string;
  status: ItemStatus;
  latestSnapshotId?: string;
  error?: string;
}

/**
 * `refused` (robots.txt or an internal address), `failed` (its latest capture failed; the ladder
 * goes on), `resting` (the ladder is done), else `due` or `waiting` by its next rung's time.
 */
export function itemStatus(item: TrackedItem, now: Date): ItemStatus {
  if (item.state === 'refused') return 'refused';
  if (item.lastStatus === 'failed') return 'failed';
  if (!item.dueAt || item.state === 'merged') return 'resting';
  return item.dueAt <= now.toISOString() ? 'due' : 'waiting';
}

export function itemView(item: TrackedItem, listing: ItemListing | undefined, now: Date): ItemView {
  return {
    id: item.id,
    url: item.url,
    title: listing?.title ?? item.title,
    discoveredAt: listing?.discoveredAt ?? item.discoveredAt,
    publishedAt: listing?.publishedAt ?? item.publishedAt,
    captures: item.captures,
    lastCapturedAt: item.lastCapturedAt,
    nextCaptureAt: item.state === 'active' ? item.dueAt : undefined,
    status: itemStatus(item, now),
    latestSnapshotId: item.latestSnapshotId,
    ...(item.error ? { error: item.error } : {}),
  };
}

/**
 * Due-index keys: the hour bucket of the time an item next needs the sweep (its rung, or the end
 * of its lease), and a sort key that orders the bucket by that time. The sweep reads a bucket with
 * `sort key <= now`, so it never reads an item that is not due.
 */
export function dueTime(item: Pick<TrackedItem, 'dueAt' | 'leaseUntil' | 'state'>): string | undefined {
  if (item.state !== 'active' || !item.dueAt) return undefined;
  return item.leaseUntil && item.leaseUntil > item.dueAt ? item.leaseUntil : item.dueAt;
}
export function dueBucket(iso: string): string {
  return iso.slice(0, 13);
}
export function hourBuckets(fromBucket: string, to: Date): string[] {
  const buckets: string[] = [];
  const end = dueBucket(to.toISOString());
  let t = Date.parse(`${fromBucket}:00:00.000Z`);
  if (Number.isNaN(t)) return [end];
  for (
    let b = dueBucket(new Date(t).toISOString());
    b <= end && buckets.length < 24 * 400;
    t += 3_600_000, b = dueBucket(new Date(t).toISOString())
  ) {
    buckets.push(b);
  }
  return buckets;
}

/** A discovered article that passed normalisation and scope. */
export interface Candidate {
  id: string;
  url: string;
  title?: string;
  publishedAt?: string;
}

/**
 * Normalises and scopes a run's entries: `javascript:` and other non-http(s) links, links out of
 * scope and repeats are counted by reason, never silently lost. The source's own URL is not an
 * article of itself.
 */
export function screenEntries(
  entries: DiscoveredEntry[],
  source: Pick<Source, 'url'>,
  scope: Scope,
): { candidates: Candidate[]; skipped: Record<string, number> } {
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const seen = new Map<string, Candidate>();
  const own = normaliseItemUrl(source.url);
  for (const entry of entries) {
    const normal = normaliseItemUrl(entry.url, source.url);
    if ('refused' in normal) {
      skip(normal.refused);
      continue;
    }
    if ('url' in own && normal.url === own.url) continue;
    const outside = scope.reject(normal.url);
    if (outside) {
      skip(outside);
      continue;
    }
    const id = itemId(normal.url);
    const known = seen.get(id);
    if (known) {
      known.title ??= entry.title;
      known.publishedAt ??= entry.publishedAt;
      continue;
    }
    seen.set(id, { id, url: normal.url, title: entry.title, publishedAt: entry.publishedAt });
  }
  return { candidates: [...seen.values()], skipped };
}

/**
 * Splits a run's new articles: the newest `maxPerRun` are captured now, the rest wait for the
 * source's next runs, `maxPerRun` per run (`laterRuns[k]` is the time of the k-th next run), so
 * nothing is dropped. Articles without a date keep their document order after dated ones.
 */
export function planNewItems<T extends Candidate>(
  fresh: T[],
  maxPerRun: number,
  now: Date,
  laterRuns: Date[],
): { item: T; dueAt: Date; now: boolean }[] {
  const ordered = fresh
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (b.item.publishedAt ?? '').localeCompare(a.item.publishedAt ?? '') || a.i - b.i)
    .map(({ item }) => item);
  return ordered.map((item, i) => {
    const batch = Math.floor(i / maxPerRun);
    if (batch === 0) return { item, dueAt: now, now: true };
    const run = laterRuns[Math.min(batch - 1, laterRuns.length - 1)] ?? now;
    return { item, dueAt: run, now: false };
  });
}

/** A new item's record from the source that found it. */
export function newItem(candidate: Candidate, source: Source, from: DiscoveredFrom, now: Date, dueAt: Date): TrackedItem {
  return {
    id: candidate.id,
    url: candidate.url,
    sourceId: source.id,
    discoveredAt: now.toISOString(),
    discoveredFrom: from,
    ...(candidate.title ? { title: candidate.title } : {}),
    ...(candidate.publishedAt ? { publishedAt: candidate.publishedAt } : {}),
    extractor: source.extractor,
    recapture: [...(source.recapture ?? DISCOVERY_DEFAULTS.recapture)],
    robots: source.robots ?? DISCOVERY_DEFAULTS.robots,
    citations: source.citations ?? DISCOVERY_DEFAULTS.citations,
    captures: 0,
    step: 0,
    dueAt: dueAt.toISOString(),
    state: 'active',
  };
}

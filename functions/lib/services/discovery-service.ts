import pMap from 'p-map';
import {
  DEFAULT_DOCUMENT_LIMITS,
  type DiscoveredEntry,
  DiscoveryDocumentError,
  type DocumentLimits,
  parseDiscoveryDocument,
} from '../core/discovery/documents.js';
import { DISCOVERY_DEFAULTS } from '../core/discovery/defaults.js';
import { newItem, planNewItems, screenEntries, type TrackedItem } from '../core/discovery/items.js';
import { feedLinks, pageLinks } from '../core/discovery/links.js';
import { compileScope } from '../core/discovery/scope.js';
import { hostKey } from '../core/discovery/urls.js';
import { errorMessage } from '../core/errors.js';
import type { ArchiveStore, CaptureJob, Clock, ItemIndex, Logger } from '../core/ports.js';
import { nextRun, parseSchedule } from '../core/schedule.js';
import type { Snapshot } from '../core/snapshot.js';
import type { DiscoveryRun, Source } from '../core/sources.js';
import { fetchDocument, type GuardedFetch } from './discovery-fetch.js';

export interface DiscoveryDeps {
  store: ArchiveStore;
  items: ItemIndex;
  /** The SSRF-guarded client, with discovery's size cap, for feeds, sitemaps and robots.txt. */
  http: GuardedFetch;
  /** Puts a capture job on the queue. */
  send(job: CaptureJob): unknown;
  clock: Clock;
  logger: Logger;
  limits?: Partial<DiscoveryLimits>;
}

export interface DiscoveryLimits extends DocumentLimits {
  /** Sitemaps read in one run through sitemap indexes (the index itself included). */
  maxSitemaps: number;
  /** Feeds tried from a page's `<link rel="alternate">` in `auto`. */
  maxFeeds: number;
  /** How long a sent job keeps an item away from the sweep; a job lost for longer is sent again. */
  leaseMs: number;
}

export const DEFAULT_DISCOVERY_LIMITS: DiscoveryLimits = {
  ...DEFAULT_DOCUMENT_LIMITS,
  maxSitemaps: 50,
  maxFeeds: 3,
  leaseMs: 30 * 60_000,
};

/** The capture job for an item's rung. Its key and slot are the rung's, so a job sent twice is one snapshot. */
export function itemJob(item: TrackedItem): CaptureJob {
  return {
    sourceId: item.id,
    url: item.url,
    extractor: item.extractor,
    slot: item.dueAt ?? item.discoveredAt,
    jobKey: `item:${item.id}:${item.step}`,
    discoveredFrom: item.discoveredFrom,
    follow: { kind: 'item', step: item.step, robots: item.robots },
  };
}

interface Gathered {
  entries: DiscoveredEntry[];
  /** Entries the documents listed, those beyond the per-document cap included. */
  total: number;
  documents: string[];
  problems: string[];
}

function artifactOf(snapshot: Snapshot) {
  return snapshot.artifacts.find((a) => a.name === 'html') ?? snapshot.artifacts.find((a) => a.name === 'resource');
}

/**
 * Reads what a source's capture lists and turns it into tracked items: the captured page or feed
 * itself (from the archive, so what was discovered is what was archived), plus the sitemaps an
 * index names and the feeds a page advertises, fetched through the guarded client. New articles
 * in scope are tracked, the newest `maxPerRun` sent to the queue at once and the rest due at the
 * source's next runs; every entry that is not tracked is counted by reason. The run is recorded
 * on the source as `lastDiscovery`, with a readable `error` when nothing could be read. It never
 * throws for bad input, only when the index itself fails.
 */
export async function discoverFromSnapshot(deps: DiscoveryDeps, source: Source, snapshot: Snapshot): Promise<DiscoveryRun> {
  const limits = { ...DEFAULT_DISCOVERY_LIMITS, ...deps.limits };
  const now = deps.clock.now();
  const run: DiscoveryRun = { at: now.toISOString(), snapshotId: snapshot.id, found: 0, enqueued: 0, deferred: 0, known: 0, skipped: 0 };
  let gathered: Gathered;
  try {
    gathered = await gather(deps, source, snapshot, limits);
  } catch (err) {
    run.error = errorMessage(err);
    await record(deps, source, run);
    return run;
  }
  run.documents = gathered.documents;
  run.found = gathered.total;
  if (gathered.entries.length === 0 && gathered.problems.length > 0) run.error = gathered.problems.join('; ');
  else if (gathered.problems.length > 0) run.problems = gathered.problems;

  const skipped: Record<string, number> = {};
  const skip = (reason: string, n = 1) => {
    skipped[reason] = (skipped[reason] ?? 0) + n;
  };
  if (gathered.total > gathered.entries.length) {
    skip(
      `over the ${limits.maxEntries}-entry limit of one document (read the first ${limits.maxEntries})`,
      gathered.total - gathered.entries.length,
    );
  }

  const scope = compileScope(source.url, source.include, source.exclude);
  const screened = screenEntries(gathered.entries, source, scope);
  for (const [reason, n] of Object.entries(screened.skipped)) skip(reason, n);

  // The network guard, once per host: a link to an internal address is refused before any request.
  const hostVerdicts = new Map<string, Promise<string | undefined>>();
  const verdict = (url: string) => {
    const host = hostKey(url);
    let v = hostVerdicts.get(host);
    if (!v) {
      v = deps.http.assertAllowed(new URL(url)).then(
        () => undefined,
        (err: unknown) => `refused: ${errorMessage(err).replace(/^refused /, '')}`,
      );
      hostVerdicts.set(host, v);
    }
    return v;
  };
  const allowed = [];
  for (const candidate of screened.candidates) {
    const refused = await verdict(candidate.url);
    if (refused) skip(refused);
    else allowed.push(candidate);
  }

  const known = await deps.items.getItems(allowed.map((c) => c.id));
  const knownIds = [...new Set([...known.values()].map((i) => i.id))];
  const listed = await deps.items.listedBy(source.id, knownIds);
  const from = { sourceId: source.id, snapshotId: snapshot.id };
  const fresh = allowed.filter((c) => !known.has(c.id));
  run.known = allowed.length - fresh.length;
  await pMap(
    allowed.filter((c) => known.has(c.id) && !listed.has(known.get(c.id)!.id)),
    (c) =>
      deps.items.addListing({
        sourceId: source.id,
        itemId: known.get(c.id)!.id,
        discoveredAt: now.toISOString(),
        title: c.title,
        publishedAt: c.publishedAt,
      }),
    { concurrency: 8 },
  );

  const maxPerRun = source.maxPerRun ?? DISCOVERY_DEFAULTS.maxPerRun;
  const plan = planNewItems(fresh, maxPerRun, now, laterRuns(source, now, Math.ceil(fresh.length / maxPerRun) - 1));
  const created = await pMap(
    plan,
    async ({ item: candidate, dueAt, now: atOnce }) => {
      const item = newItem(candidate, source, from, now, dueAt);
      if (atOnce) item.leaseUntil = new Date(now.getTime() + limits.leaseMs).toISOString();
      // Another source's run may have created it a moment ago: then it is only listed here.
      return { item, candidate, atOnce, created: await deps.items.createItem(item) };
    },
    { concurrency: 16 },
  );
  // The listings of this run's new items go in batches: nobody else lists them under this source.
  await deps.items.addListings(
    created.map(({ item, candidate }) => ({
      sourceId: source.id,
      itemId: item.id,
      discoveredAt: item.discoveredAt,
      title: candidate.title,
      publishedAt: candidate.publishedAt,
    })),
  );
  for (const { item, atOnce, created: isNew } of created) {
    if (!isNew) continue;
    if (atOnce) {
      await deps.send(itemJob(item));
      run.enqueued++;
    } else run.deferred++;
  }

  run.skipped = Object.values(skipped).reduce((n, c) => n + c, 0);
  if (Object.keys(skipped).length > 0) run.skippedReasons = skipped;
  await record(deps, source, run);
  return run;
}

async function record(deps: DiscoveryDeps, source: Source, run: DiscoveryRun): Promise<void> {
  deps.logger.info('discovery run', { sourceId: source.id, ...run, skippedReasons: undefined });
  await deps.items.recordDiscovery(source.id, run);
}

/** The times of the source's next `count` scheduled runs, when deferred articles fall due. */
function laterRuns(source: Source, now: Date, count: number): Date[] {
  const runs: Date[] = [];
  try {
    const schedule = parseSchedule(source.schedule);
    let at: Date | undefined = now;
    while (runs.length < Math.min(count, 10_000) && at) {
      at = nextRun(schedule, at);
      if (at) runs.push(at);
    }
  } catch {
    // a bad schedule never reaches here (sources are validated), and deferred items then fall due now
  }
  return runs;
}

async function readArtifact(
  deps: DiscoveryDeps,
  snapshot: Snapshot,
  limits: DiscoveryLimits,
): Promise<{ body: Uint8Array; contentType: string }> {
  const artifact = artifactOf(snapshot);
  if (!artifact) throw new DiscoveryDocumentError('the capture kept no page or document to read');
  if (artifact.bytes > limits.maxBytes) {
    throw new DiscoveryDocumentError(
      `the captured document is ${(artifact.bytes / 1048576).toFixed(1)} MB, over the ${(limits.maxBytes / 1048576).toFixed(1)} MB discovery cap`,
    );
  }
  return { body: await deps.store.get(artifact.key), contentType: artifact.name === 'html' ? 'text/html' : artifact.contentType };
}

async function gather(deps: DiscoveryDeps, source: Source, snapshot: Snapshot, limits: DiscoveryLimits): Promise<Gathered> {
  if (snapshot.status === 'failed')
    throw new DiscoveryDocumentError(`the source could not be captured: ${snapshot.error ?? 'unknown error'}`);
  const page = await readArtifact(deps, snapshot, limits);
  const pageUrl = snapshot.finalUrl ?? snapshot.url;
  const out: Gathered = { entries: [], total: 0, documents: [pageUrl], problems: [] };
  const isHtml = page.contentType.startsWith('text/html');
  const mode = source.discover ?? 'links';

  if (mode === 'links' || (mode === 'auto' && isHtml)) {
    const html = new TextDecoder().decode(page.body);
    if (mode === 'auto') {
      for (const feed of feedLinks(html, pageUrl).slice(0, limits.maxFeeds)) {
        await readDocument(deps, feed, out, limits, new Set());
      }
      if (out.entries.length > 0) return out;
    }
    if (!isHtml) throw new DiscoveryDocumentError(`expected an HTML page to read links from, got ${page.contentType || 'an unknown type'}`);
    const links = pageLinks(html, pageUrl);
    out.entries.push(...links.slice(0, limits.maxEntries));
    out.total += links.length;
    return out;
  }
  const doc = parseDiscoveryDocument(page.body, page.contentType, limits);
  if (mode === 'feed' && doc.kind !== 'feed') throw new DiscoveryDocumentError(`expected a feed, got a ${doc.kind}`);
  if (mode === 'sitemap' && doc.kind === 'feed') throw new DiscoveryDocumentError(`expected a sitemap, got a ${doc.format} feed`);
  await absorb(deps, doc, pageUrl, out, limits, new Set([pageUrl]));
  return out;
}

/** Fetches and reads one feed or sitemap; a failure is a problem of the run, not of the whole source. */
async function readDocument(deps: DiscoveryDeps, url: string, out: Gathered, limits: DiscoveryLimits, visited: Set<string>): Promise<void> {
  if (visited.has(url)) {
    out.problems.push(`sitemap index loops back to ${url} (or names it twice); not read again`);
    return;
  }
  if (out.documents.length > limits.maxSitemaps) {
    out.problems.push(`more than ${limits.maxSitemaps} sitemaps; ${url} and later ones not read`);
    return;
  }
  visited.add(url);
  out.documents.push(url);
  try {
    const fetched = await fetchDocument(deps.http, url);
    const doc = parseDiscoveryDocument(fetched.body, fetched.contentType, limits);
    await absorb(deps, doc, url, out, limits, visited);
  } catch (err) {
    out.problems.push(`${url}: ${errorMessage(err)}`);
  }
}

async function absorb(
  deps: DiscoveryDeps,
  doc: ReturnType<typeof parseDiscoveryDocument>,
  url: string,
  out: Gathered,
  limits: DiscoveryLimits,
  visited: Set<string>,
): Promise<void> {
  if (doc.kind === 'sitemap-index') {
    if (doc.total > doc.sitemaps.length) out.problems.push(`${url} lists ${doc.total} sitemaps; read the first ${doc.sitemaps.length}`);
    for (const child of doc.sitemaps) {
      let resolved: string;
      try {
        resolved = new URL(child, url).href;
      } catch {
        out.problems.push(`${url} names a sitemap that is not a URL`);
        continue;
      }
      await readDocument(deps, resolved, out, limits, visited);
    }
    return;
  }
  const room = Math.max(0, limits.maxEntries - out.entries.length);
  out.entries.push(...doc.entries.slice(0, room));
  out.total += doc.total;
}

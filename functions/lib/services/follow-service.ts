import pMap from 'p-map';
import type { TrackedItem } from '../core/discovery/items.js';
import { nextRung, parseLadder } from '../core/discovery/ladder.js';
import { canonicalLink, citationLinks } from '../core/discovery/links.js';
import { normaliseItemUrl } from '../core/discovery/urls.js';
import { errorMessage, ForbiddenDestinationError } from '../core/errors.js';
import type { CaptureJob, SnapshotIndex } from '../core/ports.js';
import { type Citation, type Snapshot, snapshotId } from '../core/snapshot.js';
import { sourceId as sourceIdOf } from '../core/sources.js';
import type { CaptureDeps, CaptureOutcome } from './capture-service.js';
import { captureJob } from './capture-service.js';
import type { RobotsCache } from './discovery-fetch.js';
import { DEFAULT_DISCOVERY_LIMITS, type DiscoveryDeps, discoverFromSnapshot, itemJob } from './discovery-service.js';

export interface FollowDeps extends DiscoveryDeps {
  index: Pick<SnapshotIndex, 'getSource'>;
  robots: RobotsCache;
}

/**
 * Captures one queued job and follows the news from it. Discovered jobs (articles, citations) are
 * checked against robots.txt first when their source obeys it; a refusal is recorded as a failed
 * snapshot, like any refused destination. Once the job's outcome is final (success, a permanent
 * failure, or the last attempt) it is followed up:
 * - a source page with `discover` runs discovery over what was captured;
 * - an article advances on its ladder, merges with its canonical URL, and has its citations
 *   captured once and listed on its snapshot.
 * The capture itself is today's pipeline, unchanged.
 */
export async function captureAndFollow(
  capture: CaptureDeps,
  follow: FollowDeps,
  job: CaptureJob,
  options: { finalAttempt: boolean },
): Promise<CaptureOutcome> {
  let refusal: string | undefined;
  const deps: CaptureDeps = {
    ...capture,
    async assertAllowed(url) {
      try {
        await capture.assertAllowed(url);
        if (job.follow?.robots === 'obey') await follow.robots.assertAllowed(url);
      } catch (err) {
        if (err instanceof ForbiddenDestinationError) refusal = errorMessage(err);
        throw err;
      }
    },
  };
  const outcome = await captureJob(deps, job);
  if (outcome.error?.retryable && !options.finalAttempt) return outcome;
  await afterCapture(follow, job, outcome, refusal);
  return outcome;
}

async function afterCapture(deps: FollowDeps, job: CaptureJob, outcome: CaptureOutcome, refusal: string | undefined): Promise<void> {
  if (job.follow?.kind === 'item') return recordItemCapture(deps, job, outcome.snapshot, refusal);
  if (job.follow) return;
  const source = await deps.index.getSource(job.sourceId);
  if (source?.discover) await discoverFromSnapshot(deps, source, outcome.snapshot);
}

/**
 * Moves an item past the rung this capture ran: counts it, folds in the canonical URL, captures
 * its citations, and sets the next rung's time (or lets it rest). Conditional on the rung, so a
 * repeated delivery of the same job changes nothing.
 */
export async function recordItemCapture(deps: FollowDeps, job: CaptureJob, snapshot: Snapshot, refusal?: string): Promise<void> {
  const step = job.follow?.step ?? 0;
  const item = (await deps.items.getItems([job.sourceId])).get(job.sourceId);
  if (!item || item.id !== job.sourceId || item.step !== step) return;
  const now = deps.clock.now();
  const succeeded = snapshot.status !== 'failed';
  const patch: Partial<TrackedItem> = {
    captures: item.captures + 1,
    firstCapturedAt: item.firstCapturedAt ?? snapshot.capturedAt,
    lastCapturedAt: snapshot.capturedAt,
    latestSnapshotId: snapshot.id,
    lastStatus: snapshot.status,
    leaseUntil: undefined,
    error: succeeded ? undefined : snapshot.error,
  };
  if (refusal) {
    Object.assign(patch, { state: 'refused', dueAt: undefined, error: refusal });
    await deps.items.updateItem(item.id, { step }, patch);
    return;
  }
  const html = succeeded && snapshot.status === 'captured' ? await readHtml(deps, snapshot) : undefined;
  if (html && !item.canonicalUrl) {
    const merged = await foldCanonical(deps, item, html, snapshot);
    if (merged) {
      Object.assign(patch, merged);
      await deps.items.updateItem(item.id, { step }, patch);
      return;
    }
    const canonical = canonicalOf(html, snapshot);
    if (canonical && canonical !== item.url) patch.canonicalUrl = canonical;
  }
  if (html && item.citations) await captureCitations(deps, item, snapshot, html);
  const next = nextRung(parseLadder(item.recapture), new Date(patch.firstCapturedAt!), step, new Date(snapshot.capturedAt));
  patch.step = next ? next.step : step + 1;
  patch.dueAt = next ? new Date(Math.max(next.at.getTime(), now.getTime())).toISOString() : undefined;
  await deps.items.updateItem(item.id, { step }, patch);
}

async function readHtml(deps: FollowDeps, snapshot: Snapshot): Promise<string | undefined> {
  const artifact = snapshot.artifacts.find((a) => a.name === 'html');
  if (!artifact || artifact.bytes > (deps.limits?.maxBytes ?? DEFAULT_DISCOVERY_LIMITS.maxBytes)) return undefined;
  return new TextDecoder().decode(await deps.store.get(artifact.key));
}

function canonicalOf(html: string, snapshot: Snapshot): string | undefined {
  const link = canonicalLink(html, snapshot.finalUrl ?? snapshot.url);
  if (!link) return undefined;
  const normal = normaliseItemUrl(link);
  return 'url' in normal ? normal.url : undefined;
}

/**
 * `<link rel="canonical">` merges duplicates: the canonical URL becomes an alias of this item, so
 * later discoveries of it land here. If the canonical URL is already another item, this one is
 * merged into it and stops (its capture stays in the archive).
 */
async function foldCanonical(
  deps: FollowDeps,
  item: TrackedItem,
  html: string,
  snapshot: Snapshot,
): Promise<Partial<TrackedItem> | undefined> {
  const canonical = canonicalOf(html, snapshot);
  if (!canonical || canonical === item.url) return undefined;
  const existing = (await deps.items.getItems([sourceIdOf(canonical)])).get(sourceIdOf(canonical));
  if (existing && existing.id !== item.id) {
    await deps.items.addAlias(item.url, existing.id);
    return { state: 'merged', mergedInto: existing.id, dueAt: undefined, canonicalUrl: canonical };
  }
  await deps.items.addAlias(canonical, item.id);
  return undefined;
}

/**
 * Captures the pages an article's body cites, once each across the archive (one hop: a citation's
 * own links are not followed), and lists them on the citing snapshot. A citation to an internal
 * address is listed as refused and never requested.
 */
async function captureCitations(deps: FollowDeps, item: TrackedItem, snapshot: Snapshot, html: string): Promise<void> {
  const { urls } = citationLinks(html, snapshot.finalUrl ?? snapshot.url);
  if (urls.length === 0) return;
  const citedBy = { sourceId: item.id, snapshotId: snapshot.id };
  const slot = deps.clock.now().toISOString();
  const citations = await pMap(
    urls,
    async (url): Promise<Citation> => {
      try {
        await deps.http.assertAllowed(new URL(url));
      } catch (err) {
        return { url, status: 'refused', reason: errorMessage(err) };
      }
      const job: CaptureJob = {
        sourceId: sourceIdOf(url),
        url,
        extractor: 'auto',
        slot,
        jobKey: `cite:${sourceIdOf(url)}`,
        discoveredFrom: citedBy,
        follow: { kind: 'citation', robots: item.robots },
      };
      const claimed = await deps.items.claimCitation(url, snapshotId(new Date(slot), job.jobKey), citedBy);
      if (claimed.created) await deps.send(job);
      return { url, snapshotId: claimed.snapshotId, status: 'queued' };
    },
    { concurrency: 4 },
  );
  await deps.items.setCitations(snapshot.id, citations);
}

export interface SweepDeps {
  items: FollowDeps['items'];
  send(job: CaptureJob): unknown;
  clock: FollowDeps['clock'];
  logger: FollowDeps['logger'];
  leaseMs?: number;
  /** Most items one sweep sends. */
  limit?: number;
}

/**
 * Sends every item whose rung is due (or whose sent job outlived its lease) to the capture queue.
 * Each item is leased first, conditionally, so two sweeps never send one rung twice; the lease
 * keeps it out of later sweeps until the capture moves it on.
 */
export async function sweepDueItems(deps: SweepDeps): Promise<CaptureJob[]> {
  const now = deps.clock.now();
  const due = await deps.items.dueItems(now, deps.limit ?? 1_000);
  const leaseUntil = new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_DISCOVERY_LIMITS.leaseMs)).toISOString();
  const sent: CaptureJob[] = [];
  await pMap(
    due,
    async (item) => {
      if (!(await deps.items.leaseItem(item, leaseUntil))) return;
      const job = itemJob(item);
      await deps.send(job);
      sent.push(job);
    },
    { concurrency: 8 },
  );
  if (due.length > 0) deps.logger.info('sweep sent due items', { due: due.length, sent: sent.length });
  return sent;
}

import { createHash } from 'node:crypto';
import { distance } from 'fastest-levenshtein';
import type { ExtractedClaim, TextQuoteSelector } from './claims/types.js';

type ClaimStatus = 'present' | 'removed';

/** A claim as indexed: what a source said, where, and its history across captures. */
export interface Claim extends Omit<ExtractedClaim, 'selector'> {
  id: string;
  sourceUrl: string;
  sourceId: string;
  /** The time a claim is about, for time filters: its event time, else the page's publication, else first sight. */
  claimTime: string;
  firstSeenAt: string;
  lastSeenAt: string;
  status: ClaimStatus;
  previousVersionId?: string;
  nextVersionId?: string;
  removedAt?: string;
  removedBySnapshotId?: string;
  evidence: { snapshotId: string } & TextQuoteSelector;
}

export interface Sighting {
  claimId: string;
  snapshotId: string;
  capturedAt: string;
  selector: TextQuoteSelector;
}

type ChangeType = 'added' | 'removed' | 'edited';

export interface ClaimChange {
  type: ChangeType;
  sourceId: string;
  sourceUrl: string;
  snapshotId: string;
  previousSnapshotId?: string;
  capturedAt: string;
  claimId: string;
  text: string;
  previousVersionId?: string;
  previousText?: string;
}

/** A capture that indexed a source's claims: an entry of the source's capture log. */
export interface ClaimCapture {
  snapshotId: string;
  capturedAt: string;
}

/**
 * Where a claim's sightings change: a run opens (a capture showed the claim, with `selector`,
 * after a capture that did not, or showed it differently) or ends (a capture no longer showed it).
 * Between events, every capture in the source's capture log saw the claim as the last open event
 * says, so a recapture that changes nothing records nothing per claim.
 */
export interface RunEvent {
  claimId: string;
  snapshotId: string;
  capturedAt: string;
  /** The selector the run's captures show the claim with; absent when the event ends a run. */
  selector?: TextQuoteSelector;
}

/** Which claims a source showed in its latest capture that indexed claims, and which capture that was. */
export interface CurrentClaims {
  snapshotId: string;
  capturedAt: string;
  claims: Claim[];
  /**
   * Whether the current claims' sightings are recorded as runs. False for a set indexed before
   * runs existed (one sighting item per capture): the next capture opens a run for each claim.
   */
  runs?: boolean;
}

export interface Reconciliation {
  /**
   * The claim records to write: new, reworded, come back, seen with another selector, removed.
   * A claim seen again as it was is not among them: its `lastSeenAt` and evidence follow the
   * source's latest capture ({@link withLatestCapture}).
   */
  claims: Claim[];
  /** Claims that are new in this capture (they also get index postings). */
  created: Claim[];
  /** Every claim this capture showed: the sightings it adds (recorded as runs, not one item each). */
  sightings: Sighting[];
  /** The runs this capture opens or ends. */
  runEvents: RunEvent[];
  changes: ClaimChange[];
  currentIds: string[];
  /** Whether the set of current claims differs from the previous capture's. */
  currentChanged: boolean;
}

/** Claims whose normalised texts are this similar (1 - edit distance / length) are one claim reworded. */
const EDIT_SIMILARITY = 0.75;

export function normaliseClaimText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb"'`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .trim();
}

/** A claim's id is stable: its source plus its normalised text. */
export function claimId(sourceId: string, text: string): string {
  return (
    'clm_' +
    createHash('sha256')
      .update(`${sourceId}\u0000${normaliseClaimText(text)}`)
      .digest('hex')
      .slice(0, 24)
  );
}

export function similarity(a: string, b: string): number {
  return normalisedSimilarity(normaliseClaimText(a), normaliseClaimText(b));
}

/** {@link similarity} of two texts already normalised. */
function normalisedSimilarity(x: string, y: string): number {
  const longest = Math.max(x.length, y.length);
  return longest === 0 ? 1 : 1 - distance(x, y) / longest;
}

/**
 * How many vanished claims of its kind a new claim is compared with at most. A page has far fewer
 * claims of one kind than this, and then every pair is compared. Past it (a page of thousands of
 * claims that all changed), a new claim is compared with the vanished claims nearest to its own
 * place in the page, since an edit stays where it was; without a bound, 20,000 changed claims would
 * mean 400 million distances and as many objects held at once.
 */
const MAX_EDIT_CANDIDATES = 200;

/**
 * The pairs (new claim, vanished claim of the same kind) at least EDIT_SIMILARITY alike, most alike
 * first, ties in page order, scored as `similarity` scores them. A distance is at least the
 * difference in length, so texts whose lengths rule that score out are not compared.
 */
function editCandidates(created: readonly Claim[], vanished: readonly Claim[]): { next: Claim; old: Claim; score: number }[] {
  const byKind = new Map<string, { claim: Claim; text: string; order: number }[]>();
  vanished.forEach((claim, order) => {
    const list = byKind.get(claim.kind) ?? [];
    list.push({ claim, text: normaliseClaimText(claim.text), order });
    byKind.set(claim.kind, list);
  });
  const createdOfKind = new Map<string, number>();
  for (const next of created) createdOfKind.set(next.kind, (createdOfKind.get(next.kind) ?? 0) + 1);
  const seenOfKind = new Map<string, number>();
  const pairs: { next: Claim; old: Claim; score: number; nextOrder: number; oldOrder: number }[] = [];
  created.forEach((next, nextOrder) => {
    const list = byKind.get(next.kind);
    const rank = seenOfKind.get(next.kind) ?? 0;
    seenOfKind.set(next.kind, rank + 1);
    if (!list) return;
    let [start, end] = [0, list.length];
    if (list.length > MAX_EDIT_CANDIDATES) {
      const at = Math.round((rank / createdOfKind.get(next.kind)!) * list.length);
      start = Math.min(Math.max(0, at - MAX_EDIT_CANDIDATES / 2), list.length - MAX_EDIT_CANDIDATES);
      end = start + MAX_EDIT_CANDIDATES;
    }
    const text = normaliseClaimText(next.text);
    for (let i = start; i < end; i++) {
      const old = list[i]!;
      if (Math.min(old.text.length, text.length) < Math.max(old.text.length, text.length) * EDIT_SIMILARITY - 1e-9) continue;
      const score = normalisedSimilarity(old.text, text);
      if (score >= EDIT_SIMILARITY) pairs.push({ next, old: old.claim, score, nextOrder, oldOrder: old.order });
    }
  });
  return pairs.sort((a, b) => b.score - a.score || a.nextOrder - b.nextOrder || a.oldOrder - b.oldOrder);
}

function withoutSelector({ selector: _selector, ...rest }: ExtractedClaim): Omit<ExtractedClaim, 'selector'> {
  return rest;
}

export interface ReconcileInput {
  sourceId: string;
  sourceUrl: string;
  snapshotId: string;
  capturedAt: string;
  publishedAt?: string;
  previous?: CurrentClaims;
  extracted: ExtractedClaim[];
}

function sameSelector(a: TextQuoteSelector, b: TextQuoteSelector): boolean {
  return a.exact === b.exact && a.prefix === b.prefix && a.suffix === b.suffix;
}

/**
 * Compares a capture's claims with the source's current claims:
 * - a claim seen again as it was keeps its id and record; only the source's latest capture moves,
 *   which moves its `lastSeenAt` and evidence;
 * - a claim seen again with another selector (its neighbours changed) gets that evidence and a new run;
 * - a new claim that closely matches a vanished one (same kind, similarity ≥ {@link EDIT_SIMILARITY})
 *   is an edit: linked by `previousVersionId`, and the old version is marked removed;
 * - every other vanished claim is marked removed by this snapshot, and its run ends.
 * Changes are only reported against a previous capture.
 */
export function reconcileClaims(input: ReconcileInput): Reconciliation {
  const previous = new Map((input.previous?.claims ?? []).map((c) => [c.id, c]));
  const runsKnown = input.previous?.runs === true;
  const seen = new Set<string>();
  const written: Claim[] = [];
  const created: Claim[] = [];
  const sightings: Sighting[] = [];
  const runEvents: RunEvent[] = [];
  const at = { snapshotId: input.snapshotId, capturedAt: input.capturedAt };

  for (const extracted of input.extracted) {
    const id = claimId(input.sourceId, extracted.text);
    if (seen.has(id)) continue;
    seen.add(id);
    sightings.push({ claimId: id, ...at, selector: extracted.selector });
    const evidence = { snapshotId: input.snapshotId, ...extracted.selector };
    const before = previous.get(id);
    if (before && runsKnown && sameSelector(before.evidence, extracted.selector)) continue;
    runEvents.push({ claimId: id, ...at, selector: extracted.selector });
    if (before) {
      written.push({
        ...before,
        status: 'present',
        lastSeenAt: input.capturedAt,
        evidence,
        removedAt: undefined,
        removedBySnapshotId: undefined,
      });
      continue;
    }
    const claim: Claim = {
      ...withoutSelector(extracted),
      id,
      sourceUrl: input.sourceUrl,
      sourceId: input.sourceId,
      claimTime: extracted.eventTime ?? input.publishedAt ?? input.capturedAt,
      firstSeenAt: input.capturedAt,
      lastSeenAt: input.capturedAt,
      status: 'present',
      evidence,
    };
    written.push(claim);
    created.push(claim);
  }

  const vanished = [...previous.values()].filter((c) => !seen.has(c.id));
  const changes: ClaimChange[] = [];
  const base = {
    sourceId: input.sourceId,
    sourceUrl: input.sourceUrl,
    snapshotId: input.snapshotId,
    previousSnapshotId: input.previous?.snapshotId,
    capturedAt: input.capturedAt,
  };
  const removed: Claim[] = [];
  const edits = new Map<string, Claim>();
  for (const { next, old } of editCandidates(created, vanished)) {
    if (edits.has(old.id) || next.previousVersionId) continue;
    next.previousVersionId = old.id;
    edits.set(old.id, next);
  }
  for (const old of vanished) {
    const next = edits.get(old.id);
    removed.push({
      ...old,
      status: 'removed',
      removedAt: input.capturedAt,
      removedBySnapshotId: input.snapshotId,
      nextVersionId: next?.id ?? old.nextVersionId,
    });
    runEvents.push({ claimId: old.id, ...at });
    if (next) {
      changes.push({ ...base, type: 'edited', claimId: next.id, text: next.text, previousVersionId: old.id, previousText: old.text });
    } else {
      changes.push({ ...base, type: 'removed', claimId: old.id, text: old.text });
    }
  }
  if (input.previous) {
    for (const claim of created) {
      if (!claim.previousVersionId) changes.push({ ...base, type: 'added', claimId: claim.id, text: claim.text });
    }
  }
  const currentIds = [...seen];
  const currentChanged = !input.previous || currentIds.length !== previous.size || currentIds.some((id) => !previous.has(id));
  return { claims: [...written, ...removed], created, sightings, runEvents, changes, currentIds, currentChanged };
}

/**
 * A claim as readers see it: a present claim was last seen by the source's latest capture that
 * indexed claims (if that is later than its record says), with its evidence in that capture.
 */
export function withLatestCapture(claim: Claim, latest: ClaimCapture | undefined): Claim {
  if (!latest || claim.status !== 'present' || latest.capturedAt <= claim.lastSeenAt) return claim;
  return { ...claim, lastSeenAt: latest.capturedAt, evidence: { ...claim.evidence, snapshotId: latest.snapshotId } };
}

/**
 * A claim's sightings from its run events and the source's capture log (both committed, in any
 * order): each logged capture from a run's opening until the next event saw the claim with that
 * run's selector.
 */
export function sightingsFromRuns(claimId: string, events: RunEvent[], captures: ClaimCapture[]): Sighting[] {
  const byTime = (a: ClaimCapture, b: ClaimCapture) => a.capturedAt.localeCompare(b.capturedAt) || a.snapshotId.localeCompare(b.snapshotId);
  const ordered = [...events].sort(byTime);
  const sightings: Sighting[] = [];
  let next = 0;
  let open: TextQuoteSelector | undefined;
  for (const capture of [...captures].sort(byTime)) {
    while (next < ordered.length && ordered[next]!.capturedAt <= capture.capturedAt) open = ordered[next++]!.selector;
    if (open) sightings.push({ claimId, snapshotId: capture.snapshotId, capturedAt: capture.capturedAt, selector: open });
  }
  return sightings;
}

/** The capture attempt a claim write belongs to: retries of a job share the snapshot id, not the time. */
export interface ClaimWrite {
  sourceId: string;
  snapshotId: string;
  capturedAt: string;
}

/** Marks what one attempt wrote before its commit; equal tokens mean the same attempt. */
export function pendingToken(write: Pick<ClaimWrite, 'snapshotId' | 'capturedAt'>): string {
  return `${write.snapshotId}@${write.capturedAt}`;
}

export function parsePendingToken(token: string): { snapshotId: string; capturedAt: string } {
  const at = token.indexOf('@');
  return { snapshotId: token.slice(0, at), capturedAt: token.slice(at + 1) };
}

/**
 * Whether a snapshot record commits an attempt's writes: it exists, did not fail, and is that
 * attempt's (a retry under the same snapshot id has its own capture time).
 */
export function commitsToken(snapshot: { status: string; capturedAt: string } | undefined, token: string): boolean {
  return snapshot !== undefined && snapshot.status !== 'failed' && snapshot.capturedAt === parsePendingToken(token).capturedAt;
}

/** The fields a later capture changes on a claim it saw again or removed; the rest is fixed when it is created. */
const HISTORY_FIELDS = ['lastSeenAt', 'evidence', 'status', 'removedAt', 'removedBySnapshotId', 'nextVersionId'] as const;
type HistoryField = (typeof HISTORY_FIELDS)[number];

/**
 * What readers show in place of a pending claim write until its snapshot commits: the claim as
 * last committed. A claim this capture saw again or removed only changed its history fields, so
 * only those are kept; a claim the capture created over an older record keeps the whole record.
 */
export type CommittedClaim = { claim: Claim } | { history: Partial<Pick<Claim, HistoryField>> };

export function committedClaimOf(prior: Claim | undefined, created: boolean): CommittedClaim | undefined {
  if (!prior) return undefined;
  if (created) return { claim: prior };
  const history: Partial<Pick<Claim, HistoryField>> = {};
  for (const field of HISTORY_FIELDS) if (prior[field] !== undefined) Object.assign(history, { [field]: prior[field] });
  return { history };
}

/**
 * The claim a reader sees: the record as written once its attempt is committed (or when it has no
 * pending attempt), otherwise the committed claim it replaced, or nothing for a claim first written
 * by an uncommitted attempt.
 */
export function visibleClaim(record: Claim, committed: CommittedClaim | undefined, isCommitted: boolean): Claim | undefined {
  if (isCommitted) return record;
  if (!committed) return undefined;
  if ('claim' in committed) return committed.claim;
  const base: Record<string, unknown> = { ...record };
  for (const field of HISTORY_FIELDS) delete base[field];
  return { ...base, ...committed.history } as Claim;
}

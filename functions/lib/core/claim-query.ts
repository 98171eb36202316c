import type { Claim } from './claim-history.js';
import type { ClaimQuery } from './ports.js';
import { foldTerm, significantTerms } from './terms.js';

/**
 * The rules of `GET /claims`, shared by the DynamoDB index and the in-memory fake so that both
 * answer a query the same way.
 *
 * A claim is posted, when first seen, under one facet per thing a researcher filters by (see
 * {@link claimFacets}); a query reads the posting list of its most selective filter over the time
 * range, newest first, and applies every other filter to the claims it finds ({@link matchesClaimQuery}).
 */
export interface ClaimQueryPlan {
  /** The facet whose posting list is read, e.g. `PLACE#hama` or `ALL`. */
  facet: string;
  /** The folded significant words of `q`; a claim must contain every one. */
  terms: string[];
  /** Postings to read per round: the page itself when the posting list is the only filter, more otherwise. */
  pageSize: number;
}

/** The facets a claim is posted under: all claims, its source, kind, places, attributions and significant words. */
export function claimFacets(claim: Pick<Claim, 'sourceId' | 'kind' | 'places' | 'attributedTo' | 'text' | 'lang'>): string[] {
  const facets = new Set<string>(['ALL', `SRC#${claim.sourceId}`, `KIND#${claim.kind}`]);
  for (const place of claim.places) facets.add(`PLACE#${foldTerm(place.name)}`);
  for (const who of claim.attributedTo) facets.add(`ATTR#${foldTerm(who)}`);
  for (const term of significantTerms(claim.text, claim.lang)) facets.add(`TERM#${term}`);
  return [...facets];
}

/** The facet of removed claims, posted when a capture first finds a claim gone. */
export const REMOVED_FACET = 'REMOVED';

/**
 * Picks the posting list to read, most selective first: place, attribution, the longest word of
 * `q`, source, removed, kind, and otherwise every claim.
 */
export function planClaimQuery(q: ClaimQuery): ClaimQueryPlan {
  const terms = q.q ? significantTerms(q.q, 'und') : [];
  const longest = [...terms].sort((a, b) => b.length - a.length)[0];
  const facet = q.place
    ? `PLACE#${foldTerm(q.place)}`
    : q.attributedTo
      ? `ATTR#${foldTerm(q.attributedTo)}`
      : longest
        ? `TERM#${longest}`
        : q.sourceId
          ? `SRC#${q.sourceId}`
          : q.status === 'removed'
            ? REMOVED_FACET
            : q.kind
              ? `KIND#${q.kind}`
              : 'ALL';
  const filters = [q.place, q.attributedTo, q.q, q.sourceId, q.kind, q.status].filter((f) => f !== undefined).length;
  const pageSize = filters <= 1 && q.status !== 'present' ? q.limit : Math.min(200, Math.max(q.limit * 2, 25));
  return { facet, terms, pageSize };
}

/** Every filter of the query, applied to a claim read from the plan's posting list. */
export function matchesClaimQuery(claim: Claim, q: ClaimQuery, plan: ClaimQueryPlan): boolean {
  if (q.place && !claim.places.some((p) => foldTerm(p.name) === foldTerm(q.place!))) return false;
  if (q.attributedTo && !claim.attributedTo.some((a) => foldTerm(a) === foldTerm(q.attributedTo!))) return false;
  if (q.sourceId && claim.sourceId !== q.sourceId) return false;
  if (q.kind && claim.kind !== q.kind) return false;
  if (q.status && claim.status !== q.status) return false;
  if (plan.terms.length) {
    const text = foldTerm(claim.text);
    if (!plan.terms.every((t) => text.includes(t))) return false;
  }
  return true;
}

/** A posting's sort key: claim time, then id, so a posting list is a time range newest first. */
export function postingKey(claim: Pick<Claim, 'claimTime' | 'id'>): string {
  return `${claim.claimTime}#${claim.id}`;
}

/** Whether a posting sort key falls in `from`..`to` (a partial `to` covers its whole period). */
export function inTimeRange(key: string, from?: string, to?: string): boolean {
  return (!from || key >= from) && (!to || key <= `${to}~`);
}

import { describe, expect, it } from 'vitest';
import type { Claim } from '../../functions/lib/core/claim-history.js';
import { claimFacets, matchesClaimQuery, planClaimQuery } from '../../functions/lib/core/claim-query.js';
import type { ClaimQuery } from '../../functions/lib/core/ports.js';
import { MemoryClaimIndex } from '../support/fakes.js';

function claim(overrides: Partial<Claim> = {}): Claim {
  return {
    id: 'clm_1',
    text: 'Talsmaður HTS segir að sveitirnar séu komnar að útjaðri Homs.',
    kind: 'statement',
    lang: 'is',
    attributedTo: ['HTS spokesperson'],
    places: [{ name: 'Homs', lat: 34.72682, lon: 36.72339 }],
    sourceUrl: 'https://news.example/hama',
    sourceId: 'src_0123456789abcdef',
    claimTime: '2024-12-03T14:32:00.000Z',
    firstSeenAt: '2024-12-03T15:00:00.000Z',
    lastSeenAt: '2024-12-03T15:00:00.000Z',
    status: 'present',
    evidence: { snapshotId: '20241203150000-0123456789ab', exact: 'x', prefix: '', suffix: '' },
    ...overrides,
  } as Claim;
}

const query = (q: Partial<ClaimQuery>): ClaimQuery => ({ limit: 10, ...q });

describe('claim query rules', () => {
  it('reads the place posting list before attribution, words and source', () => {
    expect(planClaimQuery(query({ place: 'Hómš', attributedTo: 'Reuters', q: 'offensive', sourceId: 'src_x' })).facet).toBe('PLACE#homs');
    expect(planClaimQuery(query({ attributedTo: 'Reuters', q: 'offensive', sourceId: 'src_x' })).facet).toBe('ATTR#reuters');
    expect(planClaimQuery(query({ sourceId: 'src_x', kind: 'event' })).facet).toBe('SRC#src_x');
    expect(planClaimQuery(query({ status: 'removed', kind: 'event' })).facet).toBe('REMOVED');
    expect(planClaimQuery(query({ kind: 'event' })).facet).toBe('KIND#event');
    expect(planClaimQuery(query({})).facet).toBe('ALL');
  });

  it('reads the longest significant word of q, folded, with stop words dropped', () => {
    const plan = planClaimQuery(query({ q: 'the Spokesperson in Hóms' }));
    expect(plan.facet).toBe('TERM#spokesperson');
    expect(plan.terms.sort()).toEqual(['homs', 'spokesperson']);
  });

  it('reads one page of postings when the list is the only filter, and more when others apply', () => {
    expect(planClaimQuery(query({ place: 'Hama', limit: 7 })).pageSize).toBe(7);
    expect(planClaimQuery(query({ place: 'Hama', kind: 'event', limit: 7 })).pageSize).toBe(25);
    expect(planClaimQuery(query({ status: 'present', limit: 150 })).pageSize).toBe(200);
  });

  it('needs every word of q, in any order, with diacritics folded', () => {
    const c = claim();
    expect(matchesClaimQuery(c, query({ q: 'homs TALSMAÐUR' }), planClaimQuery(query({ q: 'homs TALSMAÐUR' })))).toBe(true);
    expect(matchesClaimQuery(c, query({ q: 'homs damascus' }), planClaimQuery(query({ q: 'homs damascus' })))).toBe(false);
  });

  it('matches places and attributions whole and folded, not as substrings', () => {
    const c = claim();
    const check = (q: ClaimQuery) => matchesClaimQuery(c, q, planClaimQuery(q));
    expect(check(query({ place: 'HOMS' }))).toBe(true);
    expect(check(query({ place: 'Hom' }))).toBe(false);
    expect(check(query({ attributedTo: 'hts SPOKESPERSON' }))).toBe(true);
    expect(check(query({ attributedTo: 'HTS' }))).toBe(false);
    expect(check(query({ kind: 'quote' }))).toBe(false);
    expect(check(query({ status: 'removed' }))).toBe(false);
  });

  it('posts a claim under all, its source, kind, folded places and attributions, and its significant words', () => {
    const facets = claimFacets(claim());
    expect(facets).toEqual(
      expect.arrayContaining([
        'ALL',
        'SRC#src_0123456789abcdef',
        'KIND#statement',
        'PLACE#homs',
        'ATTR#hts spokesperson',
        'TERM#talsmaður',
      ]),
    );
    expect(facets).not.toContain('TERM#að');
    expect(facets.filter((f) => f.startsWith('TERM#')).every((f) => f.slice(5) === f.slice(5).toLowerCase())).toBe(true);
  });

  it('are the rules the in-memory index answers with', async () => {
    const index = new MemoryClaimIndex();
    const c = claim();
    await index.writeClaims({ claims: [c], created: [c], sightings: [], changes: [], currentIds: [c.id] } as never, {
      sourceId: c.sourceId,
      snapshotId: c.evidence.snapshotId,
      capturedAt: c.firstSeenAt,
    });
    expect((await index.queryClaims(query({ q: 'Homs talsmaður' }))).items.map((x) => x.id)).toEqual([c.id]);
    expect((await index.queryClaims(query({ q: 'Homs Damascus' }))).items).toEqual([]);
  });
});

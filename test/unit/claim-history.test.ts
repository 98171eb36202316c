import { describe, expect, it } from 'vitest';
import {
  claimId,
  committedClaimOf,
  commitsToken,
  normaliseClaimText,
  pendingToken,
  reconcileClaims,
  similarity,
  visibleClaim,
  type CurrentClaims,
} from '../../functions/lib/core/claim-history.js';
import type { ExtractedClaim } from '../../functions/lib/core/claims/types.js';

const SOURCE = 'src_0123456789abcdef';
const URL = 'https://news.example/article';

function extracted(text: string, kind: ExtractedClaim['kind'] = 'statement'): ExtractedClaim {
  return { text, kind, lang: 'en', attributedTo: [], places: [], selector: { exact: text, prefix: '', suffix: '' } };
}

function capture(snapshotId: string, capturedAt: string, texts: string[], previous?: CurrentClaims) {
  return reconcileClaims({ sourceId: SOURCE, sourceUrl: URL, snapshotId, capturedAt, previous, extracted: texts.map((t) => extracted(t)) });
}

function asCurrent(snapshotId: string, capturedAt: string, r: ReturnType<typeof capture>): CurrentClaims {
  return { snapshotId, capturedAt, claims: r.claims.filter((c) => r.currentIds.includes(c.id)) };
}

const A = 'Rebel forces are advancing on Hama from the north and the east, according to Reuters.';
const B = 'An HTS spokesperson told AP that Homs would be next after Hama.';
const C = 'Thousands of families have fled their homes in the past days.';
const B_REWORDED = 'An HTS spokesperson told AP that Homs will be next after Hama falls.';

describe('claim identity', () => {
  it('gives the same id to the same text from the same source, whatever its spacing, case or quotes', () => {
    expect(claimId(SOURCE, 'Homs is next.')).toBe(claimId(SOURCE, '  “homs   is NEXT.” '));
  });

  it('gives different ids to the same text from different sources', () => {
    expect(claimId(SOURCE, 'Homs is next.')).not.toBe(claimId('src_ffffffffffffffff', 'Homs is next.'));
  });

  it('normalises text to lower case with collapsed spaces and no outer punctuation', () => {
    expect(normaliseClaimText('  "Hama  FELL."  ')).toBe('hama fell');
  });

  it('scores a light rewording as similar and an unrelated sentence as not', () => {
    expect(similarity(B, B_REWORDED)).toBeGreaterThanOrEqual(0.75);
    expect(similarity(B, C)).toBeLessThan(0.5);
  });
});

describe('reconciling a capture with the previous one', () => {
  it('creates every claim on the first capture and reports no changes', () => {
    const r = capture('s1', '2024-12-03T10:00:00.000Z', [A, B]);

    expect(r.created).toHaveLength(2);
    expect(r.changes).toEqual([]);
    expect(r.claims.every((c) => c.status === 'present' && c.firstSeenAt === '2024-12-03T10:00:00.000Z')).toBe(true);
    expect(r.sightings.map((s) => s.snapshotId)).toEqual(['s1', 's1']);
  });

  it('keeps the id and moves lastSeenAt when a claim is seen again', () => {
    const first = capture('s1', '2024-12-03T10:00:00.000Z', [A]);

    const second = capture('s2', '2024-12-03T16:00:00.000Z', [A], asCurrent('s1', '2024-12-03T10:00:00.000Z', first));

    const claim = second.claims[0]!;
    expect(claim.id).toBe(first.claims[0]!.id);
    expect(claim.firstSeenAt).toBe('2024-12-03T10:00:00.000Z');
    expect(claim.lastSeenAt).toBe('2024-12-03T16:00:00.000Z');
    expect(claim.evidence.snapshotId).toBe('s2');
    expect(second.created).toEqual([]);
    expect(second.changes).toEqual([]);
  });

  it('marks a vanished claim removed by the capture that no longer shows it', () => {
    const first = capture('s1', '2024-12-03T10:00:00.000Z', [A, C]);

    const second = capture('s2', '2024-12-04T10:00:00.000Z', [A], asCurrent('s1', '2024-12-03T10:00:00.000Z', first));

    const removed = second.claims.find((c) => c.text === C)!;
    expect(removed.status).toBe('removed');
    expect(removed.removedBySnapshotId).toBe('s2');
    expect(removed.removedAt).toBe('2024-12-04T10:00:00.000Z');
    expect(second.currentIds).toEqual([claimId(SOURCE, A)]);
    expect(second.changes).toEqual([expect.objectContaining({ type: 'removed', claimId: removed.id, previousSnapshotId: 's1' })]);
  });

  it('links a reworded claim to its earlier version as an edit', () => {
    const first = capture('s1', '2024-12-03T10:00:00.000Z', [A, B]);

    const second = capture('s2', '2024-12-04T10:00:00.000Z', [A, B_REWORDED], asCurrent('s1', '2024-12-03T10:00:00.000Z', first));

    const next = second.claims.find((c) => c.text === B_REWORDED)!;
    const old = second.claims.find((c) => c.text === B)!;
    expect(next.previousVersionId).toBe(old.id);
    expect(old.status).toBe('removed');
    expect(old.nextVersionId).toBe(next.id);
    expect(second.changes).toEqual([
      expect.objectContaining({ type: 'edited', claimId: next.id, previousVersionId: old.id, previousText: B }),
    ]);
  });

  it('reports a new sentence as added', () => {
    const first = capture('s1', '2024-12-03T10:00:00.000Z', [A]);

    const second = capture('s2', '2024-12-04T10:00:00.000Z', [A, C], asCurrent('s1', '2024-12-03T10:00:00.000Z', first));

    expect(second.changes).toEqual([expect.objectContaining({ type: 'added', text: C })]);
  });

  it('counts a sentence repeated on one page once', () => {
    const r = capture('s1', '2024-12-03T10:00:00.000Z', [A, A]);

    expect(r.claims).toHaveLength(1);
    expect(r.sightings).toHaveLength(1);
  });

  it('dates a claim by its event time, else the publication time, else first sight', () => {
    const event = { ...extracted('Shelling reported in Idlib.', 'event'), eventTime: '2024-12-02T08:00:00.000Z' };
    const r = reconcileClaims({
      sourceId: SOURCE,
      sourceUrl: URL,
      snapshotId: 's1',
      capturedAt: '2024-12-03T10:00:00.000Z',
      publishedAt: '2024-12-03T07:00:00.000Z',
      extracted: [event, extracted(A)],
    });

    expect(r.claims.map((c) => c.claimTime)).toEqual(['2024-12-02T08:00:00.000Z', '2024-12-03T07:00:00.000Z']);
  });
});

describe('pending claim writes', () => {
  const T1 = '2024-12-03T10:00:00.000Z';
  const T2 = '2024-12-04T10:00:00.000Z';
  const first = capture('s1', T1, [A, B]);
  const second = capture('s2', T2, [A], asCurrent('s1', T1, first));
  const of = (r: ReturnType<typeof capture>, text: string) => r.claims.find((c) => c.id === claimId(SOURCE, text))!;

  it('shows a claim seen again by an uncommitted capture as it was last committed', () => {
    const committed = committedClaimOf(of(first, A), false);

    const shown = visibleClaim(of(second, A), committed, false);

    expect(shown).toEqual(of(first, A));
  });

  it('shows a claim removed by an uncommitted capture as still present', () => {
    const committed = committedClaimOf(of(first, B), false);

    const shown = visibleClaim(of(second, B), committed, false);

    expect(shown).toEqual(of(first, B));
    expect(shown?.removedBySnapshotId).toBeUndefined();
  });

  it('hides a claim first written by an uncommitted capture, and shows it once committed', () => {
    const created = of(first, A);

    expect(visibleClaim(created, committedClaimOf(undefined, true), false)).toBeUndefined();
    expect(visibleClaim(created, committedClaimOf(undefined, true), true)).toEqual(created);
  });

  it('counts a snapshot record as the commit only for the attempt that wrote it', () => {
    const token = pendingToken({ snapshotId: 's2', capturedAt: T2 });

    expect(commitsToken({ status: 'captured', capturedAt: T2 }, token)).toBe(true);
    expect(commitsToken({ status: 'unchanged', capturedAt: T2 }, token)).toBe(true);
    expect(commitsToken({ status: 'failed', capturedAt: T2 }, token)).toBe(false);
    expect(commitsToken({ status: 'captured', capturedAt: '2024-12-04T10:05:00.000Z' }, token)).toBe(false);
    expect(commitsToken(undefined, token)).toBe(false);
  });
});

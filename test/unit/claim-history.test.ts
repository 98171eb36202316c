import { describe, expect, it } from 'vitest';
import {
  claimId,
  committedClaimOf,
  commitsToken,
  normaliseClaimText,
  pendingToken,
  reconcileClaims,
  sightingsFromRuns,
  similarity,
  visibleClaim,
  withLatestCapture,
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

  it('pairs each reworded claim with its own earlier version when all 5,000 claims of a page changed', () => {
    const n = 5_000;
    const before = Array.from({ length: n }, (_, i) => `Report ${String(i).padStart(5, '0')} says the road to Hama is open.`);
    const after = before.map((text) => text.replace('is open', 'is closed'));
    const first = capture('s1', '2024-12-03T10:00:00.000Z', before);
    const second = capture('s2', '2024-12-04T10:00:00.000Z', after, asCurrent('s1', '2024-12-03T10:00:00.000Z', first));
    const edits = second.changes.filter((c) => c.type === 'edited');
    expect(edits).toHaveLength(n);
    for (const edit of [edits[0]!, edits[2_345]!, edits.at(-1)!]) {
      expect(edit.text.replace('is closed', 'is open')).toBe(edit.previousText);
    }
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

describe('sightings as runs', () => {
  const T1 = '2024-12-03T10:00:00.000Z';
  const T2 = '2024-12-03T16:00:00.000Z';
  const T3 = '2024-12-04T10:00:00.000Z';
  const T4 = '2024-12-04T16:00:00.000Z';
  /** The current set as an index that records runs returns it: the claims, last seen by `snapshotId`. */
  const asRunsCurrent = (snapshotId: string, capturedAt: string, r: ReturnType<typeof capture>, earlier?: CurrentClaims): CurrentClaims => {
    const written = new Map(r.claims.map((c) => [c.id, c]));
    const claims = r.currentIds.map((id) => {
      const claim = written.get(id) ?? earlier!.claims.find((c) => c.id === id)!;
      return withLatestCapture(claim, { snapshotId, capturedAt });
    });
    return { snapshotId, capturedAt, claims, runs: true };
  };

  it('writes nothing per claim for a recapture that shows the same claims the same way', () => {
    const first = capture('s1', T1, [A, B]);

    const second = capture('s2', T2, [A, B], asRunsCurrent('s1', T1, first));

    expect(first.runEvents.map((e) => [e.claimId, e.snapshotId, e.selector?.exact])).toEqual([
      [claimId(SOURCE, A), 's1', A],
      [claimId(SOURCE, B), 's1', B],
    ]);
    expect(second).toMatchObject({ claims: [], created: [], runEvents: [], changes: [], currentChanged: false });
    expect(second.sightings.map((s) => s.snapshotId)).toEqual(['s2', 's2']);
    expect(second.currentIds).toEqual(first.currentIds);
  });

  it('opens a new run, with the new evidence, for a claim shown with another selector', () => {
    const first = capture('s1', T1, [A]);
    const moved = { ...extracted(A), selector: { exact: A, prefix: 'Updated: ', suffix: '' } };

    const second = reconcileClaims({
      sourceId: SOURCE,
      sourceUrl: URL,
      snapshotId: 's2',
      capturedAt: T2,
      previous: asRunsCurrent('s1', T1, first),
      extracted: [moved],
    });

    expect(second.runEvents).toEqual([{ claimId: claimId(SOURCE, A), snapshotId: 's2', capturedAt: T2, selector: moved.selector }]);
    expect(second.claims).toEqual([expect.objectContaining({ lastSeenAt: T2, evidence: { snapshotId: 's2', ...moved.selector } })]);
    expect(second.currentChanged).toBe(false);
  });

  it('ends the run of a removed claim, which was last seen by the capture before', () => {
    const first = capture('s1', T1, [A, C]);
    const second = capture('s2', T2, [A, C], asRunsCurrent('s1', T1, first));

    const third = capture('s3', T3, [A], asRunsCurrent('s2', T2, second, asRunsCurrent('s1', T1, first)));

    const removed = third.claims.find((c) => c.text === C)!;
    expect(removed).toMatchObject({ status: 'removed', lastSeenAt: T2, removedBySnapshotId: 's3' });
    expect(third.runEvents).toEqual([{ claimId: removed.id, snapshotId: 's3', capturedAt: T3 }]);
    expect(third.currentChanged).toBe(true);
  });

  it('opens runs for every claim of a set indexed before runs existed', () => {
    const first = capture('s1', T1, [A, B]);

    const second = capture('s2', T2, [A, B], asCurrent('s1', T1, first));

    expect(second.runEvents.map((e) => e.snapshotId)).toEqual(['s2', 's2']);
    expect(second.claims).toHaveLength(2);
  });

  it('counts every logged capture from a run opening to the next event as a sighting, with that run', () => {
    const id = claimId(SOURCE, A);
    const first = { exact: A, prefix: '', suffix: '' };
    const second = { exact: A, prefix: 'Updated: ', suffix: '' };
    const events = [
      { claimId: id, snapshotId: 's4', capturedAt: T4, selector: second },
      { claimId: id, snapshotId: 's1', capturedAt: T1, selector: first },
      { claimId: id, snapshotId: 's3', capturedAt: T3 },
    ];
    const log = [
      { snapshotId: 's1', capturedAt: T1 },
      { snapshotId: 's2', capturedAt: T2 },
      { snapshotId: 's3', capturedAt: T3 },
      { snapshotId: 's4', capturedAt: T4 },
      { snapshotId: 's5', capturedAt: '2024-12-05T10:00:00.000Z' },
    ];

    const sightings = sightingsFromRuns(id, events, log);

    expect(sightings.map((s) => [s.snapshotId, s.selector.prefix])).toEqual([
      ['s1', ''],
      ['s2', ''],
      ['s4', 'Updated: '],
      ['s5', 'Updated: '],
    ]);
  });

  it('shows a present claim last seen by its source latest capture, and leaves a removed claim as it was', () => {
    const [claim] = capture('s1', T1, [A]).claims;

    const present = withLatestCapture(claim!, { snapshotId: 's3', capturedAt: T3 });
    const removed = withLatestCapture({ ...claim!, status: 'removed' }, { snapshotId: 's3', capturedAt: T3 });
    const older = withLatestCapture(claim!, { snapshotId: 's0', capturedAt: '2024-12-01T00:00:00.000Z' });

    expect(present).toMatchObject({ lastSeenAt: T3, evidence: { snapshotId: 's3', exact: A } });
    expect(removed).toMatchObject({ lastSeenAt: T1, evidence: { snapshotId: 's1' } });
    expect(older).toEqual(claim);
  });
});

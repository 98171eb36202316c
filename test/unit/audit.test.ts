import { describe, expect, it } from 'vitest';
import {
  AUDIT_ID_PATTERN,
  AUDIT_PROBLEM_CAP,
  auditId,
  buildAuditRecord,
  type FixityProblem,
  type FixityReport,
} from '../../functions/lib/core/audit.js';
import { StorageUnavailableError } from '../../functions/lib/core/errors.js';
import { sha256Hex, type Snapshot } from '../../functions/lib/core/snapshot.js';
import { runAudit } from '../../functions/lib/services/fixity.js';
import { FixedClock, MemoryArchiveStore, MemorySnapshotIndex } from '../support/fakes.js';

const problem = (kind: FixityProblem['kind'], n: number): FixityProblem => ({
  kind,
  snapshotId: `20241203100000-${String(n).padStart(12, '0')}`,
  artifact: 'warc',
  detail: `problem ${n}`,
});

const report = (problems: FixityProblem[]): FixityReport => ({
  startedAt: '2024-12-03T10:00:00.000Z',
  finishedAt: '2024-12-03T10:04:00.000Z',
  snapshots: 40,
  objects: 240,
  bytes: 123_456,
  problems,
});

describe('audit record', () => {
  it('keeps the report numbers, the trigger and every problem when there are few', () => {
    const problems = [problem('mismatch', 1), problem('chain', 2), problem('mismatch', 3)];

    const audit = buildAuditRecord(report(problems), 'api', 'aud_20241203100000-0123456789ab');

    expect(audit).toEqual({
      id: 'aud_20241203100000-0123456789ab',
      trigger: 'api',
      startedAt: '2024-12-03T10:00:00.000Z',
      finishedAt: '2024-12-03T10:04:00.000Z',
      snapshots: 40,
      objects: 240,
      bytes: 123_456,
      counts: { mismatch: 2, missing: 0, chain: 1 },
      problemCount: 3,
      problems,
      truncated: false,
    });
  });

  it('keeps the first hundred problems, flags the rest as truncated, and still counts them all', () => {
    const problems = Array.from({ length: 250 }, (_, i) => problem(i % 5 === 0 ? 'missing' : 'mismatch', i));

    const audit = buildAuditRecord(report(problems), 'schedule', 'aud_20241203100000-0123456789ab');

    expect(audit.problems).toHaveLength(AUDIT_PROBLEM_CAP);
    expect(audit.problems).toEqual(problems.slice(0, AUDIT_PROBLEM_CAP));
    expect(audit.truncated).toBe(true);
    expect(audit.problemCount).toBe(250);
    expect(audit.counts).toEqual({ mismatch: 200, missing: 50, chain: 0 });
  });

  it('records a clean audit with zero counts and no problems', () => {
    const audit = buildAuditRecord(report([]), 'cli', 'aud_20241203100000-0123456789ab');

    expect(audit).toMatchObject({ counts: { mismatch: 0, missing: 0, chain: 0 }, problemCount: 0, problems: [], truncated: false });
  });

  it('shortens an overlong problem detail so a record stays small', () => {
    const long = { ...problem('mismatch', 1), detail: 'x'.repeat(5_000) };

    const [kept] = buildAuditRecord(report([long]), 'api', 'aud_20241203100000-0123456789ab').problems;

    expect(kept!.detail.length).toBeLessThanOrEqual(500);
    expect(kept!.detail.endsWith('…')).toBe(true);
  });

  it('has ids that sort by start time', () => {
    const earlier = auditId(new Date('2024-12-03T09:59:59.999Z'), 'ffffffffffff');
    const later = auditId(new Date('2024-12-03T10:00:00.000Z'), '000000000000');

    expect(earlier).toBe('aud_20241203095959-ffffffffffff');
    expect(later).toMatch(AUDIT_ID_PATTERN);
    expect(earlier < later).toBe(true);
    expect(() => auditId(new Date(), 'not-hex')).toThrow(RangeError);
  });
});

async function archiveWithOneSnapshot(): Promise<{ store: MemoryArchiveStore; index: MemorySnapshotIndex; key: string }> {
  const store = new MemoryArchiveStore();
  const index = new MemorySnapshotIndex();
  const body = new TextEncoder().encode('<p>evidence</p>');
  const key = `blobs/sha256/ab/${sha256Hex(body)}`;
  await store.put(key, body, 'text/html', sha256Hex(body));
  const snapshot: Snapshot = {
    id: '20241203100000-0123456789ab',
    sourceId: 'src_0123456789abcdef',
    url: 'https://news.example/a',
    capturedAt: '2024-12-03T10:00:00.000Z',
    status: 'captured',
    attempts: 1,
    claimCount: 0,
    artifacts: [{ name: 'html', key, bytes: body.length, sha256: sha256Hex(body), contentType: 'text/html' }],
  };
  await index.putSnapshot(snapshot);
  return { store, index, key };
}

describe('runAudit', () => {
  it('records each run with its trigger and returns the report with the audit id', async () => {
    const { store, index } = await archiveWithOneSnapshot();
    const clock = new FixedClock('2024-12-04T03:00:00.000Z');

    const result = await runAudit({ store, index, clock, random: () => '0123456789ab' }, 'cli');

    expect(result).toMatchObject({ auditId: 'aud_20241204030000-0123456789ab', snapshots: 1, objects: 1, problems: [] });
    const { items } = await index.listAudits({ limit: 10 });
    expect(items).toEqual([
      expect.objectContaining({ id: result.auditId, trigger: 'cli', startedAt: '2024-12-04T03:00:00.000Z', objects: 1, problemCount: 0 }),
    ]);
  });

  it('records the mismatch a changed object causes', async () => {
    const { store, index, key } = await archiveWithOneSnapshot();
    store.objects.get(key)!.body[3]! ^= 0x01;

    const result = await runAudit({ store, index }, 'api');

    expect(result.problems).toEqual([expect.objectContaining({ kind: 'mismatch', artifact: 'html' })]);
    const [audit] = (await index.listAudits({ limit: 1 })).items;
    expect(audit).toMatchObject({ id: result.auditId, trigger: 'api', counts: { mismatch: 1, missing: 0, chain: 0 }, problemCount: 1 });
  });

  it('fails when the audit cannot be recorded, rather than pass unrecorded', async () => {
    const { store, index } = await archiveWithOneSnapshot();
    index.recordAudit = async () => {
      throw new StorageUnavailableError('record audit: ThrottlingException');
    };

    await expect(runAudit({ store, index }, 'schedule')).rejects.toThrow(StorageUnavailableError);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuditRecord, type FixityAudit, type FixityProblem } from '../../functions/lib/core/audit.js';
import { blobKey, sha256Hex, type Snapshot } from '../../functions/lib/core/snapshot.js';
import { runAudit } from '../../functions/lib/services/fixity.js';
import { handleAuditEvent } from '../../functions/lib/services/lambda-handlers.js';
import { FixedClock, MemoryLogger } from '../support/fakes.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';

const audit = (startedAt: string, n: number, problems: FixityProblem[] = []): FixityAudit =>
  buildAuditRecord(
    { startedAt, finishedAt: startedAt, snapshots: 1, objects: 1, bytes: 10, problems },
    'cli',
    `aud_${startedAt.replace(/\D/g, '').slice(0, 14)}-${n.toString(16).padStart(12, '0')}`,
  );

describe('fixity audits in DynamoDB (dynalite)', () => {
  let stack: EmulatedStack;

  beforeAll(async () => {
    stack = await startEmulatedStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists recorded audits newest first, a page at a time, each once', async () => {
    const { index } = stack.services;
    const times = [
      '2024-12-02T03:00:00.000Z',
      '2024-12-05T03:00:00.000Z',
      '2024-12-01T03:00:00.000Z',
      '2024-12-04T03:00:00.000Z',
      '2024-12-03T03:00:00.000Z',
    ];
    for (const [n, at] of times.entries()) await index.recordAudit(audit(at, n));

    const seen: string[] = [];
    let after: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const page = await index.listAudits({ limit: 2, after });
      seen.push(...page.items.map((a) => a.startedAt));
      after = page.next;
      pages++;
    } while (after && pages < 10);

    expect(seen).toEqual([...times].sort().reverse());
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('keeps the first record of an audit id and round-trips a truncated problem list', async () => {
    const { index } = stack.services;
    const problems = Array.from(
      { length: 250 },
      (_, i): FixityProblem => ({
        kind: 'missing',
        snapshotId: `20241206000000-${String(i).padStart(12, '0')}`,
        artifact: 'warc',
        detail: `warcs/src_0123456789abcdef/20241206000000-${String(i).padStart(12, '0')}.a1.warc.gz is not in the store`,
      }),
    );
    const first = audit('2024-12-06T03:00:00.000Z', 99, problems);

    await index.recordAudit(first);
    await index.recordAudit({ ...first, problems: [], problemCount: 0 });

    const [newest] = (await index.listAudits({ limit: 1 })).items;
    expect(newest).toEqual(first);
    expect(newest).toMatchObject({ problemCount: 250, truncated: true, counts: { missing: 250 } });
    expect(newest!.problems).toHaveLength(100);
  });

  it('records a scheduled audit that finds a changed byte in a stored object, and keeps audits out of snapshot listings', async () => {
    const { store, index } = stack.services;
    const body = new TextEncoder().encode('<p>Hama, 3 December 2024</p>');
    const sha256 = sha256Hex(body);
    const snapshot: Snapshot = {
      id: '20241203100000-00000000a0d1',
      sourceId: 'src_00000000000a0d17',
      url: 'https://news.example/hama',
      capturedAt: '2024-12-03T10:00:00.000Z',
      status: 'captured',
      attempts: 1,
      claimCount: 0,
      artifacts: [{ name: 'html', key: blobKey(sha256), bytes: body.length, sha256, contentType: 'text/html' }],
    };
    await store.put(blobKey(sha256), body, 'text/html', sha256);
    await index.putSnapshot(snapshot);

    const clock = new FixedClock('2030-01-01T03:00:00.000Z');
    const clean = await runAudit({ store, index, clock }, 'api');
    expect(clean.problems).toEqual([]);

    const tampered = new Uint8Array(body);
    tampered[4]! ^= 0x01;
    await store.put(blobKey(sha256), tampered, 'text/html', sha256);
    clock.advance(86_400_000);
    const summary = await handleAuditEvent({ store, index, clock, logger: new MemoryLogger() });

    expect(summary.counts.mismatch).toBeGreaterThan(0);
    const [latest, previous] = (await index.listAudits({ limit: 2 })).items;
    expect(latest).toMatchObject({
      id: summary.auditId,
      trigger: 'schedule',
      counts: { mismatch: 1, missing: 0, chain: 0 },
      problems: [expect.objectContaining({ kind: 'mismatch', snapshotId: snapshot.id, artifact: 'html' })],
    });
    expect(previous).toMatchObject({ id: clean.auditId, trigger: 'api', problemCount: 0 });
    expect((await index.listSnapshots({ limit: 50 })).items.map((s) => s.id)).toEqual([snapshot.id]);
  });
});

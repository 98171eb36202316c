import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { CaptureTimeoutError, StorageUnavailableError } from '../../functions/lib/core/errors.js';
import type { CaptureJob, CaptureRequest, PageCapture, PageCapturer } from '../../functions/lib/core/ports.js';
import {
  consumeCaptureBatch,
  dispatchScheduled,
  handleAuditEvent,
  handleCaptureEvent,
  SYNC_CAPTURE_TIMEOUT_MS,
  sweepApiSources,
  type MetricSink,
} from '../../functions/lib/services/lambda-handlers.js';
import { sha256Hex, type Snapshot } from '../../functions/lib/core/snapshot.js';
import type { CaptureDeps } from '../../functions/lib/services/capture-service.js';
import { FixedClock, MemoryArchiveStore, MemoryLogger, MemorySnapshotIndex } from '../support/fakes.js';

const events = path.resolve(import.meta.dirname, '../fixtures/events');
const sqsEvent = (): SQSEvent => JSON.parse(readFileSync(path.join(events, 'sqs-capture-batch.json'), 'utf8'));

class ByUrlCapturer implements PageCapturer {
  readonly urls: string[] = [];
  async capture(request: CaptureRequest): Promise<PageCapture> {
    this.urls.push(request.url);
    if (request.url.endsWith('/slow')) throw new CaptureTimeoutError('timed out loading the page');
    return {
      finalUrl: request.url,
      httpStatus: 200,
      contentType: 'text/html',
      redirectChain: [],
      isHtml: true,
      html: '<p>ok</p>',
      text: 'ok',
      screenshot: new Uint8Array([1, 2, 3]),
      exchanges: [],
      browserVersion: 'test',
      timings: {},
    };
  }
  async close(): Promise<void> {}
}

function deps(): { deps: CaptureDeps; index: MemorySnapshotIndex; capturer: ByUrlCapturer } {
  const index = new MemorySnapshotIndex();
  const capturer = new ByUrlCapturer();
  return {
    index,
    capturer,
    deps: {
      store: new MemoryArchiveStore(),
      index,
      capturer,
      clock: new FixedClock('2024-12-03T10:00:05.000Z'),
      logger: new MemoryLogger(),
      assertAllowed: async () => undefined,
      timeoutMs: 1_000,
    },
  };
}

describe('capture queue consumer (recorded SQSEvent)', () => {
  it('reports only the retryable failure under the attempt limit in batchItemFailures', async () => {
    const { deps: d, capturer } = deps();

    const response = await consumeCaptureBatch(sqsEvent(), d, 3);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '2e1424d4-f796-459a-8184-9c92662be6da' }] });
    expect(capturer.urls).toEqual(['https://news.example/ok', 'https://news.example/slow']);
  });

  it('acknowledges the retryable failure on its last attempt, leaving it recorded as failed', async () => {
    const { deps: d, index } = deps();

    const response = await consumeCaptureBatch(sqsEvent(), d, 2);

    expect(response.batchItemFailures).toEqual([]);
    const failed = (await index.listSnapshots({ limit: 10 })).items.find((s) => s.url.endsWith('/slow'));
    expect(failed?.status).toBe('failed');
    expect(failed?.attempts).toBe(1);
    expect(failed?.error).toMatch(/timed out/);
  });

  it('drops a malformed message instead of redelivering it forever', async () => {
    const { deps: d } = deps();
    const event = sqsEvent();
    event.Records = [event.Records[2]!];

    const response = await consumeCaptureBatch(event, d, 3);

    expect(response.batchItemFailures).toEqual([]);
  });
});

describe('schedule dispatch (recorded Scheduler payload)', () => {
  it('enqueues one job keyed by source and the scheduled slot', async () => {
    const payload = JSON.parse(readFileSync(path.join(events, 'scheduler-payload.json'), 'utf8'));
    const sent: CaptureJob[] = [];

    const job = await dispatchScheduled(payload, {
      send: async (j) => void sent.push(j),
      clock: new FixedClock('2024-12-03T10:18:00.000Z'),
      logger: new MemoryLogger(),
    });

    expect(sent).toEqual([job]);
    expect(job).toEqual({
      sourceId: 'src_0123456789abcdef',
      url: 'https://news.example/ok',
      extractor: 'article',
      slot: '2024-12-03T10:00:00.000Z',
      jobKey: 'src_0123456789abcdef@2024-12-03T10:00:00.000Z',
    });
  });

  it('gives a duplicate invocation for the same slot the same job key', async () => {
    const payload = { url: 'https://news.example/ok', schedule: 'rate(1 hour)' };
    const sent: CaptureJob[] = [];
    const send = async (j: CaptureJob) => void sent.push(j);

    await dispatchScheduled(payload, { send, clock: new FixedClock('2024-12-03T10:05:00.000Z'), logger: new MemoryLogger() });
    await dispatchScheduled(payload, { send, clock: new FixedClock('2024-12-03T10:06:00.000Z'), logger: new MemoryLogger() });

    expect(sent[0]!.jobKey).toBe(sent[1]!.jobKey);
  });

  it('refuses a payload without a URL', async () => {
    await expect(
      dispatchScheduled(
        { schedule: 'rate(1 hour)' },
        { send: async () => undefined, clock: new FixedClock('2024-12-03T10:05:00.000Z'), logger: new MemoryLogger() },
      ),
    ).rejects.toThrow();
  });
});

describe('direct capture invocation (POST /captures on AWS)', () => {
  it('captures the job and returns the snapshot, within the API deadline', async () => {
    const { deps: d, capturer } = deps();
    const seen: number[] = [];
    const capture = capturer.capture.bind(capturer);
    capturer.capture = (request) => {
      seen.push(request.timeoutMs);
      return capture(request);
    };
    const job = {
      sourceId: 'src_0123456789abcdef',
      url: 'https://news.example/ok',
      extractor: 'auto',
      slot: '2024-12-03T10:00:00.000Z',
      jobKey: 'api:1',
    };

    const outcome = (await handleCaptureEvent({ job }, { ...d, timeoutMs: 120_000 }, 3)) as { snapshot: { status: string; url: string } };

    expect(outcome.snapshot).toMatchObject({ status: 'captured', url: 'https://news.example/ok' });
    expect(seen).toEqual([SYNC_CAPTURE_TIMEOUT_MS]);
  });

  it('refuses an invocation that is neither an SQS batch nor a job', async () => {
    const { deps: d } = deps();

    await expect(handleCaptureEvent({ job: { url: 1 } }, d, 3)).rejects.toThrow(/direct capture invocation/);
  });

  it('routes an SQS batch to the queue consumer', async () => {
    const { deps: d } = deps();

    const response = await handleCaptureEvent(sqsEvent(), d, 3);

    expect(response).toHaveProperty('batchItemFailures');
  });
});

describe('dispatch registers sources it does not know', () => {
  it('puts the source from the schedule payload once, then leaves it alone', async () => {
    const index = new MemorySnapshotIndex();
    const payload = JSON.parse(readFileSync(path.join(events, 'scheduler-payload.json'), 'utf8'));
    const d = {
      send: async () => undefined,
      clock: new FixedClock('2024-12-03T10:18:00.000Z'),
      logger: new MemoryLogger(),
      sources: index,
    };

    await dispatchScheduled(payload, d);
    await index.putSource({ ...(await index.getSource('src_0123456789abcdef'))!, lastStatus: 'captured' });
    await dispatchScheduled(payload, d);

    expect(await index.getSource('src_0123456789abcdef')).toMatchObject({
      url: 'https://news.example/ok',
      schedule: 'rate(30 minutes)',
      extractor: 'article',
      lastStatus: 'captured',
    });
  });
});

describe('sweep of API-registered sources (AWS)', () => {
  async function sourcesWith(...entries: [string, string, 'api' | 'file'][]) {
    const index = new MemorySnapshotIndex();
    for (const [id, schedule, origin] of entries) {
      await index.putSource({
        id,
        url: `https://news.example/${id}`,
        schedule,
        extractor: 'auto',
        createdAt: '2024-12-01T00:00:00.000Z',
        origin,
      });
    }
    return index;
  }

  it('enqueues each API source once per slot and leaves file sources to their own schedules', async () => {
    const index = await sourcesWith(['src_a', 'rate(1 hour)', 'api'], ['src_b', 'rate(1 hour)', 'file']);
    const sent: CaptureJob[] = [];
    const deps = (at: string) => ({
      send: async (j: CaptureJob) => void sent.push(j),
      clock: new FixedClock(at),
      logger: new MemoryLogger(),
      sources: index,
    });

    await sweepApiSources(deps('2024-12-03T10:05:00.000Z'));
    await sweepApiSources(deps('2024-12-03T10:10:00.000Z'));
    await sweepApiSources(deps('2024-12-03T11:01:00.000Z'));

    expect(sent.map((j) => j.jobKey)).toEqual(['src_a@2024-12-03T10:00:00.000Z', 'src_a@2024-12-03T11:00:00.000Z']);
    expect((await index.getSource('src_a'))?.lastDispatchedSlot).toBe('2024-12-03T11:00:00.000Z');
  });

  it('skips a source with a bad schedule and still runs the others', async () => {
    const index = await sourcesWith(['src_bad', 'every day', 'api'], ['src_ok', 'rate(1 day)', 'api']);
    const sent: CaptureJob[] = [];
    const logger = new MemoryLogger();

    await sweepApiSources({
      send: async (j) => void sent.push(j),
      clock: new FixedClock('2024-12-03T10:05:00.000Z'),
      logger,
      sources: index,
    });

    expect(sent.map((j) => j.sourceId)).toEqual(['src_ok']);
    expect(logger.lines.some((l) => l.level === 'error' && l.extra?.sourceId === 'src_bad')).toBe(true);
  });
});

describe('scheduled fixity audit', () => {
  async function archive(): Promise<{ store: MemoryArchiveStore; index: MemorySnapshotIndex; keys: string[] }> {
    const store = new MemoryArchiveStore();
    const index = new MemorySnapshotIndex();
    const keys: string[] = [];
    for (const [n, text] of ['<p>one</p>', '<p>two</p>'].entries()) {
      const body = new TextEncoder().encode(text);
      const key = `blobs/sha256/00/${sha256Hex(body)}`;
      await store.put(key, body, 'text/html', sha256Hex(body));
      const snapshot: Snapshot = {
        id: `2024120310000${n}-0123456789ab`,
        sourceId: 'src_0123456789abcdef',
        url: 'https://news.example/a',
        capturedAt: `2024-12-03T10:00:0${n}.000Z`,
        status: 'captured',
        attempts: 1,
        claimCount: 0,
        artifacts: [{ name: 'html', key, bytes: body.length, sha256: sha256Hex(body), contentType: 'text/html' }],
      };
      await index.putSnapshot(snapshot);
      keys.push(key);
    }
    return { store, index, keys };
  }

  function recorder(): { sink: MetricSink; metrics: Record<string, [string, number]> } {
    const metrics: Record<string, [string, number]> = {};
    return {
      metrics,
      sink: (name, unit, value) => {
        metrics[name] = [unit, value];
      },
    };
  }

  it('records a clean audit as a scheduled one and reports every metric, zeros included', async () => {
    const { store, index } = await archive();
    const logger = new MemoryLogger();
    const { sink, metrics } = recorder();

    const summary = await handleAuditEvent({ store, index, logger, clock: new FixedClock('2024-12-04T03:00:00.000Z') }, sink);

    expect(summary).toMatchObject({ snapshots: 2, objects: 2, counts: { mismatch: 0, missing: 0, chain: 0 } });
    expect(metrics).toEqual({
      FixityMismatches: ['Count', 0],
      FixityMissing: ['Count', 0],
      FixityChainBreaks: ['Count', 0],
      FixityObjectsVerified: ['Count', 2],
      FixityBytesVerified: ['Bytes', summary.bytes],
    });
    expect((await index.listAudits({ limit: 5 })).items).toEqual([expect.objectContaining({ id: summary.auditId, trigger: 'schedule' })]);
    expect(logger.at('info')).toEqual([
      expect.objectContaining({ message: 'fixity audit passed', extra: expect.objectContaining({ auditId: summary.auditId }) }),
    ]);
    expect(logger.at('error')).toEqual([]);
  });

  it('counts a changed and a deleted object in their own metrics and logs them as an error', async () => {
    const { store, index, keys } = await archive();
    store.objects.get(keys[0]!)!.body[0]! ^= 0x01;
    store.objects.delete(keys[1]!);
    const logger = new MemoryLogger();
    const { sink, metrics } = recorder();

    const summary = await handleAuditEvent({ store, index, logger }, sink);

    expect(summary.counts).toEqual({ mismatch: 1, missing: 1, chain: 0 });
    expect(metrics.FixityMismatches).toEqual(['Count', 1]);
    expect(metrics.FixityMissing).toEqual(['Count', 1]);
    expect(metrics.FixityChainBreaks).toEqual(['Count', 0]);
    const [line] = logger.at('error');
    expect(line!.message).toBe('fixity audit found problems');
    expect(line!.extra!.problems).toEqual([
      expect.objectContaining({ kind: 'missing', snapshotId: '20241203100001-0123456789ab' }),
      expect.objectContaining({ kind: 'mismatch', snapshotId: '20241203100000-0123456789ab' }),
    ]);
    expect((await index.listAudits({ limit: 1 })).items[0]).toMatchObject({ trigger: 'schedule', problemCount: 2 });
  });

  it('fails the invocation when the archive cannot be read, so the audit errors alarm sees it', async () => {
    const { store, index } = await archive();
    store.stream = async () => {
      throw new StorageUnavailableError('get: SlowDown');
    };
    const { sink, metrics } = recorder();

    await expect(handleAuditEvent({ store, index, logger: new MemoryLogger() }, sink)).rejects.toThrow(StorageUnavailableError);
    expect(metrics).toEqual({});
    expect((await index.listAudits({ limit: 1 })).items).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { newItem } from '../../../functions/lib/core/discovery/items.js';
import { itemId } from '../../../functions/lib/core/discovery/urls.js';
import type { CaptureJob, CaptureRequest, HostGate, PageCapture, PageCapturer } from '../../../functions/lib/core/ports.js';
import { toSource } from '../../../functions/lib/core/sources.js';
import type { CaptureDeps } from '../../../functions/lib/services/capture-service.js';
import { RobotsCache } from '../../../functions/lib/services/discovery-fetch.js';
import type { FollowDeps } from '../../../functions/lib/services/follow-service.js';
import { consumeCaptureBatch, dispatchScheduled, sweepApiSources } from '../../../functions/lib/services/lambda-handlers.js';
import { FixedClock, MemoryArchiveStore, MemoryLogger, MemorySnapshotIndex } from '../../support/fakes.js';
import { MemoryItemIndex } from '../../support/memory-item-index.js';

const sqsEvent = (): SQSEvent =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../fixtures/events/sqs-capture-batch.json'), 'utf8'));

class RssCapturer implements PageCapturer {
  readonly urls: string[] = [];
  async capture(request: CaptureRequest): Promise<PageCapture> {
    this.urls.push(request.url);
    const body = new TextEncoder().encode(
      `<rss version="2.0"><channel><title>N</title><item><title>A</title><link>https://news.example/world/a</link></item></channel></rss>`,
    );
    return {
      finalUrl: request.url,
      httpStatus: 200,
      contentType: 'application/rss+xml',
      redirectChain: [],
      isHtml: false,
      resource: body,
      exchanges: [],
      browserVersion: 'test',
      timings: {},
    };
  }
  async close(): Promise<void> {}
}

function harness() {
  const clock = new FixedClock('2024-12-03T10:00:05.000Z');
  const index = new MemorySnapshotIndex();
  const store = new MemoryArchiveStore();
  const items = new MemoryItemIndex();
  const capturer = new RssCapturer();
  const logger = new MemoryLogger();
  const http = {
    assertAllowed: async () => undefined,
    fetch: async () => ({ status: 404, headers: [] as [string, string][], body: new Uint8Array() }),
  };
  const sent: CaptureJob[] = [];
  const capture: CaptureDeps = { store, index, capturer, clock, logger, assertAllowed: async () => undefined, timeoutMs: 1_000 };
  const follow: FollowDeps = {
    store,
    index,
    items,
    http,
    robots: new RobotsCache(http),
    send: (j: CaptureJob) => sent.push(j),
    clock,
    logger,
  };
  return { clock, index, items, capturer, capture, follow, sent };
}

const oneJob = (job: CaptureJob): SQSEvent => {
  const event = sqsEvent();
  event.Records = [{ ...event.Records[0]!, body: JSON.stringify(job) }];
  return event;
};

describe('the capture function follows the news', () => {
  it('runs discovery after capturing a source that discovers, sending the articles to the queue', async () => {
    const h = harness();
    const source = toSource({ url: 'https://news.example/rss.xml', schedule: 'rate(1 hour)', discover: 'feed' }, '2024-12-03T00:00:00Z');
    await h.index.putSource(source);
    const job: CaptureJob = {
      sourceId: source.id,
      url: source.url,
      extractor: 'auto',
      slot: '2024-12-03T10:00:00.000Z',
      jobKey: `${source.id}@x`,
    };
    const gate: HostGate = { acquire: async () => ({ ok: true }), release: async () => undefined };
    const response = await consumeCaptureBatch(oneJob(job), h.capture, 3, undefined, {
      deps: h.follow,
      gate,
      requeue: async () => undefined,
    });
    expect(response.batchItemFailures).toEqual([]);
    expect(h.sent).toEqual([
      expect.objectContaining({ url: 'https://news.example/world/a', follow: { kind: 'item', step: 0, robots: 'obey' } }),
    ]);
    expect(h.items.runs.get(source.id)?.[0]).toMatchObject({ found: 1, enqueued: 1 });
  });

  it('carries discoveredFrom through the queue message onto the snapshot', async () => {
    const h = harness();
    const job: CaptureJob = {
      sourceId: itemId('https://news.example/world/a'),
      url: 'https://news.example/world/a',
      extractor: 'auto',
      slot: '2024-12-03T10:00:00.000Z',
      jobKey: 'item:x:0',
      discoveredFrom: { sourceId: 'src_0123456789abcdef', snapshotId: '20241203100000-0123456789ab' },
      follow: { kind: 'citation', robots: 'ignore' },
    };
    await consumeCaptureBatch(oneJob(job), h.capture, 3, undefined, { deps: h.follow, requeue: async () => undefined });
    const [snapshot] = h.index.snapshots.values();
    expect(snapshot?.discoveredFrom).toEqual(job.discoveredFrom);
  });

  it('puts a job back with a delay when its host is busy, without capturing or failing it', async () => {
    const h = harness();
    const requeued: [CaptureJob, number][] = [];
    const gate: HostGate = { acquire: async () => ({ ok: false, retryAfterMs: 2_500 }), release: async () => undefined };
    const job: CaptureJob = {
      sourceId: 'src_0123456789abcdef',
      url: 'https://news.example/a',
      extractor: 'auto',
      slot: '2024-12-03T10:00:00.000Z',
      jobKey: 'k',
    };
    const response = await consumeCaptureBatch(oneJob(job), h.capture, 3, undefined, {
      deps: h.follow,
      gate,
      requeue: async (j, delay) => void requeued.push([j, delay]),
    });
    expect(response.batchItemFailures).toEqual([]);
    expect(requeued).toEqual([[job, 3]]);
    expect(h.capturer.urls).toEqual([]);
  });
});

describe('the dispatch function', () => {
  it('stores a schedule’s discovery settings on its source', async () => {
    const h = harness();
    await dispatchScheduled(
      { url: 'https://news.example/rss.xml', schedule: 'rate(1 hour)', discover: 'feed', maxPerRun: 5 },
      { send: async () => undefined, clock: h.clock, logger: new MemoryLogger(), sources: h.index },
    );
    const [source] = await h.index.listSources();
    expect(source).toMatchObject({ discover: 'feed', maxPerRun: 5 });
  });

  it('sends due article recaptures on the sweep schedule', async () => {
    const h = harness();
    const source = toSource({ url: 'https://news.example/rss.xml', schedule: 'rate(1 hour)', discover: 'feed' }, '2024-12-03T00:00:00Z');
    const url = 'https://news.example/world/a';
    const due = newItem(
      { id: itemId(url), url },
      source,
      { sourceId: source.id, snapshotId: 's' },
      new Date('2024-12-03T09:00:00Z'),
      new Date('2024-12-03T10:00:00Z'),
    );
    const later = newItem(
      { id: itemId(`${url}2`), url: `${url}2` },
      source,
      { sourceId: source.id, snapshotId: 's' },
      new Date('2024-12-03T09:00:00Z'),
      new Date('2024-12-03T11:00:00Z'),
    );
    await h.items.createItem(due);
    await h.items.createItem(later);
    const sent: CaptureJob[] = [];
    const jobs = await sweepApiSources({
      send: async (j) => void sent.push(j),
      clock: h.clock,
      logger: new MemoryLogger(),
      sources: h.index,
      items: h.items,
    });
    expect(jobs.map((j) => j.url)).toEqual([url]);
    expect(sent[0]).toMatchObject({ jobKey: `item:${due.id}:0`, follow: { kind: 'item', step: 0 } });
  });
});

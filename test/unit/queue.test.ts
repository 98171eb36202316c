import { describe, it, expect } from 'vitest';
import { CaptureTimeoutError, ForbiddenDestinationError, HttpStatusError } from '../../functions/lib/core/errors.js';
import type { CaptureJob } from '../../functions/lib/core/ports.js';
import { LocalQueue } from '../../functions/lib/local/queue.js';
import { MemoryLogger } from '../support/fakes.js';

function job(key: string): CaptureJob {
  return {
    sourceId: 'src_0123456789abcdef',
    url: 'https://news.example/',
    extractor: 'auto',
    slot: '2024-12-03T10:00:00.000Z',
    jobKey: key,
  };
}

/** A queue whose handler records every delivery and behaves as `behaviour` says. */
function queue(behaviour: (job: CaptureJob) => Promise<void>, options: { maxAttempts?: number; concurrency?: number } = {}) {
  const deliveries: CaptureJob[] = [];
  const logger = new MemoryLogger();
  const q = new LocalQueue(
    async (j) => {
      deliveries.push(j);
      await behaviour(j);
    },
    { maxAttempts: options.maxAttempts ?? 3, baseDelayMs: 1, maxDelayMs: 2, concurrency: options.concurrency, logger },
  );
  return { q, deliveries, logger };
}

describe('LocalQueue', () => {
  it('delivers a job once when it succeeds', async () => {
    const { q, deliveries } = queue(async () => {});
    expect(q.send(job('a'))).toBe(true);
    await q.idle();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ jobKey: 'a', attempt: 1 });
    expect(q.deadLetters).toEqual([]);
    expect(q.depth).toBe(0);
  });

  it('retries a retryable failure up to maxAttempts, then dead-letters it with the reason', async () => {
    const { q, deliveries, logger } = queue(async (j) => {
      throw new CaptureTimeoutError(`timeout on attempt ${j.attempt}`);
    });
    q.send(job('a'));
    await q.idle();
    expect(deliveries.map((d) => d.attempt)).toEqual([1, 2, 3]);
    expect(q.deadLetters).toHaveLength(1);
    expect(q.deadLetters[0]).toMatchObject({ job: { jobKey: 'a' }, reason: 'timeout on attempt 3', attempts: 3 });
    expect(Number.isNaN(Date.parse(q.deadLetters[0]!.at))).toBe(false);
    expect(logger.at('info').filter((l) => l.message === 'capture will be retried')).toHaveLength(2);
    expect(logger.at('warn')).toHaveLength(1);
  });

  it('treats an unknown error as retryable', async () => {
    const { q, deliveries } = queue(async () => {
      throw new Error('browser went away');
    });
    q.send(job('a'));
    await q.idle();
    expect(deliveries).toHaveLength(3);
    expect(q.deadLetters[0]?.reason).toBe('browser went away');
  });

  it('dead-letters a non-retryable failure at once', async () => {
    const { q, deliveries } = queue(async () => {
      throw new ForbiddenDestinationError('refused 10.0.0.1');
    });
    q.send(job('a'));
    await q.idle();
    expect(deliveries).toHaveLength(1);
    expect(q.deadLetters).toEqual([expect.objectContaining({ reason: 'refused 10.0.0.1', attempts: 1 })]);
  });

  it('dead-letters an HTTP 404 at once but retries an HTTP 503', async () => {
    const notFound = queue(async () => {
      throw new HttpStatusError(404, 'https://news.example/');
    });
    notFound.q.send(job('a'));
    await notFound.q.idle();
    expect(notFound.deliveries).toHaveLength(1);

    const unavailable = queue(async () => {
      throw new HttpStatusError(503, 'https://news.example/');
    });
    unavailable.q.send(job('b'));
    await unavailable.q.idle();
    expect(unavailable.deliveries).toHaveLength(3);
    expect(unavailable.q.deadLetters[0]?.reason).toBe('HTTP 503 from https://news.example/');
  });

  it('stops retrying once an attempt succeeds', async () => {
    const { q, deliveries } = queue(async (j) => {
      if (j.attempt === 1) throw new CaptureTimeoutError('slow');
    });
    q.send(job('a'));
    await q.idle();
    expect(deliveries.map((d) => d.attempt)).toEqual([1, 2]);
    expect(q.deadLetters).toEqual([]);
  });

  it('does not enqueue a job key that is already waiting or running', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { q, deliveries } = queue(() => gate);
    expect(q.send(job('a'))).toBe(true);
    expect(q.send(job('a'))).toBe(false);
    expect(q.send(job('b'))).toBe(true);
    expect(q.send(job('b'))).toBe(false);
    release();
    await q.idle();
    expect(deliveries.map((d) => d.jobKey)).toEqual(['a', 'b']);
  });

  it('does not enqueue a job key that is waiting for a retry', async () => {
    let attempts = 0;
    const { q, deliveries } = queue(async () => {
      attempts++;
      if (attempts === 1) throw new CaptureTimeoutError('slow');
    });
    q.send(job('a'));
    await new Promise((r) => setImmediate(r));
    expect(q.send(job('a'))).toBe(false);
    await q.idle();
    expect(deliveries).toHaveLength(2);
  });

  it('accepts a job key again after it finished', async () => {
    const { q, deliveries } = queue(async () => {});
    q.send(job('a'));
    await q.idle();
    expect(q.send(job('a'))).toBe(true);
    await q.idle();
    expect(deliveries).toHaveLength(2);
  });

  it('resolves idle() at once when nothing was sent', async () => {
    const { q } = queue(async () => {});
    await expect(q.idle()).resolves.toBeUndefined();
  });

  it('resolves idle() only after every job, including retries, is done', async () => {
    const done: string[] = [];
    const { q } = queue(
      async (j) => {
        if (j.jobKey === 'slow' && j.attempt === 1) throw new CaptureTimeoutError('retry me');
        done.push(`${j.jobKey}#${j.attempt}`);
      },
      { concurrency: 2 },
    );
    for (const key of ['slow', 'b', 'c']) q.send(job(key));
    await q.idle();
    expect(done.sort()).toEqual(['b#1', 'c#1', 'slow#2']);
    expect(q.depth).toBe(0);
  });

  it('runs no more than `concurrency` jobs at once', async () => {
    let running = 0;
    let peak = 0;
    const { q } = queue(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2));
        running--;
      },
      { concurrency: 2 },
    );
    for (const key of ['a', 'b', 'c', 'd', 'e']) q.send(job(key));
    await q.idle();
    expect(peak).toBe(2);
  });

  it('refuses new jobs after close and releases idle() waiters', async () => {
    const { q } = queue(() => new Promise<void>(() => {}));
    q.send(job('a'));
    const idle = q.idle();
    q.close();
    await expect(idle).resolves.toBeUndefined();
    expect(q.send(job('b'))).toBe(false);
  });
});

import { afterEach, describe, it, expect } from 'vitest';
import type { CaptureJob } from '../../functions/lib/core/ports.js';
import { toSource, type Source } from '../../functions/lib/core/sources.js';
import { LocalScheduler } from '../../functions/lib/local/scheduler.js';
import { FixedClock, MemoryLogger } from '../support/fakes.js';

const TICK_MS = 2;
const CREATED = '2024-12-01T00:00:00.000Z';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits a few ticks so the interval timer has had its chance to fire. */
const ticks = (n = 5) => sleep(TICK_MS * n + 5);

/** Polls until the condition holds (robust against a busy machine delaying the interval timer). */
async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(1);
  }
}

const hourly = toSource({ url: 'https://news.example/hama', schedule: 'rate(1 hour)' }, CREATED);
const minutely = toSource({ url: 'https://liveuamap.com/', schedule: 'rate(1 minute)', extractor: 'liveuamap' }, CREATED);

const running: LocalScheduler[] = [];
afterEach(() => {
  for (const s of running.splice(0)) s.stop();
});

function scheduler(
  sources: () => Promise<Source[]>,
  enqueue: (job: CaptureJob) => void,
  clock = new FixedClock('2024-12-03T10:20:30.000Z'),
  logger = new MemoryLogger(),
) {
  const s = new LocalScheduler(sources, enqueue, clock, logger, TICK_MS);
  running.push(s);
  return { s, clock, logger };
}

describe('LocalScheduler', () => {
  it('fires a new source at start, for its current slot', async () => {
    const jobs: CaptureJob[] = [];
    const { s } = scheduler(
      async () => [hourly],
      (j) => jobs.push(j),
    );
    await s.start();
    expect(jobs).toEqual([
      {
        sourceId: hourly.id,
        url: hourly.url,
        extractor: 'auto',
        slot: '2024-12-03T10:00:00.000Z',
        jobKey: `${hourly.id}@2024-12-03T10:00:00.000Z`,
      },
    ]);
  });

  it('fires a source once per slot however many ticks pass', async () => {
    const jobs: CaptureJob[] = [];
    const { s, clock } = scheduler(
      async () => [hourly],
      (j) => jobs.push(j),
    );
    await s.start();
    await ticks(10);
    expect(jobs).toHaveLength(1);

    clock.set('2024-12-03T11:00:00.000Z');
    await until(() => jobs.length >= 2);
    clock.set('2024-12-03T11:30:00.000Z');
    await ticks();
    expect(jobs.map((j) => j.slot)).toEqual(['2024-12-03T10:00:00.000Z', '2024-12-03T11:00:00.000Z']);

    clock.set('2024-12-03T12:00:00.001Z');
    await until(() => jobs.length >= 3);
    await ticks();
    expect(jobs.map((j) => j.slot)).toEqual(['2024-12-03T10:00:00.000Z', '2024-12-03T11:00:00.000Z', '2024-12-03T12:00:00.000Z']);
    expect(new Set(jobs.map((j) => j.jobKey)).size).toBe(3);
  });

  it('gives a restart inside the same slot the same job key', async () => {
    const first: CaptureJob[] = [];
    const second: CaptureJob[] = [];
    const clock = new FixedClock('2024-12-03T10:20:30.000Z');
    const a = scheduler(
      async () => [hourly],
      (j) => first.push(j),
      clock,
    );
    await a.s.start();
    a.s.stop();
    clock.set('2024-12-03T10:59:59.000Z');
    const b = scheduler(
      async () => [hourly],
      (j) => second.push(j),
      clock,
    );
    await b.s.start();
    expect(second[0]!.jobKey).toBe(first[0]!.jobKey);
  });

  it('skips a source with a bad schedule and still fires the others', async () => {
    const bad: Source = { ...hourly, id: 'src_badbadbadbadbad0', url: 'https://bad.example/', schedule: 'rate(0 minutes)' };
    const jobs: CaptureJob[] = [];
    const { s, logger } = scheduler(
      async () => [bad, minutely, hourly],
      (j) => jobs.push(j),
    );
    await s.start();
    expect(jobs.map((j) => j.sourceId).sort()).toEqual([hourly.id, minutely.id].sort());
    const errors = logger.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ message: 'skipping a source with a bad schedule', extra: { sourceId: bad.id } });
  });

  it('keeps firing after an enqueue throws', async () => {
    const jobs: CaptureJob[] = [];
    let failures = 0;
    const { s, clock, logger } = scheduler(
      async () => [hourly, minutely],
      (j) => {
        if (j.sourceId === hourly.id && failures === 0) {
          failures++;
          throw new Error('queue is full');
        }
        jobs.push(j);
      },
    );
    await s.start();
    expect(jobs.map((j) => j.sourceId)).toEqual([minutely.id]);
    expect(logger.at('error')[0]).toMatchObject({
      message: 'could not enqueue a scheduled capture',
      extra: { sourceId: hourly.id, reason: 'queue is full' },
    });

    clock.set('2024-12-03T11:00:00.000Z');
    await until(() => jobs.length >= 3);
    await ticks();
    expect(jobs.filter((j) => j.sourceId === hourly.id).map((j) => j.slot)).toEqual(['2024-12-03T11:00:00.000Z']);
    expect(jobs.filter((j) => j.sourceId === minutely.id)).toHaveLength(2);
  });

  it('keeps the next run of unchanged sources on reload, so it does not fire twice in a slot', async () => {
    const jobs: CaptureJob[] = [];
    const { s } = scheduler(
      async () => [hourly],
      (j) => jobs.push(j),
    );
    await s.start();
    await s.reload();
    await ticks();
    expect(jobs).toHaveLength(1);
  });

  it('picks up added sources and drops deleted ones on reload', async () => {
    const jobs: CaptureJob[] = [];
    let sources = [hourly];
    const { s, clock } = scheduler(
      async () => sources,
      (j) => jobs.push(j),
    );
    await s.start();
    sources = [minutely];
    await s.reload();
    await until(() => jobs.length >= 2);
    expect(jobs.map((j) => j.sourceId)).toEqual([hourly.id, minutely.id]);
    clock.set('2024-12-03T11:00:00.000Z');
    await until(() => jobs.filter((j) => j.sourceId === minutely.id).length >= 2);
    await ticks();
    expect(jobs.filter((j) => j.sourceId === hourly.id)).toHaveLength(1);
  });

  it('keeps the previous schedule when loading sources fails on reload', async () => {
    const jobs: CaptureJob[] = [];
    let fail = false;
    const { s, clock, logger } = scheduler(
      async () => {
        if (fail) throw new Error('index unavailable');
        return [hourly];
      },
      (j) => jobs.push(j),
    );
    await s.start();
    fail = true;
    await s.reload();
    expect(logger.at('error')[0]).toMatchObject({ extra: { reason: 'index unavailable' } });
    clock.set('2024-12-03T11:00:00.000Z');
    await until(() => jobs.length >= 2);
    await ticks();
    expect(jobs.map((j) => j.slot)).toEqual(['2024-12-03T10:00:00.000Z', '2024-12-03T11:00:00.000Z']);
  });

  it('resolves stop() only after the sweep already running has finished, and sweeps no more', async () => {
    let sweeps = 0;
    let finish = () => {};
    const s = new LocalScheduler(
      async () => [],
      () => {},
      new FixedClock('2024-12-03T10:20:30.000Z'),
      new MemoryLogger(),
      TICK_MS,
      () => {
        sweeps++;
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
    );
    running.push(s);
    await s.start();
    expect(sweeps).toBe(1);
    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    await ticks();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
    await ticks();
    expect(sweeps).toBe(1);
  });

  it('stops firing after stop()', async () => {
    const jobs: CaptureJob[] = [];
    const { s, clock } = scheduler(
      async () => [hourly],
      (j) => jobs.push(j),
    );
    await s.start();
    s.stop();
    clock.set('2024-12-03T11:00:00.000Z');
    await ticks();
    expect(jobs).toHaveLength(1);
  });
});

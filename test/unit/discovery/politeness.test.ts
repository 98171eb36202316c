import { describe, expect, it } from 'vitest';
import { HostPoliteness } from '../../../functions/lib/core/discovery/politeness.js';
import { LocalQueue } from '../../../functions/lib/local/queue.js';
import type { CaptureJob } from '../../../functions/lib/core/ports.js';
import { quietLogger } from '../../support/emulated-stack.js';

describe('HostPoliteness', () => {
  it('allows perHost captures at once, spaced by the interval', () => {
    const p = new HostPoliteness({ perHost: 2, intervalMs: 2_000 });
    expect(p.waitFor('a.test', 0)).toBe(0);
    p.start('a.test', 0);
    expect(p.waitFor('a.test', 500)).toBe(1_500);
    expect(p.waitFor('b.test', 500)).toBe(0);
    p.start('a.test', 2_000);
    expect(p.waitFor('a.test', 5_000)).toBe(Number.POSITIVE_INFINITY);
    p.finish('a.test');
    expect(p.waitFor('a.test', 5_000)).toBe(0);
  });
});

const job = (url: string, n: number): CaptureJob => ({
  sourceId: 'src',
  url,
  extractor: 'auto',
  slot: '2024-12-03T10:00:00Z',
  jobKey: `${url}#${n}`,
});

describe('LocalQueue politeness', () => {
  it('never runs more than the per-host limit at once, spaces starts, and lets other hosts through a slow one', async () => {
    const running = new Map<string, number>();
    const peak = new Map<string, number>();
    const starts = new Map<string, number[]>();
    const queue = new LocalQueue(
      async (j) => {
        const host = new URL(j.url).host;
        running.set(host, (running.get(host) ?? 0) + 1);
        peak.set(host, Math.max(peak.get(host) ?? 0, running.get(host)!));
        starts.set(host, [...(starts.get(host) ?? []), Date.now()]);
        await new Promise((r) => setTimeout(r, host === 'slow.test' ? 400 : 20));
        running.set(host, running.get(host)! - 1);
      },
      { maxAttempts: 1, concurrency: 4, politeness: { perHost: 2, intervalMs: 50 }, logger: quietLogger },
    );
    for (let i = 0; i < 6; i++) queue.send(job(`https://slow.test/${i}`, i));
    for (let i = 0; i < 6; i++) queue.send(job(`https://fast.test/${i}`, i));
    const started = Date.now();
    await queue.idle();

    expect(peak.get('slow.test')).toBe(2);
    expect(peak.get('fast.test')).toBeLessThanOrEqual(2);
    for (const host of ['slow.test', 'fast.test']) {
      const s = starts.get(host)!;
      expect(s).toHaveLength(6);
      for (let i = 1; i < s.length; i++) expect(s[i]! - s[i - 1]!).toBeGreaterThanOrEqual(40);
    }
    // The fast host finished long before the slow one: it never waited behind it.
    expect(Math.max(...starts.get('fast.test')!) - started).toBeLessThan(Math.max(...starts.get('slow.test')!) - started);
  });
});

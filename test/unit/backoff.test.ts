import { describe, it, expect } from 'vitest';
import { backoffDelay } from '../../functions/lib/core/backoff.js';

describe('backoffDelay', () => {
  it('is 0 when the random draw is 0', () => {
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(0);
  });

  it('grows as base * 2^(attempt-1) at the top of the jitter range', () => {
    const top = () => 0.999_999;
    expect(backoffDelay(1, 100, 10_000, top)).toBe(99);
    expect(backoffDelay(2, 100, 10_000, top)).toBe(199);
    expect(backoffDelay(3, 100, 10_000, top)).toBe(399);
    expect(backoffDelay(4, 100, 10_000, top)).toBe(799);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(30, 100, 5_000, () => 0.999_999)).toBe(4_999);
  });

  it('treats attempt 0 like attempt 1', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0.5)).toBe(50);
  });

  it('stays within [0, ceiling) with the default random source', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, 10, 1_000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(40);
      expect(Number.isInteger(d)).toBe(true);
    }
  });
});

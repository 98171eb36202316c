/** Per-host limits, on top of the global capture concurrency. */
export interface PolitenessLimits {
  /** Captures of one host at once. */
  perHost: number;
  /** Least time between two capture starts on one host, in ms. */
  intervalMs: number;
}

const DEFAULT_POLITENESS: PolitenessLimits = { perHost: 2, intervalMs: 2_000 };

/**
 * Who may start now, per host: at most `perHost` running and `intervalMs` between starts. Pure
 * bookkeeping (the caller passes the time), so the local queue can pick the first waiting job
 * whose host is free instead of letting a busy or slow host hold a global slot.
 */
export class HostPoliteness {
  private readonly running = new Map<string, number>();
  private readonly lastStart = new Map<string, number>();

  constructor(private readonly limits: PolitenessLimits = DEFAULT_POLITENESS) {}

  /** 0 if a capture of `host` may start at `now`, else the ms until it might (Infinity while the host is full). */
  waitFor(host: string, now: number): number {
    if ((this.running.get(host) ?? 0) >= this.limits.perHost) return Number.POSITIVE_INFINITY;
    const last = this.lastStart.get(host);
    if (last === undefined) return 0;
    return Math.max(0, last + this.limits.intervalMs - now);
  }

  start(host: string, now: number): void {
    this.running.set(host, (this.running.get(host) ?? 0) + 1);
    this.lastStart.set(host, now);
    if (this.lastStart.size > 10_000) {
      // Hosts whose last start is older than the interval constrain nothing; forget them.
      for (const [h, at] of this.lastStart) if (now - at >= this.limits.intervalMs && !this.running.has(h)) this.lastStart.delete(h);
    }
  }

  finish(host: string): void {
    const n = (this.running.get(host) ?? 1) - 1;
    if (n <= 0) this.running.delete(host);
    else this.running.set(host, n);
  }
}

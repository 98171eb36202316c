import { backoffDelay } from '../core/backoff.js';
import { HostPoliteness, type PolitenessLimits } from '../core/discovery/politeness.js';
import { hostKey } from '../core/discovery/urls.js';
import { errorMessage, isRetryable } from '../core/errors.js';
import type { CaptureJob, Logger } from '../core/ports.js';

export interface DeadLetter {
  job: CaptureJob;
  reason: string;
  attempts: number;
  at: string;
}

export interface QueueOptions {
  maxAttempts: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  concurrency?: number;
  /** Per-host limits on top of `concurrency`; without them every job may start at once. */
  politeness?: PolitenessLimits;
  logger: Logger;
}

/**
 * The local stand-in for SQS: at-least-once delivery, redelivery of retryable failures with
 * exponential backoff and jitter, and a dead-letter list after `maxAttempts`. A job key already
 * waiting or running is not enqueued twice. With `politeness`, a free slot goes to the first
 * waiting job whose host may start (per-host concurrency and spacing), so a busy or slow host
 * waits without holding up jobs for other hosts.
 */
export class LocalQueue {
  readonly deadLetters: DeadLetter[] = [];
  private readonly waiting: CaptureJob[] = [];
  private readonly keys = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private closed = false;
  private readonly hosts?: HostPoliteness;
  private wake?: NodeJS.Timeout;
  private idleResolvers: (() => void)[] = [];

  constructor(
    private readonly handle: (job: CaptureJob) => Promise<void>,
    private readonly options: QueueOptions,
  ) {
    if (options.politeness) this.hosts = new HostPoliteness(options.politeness);
  }

  send(job: CaptureJob): boolean {
    if (this.closed || this.keys.has(job.jobKey)) return false;
    this.keys.add(job.jobKey);
    this.waiting.push({ ...job, attempt: job.attempt ?? 1 });
    this.pump();
    return true;
  }

  get depth(): number {
    return this.waiting.length + this.running + this.timers.size;
  }

  /** Resolves when nothing is waiting, running or scheduled for redelivery. */
  idle(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleResolvers.push(resolve));
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 1;
    while (!this.closed && this.running < limit && this.waiting.length > 0) {
      const index = this.nextStartable();
      if (index < 0) break;
      const [job] = this.waiting.splice(index, 1) as [CaptureJob];
      const host = hostKey(job.url);
      this.hosts?.start(host, Date.now());
      this.running++;
      void this.process(job).finally(() => {
        this.running--;
        this.hosts?.finish(host);
        this.pump();
        if (this.depth === 0) for (const r of this.idleResolvers.splice(0)) r();
      });
    }
  }

  /** The first waiting job whose host may start now; else -1, with a wake-up set for the soonest one. */
  private nextStartable(): number {
    if (!this.hosts) return 0;
    const now = Date.now();
    let soonest = Number.POSITIVE_INFINITY;
    const seen = new Map<string, number>();
    for (let i = 0; i < this.waiting.length; i++) {
      const host = hostKey(this.waiting[i]!.url);
      const wait = seen.get(host) ?? this.hosts.waitFor(host, now);
      seen.set(host, wait);
      if (wait === 0) return i;
      soonest = Math.min(soonest, wait);
    }
    if (Number.isFinite(soonest) && !this.wake && !this.closed) {
      this.wake = setTimeout(() => {
        this.wake = undefined;
        this.pump();
      }, soonest);
      this.wake.unref();
    }
    return -1;
  }

  private async process(job: CaptureJob): Promise<void> {
    const attempt = job.attempt ?? 1;
    try {
      await this.handle(job);
      this.keys.delete(job.jobKey);
    } catch (err) {
      const reason = errorMessage(err);
      if (isRetryable(err) && attempt < this.options.maxAttempts && !this.closed) {
        const delay = backoffDelay(attempt, this.options.baseDelayMs ?? 2_000, this.options.maxDelayMs ?? 60_000);
        this.options.logger.info('capture will be retried', { jobKey: job.jobKey, attempt, delayMs: delay, reason });
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.waiting.push({ ...job, attempt: attempt + 1 });
          this.pump();
        }, delay);
        timer.unref();
        this.timers.add(timer);
        return;
      }
      this.keys.delete(job.jobKey);
      this.deadLetters.push({ job, reason, attempts: attempt, at: new Date().toISOString() });
      this.options.logger.warn('capture sent to the dead-letter list', { jobKey: job.jobKey, url: job.url, attempts: attempt, reason });
    }
  }

  close(): void {
    this.closed = true;
    if (this.wake) clearTimeout(this.wake);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    for (const r of this.idleResolvers.splice(0)) r();
  }
}

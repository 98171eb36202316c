import { backoffDelay } from '../core/backoff.js';
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
  logger: Logger;
}

/**
 * The local stand-in for SQS: at-least-once delivery, redelivery of retryable failures with
 * exponential backoff and jitter, and a dead-letter list after `maxAttempts`. A job key already
 * waiting or running is not enqueued twice.
 */
export class LocalQueue {
  readonly deadLetters: DeadLetter[] = [];
  private readonly waiting: CaptureJob[] = [];
  private readonly keys = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private closed = false;
  private idleResolvers: (() => void)[] = [];

  constructor(
    private readonly handle: (job: CaptureJob) => Promise<void>,
    private readonly options: QueueOptions,
  ) {}

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
      const job = this.waiting.shift()!;
      this.running++;
      void this.process(job).finally(() => {
        this.running--;
        this.pump();
        if (this.depth === 0) for (const r of this.idleResolvers.splice(0)) r();
      });
    }
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
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    for (const r of this.idleResolvers.splice(0)) r();
  }
}

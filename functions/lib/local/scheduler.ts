import { errorMessage } from '../core/errors.js';
import type { CaptureJob, Clock, Logger } from '../core/ports.js';
import { currentSlot, nextRun, parseSchedule, type Schedule } from '../core/schedule.js';
import type { Source } from '../core/sources.js';

interface Entry {
  source: Source;
  schedule: Schedule;
  next: Date;
}

/**
 * The local stand-in for EventBridge Scheduler: one schedule per source, each firing a capture job
 * whose key is the source plus the scheduled slot. A source's first run is its current slot, so a
 * new source is captured at start; a restart inside the same slot does not capture it again.
 * A bad schedule or a failing enqueue is logged and skipped; the scheduler itself never stops.
 */
export class LocalScheduler {
  private entries = new Map<string, Entry>();
  private timer?: NodeJS.Timeout;
  private sweeping = false;
  private stopped = false;
  /** Reads and sweeps still running, which `stop` waits for so that no store is read after it closes. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly loadSources: () => Promise<Source[]>,
    private readonly enqueue: (job: CaptureJob) => void,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly tickMs = 1_000,
    /** Runs on every tick, never two at once: the due-item sweep of discovery's ladders. */
    private readonly sweep?: () => Promise<unknown>,
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
    this.tick();
  }

  /** Re-reads sources (after an API change); existing sources keep their next run. */
  reload(): Promise<void> {
    return this.stopped ? Promise.resolve() : this.track(this.load());
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  private async load(): Promise<void> {
    let sources: Source[];
    try {
      sources = await this.loadSources();
    } catch (err) {
      this.logger.error('could not load sources; keeping the previous schedule', { reason: errorMessage(err) });
      return;
    }
    const now = this.clock.now();
    const next = new Map<string, Entry>();
    for (const source of sources) {
      const known = this.entries.get(source.id);
      try {
        const schedule = known?.source.schedule === source.schedule ? known.schedule : parseSchedule(source.schedule);
        next.set(source.id, {
          source,
          schedule,
          next: known?.source.schedule === source.schedule ? known.next : currentSlot(schedule, now),
        });
      } catch (err) {
        this.logger.error('skipping a source with a bad schedule', { sourceId: source.id, reason: errorMessage(err) });
      }
    }
    this.entries = next;
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.sweep && !this.sweeping) {
      this.sweeping = true;
      this.track(
        this.sweep()
          .catch((err: unknown) => this.logger.error('the due-item sweep failed; it runs again next tick', { reason: errorMessage(err) }))
          .finally(() => {
            this.sweeping = false;
          }),
      );
    }
    const now = this.clock.now();
    for (const entry of this.entries.values()) {
      if (entry.next.getTime() > now.getTime()) continue;
      const slot = currentSlot(entry.schedule, now);
      try {
        this.enqueue({
          sourceId: entry.source.id,
          url: entry.source.url,
          extractor: entry.source.extractor,
          slot: slot.toISOString(),
          jobKey: `${entry.source.id}@${slot.toISOString()}`,
        });
      } catch (err) {
        this.logger.error('could not enqueue a scheduled capture', { sourceId: entry.source.id, reason: errorMessage(err) });
      }
      entry.next = nextRun(entry.schedule, now) ?? new Date(8.64e15);
    }
  }

  /** Stops the ticks and resolves once the reads and the sweep already running have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.pending]);
  }
}

import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { countProblems, type FixityAudit } from '../core/audit.js';
import { z } from 'zod';
import { errorMessage, ValidationError } from '../core/errors.js';
import { AUDIT_METRICS } from '../core/metric-names.js';
import type { CaptureJob, Clock, HostGate, ItemIndex, Logger, SnapshotIndex } from '../core/ports.js';
import { currentSlot, parseSchedule } from '../core/schedule.js';
import {
  discoverySettingsOf,
  discoverySettingsSchema,
  EXTRACTORS,
  mergeSource,
  normaliseUrl,
  type Source,
  sourceId as sourceIdOf,
} from '../core/sources.js';
import { hostKey } from '../core/discovery/urls.js';
import { captureJob, type CaptureDeps, type CaptureOutcome } from './capture-service.js';
import { captureAndFollow, type FollowDeps, sweepDueItems } from './follow-service.js';
import { runAudit, type AuditDeps } from './fixity.js';

const jobSchema = z.object({
  sourceId: z.string().min(1),
  url: z.string().min(1),
  extractor: z.enum(EXTRACTORS),
  slot: z.string().min(1),
  jobKey: z.string().min(1),
  discoveredFrom: z.object({ sourceId: z.string().min(1), snapshotId: z.string().min(1) }).optional(),
  follow: z
    .object({ kind: z.enum(['item', 'citation']), step: z.number().int().min(0).optional(), robots: z.enum(['obey', 'ignore']) })
    .optional(),
});

/**
 * Discovery on AWS: the capture function follows each finished capture (discovery after a source
 * page, the ladder after an article) and sends the jobs that makes to the capture queue; the host
 * gate keeps per-host politeness across concurrent Lambdas, and a job whose host is busy is sent
 * back with a delay instead of holding the function.
 */
export interface CaptureFollowing {
  deps: FollowDeps;
  gate?: HostGate;
  requeue(job: CaptureJob, delaySeconds: number): Promise<void>;
}

/** Called with every finished capture (the Lambda entry turns these into CloudWatch metrics). */
export type OutcomeObserver = (outcome: CaptureOutcome, ms: number) => void;

async function observed(
  deps: CaptureDeps,
  job: CaptureJob,
  observe?: OutcomeObserver,
  following?: { deps: FollowDeps; finalAttempt: boolean },
): Promise<CaptureOutcome> {
  const started = performance.now();
  const outcome = following
    ? await captureAndFollow(deps, following.deps, job, { finalAttempt: following.finalAttempt })
    : await captureJob(deps, job);
  observe?.(outcome, performance.now() - started);
  return outcome;
}

/**
 * The capture queue consumer. A retryable failure below the attempt limit is reported in
 * `batchItemFailures`, so SQS redelivers it after the visibility timeout and moves it to the DLQ after
 * `maxReceiveCount`; a permanent failure is recorded and acknowledged. A malformed message is logged
 * and acknowledged (it can never succeed).
 */
export async function consumeCaptureBatch(
  event: SQSEvent,
  deps: CaptureDeps,
  maxAttempts: number,
  observe?: OutcomeObserver,
  following?: CaptureFollowing,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let job: CaptureJob;
    try {
      job = jobSchema.parse(JSON.parse(record.body));
    } catch (err) {
      deps.logger.error('dropping a malformed capture message', { messageId: record.messageId, reason: errorMessage(err) });
      continue;
    }
    const attempt = Number(record.attributes.ApproximateReceiveCount ?? '1');
    const host = hostKey(job.url);
    try {
      if (following?.gate) {
        const gate = await following.gate.acquire(host, record.messageId, deps.clock.now());
        if (!gate.ok) {
          await following.requeue(job, Math.ceil(gate.retryAfterMs / 1000));
          continue;
        }
      }
      try {
        const finalAttempt = attempt >= maxAttempts;
        const outcome = await observed(deps, { ...job, attempt }, observe, following && { deps: following.deps, finalAttempt });
        if (outcome.error?.retryable && !finalAttempt) batchItemFailures.push({ itemIdentifier: record.messageId });
      } finally {
        await following?.gate?.release(host, record.messageId);
      }
    } catch (err) {
      deps.logger.error('capture could not be recorded; it will be retried', { messageId: record.messageId, reason: errorMessage(err) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

/** Longest capture the API can wait for: API Gateway answers within 30 s. */
export const SYNC_CAPTURE_TIMEOUT_MS = 25_000;

/**
 * The capture function's entry: an SQS batch from the queue, or `{job}` from the API's synchronous
 * `POST /captures`, which gets the snapshot back (failed or not) within the API's deadline.
 */
export async function handleCaptureEvent(
  event: SQSEvent | { job?: unknown },
  deps: CaptureDeps,
  maxAttempts: number,
  observe?: OutcomeObserver,
  following?: CaptureFollowing,
): Promise<SQSBatchResponse | CaptureOutcome> {
  if ('Records' in event && Array.isArray(event.Records))
    return consumeCaptureBatch(event as SQSEvent, deps, maxAttempts, observe, following);
  const parsed = jobSchema.safeParse((event as { job?: unknown }).job);
  if (!parsed.success) throw new ValidationError('a direct capture invocation must be {job: {sourceId, url, extractor, slot, jobKey}}');
  return observed({ ...deps, timeoutMs: Math.min(deps.timeoutMs, SYNC_CAPTURE_TIMEOUT_MS) }, parsed.data, observe);
}

/** What each EventBridge Scheduler schedule sends to the dispatch function. */
export const sweepPayloadSchema = z.object({ sweep: z.literal(true) });

/**
 * The AWS sweep (a fixed-rate schedule): sources registered through `POST /sources` have no
 * EventBridge schedule of their own, so each sweep enqueues every such source whose current slot
 * has not been dispatched yet. Job keys are source plus slot, so a repeated sweep cannot capture a
 * slot twice. A source with a bad schedule is logged and skipped. With `items`, the same sweep
 * then sends the tracked articles whose recapture is due (a Query of the due index, never a Scan).
 */
export async function sweepApiSources(deps: {
  send(job: CaptureJob): Promise<void>;
  clock: Clock;
  logger: Logger;
  sources: Pick<SnapshotIndex, 'listSources' | 'markDispatched'>;
  items?: ItemIndex;
}): Promise<CaptureJob[]> {
  const sent = await sweepSources(deps);
  if (deps.items) sent.push(...(await sweepDueItems({ items: deps.items, send: deps.send, clock: deps.clock, logger: deps.logger })));
  return sent;
}

async function sweepSources(deps: {
  send(job: CaptureJob): Promise<void>;
  clock: Clock;
  logger: Logger;
  sources: Pick<SnapshotIndex, 'listSources' | 'markDispatched'>;
}): Promise<CaptureJob[]> {
  const now = deps.clock.now();
  const sent: CaptureJob[] = [];
  for (const source of await deps.sources.listSources()) {
    if (source.origin !== 'api') continue;
    let slot: string;
    try {
      slot = currentSlot(parseSchedule(source.schedule), now).toISOString();
    } catch (err) {
      deps.logger.error('skipping a source with a bad schedule', { sourceId: source.id, reason: (err as Error).message });
      continue;
    }
    if (source.lastDispatchedSlot && source.lastDispatchedSlot >= slot) continue;
    const job: CaptureJob = { sourceId: source.id, url: source.url, extractor: source.extractor, slot, jobKey: `${source.id}@${slot}` };
    await deps.send(job);
    await deps.sources.markDispatched(source.id, slot);
    sent.push(job);
  }
  deps.logger.info('sweep dispatched', { jobs: sent.length });
  return sent;
}

const schedulePayloadSchema = z
  .object({
    sourceId: z.string().optional(),
    url: z.string().min(1),
    extractor: z.enum(EXTRACTORS).optional(),
    schedule: z.string().min(1),
    scheduledTime: z.string().optional(),
  })
  .extend(discoverySettingsSchema.shape);

/**
 * Turns a schedule firing into a capture job keyed by source and scheduled slot, so a duplicate
 * invocation for the same slot produces the same job key and the same snapshot id. A source the
 * table does not know yet (the sources file drives the schedules on AWS) is registered first, so
 * `GET /sources` lists it and its last capture.
 */
export async function dispatchScheduled(
  payload: unknown,
  deps: { send(job: CaptureJob): Promise<void>; clock: Clock; logger: Logger; sources?: Pick<SnapshotIndex, 'getSource' | 'putSource'> },
): Promise<CaptureJob> {
  const input = schedulePayloadSchema.parse(payload);
  const url = normaliseUrl(input.url);
  const id = input.sourceId ?? sourceIdOf(url);
  if (deps.sources) {
    const existing = await deps.sources.getSource(id);
    const incoming: Source = {
      id,
      url,
      schedule: input.schedule,
      extractor: input.extractor ?? 'auto',
      createdAt: deps.clock.now().toISOString(),
      origin: 'file',
      ...discoverySettingsOf(input),
    };
    // The schedule's payload is the deployed sources file: its discovery settings win over the stored ones.
    const merged = existing ? mergeSource(existing, incoming) : incoming;
    if (!existing || JSON.stringify(discoverySettingsOf(existing)) !== JSON.stringify(discoverySettingsOf(merged))) {
      await deps.sources.putSource(merged);
    }
  }
  const fired = input.scheduledTime ? new Date(input.scheduledTime) : deps.clock.now();
  const slot = currentSlot(parseSchedule(input.schedule), Number.isNaN(fired.getTime()) ? deps.clock.now() : fired);
  const job: CaptureJob = {
    sourceId: id,
    url,
    extractor: input.extractor ?? 'auto',
    slot: slot.toISOString(),
    jobKey: `${id}@${slot.toISOString()}`,
  };
  await deps.send(job);
  deps.logger.info('capture dispatched', { sourceId: id, slot: job.slot });
  return job;
}

/** Records one CloudWatch metric: Powertools Metrics (EMF) on Lambda, an array in tests. */
export type MetricSink = (name: string, unit: 'Count' | 'Bytes', value: number) => void;

/** What the audit function returns and logs: the audit's numbers, without its problem list. */
export type AuditSummary = Pick<FixityAudit, 'startedAt' | 'finishedAt' | 'snapshots' | 'objects' | 'bytes' | 'counts'> & {
  auditId: string;
};

/** Problems written to the log of a failing audit; the audit record keeps more, `POST /verify` all. */
const LOGGED_PROBLEMS = 20;

/**
 * The scheduled fixity audit: re-hash the archive and record the audit (trigger `schedule`), then
 * report it as metrics and a log line. Every metric is emitted on every run, zeros included, so the
 * problems alarm sees each clean run and returns to OK. The schedule's payload carries nothing the
 * audit needs. A failure to read or record throws, which counts toward the audit errors alarm.
 */
export async function handleAuditEvent(deps: AuditDeps & { logger: Logger }, metric: MetricSink = () => undefined): Promise<AuditSummary> {
  const report = await runAudit(deps, 'schedule');
  const counts = countProblems(report.problems);
  metric(AUDIT_METRICS.mismatches, 'Count', counts.mismatch);
  metric(AUDIT_METRICS.missing, 'Count', counts.missing);
  metric(AUDIT_METRICS.chainBreaks, 'Count', counts.chain);
  metric(AUDIT_METRICS.objectsVerified, 'Count', report.objects);
  metric(AUDIT_METRICS.bytesVerified, 'Bytes', report.bytes);
  const { auditId, startedAt, finishedAt, snapshots, objects, bytes } = report;
  const summary: AuditSummary = { auditId, startedAt, finishedAt, snapshots, objects, bytes, counts };
  if (report.problems.length === 0) deps.logger.info('fixity audit passed', { ...summary });
  else {
    deps.logger.error('fixity audit found problems', {
      ...summary,
      problems: report.problems.slice(0, LOGGED_PROBLEMS),
      problemsNotLogged: Math.max(0, report.problems.length - LOGGED_PROBLEMS),
    });
  }
  return summary;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureJob } from '../../functions/lib/core/ports.js';
import { snapshotId } from '../../functions/lib/core/snapshot.js';
import { captureJob, type CaptureDeps } from '../../functions/lib/services/capture-service.js';
import { consumeCaptureBatch } from '../../functions/lib/services/lambda-handlers.js';
import { startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { jobFor, startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';

/**
 * Faults injected into the real pipeline (real browser, dynalite, s3rver): each run ends with
 * exactly one snapshot for the job, never a half-visible one, and the failure recorded with its
 * reason until a retry succeeds.
 */
describe('fault injection', () => {
  let site: FixtureSite;
  let stack: EmulatedStack;
  const faults = { batchWrites: 0, blobPuts: 0 };

  /**
   * Real SDK clients with a fault middleware: the next N BatchWriteItem calls are throttled, as
   * DynamoDB throttles, and the next N blob PutObject calls fail with S3's InternalError.
   */
  function faulty<T>(client: T): T {
    const c = client as { constructor: { name: string }; middlewareStack: { add(mw: unknown, opts: unknown): void } };
    c.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: { input: { Key?: string } }) => {
        if (context.commandName === 'BatchWriteItemCommand' && faults.batchWrites > 0) {
          faults.batchWrites--;
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
            name: 'ProvisionedThroughputExceededException',
            $metadata: { httpStatusCode: 400 },
          });
        }
        if (context.commandName === 'PutObjectCommand' && args.input.Key?.startsWith('blobs/') && faults.blobPuts > 0) {
          faults.blobPuts--;
          throw Object.assign(new Error('We encountered an internal error. Please try again.'), {
            name: 'InternalError',
            $metadata: { httpStatusCode: 500 },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectFaults' },
    );
    return client;
  }

  beforeAll(async () => {
    site = await startFixtureSite();
    stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host }, { instrument: faulty });
  });
  afterAll(async () => {
    await stack?.close();
    await site?.close();
  });

  const idOf = (job: CaptureJob) => snapshotId(new Date(job.slot), job.jobKey);

  it('an S3 put failing for one artifact fails the attempt with its reason; the retry makes the one snapshot', async () => {
    const job = jobFor(`${site.origin}/claims/wire-en`);
    faults.blobPuts = 1;

    const first = await captureJob(stack.services.captureDeps, job);
    const second = await captureJob(stack.services.captureDeps, job);

    expect(first.snapshot.status).toBe('failed');
    expect(first.error?.retryable).toBe(true);
    expect(first.snapshot.error).toMatch(/put blobs\/.*InternalError/);
    expect(second.snapshot).toMatchObject({ id: idOf(job), status: 'captured', attempts: 2 });
    expect((await stack.services.index.listSnapshots({ url: job.url, limit: 10 })).items).toHaveLength(1);
  });

  it('DynamoDB throttling during claim indexing is retried with backoff and the capture succeeds', async () => {
    const job = jobFor(`${site.origin}/claims/article-is`);
    faults.batchWrites = 3;

    const { snapshot } = await captureJob(stack.services.captureDeps, job);

    expect(faults.batchWrites).toBe(0);
    expect(snapshot.status).toBe('captured');
    expect(snapshot.claimCount).toBeGreaterThan(10);
    const claims = await stack.services.claims.queryClaims({ sourceId: job.sourceId, limit: 100 });
    expect(claims.items).toHaveLength(snapshot.claimCount);
  });

  it('a browser that dies mid-page fails the attempt as retryable, and the next attempt relaunches it', async () => {
    const job = jobFor(`${site.origin}/slow?ms=3000`);
    const capturer = stack.services.capturer as unknown as { browser: Promise<{ close(): Promise<void> }> };
    setTimeout(() => void capturer.browser.then((b) => b.close()), 800);

    const first = await captureJob(stack.services.captureDeps, job);
    const second = await captureJob(stack.services.captureDeps, job);

    expect(first.snapshot.status).toBe('failed');
    expect(first.error?.retryable).toBe(true);
    expect(second.snapshot).toMatchObject({ id: idOf(job), status: 'captured' });
  });

  it('the same queue message delivered twice yields one snapshot and one capture', async () => {
    const job = jobFor(`${site.origin}/article`, `dup-${Date.now()}`);
    const record = { messageId: 'm1', body: JSON.stringify(job), attributes: { ApproximateReceiveCount: '1' } };
    const event = { Records: [record, { ...record, messageId: 'm2' }] } as never;
    const before = site.hits.get('/article') ?? 0;

    const response = await consumeCaptureBatch(event, stack.services.captureDeps, 3);

    expect(response.batchItemFailures).toEqual([]);
    expect((site.hits.get('/article') ?? 0) - before).toBe(1);
    expect((await stack.services.index.getSnapshot(idOf(job)))?.status).toBe('captured');
  });

  it('a crash between the artifact uploads and the snapshot record leaves no snapshot; the retry commits it', async () => {
    const job = jobFor(`${site.origin}/evolving`);
    const index = stack.services.index;
    const crashing: CaptureDeps = {
      ...stack.services.captureDeps,
      index: Object.assign(Object.create(Object.getPrototypeOf(index)), index, {
        putSnapshot: async () => {
          throw new Error('process killed');
        },
      }),
    };

    await expect(captureJob(crashing, job)).rejects.toThrow('process killed');
    const visible = await index.getSnapshot(idOf(job));
    const retried = await captureJob(stack.services.captureDeps, job);

    expect(visible).toBeUndefined();
    expect(retried.snapshot).toMatchObject({ id: idOf(job), status: 'captured' });
  });
});

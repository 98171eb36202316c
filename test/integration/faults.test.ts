import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimId, type Claim, type ClaimChange } from '../../functions/lib/core/claim-history.js';
import type { CaptureJob, ClaimIndex } from '../../functions/lib/core/ports.js';
import { snapshotId } from '../../functions/lib/core/snapshot.js';
import { captureJob, type CaptureDeps } from '../../functions/lib/services/capture-service.js';
import { consumeCaptureBatch } from '../../functions/lib/services/lambda-handlers.js';
import { createHttpApp } from '../../functions/lib/wiring.js';
import { EVOLVING_PARAGRAPHS, startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
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

  describe('a crash between the claim writes and the commit', () => {
    const READ = 'faults-read-key-0123456789';
    const api = () => createHttpApp(stack.services, stack.config, { adminKey: 'faults-admin-key-0123456789', readKey: READ });
    const read = async <T>(route: string): Promise<T> => {
      const res = await api().request(route, { headers: { authorization: `Bearer ${READ}` } });
      expect(res.status, route).toBe(200);
      return (await res.json()) as T;
    };
    const claimsOf = async (url: string, status = '') =>
      (await read<{ claims: Claim[] }>(`/claims?url=${encodeURIComponent(url)}&limit=500${status && `&status=${status}`}`)).claims;
    const changesOf = async (url: string) => (await read<{ changes: ClaimChange[] }>(`/changes?url=${encodeURIComponent(url)}`)).changes;
    const snapshotsOf = async (url: string) =>
      (await read<{ snapshots: unknown[] }>(`/snapshots?url=${encodeURIComponent(url)}`)).snapshots;

    /** Capture deps whose claim writes complete (and are counted) and whose commit then throws, as a killed process would. */
    function crashingAtCommit(): { deps: CaptureDeps; claimsWritten: number[] } {
      const claimsWritten: number[] = [];
      const { index, claims } = stack.services;
      const deps: CaptureDeps = {
        ...stack.services.captureDeps,
        claims: Object.assign(Object.create(Object.getPrototypeOf(claims)), claims, {
          writeClaims: async (...args: Parameters<ClaimIndex['writeClaims']>) => {
            await claims.writeClaims(...args);
            claimsWritten.push(args[0].claims.length);
          },
        }),
        index: Object.assign(Object.create(Object.getPrototypeOf(index)), index, {
          putSnapshot: async () => {
            throw new Error('process killed');
          },
        }),
      };
      return { deps, claimsWritten };
    }

    it('shows none of the new claims; the retry commits them, each once, under one snapshot', async () => {
      const job = jobFor(`${site.origin}/claims/wire-en?fault=claims-then-crash`);
      const crashing = crashingAtCommit();

      await expect(captureJob(crashing.deps, job)).rejects.toThrow('process killed');
      const beforeRetry = await claimsOf(job.url);
      const retried = await captureJob(stack.services.captureDeps, job);
      const afterRetry = await claimsOf(job.url);

      expect(crashing.claimsWritten[0]).toBeGreaterThan(0);
      expect(beforeRetry).toEqual([]);
      expect(retried.snapshot).toMatchObject({ id: idOf(job), status: 'captured' });
      expect(afterRetry).toHaveLength(retried.snapshot.claimCount);
      expect(new Set(afterRetry.map((c) => c.id)).size).toBe(afterRetry.length);
      expect(afterRetry.every((c) => c.evidence.snapshotId === idOf(job))).toBe(true);
      expect(await snapshotsOf(job.url)).toHaveLength(1);
    });

    it('in a recapture, shows no removal, rewording or change until the retry commits them', async () => {
      const url = `${site.origin}/evolving?fault=recapture-then-crash`;
      site.evolvingVersion = 1;
      const published = await captureJob(stack.services.captureDeps, jobFor(url));
      const publishedIds = (await claimsOf(url)).map((c) => c.id).sort();
      const recapture = jobFor(url);
      const reworded = claimId(recapture.sourceId, EVOLVING_PARAGRAPHS.reworded);
      site.evolvingVersion = 2;
      try {
        await expect(captureJob(crashingAtCommit().deps, recapture)).rejects.toThrow('process killed');
        const beforeRetry = {
          present: (await claimsOf(url, 'present')).map((c) => c.id).sort(),
          removed: await claimsOf(url, 'removed'),
          changes: await changesOf(url),
          reworded: (await api().request(`/claims/${reworded}`, { headers: { authorization: `Bearer ${READ}` } })).status,
        };
        const retried = await captureJob(stack.services.captureDeps, recapture);
        const afterRetry = {
          removed: (await claimsOf(url, 'removed')).map((c) => c.text).sort(),
          present: (await claimsOf(url, 'present')).map((c) => c.id),
          changes: (await changesOf(url)).map((c) => c.type).sort(),
        };

        expect(published.snapshot.claimCount).toBeGreaterThan(0);
        expect(beforeRetry).toEqual({ present: publishedIds, removed: [], changes: [], reworded: 404 });
        expect(retried.snapshot).toMatchObject({ id: idOf(recapture), status: 'captured' });
        expect(afterRetry.removed).toEqual([EVOLVING_PARAGRAPHS.dropped, EVOLVING_PARAGRAPHS.original].sort());
        expect(afterRetry.present).toContain(reworded);
        expect(new Set(afterRetry.present).size).toBe(afterRetry.present.length);
        expect(afterRetry.changes).toEqual(['edited', 'removed']);
        expect(await snapshotsOf(url)).toHaveLength(2);
      } finally {
        site.evolvingVersion = 1;
      }
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureJob } from '../../functions/lib/services/capture-service.js';
import type { FixtureSite } from '../support/fixture-site.js';
import { jobFor, startFixtureStack, type EmulatedStack } from '../support/emulated-stack.js';

/**
 * Hostile pages are captured or refused within the capture timeout (plus the time to store what
 * was captured, at most one timeout again), and the worker goes on.
 */
describe('hostile pages', () => {
  let site: FixtureSite;
  let stack: EmulatedStack;
  const TIMEOUT = 15_000;

  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ site, stack, close } = await startFixtureStack({ VERBATIM_CAPTURE_TIMEOUT_MS: String(TIMEOUT) }));
  });
  afterAll(() => close());

  async function timedCapture(path: string) {
    const started = Date.now();
    const outcome = await captureJob(stack.services.captureDeps, jobFor(`${site.origin}${path}`));
    return { ...outcome, ms: Date.now() - started };
  }

  it.each([
    ['/hostile/alert-loop', 'an alert() loop'],
    ['/hostile/popups', 'twenty popups'],
    ['/hostile/infinite-scroll', 'infinite scroll'],
    ['/hostile/giant-dom', 'a 200,000-element DOM'],
    ['/hostile/service-worker', 'a service worker'],
    ['/hostile/websocket', 'a WebSocket'],
    ['/hostile/download', 'a forced download'],
  ])('captures %s (%s) within the timeout', async (path) => {
    const { snapshot, ms } = await timedCapture(path);

    expect(ms).toBeLessThan(2 * TIMEOUT);
    expect(['captured', 'failed']).toContain(snapshot.status);
    expect(snapshot.error ?? '').not.toMatch(/internal/i);
  });

  it('records where a page that navigates away ended up', async () => {
    const { snapshot } = await timedCapture('/hostile/navigate-away');

    expect(snapshot.status).toBe('captured');
    expect([`${site.origin}/hostile/navigate-away`, `${site.origin}/article`]).toContain(snapshot.finalUrl);
  });

  it('never lets a service worker answer in place of the network', async () => {
    await timedCapture('/hostile/service-worker');

    expect(site.hits.get('/sw.js') ?? 0).toBe(0);
  });

  it('refuses a 50 MB main document at the response cap, as a failure not worth retrying', async () => {
    const { snapshot, error, ms } = await timedCapture('/hostile/huge?mb=50');

    expect(ms).toBeLessThan(2 * TIMEOUT);
    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toMatch(/over the \d+-byte cap/);
    expect(error?.retryable).toBe(false);
  });

  it('captures a page whose image and fetch are 50 MB each, without them', async () => {
    const { snapshot, ms } = await timedCapture('/hostile/huge-subresource');

    expect(ms).toBeLessThan(2 * TIMEOUT);
    expect(snapshot.status).toBe('captured');
    const stored = snapshot.artifacts.reduce((n, a) => n + a.bytes, 0);
    expect(stored).toBeLessThan(stack.config.maxResponseBytes);
  });

  it('fails a main document that redirects to a new URL forever, after a bounded number of hops', async () => {
    const before = site.hits.get('/hostile/redirect-forever') ?? 0;

    const { snapshot, ms } = await timedCapture('/hostile/redirect-forever');

    expect(ms).toBeLessThan(2 * TIMEOUT);
    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toMatch(/redirects/);
    expect((site.hits.get('/hostile/redirect-forever') ?? 0) - before).toBeLessThanOrEqual(22);
  });

  it('captures a page whose subresources redirect forever, following each a bounded number of hops', async () => {
    const before = { forever: site.hits.get('/hostile/redirect-forever') ?? 0, loop: site.hits.get('/redirect-loop') ?? 0 };

    const { snapshot, ms } = await timedCapture('/hostile/redirecting-subresources');

    expect(ms).toBeLessThan(2 * TIMEOUT);
    expect(snapshot.status).toBe('captured');
    expect((site.hits.get('/hostile/redirect-forever') ?? 0) - before.forever).toBeLessThanOrEqual(22);
    expect((site.hits.get('/redirect-loop') ?? 0) - before.loop).toBeLessThanOrEqual(2 * 22);
  });

  it('still captures a normal page after all of them', async () => {
    const { snapshot } = await timedCapture('/article');

    expect(snapshot.status).not.toBe('failed');
  });
});

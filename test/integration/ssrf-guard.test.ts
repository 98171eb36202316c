import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureJob } from '../../functions/lib/services/capture-service.js';
import { startCanary, startFixtureSite, type Canary, type FixtureSite } from '../support/fixture-site.js';
import { jobFor, startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';

/**
 * Only loopback canaries: the fixture's one host:port is allowed, every other internal destination
 * must be refused before any connection, and the canary must see nothing at all.
 */
describe('SSRF guard with loopback canaries', () => {
  let canary: Canary;
  let site: FixtureSite;
  let stack: EmulatedStack;
  const names = new Map<string, string[]>();

  beforeAll(async () => {
    canary = await startCanary();
    site = await startFixtureSite({ canaryOrigin: `http://127.0.0.1:${canary.port}` });
    names.set('rebind.verbatim.test', ['127.0.0.1']);
    names.set('metadata.verbatim.test', ['169.254.169.254']);
    stack = await startEmulatedStack(
      { VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host },
      {
        resolver: async (host) => {
          const answer = names.get(host) ?? (host === 'localhost' ? ['127.0.0.1', '::1'] : undefined);
          if (!answer) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
          return answer;
        },
      },
    );
  });
  afterAll(async () => {
    await stack?.close();
    await site?.close();
    await canary?.close();
  });

  const canaryUrls = () => [
    `http://127.0.0.1:${canary.port}/`,
    `http://localhost:${canary.port}/`,
    `http://localhost.:${canary.port}/`,
    `http://[::1]:${canary.port}/`,
    `http://2130706433:${canary.port}/`,
    `http://0x7f000001:${canary.port}/`,
    `http://0177.0.0.1:${canary.port}/`,
    `http://127.1:${canary.port}/`,
    `http://[::ffff:127.0.0.1]:${canary.port}/`,
    `http://rebind.verbatim.test:${canary.port}/`,
    `http://metadata.verbatim.test:${canary.port}/latest/meta-data/`,
  ];

  it('refuses every encoding of a loopback canary, as a non-retryable failed snapshot', async () => {
    for (const url of canaryUrls()) {
      const { snapshot, error } = await captureJob(stack.services.captureDeps, jobFor(url));

      expect(snapshot.status, url).toBe('failed');
      expect(snapshot.error, url).toMatch(/refused/);
      expect(error?.retryable, url).toBe(false);
    }
    expect(canary.seen).toEqual([]);
  });

  it('refuses non-http schemes before anything runs', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/', 'javascript:alert(1)', 'data:text/html,hi', 'chrome://version']) {
      const job = { ...jobFor(site.origin), url };

      const { snapshot } = await captureJob(stack.services.captureDeps, job);

      expect(snapshot.status, url).toBe('failed');
      expect(snapshot.error, url).toMatch(/only http and https/);
    }
  });

  it('refuses a redirect from the allowed fixture to a canary', async () => {
    const { snapshot } = await captureJob(stack.services.captureDeps, jobFor(`${site.origin}/to-canary`));

    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toMatch(/refused/);
    expect(site.hits.get('/to-canary')).toBe(1);
    expect(canary.seen).toEqual([]);
  });

  it('captures a page whose subresources, iframe, XHR and WebSocket point at a canary, without reaching it', async () => {
    const { snapshot } = await captureJob(stack.services.captureDeps, jobFor(`${site.origin}/canary-embeds`));

    expect(snapshot.status).toBe('captured');
    expect(canary.seen).toEqual([]);
  });

  it('reaches the allowed fixture while refusing the same host on another port', async () => {
    const allowed = await captureJob(stack.services.captureDeps, jobFor(`${site.origin}/article`));
    const other = await captureJob(stack.services.captureDeps, jobFor(`http://127.0.0.1:${canary.port}/article`));

    expect(allowed.snapshot.status).not.toBe('failed');
    expect(other.snapshot.status).toBe('failed');
    expect(canary.seen).toEqual([]);
  });
});

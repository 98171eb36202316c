import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureJob } from '../../functions/lib/services/capture-service.js';
import type { Snapshot } from '../../functions/lib/core/snapshot.js';
import { ARTICLE_GZIP_HTML, PDF_BYTES, type FixtureSite } from '../support/fixture-site.js';
import { jobFor, startEmulatedStack, startFixtureStack, type EmulatedStack } from '../support/emulated-stack.js';
import { readWarc } from '../support/warc.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

describe('capture pipeline on the emulators with real Chromium', () => {
  let site: FixtureSite;
  let stack: EmulatedStack;

  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ site, stack, close } = await startFixtureStack());
  });
  afterAll(() => close());

  const capture = (pathname: string) => captureJob(stack.services.captureDeps, jobFor(`${site.origin}${pathname}`));

  async function artifactBytes(snapshot: Snapshot, name: string): Promise<Uint8Array> {
    const artifact = snapshot.artifacts.find((a) => a.name === name);
    expect(artifact, `artifact ${name}`).toBeDefined();
    return stack.services.store.get(artifact!.key);
  }

  it('captures an article with every artifact stored under its SHA-256', async () => {
    const { snapshot, error } = await capture('/article');

    expect(error).toBeUndefined();
    expect(snapshot.status).toBe('captured');
    expect(snapshot.httpStatus).toBe(200);
    expect(snapshot.title).toBe('Rebels advance on Hama');
    expect(snapshot.artifacts.map((a) => a.name).sort()).toEqual(['claims', 'html', 'manifest', 'screenshot', 'text', 'warc']);
    for (const artifact of snapshot.artifacts) {
      const bytes = await stack.services.store.get(artifact.key);
      expect(bytes.length, artifact.name).toBe(artifact.bytes);
      expect(sha(bytes), artifact.name).toBe(artifact.sha256);
    }
    const png = await artifactBytes(snapshot, 'screenshot');
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG');
    const text = Buffer.from(await artifactBytes(snapshot, 'text')).toString();
    expect(text).toContain('according to Reuters');
    expect((await stack.services.index.getSnapshot(snapshot.id))?.status).toBe('captured');
  });

  it('writes a WARC whose main response holds the exact page and whose subresources are recorded', async () => {
    const { snapshot } = await capture('/article-gzip');

    const records = await readWarc(await artifactBytes(snapshot, 'warc'));

    expect(records[0]!.type).toBe('warcinfo');
    const main = records.find((r) => r.type === 'response' && r.url === `${site.origin}/article-gzip`);
    expect(main).toBeDefined();
    expect(Buffer.from(main!.payload).toString()).toBe(ARTICLE_GZIP_HTML);
    expect(main!.contentEncoding).toBeUndefined();
    expect(main!.contentLength).toBe(String(Buffer.byteLength(ARTICLE_GZIP_HTML)));
    expect(main!.payloadDigest).toBe(`sha256:${sha(Buffer.from(ARTICLE_GZIP_HTML))}`);
    const urls = records.filter((r) => r.type === 'response' || r.type === 'revisit').map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining([`${site.origin}/style.css`, `${site.origin}/pixel.png`, `${site.origin}/photo.png`]));
    expect(records.filter((r) => r.type === 'request').length).toBeGreaterThanOrEqual(3);
    expect(records.at(-1)!.type).toBe('metadata');
  });

  it('keeps content loaded by XHR in the text and the WARC', async () => {
    const { snapshot } = await capture('/xhr');

    const text = Buffer.from(await artifactBytes(snapshot, 'text')).toString();
    const records = await readWarc(await artifactBytes(snapshot, 'warc'));

    expect(text).toContain('Clashes reported near Hama | Airstrike in Idlib');
    const api = records.find((r) => r.url === `${site.origin}/api/events` && r.type !== 'request');
    expect(JSON.parse(Buffer.from(api!.payload).toString()).events).toHaveLength(2);
  });

  it('follows a redirect chain and records every hop', async () => {
    const { snapshot } = await capture('/redirect-1');

    expect(snapshot.status).not.toBe('failed');
    expect(snapshot.finalUrl).toBe(`${site.origin}/article`);
    expect(snapshot.redirectChain).toEqual([`${site.origin}/redirect-1`, `${site.origin}/redirect-2`]);
    const records = await readWarc(await artifactBytes(snapshot, 'warc'));
    const hops = records.filter((r) => r.type === 'response' && r.url?.includes('/redirect-')).map((r) => r.status);
    expect(hops).toEqual([301, 302]);
  });

  it('waits for a slow page', async () => {
    const { snapshot } = await capture('/slow?ms=1500');

    expect(snapshot.status).toBe('captured');
    expect(Buffer.from(await artifactBytes(snapshot, 'text')).toString()).toContain('Worth the wait.');
  });

  it('records a 404 as a failed snapshot with its reason and keeps the WARC as evidence', async () => {
    const { snapshot, error } = await capture('/missing');

    expect(snapshot.status).toBe('failed');
    expect(snapshot.httpStatus).toBe(404);
    expect(snapshot.error).toMatch(/HTTP 404/);
    expect(error?.retryable).toBe(false);
    expect(snapshot.artifacts.some((a) => a.name === 'warc')).toBe(true);
  });

  it('marks a 503 as a retryable failure', async () => {
    const { snapshot, error } = await capture('/broken');

    expect(snapshot.status).toBe('failed');
    expect(error?.retryable).toBe(true);
  });

  it('stores a PDF as a resource with its exact bytes, without failing', async () => {
    const { snapshot, error } = await capture('/doc.pdf');

    expect(error).toBeUndefined();
    expect(snapshot.status).toBe('captured');
    expect(snapshot.contentType).toBe('application/pdf');
    expect(Buffer.from(await artifactBytes(snapshot, 'resource')).equals(PDF_BYTES)).toBe(true);
    const records = await readWarc(await artifactBytes(snapshot, 'warc'));
    expect(records.some((r) => r.type === 'response' && Buffer.from(r.payload).equals(PDF_BYTES))).toBe(true);
  });

  it('keeps a huge XML feed as a resource without waiting for the browser to render it', async () => {
    // Chromium's XML viewer takes minutes over 100,000 entries; the bytes are what the capture keeps.
    const deps = { ...stack.services.captureDeps, timeoutMs: 10_000 };
    const { snapshot, error } = await captureJob(deps, jobFor(`${site.origin}/feed-100k.xml`));

    expect(error).toBeUndefined();
    expect(snapshot.status).toBe('captured');
    expect(snapshot.contentType).toBe('application/rss+xml');
    const feed = Buffer.from(await artifactBytes(snapshot, 'resource')).toString();
    expect(feed.match(/<item>/g)).toHaveLength(100_000);
  });

  it('stores a plain-text URL as a resource and as text', async () => {
    const { snapshot } = await capture('/notes.txt');

    expect(snapshot.status).toBe('captured');
    expect(Buffer.from(await artifactBytes(snapshot, 'text')).toString()).toBe('Plain notes about Hama.\n');
  });

  it('fails a page that never finishes loading within the timeout, as retryable', async () => {
    const deps = { ...stack.services.captureDeps, timeoutMs: 3_000 };

    const { snapshot, error } = await captureJob(deps, jobFor(`${site.origin}/never`));

    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toMatch(/time|exceeded/i);
    expect(error?.retryable).toBe(true);
  });

  it('fails a response over the size cap', async () => {
    const small = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host, VERBATIM_MAX_RESPONSE_BYTES: String(1024 * 1024) });
    try {
      const { snapshot } = await captureJob(small.services.captureDeps, jobFor(`${site.origin}/big?mb=3`));

      expect(snapshot.status).toBe('failed');
      expect(snapshot.error).toMatch(/cap/);
    } finally {
      await small.close();
    }
  });

  it('fails an unreachable host as retryable', async () => {
    const { snapshot, error } = await captureJob(stack.services.captureDeps, jobFor('http://verbatim-test.invalid/'));

    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toMatch(/resolve|fetch|load/i);
    expect(error?.retryable).toBe(true);
  });

  it('fails endless redirects', async () => {
    const { snapshot } = await capture('/redirect-loop');

    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toMatch(/redirect/);
  });

  it('relaunches the browser after it dies and captures again', async () => {
    const browser = await (stack.services.capturer as unknown as { browser: Promise<{ close(): Promise<void> }> }).browser;
    await browser.close();

    const { snapshot } = await capture('/article');

    expect(snapshot.status).not.toBe('failed');
  });

  it('stores nothing twice: 10 recaptures of an unchanged page grow the data dir by under half of one capture', async () => {
    const first = await capture('/article');
    const firstBytes = first.snapshot.artifacts.filter((a) => a.name !== 'manifest').reduce((n, a) => n + a.bytes, 0);
    const before = await dirBytes(stack.dataDir);

    const later: Snapshot[] = [];
    for (let i = 0; i < 10; i++) later.push((await capture('/article')).snapshot);
    const growth = (await dirBytes(stack.dataDir)) - before;

    expect(later.every((s) => s.status === 'unchanged')).toBe(true);
    console.info(`one capture: ${firstBytes} artifact bytes; 10 unchanged recaptures grew the data dir by ${growth} bytes`);
    expect(growth).toBeLessThan(firstBytes / 2);
    const warc = await readWarc(await artifactBytes(later.at(-1)!, 'warc'));
    expect(warc.filter((r) => r.type === 'response' && r.payload.length > 0)).toHaveLength(0);
    expect(warc.some((r) => r.type === 'revisit' && r.refersTo === `${site.origin}/article`)).toBe(true);
    const html = later.map((s) => s.artifacts.find((a) => a.name === 'html')!.key);
    expect(new Set(html).size).toBe(1);
  });
});

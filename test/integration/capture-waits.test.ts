import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import type { Snapshot } from '../../functions/lib/core/snapshot.js';
import { captureJob } from '../../functions/lib/services/capture-service.js';
import type { FixtureSite } from '../support/fixture-site.js';
import { jobFor, startFixtureStack, type EmulatedStack } from '../support/emulated-stack.js';

/**
 * The capture ends its waits early (the quiet wait when the page goes idle, the scroll when the
 * page does not grow) without leaving out what a page loads late: lazy images, content loaded
 * when scrolled into view, and requests a page makes from a timer shortly after load.
 */
describe('capture waits', () => {
  let site: FixtureSite;
  let stack: EmulatedStack;

  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ site, stack, close } = await startFixtureStack());
  });
  afterAll(() => close());

  async function capture(path: string) {
    const outcome = await captureJob(stack.services.captureDeps, jobFor(`${site.origin}${path}`));
    expect(outcome.snapshot.status, outcome.snapshot.error).toBe('captured');
    return outcome;
  }

  /** The URLs the WARC holds a response for, in full or as a revisit of a payload archived before. */
  async function warcUrls(snapshot: Snapshot): Promise<string[]> {
    const warc = snapshot.artifacts.find((a) => a.name === 'warc')!;
    const urls: string[] = [];
    for await (const record of WARCParser.iterRecords([await stack.services.store.get(warc.key)])) {
      await record.readFully(false);
      if (record.warcType === 'response' || record.warcType === 'revisit') urls.push(String(record.warcTargetURI));
    }
    return urls;
  }

  const text = async (snapshot: Snapshot) =>
    new TextDecoder().decode(await stack.services.store.get(snapshot.artifacts.find((a) => a.name === 'text')!.key));

  it('scrolls a long page so its lazy image and the section loaded into view are archived', async () => {
    const { snapshot } = await capture('/lazy');

    const urls = await warcUrls(snapshot);
    expect(urls).toContain(`${site.origin}/photo.png?lazy=1`);
    expect(urls).toContain(`${site.origin}/api/events?more=1`);
    expect(await text(snapshot)).toContain('Clashes reported near Hama | Airstrike in Idlib');
  });

  it('keeps a feed that the page fetches from a timer just after load', async () => {
    const { snapshot } = await capture('/late-fetch?ms=50');

    expect(await warcUrls(snapshot)).toContain(`${site.origin}/api/events?late=1`);
    expect(await text(snapshot)).toContain('Clashes reported near Hama');
  });

  it('records the phases of the capture, the wait for quiet and the scroll among them', async () => {
    const { snapshot, timings } = await capture('/article');

    for (const phase of [
      'navigateMs',
      'loadMs',
      'quietMs',
      'scrollMs',
      'domMs',
      'screenshotMs',
      'warcMs',
      'uploadMs',
      'extractMs',
      'indexMs',
    ]) {
      expect(snapshot.timings?.[phase], phase).toEqual(expect.any(Number));
    }
    expect(timings?.commitMs).toEqual(expect.any(Number));
  });
});

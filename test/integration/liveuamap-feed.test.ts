import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../functions/lib/core/claim-history.js';
import { captureJob } from '../../functions/lib/services/capture-service.js';
import { type EmulatedStack, jobFor, startEmulatedStack } from '../support/emulated-stack.js';

/** The feed as Liveuamap sends it: base64 JSON with each event's exact time and coordinates. */
const FEED = Buffer.from(
  JSON.stringify({
    venues: [
      {
        id: 3101,
        name: 'Rebels entered Maar Shohur village north-east of Hama',
        time: '2 hours ago',
        timestamp: 1733220000,
        lat: '35.22810',
        lng: '36.85920',
        location: 'Maar Shohur',
        source: 'https://twitter.com/example_monitor/status/1863967354210066717',
      },
      { id: 3102, name: 'Explosion reported in Homs near the military academy', timestamp: 1733230800, lat: '34.73240', lng: '36.71370' },
    ],
  }),
).toString('base64');

/** A live map whose events arrive only through the feed, and whose DOM feed lacks time and coordinates. */
const PAGE = `<!doctype html><html lang="en"><head><title>Syria live map</title></head><body>
<div id="feed">
  <div class="event" data-id="3101"><div class="title">Rebels entered Maar Shohur village north-east of Hama</div></div>
</div>
<script>
fetch('/ajax/do?act=pts&curid=0&time=1733230000').then((r) => r.text()).then((t) => { document.body.dataset.feed = String(t.length); });
</script>
</body></html>`;

/** Serves the page, and the feed with whatever content type `feedType()` says. */
function startMap(feedType: () => string): Promise<{ origin: string; host: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/ajax/do')) {
      res.writeHead(200, { 'content-type': feedType() });
      res.end(FEED);
    } else if (req.url?.startsWith('/map')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ origin: `http://${host}`, host, close: () => new Promise<void>((done) => server.close(() => done())) });
    }),
  );
}

describe('Liveuamap feed whatever its content type', () => {
  let stack: EmulatedStack;
  let map: Awaited<ReturnType<typeof startMap>>;
  let feedType = 'application/octet-stream';

  beforeAll(async () => {
    map = await startMap(() => feedType);
    stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: map.host });
  });
  afterAll(async () => {
    await stack?.close();
    await map?.close();
  });

  it.each(['application/octet-stream', 'text/plain; charset=utf-8'])(
    'reads each event time and coordinates from an ajax/do feed served as %s',
    async (type) => {
      feedType = type;
      const job = { ...jobFor(`${map.origin}/map?as=${encodeURIComponent(type)}`), extractor: 'liveuamap' as const };

      const { snapshot, error } = await captureJob(stack.services.captureDeps, job);

      expect(error).toBeUndefined();
      expect(snapshot.claimCount).toBe(2);
      const { items } = await stack.services.claims.queryClaims({ sourceId: job.sourceId, limit: 10 });
      const byId = new Map(items.map((c: Claim) => [c.externalId, c]));
      expect(byId.get('3101')).toMatchObject({
        kind: 'event',
        eventTime: '2024-12-03T10:00:00.000Z',
        places: [{ name: 'Maar Shohur', lat: 35.2281, lon: 36.8592, featureClass: 'point' }],
        sourceLink: 'https://twitter.com/example_monitor/status/1863967354210066717',
      });
      expect(byId.get('3102')).toMatchObject({ eventTime: '2024-12-03T13:00:00.000Z', places: [{ lat: 34.7324, lon: 36.7137 }] });
    },
  );
});

import { describe, expect, it } from 'vitest';
import { runCli } from '../../../functions/lib/cli/program.js';
import { newItem } from '../../../functions/lib/core/discovery/items.js';
import { itemId } from '../../../functions/lib/core/discovery/urls.js';
import { toSource } from '../../../functions/lib/core/sources.js';
import { FixedClock, MemorySnapshotIndex } from '../../support/fakes.js';
import { MemoryItemIndex } from '../../support/memory-item-index.js';
import { TEST_ADMIN_KEY, TEST_READ_KEY, testApp } from '../../support/test-app.js';

const NOW = '2024-12-03T10:00:00.000Z';

async function harness(count = 5) {
  const index = new MemorySnapshotIndex();
  const items = new MemoryItemIndex();
  const source = toSource({ url: 'https://news.test/rss.xml', schedule: 'rate(1 hour)', discover: 'feed' }, NOW);
  await index.putSource(source);
  for (let i = 0; i < count; i++) {
    const url = `https://news.test/a${i}`;
    const at = new Date(Date.parse(NOW) - (count - i) * 60_000);
    const item = newItem(
      { id: itemId(url), url, title: `Story ${i}` },
      source,
      { sourceId: source.id, snapshotId: '20241203100000-000000000000' },
      at,
      at,
    );
    if (i === 0) Object.assign(item, { dueAt: undefined, captures: 8 });
    if (i === 1) Object.assign(item, { dueAt: '2024-12-03T11:00:00.000Z', captures: 1 });
    await items.createItem(item);
    await items.addListing({ sourceId: source.id, itemId: item.id, discoveredAt: item.discoveredAt, title: `Story ${i}` });
  }
  const app = testApp({ index, items, clock: new FixedClock(NOW) });
  const get = (path: string) => app.request(path, { headers: { authorization: `Bearer ${TEST_READ_KEY}` } });
  return { app, get, source };
}

describe('GET /sources/{id}/items', () => {
  it('lists items newest first in the contract’s shape, with a signed cursor', async () => {
    const { get, source } = await harness();
    const res = await get(`/sources/${source.id}/items?limit=2`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Record<string, unknown>[]; nextCursor: string };
    expect(body.items.map((i) => i.url)).toEqual(['https://news.test/a4', 'https://news.test/a3']);
    expect(Object.keys(body.items[0]!).sort()).toEqual(
      ['captures', 'discoveredAt', 'id', 'nextCaptureAt', 'status', 'title', 'url'].sort(),
    );
    expect(body.items[0]).toMatchObject({ status: 'due', captures: 0, title: 'Story 4' });
    const next = await get(`/sources/${source.id}/items?limit=2&cursor=${body.nextCursor}`);
    expect(((await next.json()) as { items: { url: string }[] }).items.map((i) => i.url)).toEqual([
      'https://news.test/a2',
      'https://news.test/a1',
    ]);
  });

  it('filters by status', async () => {
    const { get, source } = await harness();
    const resting = (await (await get(`/sources/${source.id}/items?status=resting`)).json()) as {
      items: { url: string; status: string }[];
    };
    expect(resting.items).toEqual([expect.objectContaining({ url: 'https://news.test/a0', status: 'resting', captures: 8 })]);
    const waiting = (await (await get(`/sources/${source.id}/items?status=waiting`)).json()) as {
      items: { url: string; nextCaptureAt: string }[];
    };
    expect(waiting.items).toEqual([expect.objectContaining({ url: 'https://news.test/a1', nextCaptureAt: '2024-12-03T11:00:00.000Z' })]);
  });

  it('answers 400 for a tampered cursor or a bad status, and 404 for an unknown source', async () => {
    const { get, source } = await harness();
    const { nextCursor } = (await (await get(`/sources/${source.id}/items?limit=1`)).json()) as { nextCursor: string };
    const tampered = await get(`/sources/${source.id}/items?limit=1&cursor=${nextCursor.slice(0, -2)}xx`);
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get('content-type')).toContain('application/problem+json');
    expect((await get(`/sources/${source.id}/items?status=lost`)).status).toBe(400);
    expect((await get('/sources/src_0000000000000000/items')).status).toBe(404);
  });
});

describe('POST /sources with discovery settings', () => {
  it('accepts them, and answers 400 naming a bad pattern or ladder', async () => {
    const { app } = await harness();
    const post = (body: unknown) =>
      app.request('/sources', {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await post({
      url: 'https://news.test/world',
      schedule: 'rate(1 hour)',
      discover: 'links',
      include: ['/world/*'],
      recapture: ['PT5S', 'PT1M'],
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ discover: 'links', include: ['/world/*'], recapture: ['PT5S', 'PT1M'] });
    const badPattern = await post({ url: 'https://news.test/x', schedule: 'rate(1 hour)', discover: 'links', include: ['/(oops/'] });
    expect(badPattern.status).toBe(400);
    expect(((await badPattern.json()) as { detail: string }).detail).toMatch(/include.0/);
    const badLadder = await post({ url: 'https://news.test/y', schedule: 'rate(1 hour)', discover: 'feed', recapture: ['PT1H', 'PT1M'] });
    expect(badLadder.status).toBe(400);
    expect((await post({ url: 'https://news.test/z', schedule: 'rate(1 hour)', discover: 'rss' })).status).toBe(400);
  });
});

describe('verbatim items', () => {
  it('follows every page with a progress line on stderr', async () => {
    const { app, source } = await harness(7);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--json', 'items', source.id, '--limit', '3'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { VERBATIM_API_KEY: TEST_READ_KEY, VERBATIM_API_URL: 'http://api.test' },
      fetch: ((input: string, init?: RequestInit) => app.request(input.replace('http://api.test', ''), init)) as typeof fetch,
    });
    expect(code).toBe(0);
    expect((JSON.parse(out.join('')) as unknown[]).length).toBe(7);
    expect(err.join('')).toContain('fetched 7 items…');
  });

  it('registers a source that follows a feed in one command', async () => {
    const { app } = await harness();
    const out: string[] = [];
    const code = await runCli(
      [
        '--json',
        'sources',
        'add',
        'https://news.test/feed.xml',
        '--schedule',
        'rate(1 hour)',
        '--discover',
        'feed',
        '--recapture',
        'PT15M,PT1H',
        '--include',
        '/world/*',
      ],
      {
        out: (t) => out.push(t),
        err: () => undefined,
        env: { VERBATIM_API_KEY: TEST_ADMIN_KEY, VERBATIM_API_URL: 'http://api.test' },
        fetch: ((input: string, init?: RequestInit) => app.request(input.replace('http://api.test', ''), init)) as typeof fetch,
      },
    );
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ discover: 'feed', recapture: ['PT15M', 'PT1H'], include: ['/world/*'] });
  });
});

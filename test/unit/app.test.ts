import { describe, it, expect } from 'vitest';
import { CursorSigner } from '../../functions/lib/core/cursor.js';
import type { CaptureJob } from '../../functions/lib/core/ports.js';
import { sha256Hex, snapshotId, type Snapshot } from '../../functions/lib/core/snapshot.js';
import { sourceId } from '../../functions/lib/core/sources.js';
import { buildApp, type AppDeps } from '../../functions/lib/http/app.js';
import { KeyRing } from '../../functions/lib/http/auth.js';
import type { CaptureOutcome } from '../../functions/lib/services/capture-service.js';
import { FixedClock, MemoryArchiveStore, MemoryClaimIndex, MemoryLogger, MemorySnapshotIndex } from '../support/fakes.js';

const ADMIN = 'admin-key-0123456789abcdef';
const READ = 'read-key-0123456789abcdef';
const PAGE_URL = 'https://news.example/hama';
const SRC = sourceId(PAGE_URL);

function makeSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  const capturedAt = overrides.capturedAt ?? '2024-12-03T10:00:00.000Z';
  const id = overrides.id ?? snapshotId(new Date(capturedAt), `${SRC}@${capturedAt}`);
  return {
    id,
    sourceId: SRC,
    url: PAGE_URL,
    finalUrl: PAGE_URL,
    capturedAt,
    status: 'captured',
    httpStatus: 200,
    attempts: 1,
    claimCount: 0,
    artifacts: [],
    ...overrides,
  };
}

interface Harness {
  app: ReturnType<typeof buildApp>;
  index: MemorySnapshotIndex;
  store: MemoryArchiveStore;
  clock: FixedClock;
  logger: MemoryLogger;
  jobs: CaptureJob[];
  sourcesChanged: { count: number };
}

function harness(overrides: Partial<AppDeps> = {}, outcome?: (job: CaptureJob) => CaptureOutcome): Harness {
  const index = new MemorySnapshotIndex();
  const store = new MemoryArchiveStore();
  const clock = new FixedClock('2024-12-03T10:00:00.000Z');
  const logger = new MemoryLogger();
  const jobs: CaptureJob[] = [];
  const sourcesChanged = { count: 0 };
  const app = buildApp({
    index,
    claims: new MemoryClaimIndex(),
    store,
    keys: new KeyRing({ adminKey: ADMIN, readKey: READ }),
    cursors: new CursorSigner('test-secret-0123456789'),
    clock,
    logger,
    artifactDelivery: 'stream',
    onSourcesChanged: () => {
      sourcesChanged.count++;
    },
    capture: async (job) => {
      jobs.push(job);
      if (outcome) return outcome(job);
      return {
        snapshot: makeSnapshot({
          id: snapshotId(new Date(job.slot), job.jobKey),
          sourceId: job.sourceId,
          url: job.url,
          capturedAt: job.slot,
        }),
      };
    },
    ...overrides,
  });
  return { app, index, store, clock, logger, jobs, sourcesChanged };
}

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const jsonHeaders = (key: string) => ({ ...auth(key), 'content-type': 'application/json' });

function post(h: Harness, path: string, body: unknown, key = ADMIN): Promise<Response> {
  return Promise.resolve(
    h.app.request(path, {
      method: 'POST',
      headers: jsonHeaders(key),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** GET with the read key by default; `null` sends no Authorization header. */
function get(h: Harness, path: string, key: string | null = READ): Promise<Response> {
  return Promise.resolve(h.app.request(path, { headers: key === null ? {} : auth(key) }));
}

/** Asserts an RFC 9457 problem document with the given status, and returns it. */
async function expectProblem(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const text = await res.text();
  expect(text).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  expect(text).not.toMatch(/\n\s+at /);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(body.type).toBe('about:blank');
  expect(body.requestId).toEqual(expect.any(String));
  expect((body.requestId as string).length).toBeGreaterThan(0);
  return body;
}

describe('open routes', () => {
  it('answers GET /health without a key', async () => {
    const res = await get(harness(), '/health', null);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('serves an OpenAPI 3.1 document without a key', async () => {
    const res = await get(harness(), '/openapi.json', null);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/health',
      '/captures',
      '/sources',
      '/sources/{id}',
      '/snapshots',
      '/snapshots/{id}',
      '/snapshots/{id}/artifacts/{name}',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });

  it('documents every route the app serves, with its method', async () => {
    const h = harness();
    const doc = (await (await get(h, '/openapi.json', null)).json()) as { paths: Record<string, Record<string, unknown>> };
    // The web view (`/`, `/ui/…`) is a page, not part of the API the document describes.
    const served = h.app.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json' && r.path !== '/*' && r.path !== '/' && !r.path.startsWith('/ui'))
      .map((r) => ({ method: r.method.toLowerCase(), path: r.path.replace(/:(\w+)/g, '{$1}').replace(/\/\*$/, '/{url}') }));
    expect(served.length).toBeGreaterThanOrEqual(7);
    for (const { method, path } of served) {
      expect(doc.paths[path], `${method} ${path}`).toBeDefined();
      expect(doc.paths[path], `${method} ${path}`).toHaveProperty([method]);
    }
  });

  it('marks every route except /health as needing the bearer key', async () => {
    const doc = (await (await get(harness(), '/openapi.json', null)).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (path === '/health') expect(op.security).toEqual([]);
        else expect(op.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
      }
    }
  });

  it('answers an unknown route with a 404 problem', async () => {
    const body = await expectProblem(await get(harness(), '/nope'), 404);
    expect(body.detail).toMatch(/no route GET \/nope/);
  });
});

describe('authentication', () => {
  it('returns 401 problem+json with WWW-Authenticate when the key is missing', async () => {
    const res = await get(harness(), '/snapshots', null);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(res, 401);
  });

  it.each(['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer ', `Token ${READ}`, `Bearer ${READ} extra`])(
    'returns 401 for the malformed header %j',
    async (header) => {
      const h = harness();
      const res = await h.app.request('/snapshots', { headers: { authorization: header } });
      expect(res.headers.get('www-authenticate')).toMatch(/invalid_request|Bearer/);
      await expectProblem(res, 401);
    },
  );

  it('returns 403 for a wrong key', async () => {
    const body = await expectProblem(await get(harness(), '/snapshots', 'wrong-key-0123456789abcdef'), 403);
    expect(body.detail).toMatch(/not valid/);
  });

  it('accepts the scheme name in any case', async () => {
    const res = await harness().app.request('/snapshots', { headers: { authorization: `bearer ${READ}` } });
    expect(res.status).toBe(200);
  });

  it('lets the admin key use read routes', async () => {
    expect((await get(harness(), '/snapshots', ADMIN)).status).toBe(200);
  });

  it('returns 403 for the read key on POST /captures and does not capture', async () => {
    const h = harness();
    await expectProblem(await post(h, '/captures', { url: PAGE_URL }, READ), 403);
    expect(h.jobs).toHaveLength(0);
  });

  it('returns 403 for the read key on POST /sources and stores nothing', async () => {
    const h = harness();
    await expectProblem(await post(h, '/sources', { url: PAGE_URL, schedule: 'rate(1 hour)' }, READ), 403);
    expect(h.index.sources.size).toBe(0);
  });

  it('returns 403 for the read key on DELETE /sources/{id} and keeps the source', async () => {
    const h = harness();
    await post(h, '/sources', { url: PAGE_URL, schedule: 'rate(1 hour)' });
    const res = await h.app.request(`/sources/${SRC}`, { method: 'DELETE', headers: auth(READ) });
    await expectProblem(res, 403);
    expect(h.index.sources.has(SRC)).toBe(true);
  });
});

describe('POST /captures', () => {
  it('returns 201 with the snapshot and a Location header', async () => {
    const h = harness();
    const res = await post(h, '/captures', { url: PAGE_URL, extractor: 'article' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Snapshot;
    expect(res.headers.get('location')).toBe(`/snapshots/${body.id}`);
    expect(body).toMatchObject({ sourceId: SRC, url: PAGE_URL, status: 'captured' });
    expect(body).not.toHaveProperty('timings');
    expect(body).not.toHaveProperty('retryable');
  });

  it('hands the capture a normalised URL, its source id, the extractor and a unique job key', async () => {
    const h = harness();
    await post(h, '/captures', { url: 'HTTPS://News.Example:443/hama#top' });
    await post(h, '/captures', { url: PAGE_URL, extractor: 'liveuamap' });
    expect(h.jobs).toHaveLength(2);
    expect(h.jobs[0]).toMatchObject({ url: PAGE_URL, sourceId: SRC, extractor: 'auto', slot: '2024-12-03T10:00:00.000Z' });
    expect(h.jobs[1]!.extractor).toBe('liveuamap');
    expect(h.jobs[0]!.jobKey).not.toBe(h.jobs[1]!.jobKey);
  });

  it('returns 201 with status failed and retryable when the capture failed', async () => {
    const h = harness({}, (job) => ({
      snapshot: makeSnapshot({ sourceId: job.sourceId, status: 'failed', error: 'navigation timeout', retryable: true }),
      error: { message: 'navigation timeout', retryable: true },
    }));
    const res = await post(h, '/captures', { url: PAGE_URL });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'failed', error: 'navigation timeout', retryable: true });
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'ftp://news.example/', 'not a url', 'http://user:pw@news.example/'])(
    'returns 400 for the url %j and does not capture',
    async (url) => {
      const h = harness();
      await expectProblem(await post(h, '/captures', { url }), 400);
      expect(h.jobs).toHaveLength(0);
    },
  );

  it('returns 400 for an unknown body field', async () => {
    const h = harness();
    const body = await expectProblem(await post(h, '/captures', { url: PAGE_URL, priority: 'high' }), 400);
    expect(body.errors).toEqual(expect.any(Array));
    expect(h.jobs).toHaveLength(0);
  });

  it('returns 400 for a missing url and for an unknown extractor', async () => {
    const h = harness();
    await expectProblem(await post(h, '/captures', {}), 400);
    await expectProblem(await post(h, '/captures', { url: PAGE_URL, extractor: 'magic' }), 400);
    expect(h.jobs).toHaveLength(0);
  });

  it('returns 415 problem+json when the body is not declared as JSON', async () => {
    const h = harness();
    const res = await h.app.request('/captures', { method: 'POST', headers: auth(ADMIN), body: JSON.stringify({ url: PAGE_URL }) });
    await expectProblem(res, 415);
    expect(h.jobs).toHaveLength(0);
  });

  it('returns 400 problem+json for an invalid JSON body', async () => {
    const h = harness();
    await expectProblem(await post(h, '/captures', '{"url": '), 400);
    expect(h.jobs).toHaveLength(0);
  });

  it('returns 413 problem+json for a body over 64 KiB', async () => {
    const h = harness();
    const res = await post(h, '/captures', { url: `${PAGE_URL}?q=${'a'.repeat(70 * 1024)}` });
    const body = await expectProblem(res, 413);
    expect(body.detail).toMatch(/65536 bytes/);
    expect(h.jobs).toHaveLength(0);
  });

  it('returns 413 when Content-Length announces an oversized body', async () => {
    const h = harness();
    const big = JSON.stringify({ url: `${PAGE_URL}?q=${'a'.repeat(70 * 1024)}` });
    const res = await h.app.request('/captures', {
      method: 'POST',
      headers: { ...jsonHeaders(ADMIN), 'content-length': String(big.length) },
      body: big,
    });
    await expectProblem(res, 413);
  });

  it('hides internal errors behind a 500 problem without details', async () => {
    const h = harness({
      capture: async () => {
        throw new Error('secret database password in /srv/app.ts:12:3');
      },
    });
    const res = await post(h, '/captures', { url: PAGE_URL });
    const body = await expectProblem(res, 500);
    expect(body.detail).toBe('internal error');
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(h.logger.at('error')).toHaveLength(1);
  });
});

describe('/sources', () => {
  const entry = { url: PAGE_URL, schedule: 'rate(6 hours)', extractor: 'article' };

  it('registers a source with 201, then updates it with 200', async () => {
    const h = harness();
    const created = await post(h, '/sources', entry);
    expect(created.status).toBe(201);
    const first = (await created.json()) as Record<string, unknown>;
    expect(first).toEqual({
      id: SRC,
      url: PAGE_URL,
      schedule: 'rate(6 hours)',
      extractor: 'article',
      createdAt: '2024-12-03T10:00:00.000Z',
      origin: 'api',
    });

    h.clock.advance(60_000);
    const updated = await post(h, '/sources', { url: PAGE_URL, schedule: 'rate(1 hour)' });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      id: SRC,
      schedule: 'rate(1 hour)',
      extractor: 'auto',
      createdAt: '2024-12-03T10:00:00.000Z',
    });
    expect(h.sourcesChanged.count).toBe(2);
  });

  it('lists registered sources', async () => {
    const h = harness();
    await post(h, '/sources', entry);
    await post(h, '/sources', { url: 'https://liveuamap.com/', schedule: 'cron(0 12 ? * 2 *)', extractor: 'liveuamap' });
    const res = await get(h, '/sources');
    expect(res.status).toBe(200);
    const { sources } = (await res.json()) as { sources: { url: string }[] };
    expect(sources.map((s) => s.url)).toEqual(['https://liveuamap.com/', PAGE_URL]);
  });

  it('deletes a source with 204, then answers 404', async () => {
    const h = harness();
    await post(h, '/sources', entry);
    const del = await h.app.request(`/sources/${SRC}`, { method: 'DELETE', headers: auth(ADMIN) });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    expect(h.index.sources.size).toBe(0);
    await expectProblem(await h.app.request(`/sources/${SRC}`, { method: 'DELETE', headers: auth(ADMIN) }), 404);
  });

  it('returns 404 for an unknown source', async () => {
    const body = await expectProblem(
      await harness().app.request('/sources/src_0000000000000000', { method: 'DELETE', headers: auth(ADMIN) }),
      404,
    );
    expect(body.detail).toContain('src_0000000000000000');
  });

  it('returns 400 for a malformed source id', async () => {
    await expectProblem(await harness().app.request('/sources/bogus', { method: 'DELETE', headers: auth(ADMIN) }), 400);
  });

  it.each([
    [{ url: PAGE_URL, schedule: 'rate(1 minutes)' }, 'a bad schedule'],
    [{ url: PAGE_URL, schedule: 'cron(0 12 * * 1)' }, 'a 5-field cron'],
    [{ url: 'file:///etc/passwd', schedule: 'rate(1 hour)' }, 'a file: url'],
    [{ url: 'javascript:alert(1)', schedule: 'rate(1 hour)' }, 'a javascript: url'],
    [{ url: PAGE_URL, schedule: 'rate(1 hour)', owner: 'me' }, 'an unknown field'],
    [{ url: PAGE_URL }, 'a missing schedule'],
  ] as [Record<string, unknown>, string][])('returns 400 for %j (%s) and stores nothing', async (body, _label) => {
    const h = harness();
    await expectProblem(await post(h, '/sources', body), 400);
    expect(h.index.sources.size).toBe(0);
    expect(h.sourcesChanged.count).toBe(0);
  });
});

describe('GET /snapshots', () => {
  /** Seven snapshots of one source, an hour apart, plus one of another source. */
  function seeded(): { h: Harness; ids: string[] } {
    const h = harness();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const capturedAt = new Date(Date.UTC(2024, 11, 1 + i, 10)).toISOString();
      const s = makeSnapshot({ capturedAt });
      ids.push(s.id);
      h.index.snapshots.set(s.id, s);
    }
    const other = makeSnapshot({
      capturedAt: '2024-12-02T12:00:00.000Z',
      id: '20241202120000-ffffffffffff',
      sourceId: sourceId('https://other.example/'),
      url: 'https://other.example/',
    });
    h.index.snapshots.set(other.id, other);
    return { h, ids };
  }

  type ListBody = { snapshots: Snapshot[]; nextCursor: string | null };

  it('pages 7 snapshots of a source 3 at a time, newest first, ending with a null cursor', async () => {
    const { h, ids } = seeded();
    const pages: ListBody[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/snapshots?source=${SRC}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await get(h, q);
      expect(res.status).toBe(200);
      const body = (await res.json()) as ListBody;
      pages.push(body);
      cursor = body.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages.map((p) => p.snapshots.length)).toEqual([3, 3, 1]);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(pages.flatMap((p) => p.snapshots.map((s) => s.id))).toEqual([...ids].reverse());
  });

  it('lists all sources newest first when unfiltered', async () => {
    const { h } = seeded();
    const body = (await (await get(h, '/snapshots?limit=50')).json()) as ListBody;
    expect(body.snapshots).toHaveLength(8);
    const times = body.snapshots.map((s) => s.capturedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(body.nextCursor).toBeNull();
  });

  it('filters by url (normalised) and by time range, widening the to date', async () => {
    const { h } = seeded();
    const byUrl = (await (await get(h, `/snapshots?url=${encodeURIComponent('https://OTHER.example:443/#x')}`)).json()) as ListBody;
    expect(byUrl.snapshots.map((s) => s.id)).toEqual(['20241202120000-ffffffffffff']);
    const byTime = (await (await get(h, `/snapshots?source=${SRC}&from=2024-12-02&to=2024-12-04`)).json()) as ListBody;
    expect(byTime.snapshots.map((s) => s.capturedAt)).toEqual([
      '2024-12-04T10:00:00.000Z',
      '2024-12-03T10:00:00.000Z',
      '2024-12-02T10:00:00.000Z',
    ]);
    const digits = (await (await get(h, '/snapshots?from=20241202&to=20241202')).json()) as ListBody;
    expect(digits.snapshots).toHaveLength(2);
  });

  it('shows artifacts with their href but without store keys', async () => {
    const h = harness();
    const sha = sha256Hex('x');
    const s = makeSnapshot({
      artifacts: [{ name: 'html', key: `blobs/sha256/${sha.slice(0, 2)}/${sha}`, bytes: 1, sha256: sha, contentType: 'text/html' }],
    });
    h.index.snapshots.set(s.id, s);
    const body = (await (await get(h, '/snapshots')).json()) as ListBody;
    expect(body.snapshots[0]!.artifacts).toEqual([
      { name: 'html', bytes: 1, sha256: sha, contentType: 'text/html', href: `/snapshots/${s.id}/artifacts/html` },
    ]);
  });

  it.each(['0', '501', 'abc', '-1', '2.5'])('returns 400 for limit=%s', async (limit) => {
    await expectProblem(await get(harness(), `/snapshots?limit=${limit}`), 400);
  });

  it('returns 400 for an unknown query parameter', async () => {
    const body = await expectProblem(await get(harness(), '/snapshots?sort=asc'), 400);
    expect(JSON.stringify(body.errors)).toContain('sort');
  });

  it('returns 400 when from is after to', async () => {
    await expectProblem(await get(harness(), '/snapshots?from=2024-12-05&to=2024-12-01'), 400);
  });

  it.each(['20241301', '2024-13-01', 'yesterday'])('returns 400 for the invalid date %s', async (date) => {
    const body = await expectProblem(await get(harness(), `/snapshots?from=${date}`), 400);
    expect(body.errors).toEqual([{ path: 'from', message: expect.stringContaining(date) }]);
  });

  it('returns 400 for a non-http url filter', async () => {
    await expectProblem(await get(harness(), `/snapshots?url=${encodeURIComponent('file:///etc/passwd')}`), 400);
  });

  it('returns 400 for a tampered cursor', async () => {
    const { h } = seeded();
    const first = (await (await get(h, `/snapshots?source=${SRC}&limit=3`)).json()) as ListBody;
    const cursor = first.nextCursor!;
    const tampered = (cursor[0] === 'A' ? 'B' : 'A') + cursor.slice(1);
    const body = await expectProblem(await get(h, `/snapshots?source=${SRC}&limit=3&cursor=${encodeURIComponent(tampered)}`), 400);
    expect(body.detail).toMatch(/cursor/);
  });

  it('returns 400 for a garbage cursor', async () => {
    await expectProblem(await get(harness(), '/snapshots?cursor=not-a-cursor'), 400);
  });

  it('returns 400 for a cursor from another query', async () => {
    const { h } = seeded();
    const first = (await (await get(h, `/snapshots?source=${SRC}&limit=3`)).json()) as ListBody;
    const cursor = encodeURIComponent(first.nextCursor!);
    const body = await expectProblem(await get(h, `/snapshots?limit=3&cursor=${cursor}`), 400);
    expect(body.detail).toMatch(/different query/);
    await expectProblem(await get(h, `/snapshots?source=${SRC}&limit=4&cursor=${cursor}`), 400);
    await expectProblem(await get(h, `/snapshots?source=${SRC}&limit=3&from=2024-12-01&cursor=${cursor}`), 400);
  });

  it('returns 400 for a cursor signed with another secret', async () => {
    const foreign = new CursorSigner('another-secret-0123456789').encode({ at: 'x' }, { route: 'snapshots', limit: 50 })!;
    await expectProblem(await get(harness(), `/snapshots?cursor=${encodeURIComponent(foreign)}`), 400);
  });
});

describe('GET /snapshots/{id}', () => {
  it('returns the snapshot', async () => {
    const h = harness();
    const s = makeSnapshot({ timings: { navigateMs: 12 } });
    h.index.snapshots.set(s.id, s);
    const res = await get(h, `/snapshots/${s.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: s.id, sourceId: SRC, url: PAGE_URL, status: 'captured', httpStatus: 200, claimCount: 0 });
    expect(body).not.toHaveProperty('timings');
  });

  it('shows error and retryable for a failed snapshot', async () => {
    const h = harness();
    const s = makeSnapshot({ status: 'failed', error: 'HTTP 404 from x', retryable: false, httpStatus: 404 });
    h.index.snapshots.set(s.id, s);
    expect(await (await get(h, `/snapshots/${s.id}`)).json()).toMatchObject({
      status: 'failed',
      error: 'HTTP 404 from x',
      retryable: false,
    });
  });

  it('returns 404 for an unknown snapshot', async () => {
    const body = await expectProblem(await get(harness(), '/snapshots/20241203100000-0123456789ab'), 404);
    expect(body.detail).toContain('20241203100000-0123456789ab');
  });

  it.each(['nope', '2024120310000-0123456789ab', '20241203100000-0123456789AB', '20241203100000-0123456789abc'])(
    'returns 400 for the malformed id %s',
    async (id) => {
      await expectProblem(await get(harness(), `/snapshots/${id}`), 400);
    },
  );
});

describe('GET /snapshots/{id}/artifacts/{name}', () => {
  const html = new TextEncoder().encode('<html><body>Hama</body></html>');
  const sha = sha256Hex(html);

  function withArtifact(overrides: Partial<AppDeps> = {}): { h: Harness; id: string } {
    const h = harness(overrides);
    const key = `blobs/sha256/${sha.slice(0, 2)}/${sha}`;
    void h.store.put(key, html, 'text/html; charset=utf-8', sha);
    const s = makeSnapshot({
      artifacts: [{ name: 'html', key, bytes: html.length, sha256: sha, contentType: 'text/html; charset=utf-8' }],
    });
    h.index.snapshots.set(s.id, s);
    return { h, id: s.id };
  }

  it('streams the bytes with etag, content-type, content-length and digest', async () => {
    const { h, id } = withArtifact();
    const res = await get(h, `/snapshots/${id}/artifacts/html`);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(html);
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-length')).toBe(String(html.length));
    expect(res.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(sha, 'hex').toString('base64')}:`);
  });

  it('redirects to a presigned URL when configured for redirects', async () => {
    const h = harness({ artifactDelivery: 'redirect', store: new MemoryArchiveStore({ presignBase: 'https://bucket.example' }) });
    const s = makeSnapshot({ artifacts: [{ name: 'html', key: 'blobs/sha256/aa/x', bytes: 1, sha256: sha, contentType: 'text/html' }] });
    h.index.snapshots.set(s.id, s);
    const res = await get(h, `/snapshots/${s.id}/artifacts/html`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`https://bucket.example/blobs/sha256/aa/x?expires=900&filename=${s.id}-html`);
  });

  it('answers a link instead of a redirect to a client that asks for one in Accept (the web view)', async () => {
    const h = harness({ artifactDelivery: 'redirect', store: new MemoryArchiveStore({ presignBase: 'https://bucket.example' }) });
    const s = makeSnapshot({
      artifacts: [{ name: 'screenshot', key: 'blobs/sha256/bb/x', bytes: 1, sha256: sha, contentType: 'image/png' }],
    });
    h.index.snapshots.set(s.id, s);
    const res = await h.app.request(`/snapshots/${s.id}/artifacts/screenshot`, {
      headers: { authorization: `Bearer ${READ}`, accept: 'application/vnd.verbatim.link+json, */*;q=0.5' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.verbatim.link+json');
    expect(res.headers.get('vary')).toBe('accept');
    expect(await res.json()).toEqual({
      href: `https://bucket.example/blobs/sha256/bb/x?expires=900&filename=${s.id}-screenshot`,
      expiresAt: '2024-12-03T10:15:00.000Z',
    });
  });

  it('returns 404 for an artifact the snapshot does not have', async () => {
    const { h, id } = withArtifact();
    await expectProblem(await get(h, `/snapshots/${id}/artifacts/screenshot`), 404);
  });

  it('returns 404 for an unknown snapshot', async () => {
    await expectProblem(await get(harness(), '/snapshots/20241203100000-0123456789ab/artifacts/html'), 404);
  });

  it('returns 400 for an unknown artifact name', async () => {
    const { h, id } = withArtifact();
    await expectProblem(await get(h, `/snapshots/${id}/artifacts/passwd`), 400);
  });

  it('needs a key', async () => {
    const { h, id } = withArtifact();
    await expectProblem(await get(h, `/snapshots/${id}/artifacts/html`, null), 401);
  });
});

describe('Memento (RFC 7089)', () => {
  async function withMementos() {
    const h = harness();
    const html = { name: 'html' as const, key: 'blobs/x', bytes: 1, sha256: 'a'.repeat(64), contentType: 'text/html' };
    for (const at of ['2024-12-01T10:00:00.000Z', '2024-12-03T10:00:00.000Z', '2024-12-05T10:00:00.000Z']) {
      await h.index.putSnapshot(makeSnapshot({ capturedAt: at, artifacts: [html] }));
    }
    await h.index.putSnapshot(makeSnapshot({ capturedAt: '2024-12-04T10:00:00.000Z', status: 'failed', error: 'HTTP 503' }));
    return h;
  }

  it('serves a link-format TimeMap with original, timegate, self and first/last mementos with datetimes', async () => {
    const h = await withMementos();

    const res = await get(h, `/timemap/link/${PAGE_URL}`);
    const body = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/link-format');
    expect(body).toContain(`<${PAGE_URL}>; rel="original"`);
    expect(body).toMatch(/\/timegate\/.*>; rel="timegate"/);
    expect(body).toMatch(
      /rel="self"; type="application\/link-format"; from="Sun, 01 Dec 2024 10:00:00 GMT"; until="Thu, 05 Dec 2024 10:00:00 GMT"/,
    );
    expect(body).toMatch(/rel="first memento"; datetime="Sun, 01 Dec 2024 10:00:00 GMT"/);
    expect(body).toMatch(/rel="last memento"; datetime="Thu, 05 Dec 2024 10:00:00 GMT"/);
    expect(body.match(/memento"/g)).toHaveLength(3);
  });

  it('accepts the original URL percent-encoded as a whole', async () => {
    const h = await withMementos();

    const res = await get(h, `/timemap/link/${encodeURIComponent(PAGE_URL)}`);

    expect(res.status).toBe(200);
  });

  it('redirects the TimeGate to the memento closest to Accept-Datetime, varying on it', async () => {
    const h = await withMementos();

    const res = await h.app.request(`/timegate/${PAGE_URL}`, {
      headers: { ...auth(READ), 'accept-datetime': 'Tue, 03 Dec 2024 09:00:00 GMT' },
    });

    expect(res.status).toBe(302);
    expect(res.headers.get('vary')).toBe('accept-datetime');
    expect(res.headers.get('location')).toContain(
      `/snapshots/${makeSnapshot({ capturedAt: '2024-12-03T10:00:00.000Z' }).id}/artifacts/html`,
    );
    expect(res.headers.get('link')).toContain('rel="original"');
  });

  it('redirects to the latest memento without Accept-Datetime, skipping failed captures', async () => {
    const h = await withMementos();

    const res = await get(h, `/timegate/${PAGE_URL}`);

    expect(res.headers.get('location')).toContain(makeSnapshot({ capturedAt: '2024-12-05T10:00:00.000Z' }).id);
  });

  it('returns 400 for a malformed Accept-Datetime and 404 for a URL never captured', async () => {
    const h = await withMementos();

    const bad = await h.app.request(`/timegate/${PAGE_URL}`, { headers: { ...auth(READ), 'accept-datetime': 'yesterday' } });
    const unknown = await get(h, '/timemap/link/https://never.example/');

    await expectProblem(bad, 400);
    await expectProblem(unknown, 404);
  });

  it('returns 400 for a non-http original and 401 without a key', async () => {
    const h = await withMementos();

    await expectProblem(await get(h, '/timemap/link/javascript:alert(1)'), 400);
    await expectProblem(await get(h, `/timemap/link/${PAGE_URL}`, null), 401);
  });

  it('gives mementos Memento-Datetime and Link headers', async () => {
    const h = await withMementos();
    const s = makeSnapshot({ capturedAt: '2024-12-03T10:00:00.000Z' });
    await h.store.put('blobs/x', new TextEncoder().encode('<p>x</p>'), 'text/html', sha256Hex('<p>x</p>'));

    const res = await get(h, `/snapshots/${s.id}/artifacts/html`);

    expect(res.headers.get('memento-datetime')).toBe('Tue, 03 Dec 2024 10:00:00 GMT');
    expect(res.headers.get('link')).toContain(`<${PAGE_URL}>; rel="original"`);
  });
});

describe('request ids, access logs and CORS', () => {
  it('logs every request once with its request id, method, path and status, never the key', async () => {
    const h = harness();

    const res = await get(h, '/snapshots');

    const line = h.logger.lines.find((l) => l.message === 'request');
    expect(line?.extra).toMatchObject({ requestId: res.headers.get('x-request-id'), method: 'GET', path: '/snapshots', status: 200 });
    expect(JSON.stringify(h.logger.lines)).not.toContain(READ);
  });

  it('sends no CORS headers unless origins are configured', async () => {
    const h = harness();

    const res = await h.app.request('/health', { headers: { origin: 'https://evil.example' } });

    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from a configured origin and exposes the request id', async () => {
    const h = harness({ corsOrigins: ['https://research.example'] });

    const res = await h.app.request('/claims', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://research.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });

    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://research.example');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});

describe('Memento paths with awkward URLs', () => {
  async function withUrl(url: string) {
    const h = harness();
    const html = { name: 'html' as const, key: 'blobs/x', bytes: 1, sha256: 'a'.repeat(64), contentType: 'text/html' };
    await h.index.putSnapshot(makeSnapshot({ url, sourceId: sourceId(url), artifacts: [html] }));
    return h;
  }

  it("keeps the original URL's own query string", async () => {
    const url = 'https://news.example/article?id=42&lang=is';
    const h = await withUrl(url);

    const res = await get(h, `/timemap/link/${url}`);

    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<${url}>; rel="original"`);
  });

  it('finds a non-ASCII URL written raw or percent-encoded', async () => {
    const url = 'https://frettir.example.is/erlent/sýrland';
    const h = await withUrl(new URL(url).href);

    const raw = await get(h, `/timemap/link/${url}`);
    const encoded = await get(h, `/timemap/link/${encodeURIComponent(url)}`);

    expect(raw.status).toBe(200);
    expect(encoded.status).toBe(200);
  });

  it('answers 400, not 500, for broken percent-encoding and for an empty URL', async () => {
    const h = await withUrl('https://news.example/a');

    await expectProblem(await get(h, '/timemap/link/https%3A%2F%2Fnews.example%2F%E0%A4%A'), 400);
    await expectProblem(await get(h, '/timemap/link/'), 400);
    await expectProblem(await get(h, '/timegate/%'), 400);
  });
});

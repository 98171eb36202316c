import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { closestMemento, originalFromPath, parseAcceptDatetime, timemapLinkFormat } from '../../core/memento.js';
import type { Snapshot } from '../../core/snapshot.js';
import { normaliseUrl } from '../../core/sources.js';
import { type AppDeps, createRouter, errors, guards, problemResponse, security } from './shared.js';

/** Absolute Memento links for an original URL, from the request's origin. */
export function mementoLinks(c: Context, original: string) {
  const base = new URL(c.req.url).origin;
  return {
    original,
    timegate: `${base}/timegate/${original}`,
    timemap: `${base}/timemap/link/${original}`,
    memento: (s: Snapshot) => {
      const name = s.artifacts.some((a) => a.name === 'html') ? 'html' : 'resource';
      return `${base}/snapshots/${s.id}/artifacts/${name}`;
    },
  };
}

/** The original URL after a route prefix, from the raw request so its own query string survives. */
function originalAfter(c: Context, prefix: string): string {
  const raw = new URL(c.req.url);
  const rest = raw.pathname.slice(raw.pathname.indexOf(prefix) + prefix.length) + raw.search;
  if (!rest) throw new ValidationError('name the original URL after the route, e.g. /timemap/link/https://example.org/');
  return normaliseUrl(originalFromPath(rest));
}

/** The most mementos a TimeMap or TimeGate considers. */
const MAX_MEMENTOS = 5_000;

/** RFC 7089 Memento: TimeMap and TimeGate of an original URL. */
export function mementoRoutes(deps: AppDeps): OpenAPIHono {
  const router = createRouter();
  const { read } = guards(deps);
  async function mementosOf(url: string): Promise<Snapshot[]> {
    const found: Snapshot[] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await deps.index.listSnapshots({ url, limit: 500, after });
      found.push(...page.items.filter((s) => s.status !== 'failed'));
      after = page.next;
    } while (after && found.length < MAX_MEMENTOS);
    return found;
  }

  router.openAPIRegistry.registerPath({
    method: 'get',
    operationId: 'getTimeMap',
    path: '/timemap/link/{url}',
    summary: 'RFC 7089 TimeMap of an original URL (application/link-format); the URL may contain slashes and a query',
    security,
    request: { params: z.object({ url: z.string().openapi({ param: { name: 'url', in: 'path' }, example: 'https://example.org/' }) }) },
    responses: {
      200: { content: { 'application/link-format': { schema: z.string() } }, description: 'The TimeMap' },
      404: problemResponse('No mementos of this URL'),
      ...errors,
    },
  });
  router.get('/timemap/link/*', read, async (c) => {
    const original = originalAfter(c, '/timemap/link/');
    const mementos = await mementosOf(original);
    if (mementos.length === 0) throw new NotFoundError(`no mementos of ${original}`);
    return c.body(timemapLinkFormat(mementos, mementoLinks(c, original)), 200, { 'content-type': 'application/link-format' });
  });

  router.openAPIRegistry.registerPath({
    method: 'get',
    operationId: 'getTimeGate',
    path: '/timegate/{url}',
    summary: 'RFC 7089 TimeGate: 302 to the memento closest to Accept-Datetime (the latest without it)',
    security,
    request: {
      params: z.object({ url: z.string().openapi({ param: { name: 'url', in: 'path' }, example: 'https://example.org/' }) }),
      headers: z.object({ 'accept-datetime': z.string().optional().openapi({ example: 'Tue, 03 Dec 2024 10:00:00 GMT' }) }),
    },
    responses: {
      302: { description: 'Redirect to the closest memento, with Vary: accept-datetime' },
      404: problemResponse('No mementos of this URL'),
      ...errors,
    },
  });
  router.get('/timegate/*', read, async (c) => {
    const original = originalAfter(c, '/timegate/');
    const header = c.req.header('accept-datetime');
    const target = header ? parseAcceptDatetime(header) : undefined;
    const mementos = await mementosOf(original);
    const best = target ? closestMemento(mementos, target) : mementos[0];
    if (!best) throw new NotFoundError(`no mementos of ${original}`);
    const links = mementoLinks(c, original);
    c.header('vary', 'accept-datetime');
    c.header('link', `<${links.original}>; rel="original", <${links.timemap}>; rel="timemap"; type="application/link-format"`);
    return c.redirect(links.memento(best), 302);
  });

  return router;
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { httpDate } from '../../core/memento.js';
import { normaliseUrl } from '../../core/sources.js';
import { parseTimeRange } from '../../core/time.js';
import { ArtifactParams, SnapshotIdParam, SnapshotListQuerySchema, SnapshotSchema } from '../schemas.js';
import { mementoLinks } from './memento.js';
import { type AppDeps, createRouter, errors, guards, problemResponse, security, snapshotView } from './shared.js';

/** Snapshots: listings, one snapshot, and its artifacts. */
export function snapshotRoutes(deps: AppDeps): OpenAPIHono {
  const router = createRouter();
  const { read } = guards(deps);

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'listSnapshots',
      path: '/snapshots',
      summary: 'Snapshots, newest first, by URL, source or time',
      security,
      middleware: [read] as const,
      request: { query: SnapshotListQuerySchema },
      responses: {
        200: {
          content: {
            'application/json': { schema: z.object({ snapshots: z.array(SnapshotSchema), nextCursor: z.string().nullable() }) },
          },
          description: 'A page of snapshots',
        },
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { from, to } = parseTimeRange(q.from, q.to);
      const url = q.url ? normaliseUrl(q.matchType === 'host' && !/^https?:/i.test(q.url) ? `http://${q.url}` : q.url) : undefined;
      const matchType = q.matchType ?? 'exact';
      if (q.matchType && !url) throw new ValidationError('matchType needs url', [{ path: 'matchType', message: 'give url too' }]);
      const binding = { route: 'snapshots', url, matchType, source: q.source, from, to, limit: q.limit };
      const after = deps.cursors.decode(q.cursor, binding);
      const page = await deps.index.listSnapshots({ url, matchType, sourceId: q.source, from, to, limit: q.limit, after });
      return c.json({ snapshots: page.items.map(snapshotView), nextCursor: deps.cursors.encode(page.next, binding) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'getSnapshot',
      path: '/snapshots/{id}',
      summary: 'One snapshot with its artifacts and their SHA-256',
      security,
      middleware: [read] as const,
      request: { params: SnapshotIdParam },
      responses: {
        200: { content: { 'application/json': { schema: SnapshotSchema } }, description: 'The snapshot' },
        404: problemResponse('No such snapshot'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const snapshot = await deps.index.getSnapshot(id);
      if (!snapshot) throw new NotFoundError(`no snapshot ${id}`);
      return c.json(snapshotView(snapshot), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'getArtifact',
      path: '/snapshots/{id}/artifacts/{name}',
      summary: 'The bytes of one artifact (or a redirect to a short-lived presigned URL on AWS)',
      security,
      middleware: [read] as const,
      request: { params: ArtifactParams },
      responses: {
        200: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The bytes' },
        302: { description: 'Redirect to a presigned URL valid for at most 15 minutes' },
        404: problemResponse('No such snapshot or artifact'),
        ...errors,
      },
    }),
    async (c) => {
      const { id, name } = c.req.valid('param');
      const snapshot = await deps.index.getSnapshot(id);
      const artifact = snapshot?.artifacts.find((a) => a.name === name);
      if (!snapshot || !artifact) throw new NotFoundError(`snapshot ${id} has no artifact ${name}`);
      const filename = `${id}-${name}`;
      const links = mementoLinks(c, snapshot.url);
      c.header('memento-datetime', httpDate(snapshot.capturedAt));
      c.header(
        'link',
        `<${links.original}>; rel="original", <${links.timegate}>; rel="timegate", <${links.timemap}>; rel="timemap"; type="application/link-format"`,
      );
      if (deps.artifactDelivery === 'redirect' && deps.store.presign) {
        return c.redirect(await deps.store.presign(artifact.key, 900, filename), 302);
      }
      const object = await deps.store.stream(artifact.key);
      return c.body(object.body, 200, {
        'content-type': artifact.contentType,
        'content-length': String(artifact.bytes),
        etag: `"${artifact.sha256}"`,
        'repr-digest': `sha-256=:${Buffer.from(artifact.sha256, 'hex').toString('base64')}:`,
        'cache-control': 'private, max-age=31536000, immutable',
      }) as never;
    },
  );
  return router;
}

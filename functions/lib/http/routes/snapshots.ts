import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { httpDate } from '../../core/memento.js';
import { normaliseUrl } from '../../core/sources.js';
import type { Snapshot } from '../../core/snapshot.js';
import { parseTimeRange } from '../../core/time.js';
import { ArtifactParams, SnapshotIdParam, SnapshotListQuerySchema, SnapshotSchema } from '../schemas.js';
import { mementoLinks } from './memento.js';
import {
  type AppDeps,
  createRouter,
  errors,
  guards,
  LINK_MEDIA_TYPE,
  linkContent,
  problemResponse,
  redirectOrLink,
  security,
  snapshotView,
} from './shared.js';

/**
 * A citation is stored `queued` on the citing snapshot, with the snapshot id its capture will
 * have; one snapshot's view reads those snapshots (at most 20) to show each citation's status now.
 */
async function withCitationStatus(deps: AppDeps, snapshot: Snapshot): Promise<Snapshot> {
  if (!snapshot.citations?.some((c) => c.status === 'queued' && c.snapshotId)) return snapshot;
  const citations = await Promise.all(
    snapshot.citations.map(async (citation) => {
      if (citation.status !== 'queued' || !citation.snapshotId) return citation;
      const cited = await deps.index.getSnapshot(citation.snapshotId);
      return cited ? { ...citation, status: cited.status, ...(cited.error ? { reason: cited.error } : {}) } : citation;
    }),
  );
  return { ...snapshot, citations };
}

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
      return c.json(snapshotView(await withCitationStatus(deps, snapshot)), 200);
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
        200: {
          content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) }, ...linkContent },
          description: `The bytes; on AWS, asked for with \`Accept: ${LINK_MEDIA_TYPE}\`, a link to them presigned for at most 15 minutes`,
        },
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
        const expiresAt = new Date(deps.clock.now().getTime() + 900_000);
        return redirectOrLink(c, await deps.store.presign(artifact.key, 900, filename), expiresAt) as never;
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

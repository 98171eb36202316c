import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { sourceId as sourceIdOf } from '../../core/sources.js';
import { parseTimeRange } from '../../core/time.js';
import { ChangeListQuerySchema, ChangeSchema, ClaimDetailSchema, ClaimIdParam, ClaimListQuerySchema, ClaimSchema } from '../schemas.js';
import { type AppDeps, createRouter, errors, guards, problemResponse, security } from './shared.js';

/** Claims, one claim with its history, and the changes between captures. */
export function claimRoutes(deps: AppDeps): OpenAPIHono {
  const router = createRouter();
  const { read } = guards(deps);

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'listClaims',
      path: '/claims',
      summary: 'Claims by place, source, URL, words, kind, attribution, status and time, newest first',
      security,
      middleware: [read] as const,
      request: { query: ClaimListQuerySchema },
      responses: {
        200: {
          content: { 'application/json': { schema: z.object({ claims: z.array(ClaimSchema), nextCursor: z.string().nullable() }) } },
          description: 'A page of claims',
        },
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { from, to } = parseTimeRange(q.from, q.to);
      const fromUrl = q.url ? sourceIdOf(q.url) : undefined;
      if (q.source && fromUrl && q.source !== fromUrl) return c.json({ claims: [], nextCursor: null }, 200);
      const sourceId = q.source ?? fromUrl;
      const binding = { route: 'claims', ...q, cursor: undefined, sourceId, from, to };
      const after = deps.cursors.decode(q.cursor, binding);
      const page = await deps.claims.queryClaims({
        place: q.place,
        sourceId,
        q: q.q,
        kind: q.kind,
        attributedTo: q.attributedTo,
        status: q.status,
        from,
        to,
        limit: q.limit,
        after,
      });
      return c.json({ claims: page.items, nextCursor: deps.cursors.encode(page.next, binding) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'getClaim',
      path: '/claims/{id}',
      summary: 'One claim with its sightings and versions',
      security,
      middleware: [read] as const,
      request: { params: ClaimIdParam },
      responses: {
        200: { content: { 'application/json': { schema: ClaimDetailSchema } }, description: 'The claim' },
        404: problemResponse('No such claim'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const detail = await deps.claims.getClaim(id);
      if (!detail) throw new NotFoundError(`no claim ${id}`);
      return c.json({ ...detail.claim, sightings: detail.sightings, versions: detail.versions }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'listChanges',
      path: '/changes',
      summary: 'Claims added, removed or edited between consecutive captures of a source',
      security,
      middleware: [read] as const,
      request: { query: ChangeListQuerySchema },
      responses: {
        200: {
          content: { 'application/json': { schema: z.object({ changes: z.array(ChangeSchema), nextCursor: z.string().nullable() }) } },
          description: 'A page of changes, newest first',
        },
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const sourceId = q.source ?? (q.url ? sourceIdOf(q.url) : undefined);
      if (!sourceId) throw new ValidationError('give source or url', [{ path: 'source', message: 'source or url is required' }]);
      const { from, to } = parseTimeRange(q.from, q.to);
      const binding = { route: 'changes', sourceId, from, to, limit: q.limit };
      const after = deps.cursors.decode(q.cursor, binding);
      const page = await deps.claims.listChanges({ sourceId, from, to, limit: q.limit, after });
      return c.json({ changes: page.items, nextCursor: deps.cursors.encode(page.next, binding) }, 200);
    },
  );
  return router;
}

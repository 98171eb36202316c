import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/errors.js';
import { mergeSource, toSource } from '../../core/sources.js';
import { SourceBodySchema, SourceIdParam, SourceSchema } from '../schemas.js';
import { type AppDeps, createRouter, errors, guards, problemResponse, security } from './shared.js';

/** Sources: list, register and delete. */
export function sourceRoutes(deps: AppDeps): OpenAPIHono {
  const router = createRouter();
  const { read, admin } = guards(deps);

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'listSources',
      path: '/sources',
      summary: 'Sources with their schedule, last capture and status',
      security,
      middleware: [read] as const,
      responses: {
        200: { content: { 'application/json': { schema: z.object({ sources: z.array(SourceSchema) }) } }, description: 'All sources' },
        ...errors,
      },
    }),
    async (c) => {
      const sources = await deps.index.listSources();
      sources.sort((a, b) => a.url.localeCompare(b.url));
      return c.json({ sources }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      operationId: 'putSource',
      path: '/sources',
      summary: 'Register (or update) a source, its schedule and how it discovers articles',
      security,
      middleware: [admin] as const,
      request: { body: { content: { 'application/json': { schema: SourceBodySchema } }, required: true } },
      responses: {
        201: { content: { 'application/json': { schema: SourceSchema } }, description: 'Registered' },
        200: { content: { 'application/json': { schema: SourceSchema } }, description: 'Updated' },
        ...errors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const source = { ...toSource(body, deps.clock.now().toISOString(), deps.minimumRecaptureMs), origin: 'api' as const };
      const existing = await deps.index.getSource(source.id);
      const merged = existing ? mergeSource(existing, source) : source;
      await deps.index.putSource(merged);
      deps.onSourcesChanged?.();
      return c.json(merged, existing ? 200 : 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      operationId: 'deleteSource',
      path: '/sources/{id}',
      summary: 'Stop capturing a source (its snapshots are kept)',
      security,
      middleware: [admin] as const,
      request: { params: SourceIdParam },
      responses: { 204: { description: 'Deleted' }, 404: problemResponse('No such source'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await deps.index.deleteSource(id))) throw new NotFoundError(`no source ${id}`);
      deps.onSourcesChanged?.();
      return c.body(null, 204);
    },
  );
  return router;
}

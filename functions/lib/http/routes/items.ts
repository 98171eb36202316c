import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { itemView } from '../../core/discovery/items.js';
import { NotFoundError } from '../../core/errors.js';
import { parseTimeRange } from '../../core/time.js';
import { ItemListQuerySchema, ItemSchema, SourceIdParam } from '../schemas.js';
import { type AppDeps, createRouter, errors, guards, problemResponse, security } from './shared.js';

/** A source's discovered articles (tracked items), newest discovered first. */
export function itemRoutes(deps: AppDeps): OpenAPIHono {
  const router = createRouter();
  const { read } = guards(deps);

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'listSourceItems',
      path: '/sources/{id}/items',
      summary: 'Articles a source discovered, newest first, with their captures and next recapture',
      security,
      middleware: [read] as const,
      request: { params: SourceIdParam, query: ItemListQuerySchema },
      responses: {
        200: {
          content: { 'application/json': { schema: z.object({ items: z.array(ItemSchema), nextCursor: z.string().nullable() }) } },
          description: 'A page of items; `from`/`to` filter on discoveredAt',
        },
        404: problemResponse('No such source'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const { from, to } = parseTimeRange(q.from, q.to);
      const binding = { route: 'items', sourceId: id, status: q.status, from, to, limit: q.limit };
      const after = deps.cursors.decode(q.cursor, binding);
      if (!(await deps.index.getSource(id))) throw new NotFoundError(`no source ${id}`);
      if (!deps.items) return c.json({ items: [], nextCursor: null }, 200);
      const now = deps.clock.now();
      const page = await deps.items.listItems({ sourceId: id, status: q.status, now, from, to, limit: q.limit, after });
      return c.json(
        { items: page.items.map(({ item, listing }) => itemView(item, listing, now)), nextCursor: deps.cursors.encode(page.next, binding) },
        200,
      );
    },
  );
  return router;
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { runAudit } from '../../services/fixity.js';
import { AuditListQuerySchema, FixityAuditSchema, FixityReportSchema } from '../schemas.js';
import { type AppDeps, createRouter, errors, guards, security } from './shared.js';

/** Fixity audits: run one, and list the recorded ones. */
export function auditRoutes(deps: AppDeps): OpenAPIHono {
  const router = createRouter();
  const { admin } = guards(deps);

  router.openapi(
    createRoute({
      method: 'post',
      operationId: 'verifyArchive',
      path: '/verify',
      summary:
        'Fixity audit: re-hash every stored artifact against its recorded SHA-256 and check each manifest chain; the audit is recorded',
      security,
      middleware: [admin] as const,
      responses: {
        200: {
          content: { 'application/json': { schema: FixityReportSchema } },
          description: 'The audit; `problems` is empty when everything verifies',
        },
        ...errors,
      },
    }),
    async (c) => c.json(await runAudit({ store: deps.store, index: deps.index, clock: deps.clock }, 'api'), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      operationId: 'listAudits',
      path: '/audits',
      summary: 'Recorded fixity audits (API, CLI and scheduled), newest first',
      security,
      middleware: [admin] as const,
      request: { query: AuditListQuerySchema },
      responses: {
        200: {
          content: {
            'application/json': {
              schema: z.object({
                audits: z.array(FixityAuditSchema),
                nextCursor: z.string().nullable(),
              }),
            },
          },
          description: 'A page of audits',
        },
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const binding = { route: 'audits', limit: q.limit };
      const page = await deps.index.listAudits({ limit: q.limit, after: deps.cursors.decode(q.cursor, binding) });
      return c.json({ audits: page.items, nextCursor: deps.cursors.encode(page.next, binding) }, 200);
    },
  );
  return router;
}

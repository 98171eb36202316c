import { randomUUID } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CaptureJob } from '../../core/ports.js';
import { normaliseUrl, sourceId as sourceIdOf, type Extractor } from '../../core/sources.js';
import { CaptureBodySchema, SnapshotSchema } from '../schemas.js';
import { type AppDeps, createRouter, errors, guards, security, snapshotView } from './shared.js';

/** `POST /captures`: capture a URL now. */
export function captureRoutes(deps: AppDeps): OpenAPIHono {
  const router = createRouter();
  const { admin } = guards(deps);

  router.openapi(
    createRoute({
      method: 'post',
      operationId: 'createCapture',
      path: '/captures',
      summary: 'Capture a URL now; answers once capture, extraction and indexing are done',
      security,
      middleware: [admin] as const,
      request: { body: { content: { 'application/json': { schema: CaptureBodySchema } }, required: true } },
      responses: {
        201: {
          content: { 'application/json': { schema: SnapshotSchema } },
          description: 'The snapshot (status failed if the page could not be captured)',
        },
        ...errors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const url = normaliseUrl(body.url);
      const now = deps.clock.now();
      const job: CaptureJob = {
        sourceId: sourceIdOf(url),
        url,
        extractor: (body.extractor ?? 'auto') as Extractor,
        slot: now.toISOString(),
        jobKey: `api:${randomUUID()}`,
      };
      const outcome = await deps.capture(job);
      c.header('location', `/snapshots/${outcome.snapshot.id}`);
      return c.json(snapshotView(outcome.snapshot), 201);
    },
  );
  return router;
}

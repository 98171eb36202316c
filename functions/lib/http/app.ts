import { randomUUID } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { ValidationError } from '../core/errors.js';
import { problem, statusFor } from './problem.js';
import { auditRoutes } from './routes/audits.js';
import { captureRoutes } from './routes/captures.js';
import { itemRoutes } from './routes/items.js';
import { claimRoutes } from './routes/claims.js';
import { mementoRoutes } from './routes/memento.js';
import { type AppDeps, createRouter } from './routes/shared.js';
import { snapshotRoutes } from './routes/snapshots.js';
import { sourceRoutes } from './routes/sources.js';
import { uiRoutes } from './routes/ui.js';
import { waczRoutes } from './routes/wacz.js';

export type { AppDeps } from './routes/shared.js';

/**
 * Builds the HTTP API. It never listens: the Lambda handler and the local server both serve this
 * same app. Each resource is its own module under `routes/`, mounted here; routes, validation and
 * `/openapi.json` come from their definitions. Cross-cutting concerns (request ids, logging, CORS,
 * body limit, the problem+json error mapping) live here once.
 */
export function buildApp(deps: AppDeps): OpenAPIHono {
  const app = createRouter();

  app.use('*', requestId({ generator: () => randomUUID() }));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    deps.logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  if (deps.corsOrigins?.length) {
    app.use(
      '*',
      cors({
        origin: deps.corsOrigins,
        allowHeaders: ['authorization', 'content-type', 'accept-datetime'],
        exposeHeaders: ['x-request-id', 'link', 'memento-datetime', 'location', 'repr-digest'],
        maxAge: 600,
      }),
    );
  }
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.maxBodyBytes ?? 64 * 1024,
      onError: (c) => problem(c, 413, `request bodies are limited to ${deps.maxBodyBytes ?? 64 * 1024} bytes`),
    }),
  );
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  app.openapi(
    createRoute({
      method: 'get',
      operationId: 'getHealth',
      path: '/health',
      summary: 'Liveness',
      security: [],
      responses: { 200: { content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } }, description: 'Up' } },
    }),
    (c) => c.json({ ok: true as const }, 200),
  );

  for (const routes of [captureRoutes, sourceRoutes, itemRoutes, snapshotRoutes, claimRoutes, waczRoutes, auditRoutes, mementoRoutes]) {
    app.route('/', routes(deps));
  }
  app.route('/', uiRoutes(deps));

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    servers: [{ url: '/', description: 'This API (npm start serves it on http://127.0.0.1:8787)' }],
    info: {
      title: 'Verbatim API',
      version: '0.1.0',
      description: 'Captures of conflict-reporting sources, their evidence and the claims they make.',
    },
  });

  app.notFound((c) => problem(c, 404, `no route ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      return problem(c, err.status as 400, err.message || undefined);
    }
    const status = statusFor(err);
    if (status >= 500) {
      deps.logger.error('request failed', { requestId: c.get('requestId'), path: c.req.path, error: (err as Error).message });
      return problem(c, status, status === 503 ? 'storage is unavailable; try again' : 'internal error');
    }
    const details = err instanceof ValidationError && err.details.length ? { errors: err.details } : {};
    return problem(c, status, (err as Error).message, details);
  });
  return app;
}

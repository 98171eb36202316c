import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import type { CursorSigner } from '../core/cursor.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { ArchiveStore, CaptureJob, ClaimIndex, Clock, Logger, SnapshotIndex, WaczSigner } from '../core/ports.js';
import { exportKey, timestamp14, type Snapshot } from '../core/snapshot.js';
import { closestMemento, httpDate, originalFromPath, parseAcceptDatetime, timemapLinkFormat } from '../core/memento.js';
import { normaliseUrl, sourceId as sourceIdOf, toSource, type Extractor } from '../core/sources.js';
import { parseTimeRange } from '../core/time.js';
import type { CaptureOutcome } from '../services/capture-service.js';
import { runAudit } from '../services/fixity.js';
import { writeWacz } from '../services/wacz-writer.js';
import { publicKeyFingerprint, WACZ_SIGNATURE_ALGORITHM } from '../services/wacz-signing.js';
import { requireRole, type KeyRing } from './auth.js';
import { problem, statusFor } from './problem.js';
import {
  ArtifactParams,
  AuditListQuerySchema,
  CaptureBodySchema,
  ChangeListQuerySchema,
  ChangeSchema,
  ClaimDetailSchema,
  ClaimIdParam,
  ClaimListQuerySchema,
  ClaimSchema,
  FixityAuditSchema,
  FixityReportSchema,
  ProblemSchema,
  SnapshotIdParam,
  SnapshotListQuerySchema,
  SnapshotSchema,
  SourceBodySchema,
  SourceIdParam,
  SigningKeySchema,
  SourceSchema,
  WaczRangeQuerySchema,
} from './schemas.js';

export interface AppDeps {
  index: SnapshotIndex;
  claims: ClaimIndex;
  store: ArchiveStore;
  keys: KeyRing;
  cursors: CursorSigner;
  clock: Clock;
  logger: Logger;
  /** Runs a capture job to completion (in process locally; the capture function on AWS). */
  capture(job: CaptureJob): Promise<CaptureOutcome>;
  artifactDelivery: 'stream' | 'redirect';
  /** Called after sources change, so the scheduler picks them up. */
  onSourcesChanged?(): void;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes?: number;
  /** Browser origins allowed by CORS; none by default. */
  corsOrigins?: string[];
  /** Signs WACZ digests; without one, packages are unsigned. */
  signer?: WaczSigner;
}

/** The most captures one WACZ may hold; a wider range must be split. */
export const MAX_WACZ_SNAPSHOTS = 500;

const problemResponse = (description: string) => ({
  content: { 'application/problem+json': { schema: ProblemSchema } },
  description,
});

const errors = {
  400: problemResponse('Invalid input'),
  401: problemResponse('Missing or malformed key'),
  403: problemResponse('Wrong key, or a read key on an admin route'),
} as const;

const security = [{ bearer: [] as string[] }];

function snapshotView(snapshot: Snapshot) {
  const { retryable, timings: _timings, ...rest } = snapshot;
  return {
    ...rest,
    ...(snapshot.status === 'failed' ? { retryable } : {}),
    artifacts: snapshot.artifacts.map(({ name, bytes, sha256, contentType }) => ({
      name,
      bytes,
      sha256,
      contentType,
      href: `/snapshots/${snapshot.id}/artifacts/${name}`,
    })),
  };
}

/**
 * Builds the HTTP API. It never listens: the Lambda handler and the local server both serve this
 * same app. Routes, validation and `/openapi.json` come from the one set of definitions below.
 */
export function buildApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const details = result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
        return problem(c as Context, 400, details.map((d) => `${d.path}: ${d.message}`).join('; '), { errors: details });
      }
    },
  });
  const read = requireRole(deps.keys, 'read');
  const admin = requireRole(deps.keys, 'admin');

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

  app.openapi(
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

  app.openapi(
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

  app.openapi(
    createRoute({
      method: 'post',
      operationId: 'putSource',
      path: '/sources',
      summary: 'Register (or update) a source and its schedule',
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
      const source = { ...toSource(body, deps.clock.now().toISOString()), origin: 'api' as const };
      const existing = await deps.index.getSource(source.id);
      const merged = existing ? { ...existing, schedule: source.schedule, extractor: source.extractor } : source;
      await deps.index.putSource(merged);
      deps.onSourcesChanged?.();
      return c.json(merged, existing ? 200 : 201);
    },
  );

  app.openapi(
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

  app.openapi(
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

  app.openapi(
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

  app.openapi(
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

  app.openapi(
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

  app.openapi(
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

  app.openapi(
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

  /**
   * Locally the package streams straight back. On AWS a Lambda response is capped at 6 MB, so the
   * package streams into S3 under `exports/` instead and the client follows a presigned link.
   */
  async function sendWacz(c: Context, selection: Snapshot | Snapshot[], name: string, title?: string) {
    const stream = writeWacz({ store: deps.store, index: deps.index, signer: deps.signer }, selection, {
      title,
      now: () => deps.clock.now(),
    });
    if (deps.artifactDelivery === 'redirect' && deps.store.upload && deps.store.presign) {
      const key = exportKey(deps.clock.now(), name, randomUUID().slice(0, 8));
      await deps.store.upload(key, stream, 'application/wacz');
      return c.redirect(await deps.store.presign(key, 900, `${name}.wacz`), 302);
    }
    return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
      'content-type': 'application/wacz',
      'content-disposition': `attachment; filename="${name}.wacz"`,
    });
  }

  const waczResponses = {
    200: { content: { 'application/wacz': { schema: z.string().openapi({ format: 'binary' }) } }, description: 'The WACZ' },
    302: { description: 'On AWS: a redirect to the built package, presigned for at most 15 minutes' },
  } as const;

  app.openapi(
    createRoute({
      method: 'get',
      operationId: 'getSnapshotWacz',
      path: '/snapshots/{id}/wacz',
      summary: 'A WACZ 1.2 package of the snapshot, replayable on its own (revisited payloads included), signed',
      security,
      middleware: [read] as const,
      request: { params: SnapshotIdParam },
      responses: {
        ...waczResponses,
        404: problemResponse('No such snapshot, or it has no WARC'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const snapshot = await deps.index.getSnapshot(id);
      if (!snapshot) throw new NotFoundError(`no snapshot ${id}`);
      return (await sendWacz(c, snapshot, id)) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      operationId: 'getSourceWacz',
      path: '/sources/{id}/wacz',
      summary: `One WACZ of every capture of a source in a time range (at most ${MAX_WACZ_SNAPSHOTS}), oldest first, signed`,
      security,
      middleware: [read] as const,
      request: { params: SourceIdParam, query: WaczRangeQuerySchema },
      responses: {
        ...waczResponses,
        404: problemResponse('No capture of the source in the range'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const range = parseTimeRange(c.req.valid('query').from, c.req.valid('query').to);
      const selected: Snapshot[] = [];
      let after: Record<string, unknown> | undefined;
      do {
        const page = await deps.index.listSnapshots({ sourceId: id, ...range, limit: 500, after });
        selected.push(...page.items.filter((s) => s.status !== 'failed'));
        after = page.next;
      } while (after && selected.length <= MAX_WACZ_SNAPSHOTS);
      if (selected.length > MAX_WACZ_SNAPSHOTS) {
        throw new ValidationError(`the range holds more than ${MAX_WACZ_SNAPSHOTS} captures; narrow from/to`, [
          { path: 'from', message: `at most ${MAX_WACZ_SNAPSHOTS} captures per package` },
        ]);
      }
      if (!selected.length) throw new NotFoundError(`no capture of source ${id} in the range`);
      selected.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt) || a.id.localeCompare(b.id));
      const [first, last] = [selected[0]!, selected.at(-1)!];
      const name = `${id}-${timestamp14(new Date(first.capturedAt))}-${timestamp14(new Date(last.capturedAt))}`;
      return (await sendWacz(
        c,
        selected,
        name,
        `${last.url}: ${selected.length} captures, ${first.capturedAt} to ${last.capturedAt}`,
      )) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      operationId: 'getSigningKey',
      path: '/signing-key',
      summary: 'The public key that signs WACZ digests, to check `datapackage-digest.json` signatures against',
      security,
      middleware: [read] as const,
      responses: {
        200: { content: { 'application/json': { schema: SigningKeySchema } }, description: 'The key' },
        404: problemResponse('Packages are not signed here'),
        ...errors,
      },
    }),
    async (c) => {
      if (!deps.signer) throw new NotFoundError('this deployment does not sign packages');
      const publicKey = await deps.signer.publicKey();
      const pem = `-----BEGIN PUBLIC KEY-----\n${publicKey.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
      return c.json(
        { algorithm: WACZ_SIGNATURE_ALGORITHM, publicKey, publicKeyPem: pem, fingerprint: publicKeyFingerprint(publicKey) },
        200,
      );
    },
  );

  app.openapi(
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

  app.openapi(
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

  const MAX_MEMENTOS = 5_000;
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

  function mementoLinks(c: Context, original: string) {
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

  app.openAPIRegistry.registerPath({
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
  app.get('/timemap/link/*', read, async (c) => {
    const original = originalAfter(c, '/timemap/link/');
    const mementos = await mementosOf(original);
    if (mementos.length === 0) throw new NotFoundError(`no mementos of ${original}`);
    return c.body(timemapLinkFormat(mementos, mementoLinks(c, original)), 200, { 'content-type': 'application/link-format' });
  });

  app.openAPIRegistry.registerPath({
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
  app.get('/timegate/*', read, async (c) => {
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

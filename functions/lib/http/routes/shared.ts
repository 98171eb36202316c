import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { CursorSigner } from '../../core/cursor.js';
import type { ArchiveStore, CaptureJob, ClaimIndex, Clock, ItemIndex, Logger, SnapshotIndex, WaczSigner } from '../../core/ports.js';
import type { Snapshot } from '../../core/snapshot.js';
import type { CaptureOutcome } from '../../services/capture-service.js';
import { type KeyRing, requireRole } from '../auth.js';
import { problem } from '../problem.js';
import { LinkSchema, ProblemSchema } from '../schemas.js';

/** What the HTTP app is built over: the ports, the keys and the capture runner. */
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
  /** Tracked items of sources that discover articles; without it, sources list no items. */
  items?: ItemIndex;
  /** Shortest recapture delay a source may ask for (AWS sweeps every few minutes; locally none). */
  minimumRecaptureMs?: number;
  /** Origins besides the API's own that the web view may fetch from (on AWS, the archive bucket). */
  uiConnectSources?: string[];
}

/** A router for one resource. Invalid input becomes a 400 problem listing every issue. */
export function createRouter(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const details = result.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
        return problem(c as Context, 400, details.map((d) => `${d.path}: ${d.message}`).join('; '), { errors: details });
      }
    },
  });
}

/** The role guards every resource module uses. */
export function guards(deps: AppDeps) {
  return { read: requireRole(deps.keys, 'read'), admin: requireRole(deps.keys, 'admin') };
}

export const problemResponse = (description: string) => ({
  content: { 'application/problem+json': { schema: ProblemSchema } },
  description,
});

export const errors = {
  400: problemResponse('Invalid input'),
  401: problemResponse('Missing or malformed key'),
  403: problemResponse('Wrong key, or a read key on an admin route'),
} as const;

export const security = [{ bearer: [] as string[] }];

/**
 * The media type a client names in `Accept` when it wants a short-lived link to the bytes instead of
 * a redirect to them. The web view asks for it: a redirect would make the browser carry the request
 * on to S3 itself, where its policy forbids fetching from and the bearer key has no business.
 */
export const LINK_MEDIA_TYPE = 'application/vnd.verbatim.link+json';

export const linkContent = { [LINK_MEDIA_TYPE]: { schema: LinkSchema } };

/** Where bytes are delivered from S3 (on AWS): a 302 to the presigned URL, or that URL as a link document. */
export function redirectOrLink(c: Context, href: string, expiresAt: Date): Response {
  if ((c.req.header('accept') ?? '').includes(LINK_MEDIA_TYPE)) {
    return c.body(JSON.stringify({ href, expiresAt: expiresAt.toISOString() }), 200, { 'content-type': LINK_MEDIA_TYPE, vary: 'accept' });
  }
  c.header('vary', 'accept');
  return c.redirect(href, 302);
}

/** A snapshot as the API shows it: artifacts with links, timings and internal keys left out. */
export function snapshotView(snapshot: Snapshot) {
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

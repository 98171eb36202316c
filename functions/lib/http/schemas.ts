import { z } from '@hono/zod-openapi';
import { ARTIFACT_NAMES } from '../core/snapshot.js';
import { EXTRACTORS } from '../core/sources.js';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const ArtifactSchema = z
  .object({
    name: z.enum(ARTIFACT_NAMES),
    bytes: z.number().int(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    contentType: z.string(),
    href: z.string(),
  })
  .openapi('Artifact');

export const SnapshotSchema = z
  .object({
    id: z.string().openapi({ example: '20241203101500-3f9a1c2b4d5e' }),
    sourceId: z.string(),
    url: z.string(),
    finalUrl: z.string().optional(),
    capturedAt: z.string(),
    status: z.enum(['captured', 'unchanged', 'failed']),
    httpStatus: z.number().int().optional(),
    error: z.string().optional(),
    retryable: z.boolean().optional(),
    attempts: z.number().int(),
    claimCount: z.number().int(),
    title: z.string().optional(),
    contentType: z.string().optional(),
    redirectChain: z.array(z.string()).optional(),
    browserVersion: z.string().optional(),
    artifacts: z.array(ArtifactSchema),
  })
  .openapi('Snapshot');

export const SourceSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    schedule: z.string().openapi({ example: 'rate(6 hours)' }),
    extractor: z.enum(EXTRACTORS),
    createdAt: z.string(),
    lastCaptureAt: z.string().optional(),
    lastSnapshotId: z.string().optional(),
    lastStatus: z.enum(['captured', 'unchanged', 'failed']).optional(),
  })
  .openapi('Source');

export const CaptureBodySchema = z
  .object({
    url: z.string().min(1).max(4096).openapi({ example: 'https://example.org/news/article' }),
    extractor: z.enum(EXTRACTORS).optional(),
  })
  .strict()
  .openapi('CaptureRequest');

export const SourceBodySchema = z
  .object({
    url: z.string().min(1).max(4096),
    schedule: z.string().min(1).max(256).openapi({ example: 'rate(6 hours)' }),
    extractor: z.enum(EXTRACTORS).optional(),
  })
  .strict()
  .openapi('SourceRequest');

const limit = z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 });
const time = z.string().max(40).optional().openapi({ description: 'ISO 8601 or 14-digit timestamp' });

export const SnapshotListQuerySchema = z
  .object({
    url: z.string().max(4096).optional(),
    source: z.string().max(64).optional(),
    from: time,
    to: time,
    limit,
    cursor: z.string().max(4096).optional(),
  })
  .strict();

export const SnapshotIdParam = z.object({
  id: z
    .string()
    .regex(/^\d{14}-[0-9a-f]{12}$/, 'a snapshot id looks like 20241203101500-3f9a1c2b4d5e')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const ArtifactParams = SnapshotIdParam.extend({
  name: z.enum(ARTIFACT_NAMES).openapi({ param: { name: 'name', in: 'path' } }),
});

export const SourceIdParam = z.object({
  id: z.string().regex(/^src_[0-9a-f]{16}$/, 'a source id looks like src_0123456789abcdef').openapi({ param: { name: 'id', in: 'path' } }),
});

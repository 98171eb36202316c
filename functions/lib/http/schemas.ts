import { z } from '@hono/zod-openapi';
import { ARTIFACT_NAMES } from '../core/snapshot.js';
import { ITEM_STATUSES } from '../core/discovery/items.js';
import { DISCOVER_MODES, EXTRACTORS } from '../core/sources.js';

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

const ArtifactSchema = z
  .object({
    name: z.enum(ARTIFACT_NAMES),
    bytes: z.number().int(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    contentType: z.string(),
    href: z.string(),
  })
  .openapi('Artifact');

export const LinkSchema = z
  .object({
    href: z.string().openapi({ description: 'A presigned URL; it needs no key' }),
    expiresAt: z.string(),
  })
  .openapi('Link');

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
    claimError: z.string().optional(),
    title: z.string().optional(),
    contentType: z.string().optional(),
    redirectChain: z.array(z.string()).optional(),
    browserVersion: z.string().optional(),
    artifacts: z.array(ArtifactSchema),
    discoveredFrom: z
      .object({ sourceId: z.string(), snapshotId: z.string() })
      .optional()
      .openapi({ description: 'For an article or citation found by discovery: the source and the snapshot that named it' }),
    citations: z
      .array(
        z.object({
          url: z.string(),
          snapshotId: z.string().optional(),
          status: z.enum(['queued', 'captured', 'unchanged', 'failed', 'refused']),
          reason: z.string().optional(),
        }),
      )
      .optional()
      .openapi({ description: 'For a discovered article: the external pages its body cites, each captured once (one hop)' }),
  })
  .openapi('Snapshot');

/** A source's discovery settings, as the sources file takes them (see README "Following the news"). */
function discoveryFields() {
  const pattern = z.string().min(1).max(1000);
  return {
    discover: z.enum(DISCOVER_MODES).optional().openapi({
      description: 'How the source finds articles: its feed, its sitemap, its page links, or auto (advertised feeds, else links)',
    }),
    include: z
      .array(pattern)
      .max(50)
      .optional()
      .openapi({ description: 'URLPattern or /regex/ a discovered URL must match (default: the source’s own site)' }),
    exclude: z.array(pattern).max(50).optional().openapi({ description: 'URLPattern or /regex/ a discovered URL must not match' }),
    recapture: z
      .array(z.string().min(2).max(40))
      .max(50)
      .optional()
      .openapi({
        description: 'ISO 8601 delays after the first capture',
        example: ['PT15M', 'PT1H', 'PT3H', 'PT12H', 'P1D', 'P3D', 'P7D'],
      }),
    maxPerRun: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .openapi({ description: 'New articles captured per run (default 50); the rest wait for later runs' }),
    citations: z.boolean().optional().openapi({ description: 'Capture the external pages articles cite, once (default true)' }),
    robots: z.enum(['obey', 'ignore']).optional().openapi({ description: 'robots.txt for discovered URLs (default obey)' }),
  };
}

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
    origin: z.enum(['file', 'api']).optional(),
    lastDispatchedSlot: z.string().optional(),
    ...discoveryFields(),
    lastDiscovery: z
      .object({
        at: z.string(),
        snapshotId: z.string().optional(),
        found: z.number().int(),
        enqueued: z.number().int(),
        deferred: z.number().int(),
        known: z.number().int(),
        skipped: z.number().int(),
        skippedReasons: z.record(z.string(), z.number().int()).optional(),
        documents: z.array(z.string()).optional(),
        problems: z.array(z.string()).optional(),
        error: z.string().optional(),
      })
      .optional()
      .openapi('DiscoveryRun'),
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
    ...discoveryFields(),
  })
  .strict()
  .openapi('SourceRequest');

const limit = z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 });
const time = z.string().max(40).optional().openapi({ description: 'ISO 8601 or 14-digit timestamp' });

export const SnapshotListQuerySchema = z
  .object({
    url: z.string().max(4096).optional(),
    matchType: z.enum(['exact', 'prefix', 'host']).optional().openapi({ description: 'How `url` matches, as in CDX servers' }),
    source: z.string().max(64).optional(),
    from: time,
    to: time,
    limit,
    cursor: z.string().max(4096).optional(),
  })
  .strict();

const FixityProblemSchema = z.object({
  kind: z.enum(['mismatch', 'missing', 'chain']),
  snapshotId: z.string(),
  artifact: z.string().optional(),
  detail: z.string(),
});

export const FixityReportSchema = z
  .object({
    auditId: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    snapshots: z.number().int(),
    objects: z.number().int(),
    bytes: z.number().int(),
    problems: z.array(FixityProblemSchema),
  })
  .openapi('FixityReport');

export const FixityAuditSchema = z
  .object({
    id: z.string(),
    trigger: z.enum(['api', 'cli', 'schedule']),
    startedAt: z.string(),
    finishedAt: z.string(),
    snapshots: z.number().int(),
    objects: z.number().int(),
    bytes: z.number().int(),
    counts: z.object({ mismatch: z.number().int(), missing: z.number().int(), chain: z.number().int() }),
    problemCount: z.number().int(),
    problems: z.array(FixityProblemSchema),
    truncated: z.boolean(),
  })
  .openapi('FixityAudit');

export const AuditListQuerySchema = z
  .object({
    limit,
    cursor: z.string().max(4096).optional(),
  })
  .strict();

export const WaczRangeQuerySchema = z
  .object({
    from: time,
    to: time,
  })
  .strict();

export const SigningKeySchema = z
  .object({
    algorithm: z.string(),
    publicKey: z.string().openapi({ description: 'base64 SPKI DER, as `signedData.publicKey` carries it' }),
    publicKeyPem: z.string(),
    fingerprint: z.string().openapi({ description: 'SHA-256 of the SPKI DER, hex' }),
  })
  .openapi('SigningKey');

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
  id: z
    .string()
    .regex(/^src_[0-9a-f]{16}$/, 'a source id looks like src_0123456789abcdef')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const PlaceSchema = z.object({
  name: z.string(),
  lat: z.number(),
  lon: z.number(),
  country: z.string().optional(),
  geonameId: z.number().int().optional(),
  featureClass: z.enum(['continent', 'country', 'region', 'city', 'point']).optional(),
});

const AttributionSchema = z.object({
  speaker: z.string().optional(),
  role: z.string().optional(),
  organisation: z.string().optional(),
  outlet: z.string().optional(),
  cue: z.string(),
});

export const ClaimSchema = z
  .object({
    id: z.string().openapi({ example: 'clm_0123456789abcdef01234567' }),
    text: z.string(),
    kind: z.enum(['statement', 'quote', 'event', 'post']),
    lang: z.string(),
    attributedTo: z.array(z.string()),
    attribution: AttributionSchema.optional(),
    places: z.array(PlaceSchema),
    eventTime: z.string().optional(),
    sourceLink: z.string().optional(),
    category: z.string().optional(),
    externalId: z.string().optional(),
    author: z.object({ name: z.string().optional(), handle: z.string().optional() }).optional(),
    review: z.object({ claimReviewed: z.string().optional(), rating: z.string().optional(), reviewer: z.string().optional() }).optional(),
    sourceUrl: z.string(),
    sourceId: z.string(),
    claimTime: z.string(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    status: z.enum(['present', 'removed']),
    previousVersionId: z.string().optional(),
    nextVersionId: z.string().optional(),
    removedAt: z.string().optional(),
    removedBySnapshotId: z.string().optional(),
    evidence: z.object({ snapshotId: z.string(), exact: z.string(), prefix: z.string(), suffix: z.string() }),
  })
  .openapi('Claim');

const SightingSchema = z
  .object({
    claimId: z.string(),
    snapshotId: z.string(),
    capturedAt: z.string(),
    selector: z.object({ exact: z.string(), prefix: z.string(), suffix: z.string() }),
  })
  .openapi('Sighting');

export const ClaimDetailSchema = ClaimSchema.extend({
  sightings: z.array(SightingSchema),
  versions: z.array(ClaimSchema),
}).openapi('ClaimDetail');

export const ChangeSchema = z
  .object({
    type: z.enum(['added', 'removed', 'edited']),
    sourceId: z.string(),
    sourceUrl: z.string(),
    snapshotId: z.string(),
    previousSnapshotId: z.string().optional(),
    capturedAt: z.string(),
    claimId: z.string(),
    text: z.string(),
    previousVersionId: z.string().optional(),
    previousText: z.string().optional(),
  })
  .openapi('Change');

export const ClaimListQuerySchema = z
  .object({
    place: z.string().min(1).max(200).optional(),
    source: z.string().max(64).optional(),
    url: z.string().max(4096).optional(),
    q: z.string().min(1).max(500).optional(),
    kind: z.enum(['statement', 'quote', 'event', 'post']).optional(),
    attributedTo: z.string().min(1).max(200).optional(),
    status: z.enum(['present', 'removed']).optional(),
    from: time,
    to: time,
    limit,
    cursor: z.string().max(4096).optional(),
  })
  .strict();

export const ChangeListQuerySchema = z
  .object({
    source: z.string().max(64).optional(),
    url: z.string().max(4096).optional(),
    from: time,
    to: time,
    limit,
    cursor: z.string().max(4096).optional(),
  })
  .strict();

export const ClaimIdParam = z.object({
  id: z
    .string()
    .regex(/^clm_[0-9a-f]{24}$/, 'a claim id looks like clm_0123456789abcdef01234567')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const ItemSchema = z
  .object({
    id: z.string().openapi({ description: 'The article’s id: /changes?source=<id> and /snapshots?source=<id> give its history' }),
    url: z.string(),
    title: z.string().optional(),
    discoveredAt: z.string(),
    publishedAt: z.string().optional(),
    captures: z.number().int(),
    lastCapturedAt: z.string().optional(),
    nextCaptureAt: z.string().optional(),
    status: z.enum(ITEM_STATUSES),
    latestSnapshotId: z.string().optional(),
    error: z.string().optional(),
  })
  .openapi('Item');

export const ItemListQuerySchema = z
  .object({
    status: z.enum(ITEM_STATUSES).optional(),
    from: time,
    to: time,
    limit,
    cursor: z.string().max(4096).optional(),
  })
  .strict();

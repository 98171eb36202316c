import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseLadder } from './discovery/ladder.js';
import { compileScope } from './discovery/scope.js';
import { ValidationError } from './errors.js';
import { parseSchedule } from './schedule.js';

export const EXTRACTORS = ['auto', 'article', 'liveuamap', 'page'] as const;
export type Extractor = (typeof EXTRACTORS)[number];

export const DISCOVER_MODES = ['feed', 'sitemap', 'links', 'auto'] as const;
type DiscoverMode = (typeof DISCOVER_MODES)[number];

const pattern = z.string().min(1).max(1000);

/**
 * How a source follows the news (see README "Following the news"). All optional: without
 * `discover` a source is one URL captured on its schedule, as before.
 */
export const discoverySettingsSchema = z.object({
  discover: z.enum(DISCOVER_MODES).optional(),
  include: z.array(pattern).max(50).optional(),
  exclude: z.array(pattern).max(50).optional(),
  recapture: z.array(z.string().min(2).max(40)).max(50).optional(),
  maxPerRun: z.number().int().min(1).max(10_000).optional(),
  citations: z.boolean().optional(),
  robots: z.enum(['obey', 'ignore']).optional(),
});
export type DiscoverySettings = z.infer<typeof discoverySettingsSchema>;
const DISCOVERY_FIELDS = Object.keys(discoverySettingsSchema.shape) as (keyof DiscoverySettings)[];

/** One entry of the sources file, the same file locally and on AWS. */
const sourceEntrySchema = z
  .object({
    url: z.string().min(1).max(4096),
    schedule: z.string().min(1).max(256),
    extractor: z.enum(EXTRACTORS).optional(),
  })
  .extend(discoverySettingsSchema.shape);
export type SourceEntry = z.infer<typeof sourceEntrySchema>;

/** What the latest discovery run of a source found; `error` is a reason a person can read. */
export interface DiscoveryRun {
  at: string;
  /** The snapshot of the source page the run read. */
  snapshotId?: string;
  /** Entries the documents listed (links, feed entries, sitemap URLs). */
  found: number;
  /** New articles captured at once. */
  enqueued: number;
  /** New articles held for later runs by `maxPerRun`, tracked as items due at those runs. */
  deferred: number;
  /** Entries already tracked. */
  known: number;
  /** Entries not tracked, with the count per reason in `skippedReasons`. */
  skipped: number;
  skippedReasons?: Record<string, number>;
  /** The documents read (the page, feeds, sitemaps). */
  documents?: string[];
  /** Documents that could not be read while others could (a failing sitemap, a loop). */
  problems?: string[];
  error?: string;
}

export interface Source {
  id: string;
  url: string;
  schedule: string;
  extractor: Extractor;
  createdAt: string;
  lastCaptureAt?: string;
  lastSnapshotId?: string;
  lastStatus?: 'captured' | 'unchanged' | 'failed';
  /**
   * `file`: from the sources file, which gives it an EventBridge schedule of its own on AWS.
   * `api`: registered through `POST /sources`; on AWS the dispatch sweep runs it.
   */
  origin?: 'file' | 'api';
  /** The latest scheduled slot the AWS sweep has enqueued for an `api` source. */
  lastDispatchedSlot?: string;
  discover?: DiscoverMode;
  include?: string[];
  exclude?: string[];
  recapture?: string[];
  maxPerRun?: number;
  citations?: boolean;
  robots?: 'obey' | 'ignore';
  lastDiscovery?: DiscoveryRun;
}

/**
 * Checks a source's discovery settings: patterns compile, the ladder is valid and ascending, and
 * none is given without `discover`. `minimumRecaptureMs` refuses delays a deployment cannot honour.
 */
function validateDiscovery(url: string, settings: DiscoverySettings, minimumRecaptureMs = 0): void {
  const given = DISCOVERY_FIELDS.filter((f) => f !== 'discover' && settings[f] !== undefined);
  if (!settings.discover && given.length > 0) {
    throw new ValidationError(`${given.join(', ')} only apply with discover (feed, sitemap, links or auto)`, [
      { path: 'discover', message: 'set discover to use discovery settings' },
    ]);
  }
  compileScope(url, settings.include, settings.exclude);
  if (settings.recapture) parseLadder(settings.recapture, minimumRecaptureMs);
}

/** The discovery settings of an entry, without unset keys (so stored sources stay as they were written). */
export function discoverySettingsOf(entry: DiscoverySettings): DiscoverySettings {
  const out: Record<string, unknown> = {};
  for (const f of DISCOVERY_FIELDS) if (entry[f] !== undefined) out[f] = entry[f];
  return out as DiscoverySettings;
}

/**
 * A source re-registered (sources file, `POST /sources`, a schedule's payload): the new schedule,
 * extractor and discovery settings over the stored source's state (last capture, last discovery).
 */
export function mergeSource(existing: Source, incoming: Source): Source {
  const kept: Record<string, unknown> = { ...existing };
  for (const f of DISCOVERY_FIELDS) delete kept[f];
  return { ...(kept as unknown as Source), schedule: incoming.schedule, extractor: incoming.extractor, ...discoverySettingsOf(incoming) };
}

/**
 * Normalises a capture URL: http(s) only, no credentials, no fragment; host lowercased and default
 * port dropped by WHATWG parsing (so `http://2130706433/` becomes `http://127.0.0.1/`).
 */
export function normaliseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ValidationError(`"${input}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(`only http and https URLs can be captured, not ${url.protocol}`);
  }
  if (url.username || url.password) throw new ValidationError('URLs with credentials are not captured');
  url.hash = '';
  return url.href;
}

/** A source's id is derived from its normalised URL, so the same page always groups its captures. */
export function sourceId(url: string): string {
  return `src_${createHash('sha256').update(normaliseUrl(url)).digest('hex').slice(0, 16)}`;
}

export function toSource(entry: SourceEntry, createdAt: string, minimumRecaptureMs = 0): Source {
  const url = normaliseUrl(entry.url);
  parseSchedule(entry.schedule);
  validateDiscovery(url, entry, minimumRecaptureMs);
  return {
    id: sourceId(url),
    url,
    schedule: entry.schedule.trim(),
    extractor: entry.extractor ?? 'auto',
    createdAt,
    origin: 'file',
    ...discoverySettingsOf(entry),
  };
}

/**
 * Parses and validates a sources file's text: a JSON list of `{url, schedule, extractor?}` plus
 * the optional discovery settings.
 */
export function parseSourcesFile(text: string, createdAt: string, minimumRecaptureMs = 0): Source[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`sources file is not JSON: ${(err as Error).message}`);
  }
  const list = z.array(sourceEntrySchema).safeParse(json);
  if (!list.success) {
    throw new ValidationError(
      'sources file must be a JSON list of {url, schedule, extractor?, discover?, include?, exclude?, recapture?, maxPerRun?, citations?, robots?}',
      list.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const sources = list.data.map((entry, i) => {
    try {
      return toSource(entry, createdAt, minimumRecaptureMs);
    } catch (err) {
      throw new ValidationError(`sources[${i}]: ${(err as Error).message}`);
    }
  });
  const seen = new Set<string>();
  return sources.filter((s) => {
    if (seen.has(s.id)) return false;
    seen.add(s.id);
    return true;
  });
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from './errors.js';
import { parseSchedule } from './schedule.js';

export const EXTRACTORS = ['auto', 'article', 'liveuamap', 'page'] as const;
export type Extractor = (typeof EXTRACTORS)[number];

/** One entry of the sources file, the same file locally and on AWS. */
export const sourceEntrySchema = z.object({
  url: z.string().min(1).max(4096),
  schedule: z.string().min(1).max(256),
  extractor: z.enum(EXTRACTORS).optional(),
});
export type SourceEntry = z.infer<typeof sourceEntrySchema>;

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

export function toSource(entry: SourceEntry, createdAt: string): Source {
  const url = normaliseUrl(entry.url);
  parseSchedule(entry.schedule);
  return { id: sourceId(url), url, schedule: entry.schedule.trim(), extractor: entry.extractor ?? 'auto', createdAt, origin: 'file' };
}

/** Parses and validates a sources file's text: a JSON list of `{url, schedule, extractor?}`. */
export function parseSourcesFile(text: string, createdAt: string): Source[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`sources file is not JSON: ${(err as Error).message}`);
  }
  const list = z.array(sourceEntrySchema).safeParse(json);
  if (!list.success) {
    throw new ValidationError(
      'sources file must be a JSON list of {url, schedule, extractor?}',
      list.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const sources = list.data.map((entry, i) => {
    try {
      return toSource(entry, createdAt);
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

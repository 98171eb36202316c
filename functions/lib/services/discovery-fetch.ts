import robotsParserModule from 'robots-parser';
import { DiscoveryDocumentError } from '../core/discovery/documents.js';
import { errorMessage, ForbiddenDestinationError, NonRetryableError } from '../core/errors.js';
import { VERBATIM_VERSION } from '../core/version.js';

/** The product token robots.txt rules are matched against. */
const ROBOTS_AGENT = 'Verbatim';
const USER_AGENT = `Mozilla/5.0 (compatible; ${ROBOTS_AGENT}/${VERBATIM_VERSION}; archive)`;

/** The slice of the SSRF-guarded HTTP client that discovery uses (`GuardedHttpClient`). */
export interface GuardedFetch {
  fetch(
    url: string,
    req: { method: string; headers: [string, string][] },
    signal?: AbortSignal,
  ): Promise<{ status: number; headers: [string, string][]; body: Uint8Array }>;
  assertAllowed(url: URL): Promise<void>;
}

export interface FetchedDocument {
  url: string;
  status: number;
  contentType: string;
  body: Uint8Array;
}

const MAX_REDIRECTS = 5;

function header(headers: [string, string][], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/**
 * GETs a feed, sitemap or robots.txt through the guarded client: every hop of a redirect is checked
 * by the guard again (scheme, internal addresses, DNS answers) and read under the client's size cap.
 * Non-2xx answers and refusals throw with a reason a person can read.
 */
export async function fetchDocument(http: GuardedFetch, url: string, timeoutMs = 20_000): Promise<FetchedDocument> {
  let target = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const signal = AbortSignal.timeout(timeoutMs);
    const res = await http.fetch(
      target,
      {
        method: 'GET',
        headers: [
          ['user-agent', USER_AGENT],
          ['accept', 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5'],
        ],
      },
      signal,
    );
    const location = header(res.headers, 'location');
    if (res.status >= 300 && res.status < 400 && location) {
      target = new URL(location, target).href;
      continue;
    }
    if (res.status < 200 || res.status >= 300) throw new HttpDocumentError(res.status, target);
    return { url: target, status: res.status, contentType: header(res.headers, 'content-type') ?? '', body: res.body };
  }
  throw new DiscoveryDocumentError(`more than ${MAX_REDIRECTS} redirects fetching ${url}`);
}

class HttpDocumentError extends NonRetryableError {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
  }
}

interface RobotsRules {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
/** robots-parser is CommonJS (`module.exports = fn`); its typings describe an ES default export. */
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => RobotsRules;

/** robots.txt refuses this URL for Verbatim. The capture is recorded as refused. */
class RobotsDisallowedError extends ForbiddenDestinationError {}

interface CachedRobots {
  at: number;
  /** undefined: allow everything (no robots.txt); a string: disallow everything for this reason. */
  rules?: RobotsRules | string;
}

/**
 * robots.txt per origin (RFC 9309), fetched through the guarded client and kept for an hour
 * (at most `maxOrigins` origins). A 4xx means no rules; a 5xx or an unreachable robots.txt means
 * everything is disallowed until the next fetch, as the RFC asks.
 */
export class RobotsCache {
  private readonly cache = new Map<string, CachedRobots>();

  constructor(
    private readonly http: GuardedFetch,
    private readonly options: { ttlMs?: number; maxOrigins?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Throws {@link RobotsDisallowedError} when robots.txt refuses the URL. */
  async assertAllowed(url: URL): Promise<void> {
    const rules = await this.rulesFor(url.origin);
    if (rules === undefined) return;
    if (typeof rules === 'string') throw new RobotsDisallowedError(`robots.txt refused ${url.href}: ${rules}`);
    if (rules.isAllowed(url.href, ROBOTS_AGENT) === false)
      throw new RobotsDisallowedError(`robots.txt disallows ${url.href} for ${ROBOTS_AGENT}`);
  }

  private async rulesFor(origin: string): Promise<CachedRobots['rules']> {
    const hit = this.cache.get(origin);
    if (hit && this.now() - hit.at < (this.options.ttlMs ?? 3_600_000)) return hit.rules;
    const robotsUrl = `${origin}/robots.txt`;
    let rules: CachedRobots['rules'];
    try {
      const doc = await fetchDocument(this.http, robotsUrl, 10_000);
      rules = robotsParser(robotsUrl, new TextDecoder().decode(doc.body.subarray(0, 512 * 1024)));
    } catch (err) {
      if (err instanceof HttpDocumentError && err.status >= 400 && err.status < 500) rules = undefined;
      else if (err instanceof ForbiddenDestinationError) throw err;
      else rules = `robots.txt could not be read (${errorMessage(err)})`;
    }
    if (this.cache.size >= (this.options.maxOrigins ?? 1_000)) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(origin, { at: this.now(), rules });
    return rules;
  }
}

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';
import { NonRetryableError } from '../errors.js';

/** One article a feed or sitemap lists, before normalisation and scoping. */
export interface DiscoveredEntry {
  url: string;
  /** The feed's own title for it (RSS/Atom/JSON Feed title, Google News `news:title`). */
  title?: string;
  /** ISO 8601, from the feed's publication date (or a sitemap's `news:publication_date`/`lastmod`). */
  publishedAt?: string;
}

export type DiscoveryDocument =
  | { kind: 'feed'; format: 'rss' | 'atom' | 'rdf' | 'json'; entries: DiscoveredEntry[]; total: number }
  | { kind: 'sitemap'; entries: DiscoveredEntry[]; total: number }
  | { kind: 'sitemap-index'; sitemaps: string[]; total: number };

/** A feed or sitemap that cannot be read; the message is recorded on the source as it is. */
export class DiscoveryDocumentError extends NonRetryableError {}

export interface DocumentLimits {
  /** Bytes above which a document is refused unread. */
  maxBytes: number;
  /** Entries read from one document; the rest are counted and reported, never silently dropped. */
  maxEntries: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxBytes: 10 * 1024 * 1024, maxEntries: 10_000 };

const MB = 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}

/** Decodes a document's bytes, honouring a BOM, the HTTP charset or the XML declaration's encoding. */
function decode(bytes: Uint8Array, contentType: string): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const label = /charset=([\w-]+)/i.exec(contentType)?.[1] ?? /<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(head)?.[1] ?? 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(label).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '');
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and character references; nothing else is ever expanded. */
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref.toLowerCase()] ?? whole;
  });
}

function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Text of a parsed node; `raw` text (fast-xml-parser, entities left as written) is unescaped here. */
function textOf(value: unknown, raw = false): string | undefined {
  if (typeof value === 'string') return (raw ? unescapeXml(value) : value).trim() || undefined;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return textOf(v['#text'] ?? v.value, raw);
  }
  return undefined;
}

/**
 * Reads a feed (RSS 2.0, RSS 1.0/RDF, Atom, JSON Feed: feedsmith) or a sitemap (urlset, sitemap
 * index, Google News: fast-xml-parser). Neither parser expands entities, and a document that
 * declares any (`<!ENTITY`) is refused outright: feeds and sitemaps never need them, and they are
 * how entity-expansion bombs work. An HTML page, malformed XML, an unknown format or a document
 * over the byte cap each throw a {@link DiscoveryDocumentError} with a reason a person can read.
 */
export function parseDiscoveryDocument(
  bytes: Uint8Array,
  contentType: string,
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
): DiscoveryDocument {
  if (bytes.length === 0) throw new DiscoveryDocumentError('the document is empty');
  if (bytes.length > limits.maxBytes) {
    throw new DiscoveryDocumentError(`the document is ${megabytes(bytes.length)}, over the ${megabytes(limits.maxBytes)} discovery cap`);
  }
  const text = decode(bytes, contentType);
  const start = text.trimStart().slice(0, 2_000);
  if (/^[[{]/.test(start)) return readJsonFeed(text, limits);
  if (/text\/html|application\/xhtml/i.test(contentType) || /^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>])/i.test(start)) {
    const title = /<title[^>]*>([^<]{0,200})/i.exec(text)?.[1]?.trim();
    throw new DiscoveryDocumentError(`expected a feed or sitemap, got an HTML page${title ? ` ("${title}")` : ''}`);
  }
  if (/<!DOCTYPE[^>]*\[/i.test(start) || /<!ENTITY/i.test(text.slice(0, 64 * 1024))) {
    throw new DiscoveryDocumentError(
      'refused: the document declares XML entities (<!ENTITY>), as entity-expansion bombs do; feeds and sitemaps never need them',
    );
  }
  if (/<(\w+:)?(urlset|sitemapindex)[\s>]/i.test(start)) return readSitemap(text, limits);
  return readFeed(text, limits);
}

/**
 * Parsing is the slow part (feedsmith reads about 14,000 RSS items a second here, all at once),
 * so a document with more than `maxEntries` entries is cut after the last entry that will be read
 * and closed again before it is parsed; the entries beyond are only counted, by their start tags.
 */
function capEntries(text: string, tags: string[], closing: string, maxEntries: number): { text: string; total: number } {
  const starts = new RegExp(`<(?:\\w+:)?(?:${tags.join('|')})[\\s>]`, 'gi');
  let total = 0;
  let cut = -1;
  for (let m = starts.exec(text); m; m = starts.exec(text)) {
    total++;
    if (total === maxEntries + 1) cut = m.index;
  }
  return cut < 0 ? { text, total } : { text: `${text.slice(0, cut)}${closing}`, total };
}

function closingTags(text: string): string {
  const head = text.slice(0, 4_000);
  if (/<(\w+:)?urlset[\s>]/i.test(head)) return '</urlset>';
  if (/<(\w+:)?sitemapindex[\s>]/i.test(head)) return '</sitemapindex>';
  if (/<feed[\s>]/i.test(head)) return '</feed>';
  const rdf = /<(\w+:)?RDF[\s>]/.exec(head);
  if (rdf) return `</${rdf[1] ?? ''}RDF>`;
  return '</channel></rss>';
}

function readFeed(full: string, limits: DocumentLimits): DiscoveryDocument {
  const capped = capEntries(full, ['item', 'entry'], closingTags(full), limits.maxEntries);
  const text = capped.text;
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text);
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'DetectError' || /unrecognized/i.test((err as Error).message)) {
      const valid = XMLValidator.validate(text.slice(0, 1_000_000));
      if (valid !== true) throw new DiscoveryDocumentError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
      throw new DiscoveryDocumentError('not a feed or sitemap: no RSS, Atom, RDF, JSON Feed or sitemap root element');
    }
    throw new DiscoveryDocumentError(`malformed feed: ${(err as Error).message}`);
  }
  const entries: DiscoveredEntry[] = [];
  let total = 0;
  const push = (entry: DiscoveredEntry | undefined) => {
    if (!entry) return;
    total++;
    if (entries.length < limits.maxEntries) entries.push(entry);
  };
  const { format, feed } = parsed as { format: 'rss' | 'atom' | 'rdf' | 'json'; feed: Record<string, unknown> };
  const uncounted = Math.max(0, capped.total - limits.maxEntries);
  if (format === 'atom') {
    for (const e of (feed.entries as Record<string, unknown>[] | undefined) ?? []) {
      const links = (e.links as { href?: string; rel?: string }[] | undefined) ?? [];
      const href = (links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0])?.href;
      push(href ? { url: href, title: textOf(e.title), publishedAt: isoDate(e.published) ?? isoDate(e.updated) } : undefined);
    }
  } else if (format === 'json') {
    return readJsonFeed(text, limits);
  } else {
    for (const item of (feed.items as Record<string, unknown>[] | undefined) ?? []) {
      const guid = item.guid as { value?: string; isPermaLink?: boolean } | undefined;
      const link = textOf(item.link) ?? (guid?.isPermaLink !== false && /^https?:/i.test(guid?.value ?? '') ? guid?.value : undefined);
      const dc = item.dc as { dates?: string[]; date?: string } | undefined;
      push(
        link
          ? { url: link, title: textOf(item.title), publishedAt: isoDate(item.pubDate) ?? isoDate(dc?.dates?.[0] ?? dc?.date) }
          : undefined,
      );
    }
  }
  return { kind: 'feed', format, entries, total: total + uncounted };
}

function readJsonFeed(text: string, limits: DocumentLimits): DiscoveryDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DiscoveryDocumentError(`malformed JSON Feed: ${(err as Error).message}`);
  }
  const items = (json as { items?: unknown }).items;
  if (
    !json ||
    typeof json !== 'object' ||
    !Array.isArray(items) ||
    !/jsonfeed\.org\/version/i.test(String((json as { version?: unknown }).version))
  ) {
    throw new DiscoveryDocumentError('not a JSON Feed: it needs a jsonfeed.org version and an items list');
  }
  const entries: DiscoveredEntry[] = [];
  let total = 0;
  for (const raw of items as Record<string, unknown>[]) {
    const url = typeof raw?.url === 'string' ? raw.url : typeof raw?.external_url === 'string' ? raw.external_url : undefined;
    if (!url) continue;
    total++;
    if (entries.length < limits.maxEntries) {
      entries.push({
        url,
        title: typeof raw.title === 'string' ? raw.title.trim() || undefined : undefined,
        publishedAt: isoDate(raw.date_published) ?? isoDate(raw.date_modified),
      });
    }
  }
  return { kind: 'feed', format: 'json', entries, total };
}

const sitemapParser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

function readSitemap(full: string, limits: DocumentLimits): DiscoveryDocument {
  // Sitemaps are in no set order, so they are read whole up to 5 times the entry cap, then sorted.
  const capped = capEntries(full, ['url', 'sitemap'], closingTags(full), limits.maxEntries * 5);
  const text = capped.text;
  const uncounted = Math.max(0, capped.total - limits.maxEntries * 5);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new DiscoveryDocumentError(`malformed sitemap XML: ${valid.err.msg} (line ${valid.err.line})`);
  const root = sitemapParser.parse(text) as Record<string, Record<string, unknown> | undefined>;
  const index = root.sitemapindex;
  if (index) {
    const all = ((index.sitemap as Record<string, unknown>[] | undefined) ?? [])
      .map((s) => textOf(s.loc, true))
      .filter((s): s is string => !!s);
    return { kind: 'sitemap-index', sitemaps: all.slice(0, limits.maxEntries), total: all.length + uncounted };
  }
  const urls = (root.urlset?.url as Record<string, unknown>[] | undefined) ?? [];
  const all: DiscoveredEntry[] = [];
  for (const u of urls) {
    const loc = textOf(u.loc, true);
    if (!loc) continue;
    const news = u.news as Record<string, unknown> | undefined;
    all.push({
      url: loc,
      title: textOf(news?.title, true),
      publishedAt: isoDate(textOf(news?.publication_date, true)) ?? isoDate(textOf(u.lastmod, true)),
    });
  }
  // Sitemaps are in no particular order: newest first, so a capped read and maxPerRun keep the news.
  all.sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  return { kind: 'sitemap', entries: all.slice(0, limits.maxEntries), total: all.length + uncounted };
}

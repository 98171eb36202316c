import type { PageMetadata } from './types.js';
import { collapseSpace } from './dom.js';
import { normaliseDate } from './dates.js';
import { normaliseLang } from './language.js';
import { type JsonLd, type JsonLdNode, namesOf, prop, resolve, stringOf, typesOf } from './json-ld.js';

/** What Readability found, used only where the page's own metadata is silent. */
export interface ReadabilityHints {
  title?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
  siteName?: string | null;
  lang?: string | null;
}

const ARTICLE_TYPES = new Set(['BlogPosting', 'LiveBlogPosting', 'Report']);

/** Article, NewsArticle and every `*Article` subtype (ReportageNewsArticle, AnalysisNewsArticle…), plus blog posts. */
function isArticleType(type: string): boolean {
  return /Article$/.test(type) || ARTICLE_TYPES.has(type);
}

/**
 * The JSON-LD node that describes this page's article. Candidates are top-level nodes (and `@graph`
 * members) of an article type and the `mainEntity` of top-level pages; the one whose `mainEntityOfPage`,
 * `url` or `@id` is the page URL wins over related-article teasers.
 */
function findArticleNode(jsonLd: JsonLd, pageUrl: string): JsonLdNode | undefined {
  const page = comparableUrl(pageUrl);
  const candidates: { node: JsonLdNode; score: number; order: number }[] = [];
  const consider = (node: JsonLdNode, bonus: number): void => {
    if (!typesOf(node).some(isArticleType)) return;
    const known = candidates.find((c) => c.node === node);
    if (known) {
      known.score += bonus;
      return;
    }
    let score = bonus;
    const entityOfPage = resolve(prop(node, 'mainEntityOfPage'), jsonLd);
    const entityUrl =
      typeof entityOfPage === 'string'
        ? entityOfPage
        : entityOfPage && typeof entityOfPage === 'object'
          ? (stringOf(prop(entityOfPage as JsonLdNode, '@id')) ?? stringOf(prop(entityOfPage as JsonLdNode, 'url')))
          : undefined;
    if (entityUrl && comparableUrl(entityUrl) === page) score += 3;
    else if (entityOfPage === true) score += 2;
    for (const key of ['url', '@id']) {
      const value = stringOf(prop(node, key));
      if (value && comparableUrl(value) === page) {
        score += 2;
        break;
      }
    }
    if (stringOf(prop(node, 'headline'))) score += 1;
    if (stringOf(prop(node, 'datePublished'))) score += 1;
    candidates.push({ node, score, order: candidates.length });
  };
  for (const node of jsonLd.nodes) {
    consider(node, 0);
    const main = resolve(prop(node, 'mainEntity'), jsonLd);
    for (const entity of Array.isArray(main) ? main : [main]) {
      if (entity && typeof entity === 'object') consider(resolve(entity, jsonLd) as JsonLdNode, 2);
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.order - b.order);
  return candidates[0]?.node;
}

/** True when the page's JSON-LD declares a collection of stories (`CollectionPage`, `ItemList`): a section front. */
export function declaresCollection(jsonLd: JsonLd): boolean {
  return jsonLd.nodes.some((node) => typesOf(node).some((type) => /^(?:CollectionPage|ItemList)$/.test(type)));
}

/**
 * True when the page declares itself an article: an article JSON-LD node or `og:type` article, unless
 * its JSON-LD says it is a collection (a section front: `CollectionPage`, `ItemList`), which is more
 * specific than a site-wide `og:type`.
 */
export function declaresArticle(document: Document, jsonLd: JsonLd, pageUrl: string): boolean {
  if (findArticleNode(jsonLd, pageUrl)) return true;
  if (declaresCollection(jsonLd)) return false;
  const ogType = readMetaTags(document).get('og:type')?.[0] ?? '';
  return /^article\b/i.test(ogType.trim());
}

/**
 * Page metadata from the most specific source first: the article's JSON-LD node, then meta tags
 * (Open Graph, `article:*`, Dublin Core, Parse.ly, Sailthru, `itemprop`), then the article's own
 * `<time datetime>` and byline elements. A date-only value is upgraded by a later source that gives a
 * time on the same day. See {@link fillFromReadability} for the last resort.
 */
export function readMetadata(document: Document, jsonLd: JsonLd, pageUrl: string): PageMetadata {
  const meta = readMetaTags(document);
  const first = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      for (const value of meta.get(key) ?? []) {
        const text = collapseSpace(value);
        if (text) return text;
      }
    }
    return undefined;
  };
  const article = findArticleNode(jsonLd, pageUrl);
  const fromNode = (key: string): unknown => (article ? prop(article, key) : undefined);

  const headline = chooseHeadline([
    articleHeadline(article, [first('og:title'), documentTitle(document, false)]),
    first('og:title'),
    first('twitter:title'),
    first('dc.title', 'dcterms.title'),
    first('parsely-title', 'sailthru.title'),
    headingText(document),
    documentTitle(document),
  ]);

  const parselyPage = parseJsonObject(first('parsely-page'));
  const datePublished = chooseDate([
    stringOf(fromNode('datePublished')),
    first('article:published_time', 'og:published_time', 'og:article:published_time', 'published_time'),
    itempropValue(document, 'datePublished'),
    first('parsely-pub-date'),
    stringOf(parselyPage?.pub_date),
    first('sailthru.date'),
    first('date', 'pubdate', 'publishdate', 'publish-date', 'publish_date', 'article.published', 'original-publish-date'),
    first('dc.date.issued', 'dc.date', 'dcterms.issued', 'dcterms.date', 'dc.date.created', 'dcterms.created'),
    articleTime(document),
    stringOf(fromNode('dateCreated')),
  ]);

  const dateModified = chooseDate([
    stringOf(fromNode('dateModified')),
    first('article:modified_time', 'og:updated_time', 'modified_time'),
    itempropValue(document, 'dateModified'),
    first('dcterms.modified', 'dc.date.modified', 'last-modified', 'lastmod'),
  ]);

  let author = cleanNames(namesOf(fromNode('author'), jsonLd));
  if (author.length === 0) author = cleanNames(meta.get('author') ?? []);
  if (author.length === 0) author = cleanNames((meta.get('article:author') ?? []).filter((v) => !/^(https?:)?\/\//i.test(v)));
  if (author.length === 0)
    author = cleanNames([first('parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator')].filter(isText));
  if (author.length === 0) author = cleanNames(bylineElements(document));

  const publisher = namesOf(fromNode('publisher'), jsonLd)[0] ?? first('og:site_name', 'application-name', 'publisher', 'dc.publisher');

  const lang =
    normaliseLang(languageOf(fromNode('inLanguage'))) ??
    normaliseLang(document.documentElement?.getAttribute('lang')) ??
    normaliseLang(document.documentElement?.getAttribute('xml:lang')) ??
    normaliseLang(first('og:locale')) ??
    normaliseLang(first('content-language', 'language', 'dc.language'));

  const metadata: PageMetadata = { author };
  if (headline) metadata.headline = headline;
  if (datePublished) metadata.datePublished = datePublished;
  if (dateModified) metadata.dateModified = dateModified;
  if (publisher) metadata.publisher = publisher;
  if (lang) metadata.lang = lang;
  return metadata;
}

/** Fills the fields the page's own metadata left empty with what Readability inferred. */
export function fillFromReadability(metadata: PageMetadata, hints: ReadabilityHints): void {
  if (!metadata.headline && hints.title) metadata.headline = collapseSpace(hints.title);
  if (!metadata.datePublished) {
    const date = normaliseDate(hints.publishedTime ?? undefined);
    if (date) metadata.datePublished = date;
  }
  if (metadata.author.length === 0 && hints.byline) metadata.author = cleanNames([hints.byline]);
  if (!metadata.publisher && hints.siteName) metadata.publisher = collapseSpace(hints.siteName);
  if (!metadata.lang) {
    const lang = normaliseLang(hints.lang);
    if (lang) metadata.lang = lang;
  }
}

/** `<meta>` values by lowercased `property`, `name`, `itemprop` or `http-equiv`, in document order. */
function readMetaTags(document: Document): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const element of document.querySelectorAll('meta')) {
    const content = element.getAttribute('content');
    if (content === null) continue;
    for (const attribute of ['property', 'name', 'itemprop', 'http-equiv']) {
      const keys = element.getAttribute(attribute);
      if (!keys) continue;
      for (const key of keys.toLowerCase().split(/\s+/)) {
        if (!key) continue;
        const list = map.get(key) ?? [];
        list.push(content);
        map.set(key, list);
      }
    }
  }
  return map;
}

/**
 * The article node's headline, or its name when both are given and the name is closer to the page's
 * own title (some sites put a description or the site name in one of them).
 */
function articleHeadline(article: JsonLdNode | undefined, titles: (string | undefined)[]): string | undefined {
  if (!article) return undefined;
  const headline = stringOf(prop(article, 'headline'));
  const name = stringOf(prop(article, 'name'));
  if (!headline || !name || headline === name) return headline ?? name;
  const overlap = (text: string): number => {
    const words = new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    let best = 0;
    for (const title of titles) {
      if (!title) continue;
      const other = title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      const shared = other.filter((w) => words.has(w)).length;
      best = Math.max(best, shared / Math.max(words.size, 1));
    }
    return best;
  };
  return overlap(name) > overlap(headline) ? name : headline;
}

function chooseHeadline(candidates: (string | undefined)[]): string | undefined {
  const present = candidates.filter(isText).map(collapseSpace);
  const chosen = present[0];
  if (!chosen) return undefined;
  const stem = chosen.replace(/\s*(…|\.\.\.)$/, '');
  if (stem !== chosen) return present.find((c) => c !== chosen && c.length > stem.length && c.startsWith(stem)) ?? chosen;
  return chosen;
}

function languageOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const node = value as JsonLdNode;
    return stringOf(prop(node, 'alternateName')) ?? stringOf(prop(node, 'identifier')) ?? stringOf(prop(node, '@value'));
  }
  return stringOf(value);
}

function chooseDate(candidates: (string | undefined)[]): string | undefined {
  let chosen: { iso: string; timed: boolean } | undefined;
  for (const raw of candidates) {
    if (!raw) continue;
    const iso = normaliseDate(raw);
    if (!iso) continue;
    const timed = /\d{1,2}:\d{2}/.test(raw) || /^\d{10,13}$/.test(raw.trim());
    if (!chosen) {
      chosen = { iso, timed };
      if (timed) return iso;
    } else if (timed && iso.slice(0, 10) === chosen.iso.slice(0, 10)) {
      return iso;
    }
  }
  return chosen?.iso;
}

function itempropValue(document: Document, name: string): string | undefined {
  for (const element of document.querySelectorAll(`[itemprop~="${name}"]`)) {
    const value = element.getAttribute('content') ?? element.getAttribute('datetime') ?? element.textContent;
    if (value?.trim()) return value.trim();
  }
  return undefined;
}

function articleTime(document: Document): string | undefined {
  const selectors = ['time[pubdate]', 'article time[datetime]', 'main time[datetime]', '[role="main"] time[datetime]'];
  for (const selector of selectors) {
    const value = document.querySelector(selector)?.getAttribute('datetime');
    if (value?.trim()) return value.trim();
  }
  return undefined;
}

function headingText(document: Document): string | undefined {
  const headings = document.querySelectorAll('article h1, main h1, h1');
  const first = headings[0];
  return first ? collapseSpace(first.textContent ?? '') || undefined : undefined;
}

function documentTitle(document: Document, clean = true): string | undefined {
  const title = collapseSpace(document.querySelector('title')?.textContent ?? '');
  if (!title || !clean) return title || undefined;
  const parts = title.split(/\s+[|–—»·:\\/-]\s+/);
  if (parts.length > 1 && (parts[0] ?? '').split(/\s+/).length >= 3) return parts[0];
  return title;
}

function bylineElements(document: Document): string[] {
  const names: string[] = [];
  for (const element of document.querySelectorAll(
    '[itemprop~="author"] [itemprop~="name"], [itemprop~="author"], a[rel~="author"], .byline__name, .author-name',
  )) {
    const text = collapseSpace(element.getAttribute('content') ?? element.textContent ?? '');
    if (text && text.length < 80) names.push(text);
    if (names.length >= 4) break;
  }
  return names;
}

function cleanNames(values: string[]): string[] {
  const names = values
    .map((value) =>
      collapseSpace(value)
        .replace(/^(by|par|von|por|eftir|di|door|af)\s+/i, '')
        .trim(),
    )
    .filter((value) => value.length > 1 && value.length <= 120 && !/^(https?:)?\/\//i.test(value));
  return [...new Set(names)];
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isText(value: string | undefined | null): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function comparableUrl(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
}

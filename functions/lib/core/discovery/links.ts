import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { DiscoveredEntry } from './documents.js';
import { siteOf } from './urls.js';

type Doc = Document;

function load(html: string): Doc {
  return parseHTML(html).document as unknown as Doc;
}

/** The page's base for relative links: its `<base href>` if valid, else its own URL. */
function baseOf(document: Doc, pageUrl: string): string {
  const href = document.querySelector('base[href]')?.getAttribute('href');
  if (!href) return pageUrl;
  try {
    return new URL(href, pageUrl).href;
  } catch {
    return pageUrl;
  }
}

function resolve(href: string | null | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** Page chrome whose links are navigation, not stories. */
const CHROME = 'nav, header, footer, aside, [role="navigation"], [role="banner"], [role="contentinfo"], form';

/**
 * The links a section page offers as stories: every `<a href>` outside navigation, header,
 * footer, asides and forms, resolved against the page (or its `<base>`), with the link text as a
 * title. Links that are not http(s) (`javascript:`, `mailto:`) are returned as they are, so the
 * caller can count them as refused.
 */
export function pageLinks(html: string, pageUrl: string): DiscoveredEntry[] {
  const document = load(html);
  const base = baseOf(document, pageUrl);
  const found: DiscoveredEntry[] = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.closest(CHROME)) continue;
    const raw = a.getAttribute('href') ?? '';
    const url = /^\s*[a-z][a-z0-9+.-]*:/i.test(raw) && !/^\s*https?:/i.test(raw) ? raw.trim() : resolve(raw, base);
    if (!url) continue;
    const title = (a.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300) || undefined;
    found.push({ url, title });
  }
  return found;
}

const FEED_TYPES = /^application\/(rss|atom|rdf)\+xml$|^application\/(feed\+)?json$|^application\/xml$|^text\/xml$/i;

/** The feeds a page advertises with `<link rel="alternate" type="…">` (RSS, Atom, RDF, JSON Feed), in page order. */
export function feedLinks(html: string, pageUrl: string): string[] {
  const document = load(html);
  const base = baseOf(document, pageUrl);
  const feeds: string[] = [];
  for (const link of document.querySelectorAll('link[rel][href][type]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('alternate') || !FEED_TYPES.test((link.getAttribute('type') ?? '').trim())) continue;
    const url = resolve(link.getAttribute('href'), base);
    if (url && /^https?:/i.test(url) && !feeds.includes(url)) feeds.push(url);
  }
  return feeds;
}

/** The page's `<link rel="canonical">`, resolved, if it has an http(s) one. */
export function canonicalLink(html: string, pageUrl: string): string | undefined {
  const document = load(html);
  for (const link of document.querySelectorAll('link[rel][href]')) {
    if (!(link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) continue;
    const url = resolve(link.getAttribute('href'), baseOf(document, pageUrl));
    if (url && /^https?:/i.test(url)) return url;
  }
  return undefined;
}

/**
 * Hosts and paths that are never evidence: share and follow buttons, ad servers and trackers.
 * Matched on the registrable domain (ads, trackers) or on host plus path (share endpoints of
 * sites that are otherwise legitimate citations, such as x.com or facebook.com).
 */
const AD_AND_TRACKER_SITES = new Set([
  'doubleclick.net',
  'googlesyndication.com',
  'googleadservices.com',
  'google-analytics.com',
  'googletagmanager.com',
  'googletagservices.com',
  'adservice.google.com',
  'taboola.com',
  'outbrain.com',
  'criteo.com',
  'criteo.net',
  'adnxs.com',
  'amazon-adsystem.com',
  'scorecardresearch.com',
  'quantserve.com',
  'chartbeat.com',
  'chartbeat.net',
  'hotjar.com',
  'pubmatic.com',
  'rubiconproject.com',
  'openx.net',
  'moatads.com',
  'adsrvr.org',
  'smartadserver.com',
  'teads.tv',
  'yieldmo.com',
  'bidswitch.net',
  'mgid.com',
  'revcontent.com',
  'zemanta.com',
  'addthis.com',
  'sharethis.com',
  'addtoany.com',
  'po.st',
  'lnkd.in',
]);

const SHARE_ENDPOINTS: RegExp[] = [
  /^https?:\/\/([a-z0-9-]+\.)?facebook\.com\/(sharer|share\.php|dialog\/(share|feed|send))/i,
  /^https?:\/\/([a-z0-9-]+\.)?(twitter|x)\.com\/(intent|share|home\?status)/i,
  /^https?:\/\/([a-z0-9-]+\.)?linkedin\.com\/(shareArticle|sharing|cws\/share)/i,
  /^https?:\/\/([a-z0-9-]+\.)?reddit\.com\/submit/i,
  /^https?:\/\/(api\.|web\.)?whatsapp\.com\/send/i,
  /^https?:\/\/wa\.me\//i,
  /^https?:\/\/(t\.me|telegram\.me)\/share/i,
  /^https?:\/\/([a-z0-9-]+\.)?pinterest\.[a-z.]+\/pin\/create/i,
  /^https?:\/\/([a-z0-9-]+\.)?tumblr\.com\/(share|widgets\/share)/i,
  /^https?:\/\/([a-z0-9-]+\.)?vk\.com\/share\.php/i,
  /^https?:\/\/([a-z0-9-]+\.)?bsky\.app\/intent/i,
  /^https?:\/\/([a-z0-9-]+\.)?mastodon(share)?\.[a-z.]+\/share/i,
  /^https?:\/\/news\.ycombinator\.com\/submitlink/i,
  /^https?:\/\/mail\.google\.com\/mail\/.*[?&]view=cm/i,
];

/** Why a link in an article is not a citation, or undefined if it is one. */
function notACitation(url: string, articleUrl: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `not an http(s) link (${parsed.protocol})`;
  const site = siteOf(parsed);
  if (site === siteOf(articleUrl)) return 'same-site link';
  if (AD_AND_TRACKER_SITES.has(site) || AD_AND_TRACKER_SITES.has(parsed.hostname)) return 'ad or tracker';
  if (SHARE_ENDPOINTS.some((re) => re.test(url))) return 'share button';
  return undefined;
}

/** The most citations captured for one article. */
const MAX_CITATIONS = 20;

/**
 * The external pages an article's body links to: Readability finds the body (so the site's
 * navigation, share bars, related-story rails and ads are left out, as for claims), falling back
 * to `<article>`; then share buttons, same-site links, ads and trackers are dropped, duplicates
 * merged (without fragments), and at most {@link MAX_CITATIONS} kept in reading order.
 */
export function citationLinks(html: string, articleUrl: string, max = MAX_CITATIONS): { urls: string[]; dropped: Record<string, number> } {
  const document = load(html);
  const base = baseOf(document, articleUrl);
  const fallback = document.querySelector('article, [itemprop="articleBody"], main');
  const fallbackHrefs = fallback ? [...fallback.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '') : [];
  let hrefs: string[] = [];
  try {
    const parsed = new Readability<Element>(document, { serializer: (node) => node as Element }).parse();
    const content = parsed?.content as Element | null | undefined;
    if (content) hrefs = [...content.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? '');
  } catch {
    hrefs = [];
  }
  if (hrefs.length === 0) hrefs = fallbackHrefs;
  const urls: string[] = [];
  const dropped: Record<string, number> = {};
  const drop = (reason: string) => {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
  };
  for (const href of hrefs) {
    const resolved = resolve(href, base);
    if (!resolved) {
      drop('not a URL');
      continue;
    }
    const reason = notACitation(resolved, articleUrl);
    if (reason) {
      drop(reason);
      continue;
    }
    const url = new URL(resolved);
    url.hash = '';
    if (urls.includes(url.href)) continue;
    if (urls.length >= max) {
      drop(`over the ${max}-citation limit`);
      continue;
    }
    urls.push(url.href);
  }
  return { urls, dropped };
}

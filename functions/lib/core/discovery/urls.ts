import { getDomain } from 'tldts';
import { sourceId } from '../sources.js';

/**
 * Query parameters that only say how a reader arrived (campaign tags, click ids), never which page
 * it is. They are dropped so that one article reached from a feed, a newsletter and a section page
 * is one tracked item. `utm_*` covers Google Analytics' whole family.
 */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wickedid',
  'rb_clickid',
  's_cid',
  'ocid',
  'cmpid',
  'ref_src',
  'ref_url',
  'ito',
  'at_medium',
  'at_campaign',
  'ns_mchannel',
  'ns_source',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  'sr_share',
]);

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/**
 * Why a discovered link is not an article URL, or undefined if it may be one. Only http(s) is ever
 * followed: `javascript:`, `data:`, `mailto:` and the like are refused by name.
 */
function refusalOf(url: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `not an http(s) link (${url.protocol})`;
  if (url.username || url.password) return 'a link with credentials';
  return undefined;
}

/**
 * Normalises a discovered URL into a tracked item's identity: resolved against `base`, http(s)
 * only, no credentials, no fragment, no tracking parameters, host lowercased and default port
 * dropped (WHATWG parsing does those two). Returns the reason instead when it cannot be an item.
 */
export function normaliseItemUrl(input: string, base?: string): { url: string } | { refused: string } {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    return { refused: 'not a URL' };
  }
  const refused = refusalOf(url);
  if (refused) return { refused };
  url.hash = '';
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
  if (kept.length !== [...url.searchParams].length) {
    url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  }
  return { url: url.href };
}

/**
 * The site a URL belongs to: its registrable domain by the Public Suffix List (tldts), so
 * `www.ruv.is` and `feeds.ruv.is` are one site; an IP address or a single-label host
 * (`localhost`) is its own site.
 */
export function siteOf(url: string | URL): string {
  const host = (typeof url === 'string' ? new URL(url) : url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/**
 * A tracked item's id. It is the id its captures are grouped under (as `sourceId`), so
 * `/changes?url=<article>` and `/claims?url=<article>` find the article's history.
 */
export function itemId(url: string): string {
  return sourceId(url);
}

/** The host whose politeness budget a URL uses (host plus non-default port). */
export function hostKey(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

import { collapseSpace, unescapeHtml } from './dom.js';

/** One Liveuamap event ("venue"), merged from every place the page delivered it. */
export interface LiveuamapEvent {
  id: string;
  name: string;
  /** Unix seconds (UTC). */
  timestamp?: number;
  lat?: number;
  lon?: number;
  location?: string;
  source?: string;
  category?: string;
  viaSource?: string;
}

/** True for liveuamap.com and its regional subdomains (syria.liveuamap.com…). */
export function isLiveuamapUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'liveuamap.com' || host.endsWith('.liveuamap.com');
  } catch {
    return false;
  }
}

const OVENS = /\bovens\s*=\s*(['"`])([\s\S]*?)\1/g;
const FEED_URL = /\/ajax\/do\b[^#]*[?&]act=(?:pts|prevday)\b|\/api\b[^#]*[?&]a=mpts\b/i;

/**
 * True for a Liveuamap event feed response (`ajax/do?act=pts`, `act=prevday`, `api?a=mpts`), known by
 * its URL whatever content type the server labels it with (text, JSON, `application/octet-stream`):
 * its payload, plain or base64 JSON, is decoded as such.
 */
export function isLiveuamapFeed(url: string): boolean {
  return FEED_URL.test(url);
}

/**
 * Liveuamap events from the three ways the site delivers them, merged by id: the in-page
 * `var ovens = '<base64 JSON>'` (in the raw and the rendered HTML), `ajax/do?act=pts` responses (plain or
 * base64 JSON) and the DOM feed `div.event[data-id]`. Feed JSON wins over the DOM for every field it has;
 * the relative "5 hours ago" is never read.
 */
export function findLiveuamapEvents(
  sources: { html: string; rawHtml?: string; responses: { url: string; body: Uint8Array }[] },
  document: Document,
): LiveuamapEvent[] {
  const events = new Map<string, LiveuamapEvent>();
  const add = (event: LiveuamapEvent | undefined): void => {
    if (!event) return;
    const known = events.get(event.id);
    if (!known) {
      events.set(event.id, event);
      return;
    }
    for (const [key, value] of Object.entries(event) as [keyof LiveuamapEvent, unknown][]) {
      if (known[key] === undefined && value !== undefined) (known as unknown as Record<string, unknown>)[key] = value;
    }
  };
  for (const html of [sources.rawHtml, sources.html]) {
    if (!html) continue;
    for (const match of html.matchAll(OVENS)) for (const venue of decodeVenues(match[2] ?? '')) add(fromVenue(venue));
  }
  const decoder = new TextDecoder('utf-8');
  for (const response of sources.responses) {
    if (!isLiveuamapFeed(response.url)) continue;
    for (const venue of decodeVenues(decoder.decode(response.body))) add(fromVenue(venue));
  }
  for (const element of document.querySelectorAll('div.event[data-id]')) add(fromFeedElement(element));
  return [...events.values()];
}

/** The venues in a feed payload: JSON or base64 JSON, either `{venues: […]}` or a bare list. */
export function decodeVenues(payload: string): unknown[] {
  const value = parsePayload(payload.trim());
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') {
    const venues = (value as Record<string, unknown>).venues;
    if (Array.isArray(venues)) return venues;
  }
  return [];
}

function parsePayload(text: string): unknown {
  if (!text) return undefined;
  if (text.startsWith('{') || text.startsWith('[')) return parseJson(text);
  const compact = text.replace(/\s+/g, '').replace(/\\\//g, '/');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact) || compact.length < 8) return undefined;
  let decoded: string;
  try {
    const binary = atob(compact.replace(/-/g, '+').replace(/_/g, '/'));
    decoded = new TextDecoder('utf-8').decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))).trim();
  } catch {
    return undefined;
  }
  if (decoded.startsWith('{') || decoded.startsWith('[')) return parseJson(decoded);
  if (/^%7B|^%5B/i.test(decoded)) {
    try {
      return parseJson(decodeURIComponent(decoded));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function fromVenue(value: unknown): LiveuamapEvent | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const venue = value as Record<string, unknown>;
  const id = venue.id;
  const name = typeof venue.name === 'string' ? collapseSpace(unescapeHtml(venue.name)) : '';
  if ((typeof id !== 'number' && typeof id !== 'string') || String(id) === '' || !name) return undefined;
  const event: LiveuamapEvent = { id: String(id), name };
  const timestamp = Number(venue.timestamp);
  if (venue.timestamp !== null && venue.timestamp !== '' && Number.isFinite(timestamp) && timestamp > 0) event.timestamp = timestamp;
  const lat = coordinate(venue.lat, 90);
  const lon = coordinate(venue.lng ?? venue.lon, 180);
  if (lat !== undefined && lon !== undefined && !(lat === 0 && lon === 0)) {
    event.lat = lat;
    event.lon = lon;
  }
  const location = text(venue.location) ?? text(venue.city);
  if (location) event.location = unescapeHtml(location);
  const source = text(venue.source);
  if (source && /^https?:\/\//i.test(source)) event.source = source;
  const category = text(venue.svimg) ?? text(venue.picpath);
  if (category) event.category = category;
  const via = text(venue.viaSource);
  if (via) event.viaSource = via;
  return event;
}

function fromFeedElement(element: Element): LiveuamapEvent | undefined {
  const id = element.getAttribute('data-id')?.trim();
  const name = collapseSpace(element.querySelector('.title')?.textContent ?? '');
  if (!id || !name) return undefined;
  const event: LiveuamapEvent = { id, name };
  const source = element.querySelector('a.source-link')?.getAttribute('href');
  if (source && /^https?:\/\//i.test(source)) event.source = source;
  const location = collapseSpace(element.querySelector('a.comment-link')?.textContent ?? '');
  if (location) event.location = location;
  const icon = element.querySelector('label img, .img img, img')?.getAttribute('src');
  if (icon) event.category = icon;
  return event;
}

function coordinate(value: unknown, limit: number): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && Math.abs(number) <= limit ? number : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed || undefined;
}

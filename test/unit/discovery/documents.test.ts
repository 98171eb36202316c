import { describe, expect, it } from 'vitest';
import { DiscoveryDocumentError, parseDiscoveryDocument } from '../../../functions/lib/core/discovery/documents.js';

const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string, type = 'application/xml', limits = { maxBytes: 10 * 1024 * 1024, maxEntries: 10_000 }) =>
  parseDiscoveryDocument(enc(s), type, limits);

const RSS = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>
<item><title>Rebels &amp; Hama</title><link>https://news.test/a?utm_source=rss</link><pubDate>Tue, 03 Dec 2024 10:00:00 GMT</pubDate></item>
<item><title>Only a guid</title><guid isPermaLink="true">https://news.test/b</guid></item></channel></rss>`;

describe('parseDiscoveryDocument', () => {
  it('reads RSS 2.0 entries with their titles and dates', () => {
    const doc = parse(RSS);
    expect(doc).toMatchObject({ kind: 'feed', format: 'rss', total: 2 });
    if (doc.kind !== 'feed') throw new Error('not a feed');
    expect(doc.entries[0]).toEqual({
      url: 'https://news.test/a?utm_source=rss',
      title: 'Rebels & Hama',
      publishedAt: '2024-12-03T10:00:00.000Z',
    });
    expect(doc.entries[1]?.url).toBe('https://news.test/b');
  });

  it('reads RSS 1.0 (RDF) with dc:date', () => {
    const doc =
      parse(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.test/"><title>T</title><link>https://news.test/</link></channel>
<item rdf:about="https://news.test/r"><title>R</title><link>https://news.test/r</link><dc:date>2024-12-03T09:00:00Z</dc:date></item></rdf:RDF>`);
    expect(doc).toMatchObject({
      kind: 'feed',
      format: 'rdf',
      entries: [{ url: 'https://news.test/r', title: 'R', publishedAt: '2024-12-03T09:00:00.000Z' }],
    });
  });

  it('reads Atom, preferring the alternate link and the published date', () => {
    const doc = parse(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>x</id><updated>2024-12-03T10:00:00Z</updated>
<entry><title>E</title><id>e1</id><link rel="related" href="https://elsewhere.test/"/><link rel="alternate" href="https://news.test/e"/>
<published>2024-12-03T08:00:00Z</published><updated>2024-12-03T11:00:00Z</updated></entry></feed>`);
    expect(doc).toMatchObject({
      kind: 'feed',
      format: 'atom',
      entries: [{ url: 'https://news.test/e', title: 'E', publishedAt: '2024-12-03T08:00:00.000Z' }],
    });
  });

  it('reads JSON Feed', () => {
    const doc = parse(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'J',
        items: [{ id: '1', url: 'https://news.test/j', title: 'J1', date_published: '2024-12-03T07:00:00Z' }],
      }),
      'application/feed+json',
    );
    expect(doc).toEqual({
      kind: 'feed',
      format: 'json',
      total: 1,
      entries: [{ url: 'https://news.test/j', title: 'J1', publishedAt: '2024-12-03T07:00:00.000Z' }],
    });
  });

  it('reads a Google News sitemap, newest first, unescaping &amp; in locations', () => {
    const doc =
      parse(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.test/old?a=1&amp;b=2</loc><news:news><news:publication><news:name>N</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2024-12-01T10:00:00Z</news:publication_date><news:title>Old</news:title></news:news></url>
<url><loc>https://news.test/new</loc><news:news><news:publication_date>2024-12-03T10:00:00Z</news:publication_date><news:title>New &amp; fresh</news:title></news:news></url></urlset>`);
    expect(doc).toEqual({
      kind: 'sitemap',
      total: 2,
      entries: [
        { url: 'https://news.test/new', title: 'New & fresh', publishedAt: '2024-12-03T10:00:00.000Z' },
        { url: 'https://news.test/old?a=1&b=2', title: 'Old', publishedAt: '2024-12-01T10:00:00.000Z' },
      ],
    });
  });

  it('reads a sitemap index', () => {
    const doc = parse(
      `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://news.test/s1.xml</loc></sitemap><sitemap><loc>https://news.test/s2.xml</loc></sitemap></sitemapindex>`,
    );
    expect(doc).toEqual({ kind: 'sitemap-index', sitemaps: ['https://news.test/s1.xml', 'https://news.test/s2.xml'], total: 2 });
  });

  it('refuses an HTML page served as a feed, naming its title', () => {
    expect(() => parse('<!doctype html><html><head><title>Front page</title></head><body></body></html>', 'text/html')).toThrow(
      'expected a feed or sitemap, got an HTML page ("Front page")',
    );
  });

  it('refuses an entity-expansion bomb without expanding it', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss version="2.0"><channel><title>&lol3;</title></channel></rss>`;
    expect(() => parse(bomb)).toThrow(/declares XML entities/);
  });

  it('refuses malformed XML with the parser’s reason', () => {
    expect(() => parse('<rss version="2.0"><channel><item><title>cut off</item></channel></rss>')).toThrow(DiscoveryDocumentError);
    expect(() => parse('<urlset><url><loc>https://news.test/a</loc></url>')).toThrow(/malformed sitemap XML/);
  });

  it('refuses a document over the byte cap before parsing it', () => {
    expect(() => parse(RSS, 'application/rss+xml', { maxBytes: 100, maxEntries: 10 })).toThrow(/over the 0.0 MB discovery cap/);
  });

  it('reads at most maxEntries of a 100,000-entry feed and counts them all', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => `<item><link>https://news.test/a${i}</link></item>`).join('');
    const doc = parse(`<rss version="2.0"><channel><title>Big</title>${items}</channel></rss>`, 'application/rss+xml', {
      maxBytes: 20 * 1024 * 1024,
      maxEntries: 10_000,
    });
    expect(doc.kind === 'feed' && doc.entries.length).toBe(10_000);
    expect(doc.kind === 'feed' && doc.total).toBe(100_000);
  });

  it('says when a document is neither a feed nor a sitemap', () => {
    expect(() => parse('<note><to>x</to></note>')).toThrow('not a feed or sitemap: no RSS, Atom, RDF, JSON Feed or sitemap root element');
    expect(() => parse('{"hello": 1}', 'application/json')).toThrow(/not a JSON Feed/);
  });
});

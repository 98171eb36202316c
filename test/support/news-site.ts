import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeMarkup } from './fixture-site.js';

/**
 * A fixture news site for discovery tests, on 127.0.0.1 port 0: an RSS feed, an Atom feed, a
 * Google News sitemap and a section page whose links overlap them; articles (one that cites an
 * external host, one that can be edited, one robots.txt disallows); `publish()` adds an article
 * to all of them; and hostile documents under `/bad/`. It records how many article requests
 * were in flight at once and when each started, so tests can check politeness.
 */
export interface NewsSite {
  port: number;
  /** The origin articles and feeds use: `http://<host>:<port>`. */
  origin: string;
  /** Requests per path. */
  hits: Map<string, number>;
  /** Start times (ms) of article requests. */
  articleStarts: number[];
  /** Most article requests in flight at once. */
  peakArticles: number;
  publish(): void;
  edit(): void;
  close(): Promise<void>;
}

export interface NewsSiteOptions {
  /** The host name links use (a resolver maps it to 127.0.0.1), default 127.0.0.1. */
  host?: string;
  /** Origin of the external page the Hama article cites. */
  citedOrigin: string;
  /** Origin of a canary that must never be reached, linked from `/bad/links`. */
  canaryOrigin?: string;
  /** How long each article response takes, so overlapping captures can be seen. */
  articleDelayMs?: number;
  /**
   * Adds `/world/siege` to the feeds and the section page under this title, markup and all: the feeds
   * carry it escaped (so readers decode it to this text) and the article shows it as text.
   */
  hostileTitle?: string;
}

const PARAGRAPHS = {
  kept: 'Rebel forces entered the outskirts of Hama on Tuesday, according to Reuters.',
  dropped: 'Thousands of families fled toward Homs overnight, the Syrian Observatory for Human Rights said.',
  original: 'An HTS spokesperson told AP that Homs would be the next target after Hama.',
  reworded: 'An HTS spokesperson told AP that Homs would be the next target once Hama falls.',
};

function article(title: string, published: string, paragraphs: string[], extra = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"${title}","datePublished":"${published}","author":{"@type":"Person","name":"Jane Reporter"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>${title}</h1>
${paragraphs.map((t) => `<p>${t}</p>`).join('\n')}
${extra}
</article><footer><a href="/about">About us</a></footer></body></html>`;
}

export async function startNewsSite(options: NewsSiteOptions): Promise<NewsSite> {
  const hits = new Map<string, number>();
  const state = { published: false, edited: false, inFlight: 0, peak: 0, starts: [] as number[] };
  let origin = '';
  const articles = () => [
    { path: '/world/hama', title: 'Fighting near Hama', date: '2024-12-03T08:00:00Z' },
    { path: '/world/homs', title: 'Families flee toward Homs', date: '2024-12-03T07:00:00Z' },
    ...(state.published ? [{ path: '/world/aleppo', title: 'Aleppo airport closed', date: '2024-12-03T09:00:00Z' }] : []),
    ...(options.hostileTitle ? [{ path: '/world/siege', title: escapeMarkup(options.hostileTitle), date: '2024-12-04T09:00:00Z' }] : []),
  ];
  const rfc822 = (iso: string) => new Date(iso).toUTCString();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const send = (type: string, body: string | Buffer, status = 200) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const page = (body: string) => send('text/html; charset=utf-8', body);

    if (url.pathname.startsWith('/world/') || url.pathname.startsWith('/private/')) {
      state.inFlight++;
      state.peak = Math.max(state.peak, state.inFlight);
      state.starts.push(Date.now());
      setTimeout(() => {
        state.inFlight--;
        const p = PARAGRAPHS;
        const prose = 'Witnesses described heavy shelling along the main road into the city throughout the night and the morning.';
        switch (url.pathname) {
          case '/world/hama':
            return page(
              article(
                'Fighting near Hama',
                '2024-12-03T08:00:00Z',
                state.edited ? [p.kept, p.reworded, prose] : [p.kept, p.dropped, p.original, prose],
                `<p>As <a href="${options.citedOrigin}/story/hama">the wire service reported</a>, the offensive continues. ${prose}</p>
<p><a href="https://twitter.com/intent/tweet?url=x">Share on X</a> <a href="/world/homs">Related: Homs</a></p>`,
              ),
            );
          case '/world/homs':
            return page(article('Families flee toward Homs', '2024-12-03T07:00:00Z', [p.dropped, prose, prose]));
          case '/world/siege':
            return options.hostileTitle
              ? page(article(escapeMarkup(options.hostileTitle), '2024-12-04T09:00:00Z', [prose, prose]))
              : send('text/plain', 'no', 404);
          case '/world/aleppo':
            return state.published
              ? page(article('Aleppo airport closed', '2024-12-03T09:00:00Z', [prose, prose, prose]))
              : send('text/plain', 'no', 404);
          case '/private/leak':
            return page(article('Not for robots', '2024-12-03T06:00:00Z', [prose]));
          default:
            return send('text/plain', 'not found', 404);
        }
      }, options.articleDelayMs ?? 0);
      return;
    }

    switch (url.pathname) {
      case '/robots.txt':
        return send('text/plain', 'User-agent: *\nDisallow: /private/\n');
      case '/rss.xml':
        return send(
          'application/rss+xml',
          `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title><link>${origin}/</link>
${articles()
  .map(
    (a) =>
      `<item><title>${a.title}</title><link>${origin}${a.path}${a.path === '/world/hama' ? '?utm_source=rss&amp;utm_medium=feed' : ''}</link><pubDate>${rfc822(a.date)}</pubDate></item>`,
  )
  .join('\n')}
<item><title>Not for robots</title><link>${origin}/private/leak</link><pubDate>${rfc822('2024-12-03T06:00:00Z')}</pubDate></item>
</channel></rss>`,
        );
      case '/atom.xml':
        return send(
          'application/atom+xml',
          `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title><id>${origin}/</id><updated>2024-12-03T09:00:00Z</updated>
${articles()
  .map(
    (a) =>
      `<entry><title>${a.title}</title><id>${origin}${a.path}</id><link rel="alternate" href="${origin}${a.path}"/><published>${a.date}</published><updated>${a.date}</updated></entry>`,
  )
  .join('\n')}</feed>`,
        );
      case '/news-sitemap.xml':
        return send(
          'application/xml',
          `<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${articles()
  .map(
    (a) =>
      `<url><loc>${origin}${a.path}</loc><news:news><news:publication><news:name>News</news:name><news:language>en</news:language></news:publication><news:publication_date>${a.date}</news:publication_date><news:title>${a.title}</news:title></news:news></url>`,
  )
  .join('\n')}</urlset>`,
        );
      case '/world':
        return page(`<!doctype html><html><head><title>World</title><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav><main><h1>World</h1>
${articles()
  .map((a) => `<h2><a href="${a.path}#top">${a.title}</a></h2>`)
  .join('\n')}
</main><footer><a href="/about">About</a></footer></body></html>`);

      // Hostile inputs.
      case '/bad/html-feed':
        return page('<!doctype html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>');
      case '/bad/bomb.xml':
        return send(
          'application/rss+xml',
          `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>${origin}/world/hama</link></item></channel></rss>`,
        );
      case '/bad/malformed.xml':
        return send('application/rss+xml', '<rss version="2.0"><channel><item><title>Cut off</item></channel>');
      case '/bad/huge-page':
        return page(
          `<!doctype html><html><head><title>Huge feed</title><link rel="alternate" type="application/rss+xml" href="/bad/huge.xml"></head><body><p>Nothing here.</p></body></html>`,
        );
      case '/bad/huge.xml': {
        // 50 MB of feed, streamed: the reader must stop at its cap.
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const item = Buffer.from(`<item><title>x</title><link>${origin}/world/x</link></item>`.padEnd(1024, ' '));
        res.write('<rss version="2.0"><channel><title>Huge</title>');
        let sent = 0;
        const pump = () => {
          while (sent < 50 * 1024) {
            sent++;
            if (!res.write(item)) return void res.once('drain', pump);
          }
          res.end('</channel></rss>');
        };
        res.on('error', () => undefined);
        return pump();
      }
      case '/bad/loop-index.xml':
        return send(
          'application/xml',
          `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${origin}/bad/loop-b.xml</loc></sitemap></sitemapindex>`,
        );
      case '/bad/loop-b.xml':
        return send(
          'application/xml',
          `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${origin}/bad/loop-index.xml</loc></sitemap></sitemapindex>`,
        );
      case '/bad/big-feed.xml': {
        const items: string[] = [];
        for (let i = 0; i < 100_000; i++) items.push(`<item><link>${origin}/big/${i}</link></item>`);
        return send('application/rss+xml', `<rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`);
      }
      case '/bad/links': {
        const canary = options.canaryOrigin ?? 'http://127.0.0.1:9';
        const port = new URL(canary).port;
        return page(`<!doctype html><html><head><title>Links</title></head><body><main>
<a href="javascript:alert(document.cookie)">Click</a> <a href="data:text/html,<b>x</b>">Data</a>
<a href="${canary}/">Canary</a> <a href="http://localhost:${port}/">Localhost</a> <a href="http://[::1]:${port}/">IPv6</a>
<a href="http://2130706433:${port}/">Decimal</a> <a href="http://169.254.169.254/latest/meta-data/">Metadata</a>
</main></body></html>`);
      }
      default:
        return send('text/plain', 'not found', 404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    port,
    origin,
    hits,
    articleStarts: state.starts,
    get peakArticles() {
      return state.peak;
    },
    publish: () => {
      state.published = true;
    },
    edit: () => {
      state.edited = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The external page the Hama article cites, on its own host. */
export async function startCitedSite(): Promise<{ port: number; hits: Map<string, number>; close(): Promise<void> }> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/robots.txt') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html><head><title>Wire: offensive on Hama</title></head><body><article><h1>Offensive on Hama</h1><p>Rebels advanced on Hama, a spokesperson said.</p></article></body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

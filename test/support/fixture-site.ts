import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface FixtureSite {
  origin: string;
  host: string;
  port: number;
  hits: Map<string, number>;
  /** Which version `/evolving` serves: 1 is as published, 2 drops a paragraph and rewords another. */
  evolvingVersion: 1 | 2;
  close(): Promise<void>;
}

/** A tiny PDF (one empty page), valid enough for content sniffing. */
export const PDF_BYTES = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export const ARTICLE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rebels advance on Hama</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Rebels advance on Hama","datePublished":"2024-12-03T10:00:00Z","author":{"@type":"Person","name":"Jane Reporter"}}</script>
<link rel="stylesheet" href="/style.css"></head>
<body><article><h1>Rebels advance on Hama</h1>
<p>Rebel forces are advancing on Hama from the north and the east, according to Reuters.</p>
<p>An HTS spokesperson told AP that Homs would be next after Hama.</p>
<figure><img src="/photo.png" width="480" height="320" alt="Hama"><figcaption>Hama, 3 December 2024</figcaption></figure>
<img src="/pixel.png" alt="map"></article></body></html>`;

/** The same article, delivered gzip-encoded, with one extra sentence so its payload is its own. */
export const ARTICLE_GZIP_HTML = ARTICLE_HTML.replace('</article>', '<p>Delivered compressed.</p></article>');

/**
 * A deterministic 480x320 RGB noise PNG (about 450 KB): a photo-sized payload that does not
 * compress, so an article capture weighs what a real news page does.
 */
function noisePng(width: number, height: number, seed: number): Buffer {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  };
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 1; x <= width * 3; x++) raw[row + x] = random();
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PHOTO = noisePng(480, 320, 20241203);

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const EVOLVING_PARAGRAPHS = {
  kept: 'Rebel forces entered the outskirts of Hama on Tuesday, according to Reuters.',
  dropped: 'Thousands of families fled toward Homs overnight, the Syrian Observatory for Human Rights said.',
  original: 'An HTS spokesperson told AP that Homs would be the next target after Hama.',
  reworded: 'An HTS spokesperson told AP that Homs would be the next target once Hama falls.',
};

/** An article as first published (1) and after an edit that drops one paragraph and rewords another (2). */
function evolvingArticle(version: 1 | 2): string {
  const p = EVOLVING_PARAGRAPHS;
  const body = version === 1 ? [p.kept, p.dropped, p.original] : [p.kept, p.reworded];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fighting near Hama</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Fighting near Hama","datePublished":"2024-12-03T08:00:00Z","author":{"@type":"Person","name":"Jane Reporter"}}</script>
</head><body><nav>Home | World | Middle East</nav><article><h1>Fighting near Hama</h1>
${body.map((t) => `<p>${t}</p>`).join('\n')}
</article><footer>© News Example</footer></body></html>`;
}
export { EVOLVING_PARAGRAPHS };

/**
 * A page whose title and claim text hold markup as text (escaped in the page, so its own DOM shows
 * it literally). Inserted as HTML anywhere downstream, it would set `window.__verbatimPwned`.
 */
export const HOSTILE_MARKUP = {
  image: '<img src=x onerror="window.__verbatimPwned=1">',
  script: '<script>window.__verbatimPwned=2</script>',
};
/** Escapes text for HTML and XML alike. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function hostileMarkupPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeMarkup(`Siege of Hama ${HOSTILE_MARKUP.image}${HOSTILE_MARKUP.script}`)}</title>
<meta property="og:type" content="article">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Siege of Hama","datePublished":"2024-12-04T09:00:00Z"}</script>
</head><body><article><h1>Siege of Hama</h1>
<p>${escapeMarkup(`Officials in Hama said ${HOSTILE_MARKUP.image} was posted by the army, according to Reuters.`)}</p>
<p>${escapeMarkup(`A witness told AP that ${HOSTILE_MARKUP.script} appeared on screens in Homs.`)}</p>
</article></body></html>`;
}

const CLAIM_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/claims');

/** A claims fixture page with every external `src` made local, so a capture never leaves loopback. */
function localFixture(name: string): string {
  return readFileSync(path.join(CLAIM_FIXTURES, name), 'utf8').replace(/src="https?:\/\/[^/"]+/g, 'src="');
}

/**
 * A Liveuamap-like page: the claims fixture (`var ovens` and the DOM feed) plus a script that loads
 * more events from `ajax/do?act=pts` as base64 JSON, as the live site does.
 */
function liveMapPage(): string {
  const script = `<script>fetch('/ajax/do?act=pts&curid=0&time=1733227200&last=0').then(r => r.text()).then(b => {
  const data = JSON.parse(atob(b)); document.body.insertAdjacentHTML('beforeend', '<div id="loaded">' + data.venues.length + ' events</div>'); });</script>`;
  return localFixture('liveuamap.html').replace('</body>', `${script}</body>`);
}

export interface FixtureOptions {
  /** Where `/to-canary` redirects and what `/canary-embeds` references. */
  canaryOrigin?: string;
}

/** The fixture site for integration and e2e tests: served on 127.0.0.1, port 0. */
export async function startFixtureSite(options: FixtureOptions = {}): Promise<FixtureSite> {
  const hits = new Map<string, number>();
  const state = { evolvingVersion: 1 as 1 | 2 };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const html = (body: string, status = 200) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    switch (url.pathname) {
      case '/article':
        return html(ARTICLE_HTML);
      case '/claims/article-is':
        return html(localFixture('article-is.html'));
      case '/claims/wire-en':
        return html(localFixture('wire-en.html'));
      case '/live/':
        return html(liveMapPage());
      case '/ajax/do':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(Buffer.from(readFileSync(path.join(CLAIM_FIXTURES, 'liveuamap-pts-plain.json'))).toString('base64'));
      case '/hostile/markup':
        return html(hostileMarkupPage());
      case '/hostile/alert-loop':
        return html(
          '<!doctype html><html><body><p>Alerts forever.</p><script>for (;;) { alert("x"); confirm("y"); }</script></body></html>',
        );
      case '/hostile/popups':
        return html(
          '<!doctype html><html><body><p>Popups.</p><script>for (let i = 0; i < 20; i++) window.open("/article", "_blank");</script></body></html>',
        );
      case '/hostile/navigate-away':
        return html(
          '<!doctype html><html><body><p>Leaving.</p><script>setTimeout(() => { location.href = "/article"; }, 50);</script></body></html>',
        );
      case '/hostile/infinite-scroll':
        return html(`<!doctype html><html><body><div id="feed"></div><script>
let n = 0; const add = () => { for (let i = 0; i < 20; i++) document.getElementById('feed').insertAdjacentHTML('beforeend', '<p style="height:200px">item ' + (n++) + '</p>'); };
add(); addEventListener('scroll', add);</script></body></html>`);
      case '/hostile/giant-dom':
        return html(`<!doctype html><html><body><div id="root"></div><script>
const root = document.getElementById('root'); const frag = document.createDocumentFragment();
for (let i = 0; i < 200000; i++) { const d = document.createElement('span'); d.textContent = 'x' + i + ' '; frag.appendChild(d); }
root.appendChild(frag);</script></body></html>`);
      case '/hostile/service-worker':
        return html(
          '<!doctype html><html><body><p>Worker.</p><script>navigator.serviceWorker && navigator.serviceWorker.register("/sw.js").catch(() => {});</script></body></html>',
        );
      case '/sw.js':
        res.writeHead(200, { 'content-type': 'application/javascript' });
        return res.end('self.addEventListener("fetch", (e) => e.respondWith(new Response("hijacked")));');
      case '/hostile/websocket':
        return html(
          `<!doctype html><html><body><p>Socket.</p><script>const ws = new WebSocket('ws://' + location.host + '/ws'); ws.onerror = () => {};</script></body></html>`,
        );
      case '/hostile/download':
        return html(
          '<!doctype html><html><body><p>Download.</p><a id="d" href="/attachment.bin" download>get</a><script>document.getElementById("d").click();</script></body></html>',
        );
      case '/hostile/huge': {
        const total = Number(url.searchParams.get('mb') ?? 50) * 1024 * 1024;
        res.writeHead(200, { 'content-type': url.searchParams.get('type') ?? 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = (): void => {
          while (sent < total && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      case '/hostile/huge-subresource':
        return html(`<!doctype html><html><head><title>Huge subresource</title></head><body><p>A 50 MB image and a 50 MB fetch.</p>
<img src="/hostile/huge?type=image/png"><script>fetch('/hostile/huge?type=application/json').catch(() => {});</script></body></html>`);
      case '/hostile/redirect-forever': {
        const n = Number(url.searchParams.get('n') ?? 0);
        res.writeHead(302, { location: `/hostile/redirect-forever?n=${n + 1}` });
        return res.end();
      }
      case '/hostile/redirecting-subresources':
        return html(`<!doctype html><html><head><title>Redirecting subresources</title><link rel="stylesheet" href="/redirect-loop"></head>
<body><p>Every subresource redirects forever.</p><img src="/hostile/redirect-forever?n=0"><script>fetch('/redirect-loop').catch(() => {});</script></body></html>`);
      case '/attachment.bin':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="a.bin"' });
        return res.end(Buffer.alloc(1024, 7));
      case '/evolving':
        return html(evolvingArticle(state.evolvingVersion));
      case '/article-gzip': {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
        return res.end(zlib.gzipSync(ARTICLE_GZIP_HTML));
      }
      case '/style.css':
        res.writeHead(200, { 'content-type': 'text/css' });
        return res.end('body{font-family:sans-serif;margin:2em}');
      case '/photo.png':
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(PHOTO);
      case '/pixel.png':
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(PIXEL);
      case '/xhr':
        return html(`<!doctype html><html><head><title>Live feed</title></head><body><div id="feed">loading</div>
<script>fetch('/api/events').then(r => r.json()).then(j => { document.getElementById('feed').textContent = j.events.map(e => e.name).join(' | '); });</script></body></html>`);
      case '/lazy':
        // A long article: a native lazy image far below the fold, and a section that loads the
        // feed when scrolled into view (an IntersectionObserver, as news sites use).
        return html(`<!doctype html><html><head><title>Long read</title></head><body>
<p style="height:3000px">Rebel forces advanced on Hama overnight.</p>
<img src="/photo.png?lazy=1" loading="lazy" width="480" height="320" alt="lazy photo">
<p style="height:1500px">Families fled toward Homs.</p>
<div id="more">more below</div>
<script>new IntersectionObserver((entries, o) => { if (entries.some((e) => e.isIntersecting)) { o.disconnect();
  fetch('/api/events?more=1').then(r => r.json()).then(j => { document.getElementById('more').textContent = j.events.map(e => e.name).join(' | '); }); } })
  .observe(document.getElementById('more'));</script></body></html>`);
      case '/late-fetch': {
        // The feed is fetched a little after load, from a timer.
        const ms = Number(url.searchParams.get('ms') ?? 50);
        return html(`<!doctype html><html><head><title>Late feed</title></head><body><div id="feed">loading</div>
<script>addEventListener('load', () => setTimeout(() => fetch('/api/events?late=1').then(r => r.json()).then(j => {
  document.getElementById('feed').textContent = j.events.map(e => e.name).join(' | '); }), ${ms}));</script></body></html>`);
      }
      case '/api/events':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            events: [
              { id: 1, name: 'Clashes reported near Hama' },
              { id: 2, name: 'Airstrike in Idlib' },
            ],
          }),
        );
      case '/redirect-1':
        res.writeHead(301, { location: '/redirect-2' });
        return res.end();
      case '/redirect-2':
        res.writeHead(302, { location: `/article` });
        return res.end();
      case '/redirect-loop':
        res.writeHead(302, { location: '/redirect-loop' });
        return res.end();
      case '/slow': {
        const delay = Number(url.searchParams.get('ms') ?? 1500);
        setTimeout(() => html('<!doctype html><html><head><title>Slow</title></head><body><p>Worth the wait.</p></body></html>'), delay);
        return;
      }
      case '/never':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<!doctype html><html><head><title>Never');
        return;
      case '/missing':
        return html('<!doctype html><html><body><h1>Not found</h1></body></html>', 404);
      case '/broken':
        return html('<!doctype html><html><body><h1>Server error</h1></body></html>', 503);
      case '/doc.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': PDF_BYTES.length });
        return res.end(PDF_BYTES);
      case '/feed-100k.xml': {
        const items = Array.from({ length: 100_000 }, (_, i) => `<item><link>http://${req.headers.host}/story/${i}</link></item>`);
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        return res.end(`<rss version="2.0"><channel><title>Many</title>${items.join('')}</channel></rss>`);
      }
      case '/notes.txt':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end('Plain notes about Hama.\n');
      case '/big': {
        const mb = Number(url.searchParams.get('mb') ?? 2);
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        for (let i = 0; i < mb * 16; i++) res.write(chunk);
        return res.end();
      }
      case '/to-canary':
        res.writeHead(302, { location: `${options.canaryOrigin}/secret` });
        return res.end();
      case '/canary-embeds':
        return html(`<!doctype html><html><head><title>Embeds</title>
<link rel="stylesheet" href="${options.canaryOrigin}/style.css"></head>
<body><p>Page with internal embeds.</p><img src="${options.canaryOrigin}/img.png">
<iframe src="${options.canaryOrigin}/frame"></iframe>
<script>fetch('${options.canaryOrigin}/xhr').catch(() => {}); new WebSocket('ws://${options.canaryOrigin?.replace(/^https?:\/\//, '')}/ws');</script>
</body></html>`);
      default:
        return html('<!doctype html><html><body>unknown fixture</body></html>', 404);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    hits,
    get evolvingVersion() {
      return state.evolvingVersion;
    },
    set evolvingVersion(v: 1 | 2) {
      state.evolvingVersion = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Canary {
  port: number;
  /** Every request or connection the canary saw, on any of its addresses. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A loopback canary listening on 127.0.0.1 and [::1] with the same port: a refused destination must
 * leave `seen` empty, which proves no connection was made.
 */
export async function startCanary(): Promise<Canary> {
  const seen: string[] = [];
  const make = () =>
    http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.end('canary');
    });
  const v4 = make();
  v4.on('connection', (s) => seen.push(`connect ${s.remoteAddress}`));
  await new Promise<void>((resolve) => v4.listen(0, '127.0.0.1', resolve));
  const port = (v4.address() as AddressInfo).port;
  const v6 = make();
  v6.on('connection', (s) => seen.push(`connect ${s.remoteAddress}`));
  await new Promise<void>((resolve, reject) => {
    v6.once('error', reject);
    v6.listen(port, '::1', resolve);
  }).catch(() => undefined);
  const close = (s: http.Server) =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return { port, seen, close: async () => void (await Promise.all([close(v4), close(v6)])) };
}

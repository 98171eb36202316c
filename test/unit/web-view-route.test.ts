import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { uiContentSecurityPolicy } from '../../functions/lib/http/routes/ui.js';
import { buildUi } from '../../functions/lib/http/ui/build.js';
import { UI_BUNDLE } from '../../functions/lib/http/ui/bundle.generated.js';
import { testApp } from '../support/test-app.js';

const get = (path: string, headers: Record<string, string> = {}) => testApp().request(path, { headers });

describe('the web view routes', () => {
  it('redirects / and /ui to /ui/', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/ui/');
    expect((await get('/ui')).headers.get('location')).toBe('/ui/');
  });

  it('serves the page without a key, naming its hashed script and stylesheet, revalidated on each load', async () => {
    const res = await get('/ui/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain(`<script type="module" src="${UI_BUNDLE.script}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${UI_BUNDLE.style}">`);
    expect(UI_BUNDLE.script).toMatch(/^\/ui\/assets\/main-[A-Z0-9]{8}\.js$/);
    expect(html).not.toMatch(/<script>|<style>| on\w+=/);
  });

  it('sends a strict Content-Security-Policy and the other safety headers', async () => {
    const res = await get('/ui/');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp.split('; ')).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(csp).not.toMatch(/unsafe|\*|data:/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('lets the view reach an extra origin only when configured to', () => {
    expect(uiContentSecurityPolicy(['https://archive.s3.eu-west-1.amazonaws.com'])).toContain(
      "connect-src 'self' https://archive.s3.eu-west-1.amazonaws.com",
    );
  });

  it('serves hashed assets gzipped to clients that take gzip, plain to others, cached for a year', async () => {
    const gz = await get(UI_BUNDLE.script, { 'accept-encoding': 'gzip, br' });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(gz.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(gz.headers.get('vary')).toBe('accept-encoding');
    const zipped = Buffer.from(await gz.arrayBuffer());
    const plain = await get(UI_BUNDLE.script);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const bytes = Buffer.from(await plain.arrayBuffer());
    expect(gunzipSync(zipped).equals(bytes)).toBe(true);
    expect(bytes.length).toBe(UI_BUNDLE.files[UI_BUNDLE.script.slice('/ui/'.length)]!.bytes);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get('/ui/');
    const again = await get('/ui/', { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('answers an unknown asset with a 404 problem, under the same policy', async () => {
    for (const path of ['/ui/assets/nope.js', '/ui/assets/..%2Findex.html', '/ui/assets/toString', '/ui/assets/__proto__']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('keeps the first load (script and stylesheet, gzipped) within 250 KB', () => {
    const gzipped = (path: string) => Buffer.from(UI_BUNDLE.files[path.slice('/ui/'.length)]!.gzip!, 'base64').length;
    expect(gzipped(UI_BUNDLE.script) + gzipped(UI_BUNDLE.style)).toBeLessThanOrEqual(250_000);
  });
});

describe('the committed web view bundle', () => {
  it('is what its source builds to (run `npm run build:ui` after changing functions/lib/http/ui/src)', async () => {
    const built = await buildUi();
    const digest = (files: typeof UI_BUNDLE.files) => Object.fromEntries(Object.entries(files).map(([name, f]) => [name, f.sha256]));
    expect(digest(UI_BUNDLE.files)).toEqual(digest(built.files));
    expect(UI_BUNDLE.script).toBe(built.script);
  });
});

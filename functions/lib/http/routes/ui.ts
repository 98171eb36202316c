import { type Context, Hono } from 'hono';
import { UiAssets } from '../ui/assets.js';
import { UI_BUNDLE } from '../ui/bundle.generated.js';
import { problem } from '../problem.js';
import type { AppDeps } from './shared.js';

/**
 * The policy of every web view response. Archived pages are hostile, and the view shows their text:
 * no inline script or style, no eval, images only from the app or object URLs (screenshots fetched
 * with the key), requests only to this API (plus, on AWS, the archive bucket its short-lived links
 * point to), and no framing.
 */
export function uiContentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob:",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The researcher web view: `GET /ui/` serves the single-page app, `GET /ui/assets/{name}` its
 * content-hashed files (cached for a year), and `GET /` redirects to it. The page itself needs no
 * key; everything it shows comes from the API with one. Not part of `/openapi.json`.
 */
export function uiRoutes(deps: Pick<AppDeps, 'uiConnectSources'>): Hono {
  const router = new Hono();
  const assets = new UiAssets(UI_BUNDLE);
  const csp = uiContentSecurityPolicy(deps.uiConnectSources);

  router.use('/ui/*', async (c, next) => {
    await next();
    c.header('content-security-policy', csp);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header('x-frame-options', 'DENY');
    c.header('cross-origin-opener-policy', 'same-origin');
    c.header('cross-origin-resource-policy', 'same-origin');
    c.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  });

  const serve = (c: Context, file: string, cacheControl: string) => {
    const asset = assets.get(file, /\bgzip\b/i.test(c.req.header('accept-encoding') ?? ''));
    if (!asset) return problem(c, 404, `the web view has no file ${c.req.path}`);
    const etag = `"${asset.sha256}"`;
    const headers: Record<string, string> = {
      'content-type': asset.contentType,
      'cache-control': cacheControl,
      etag,
      vary: 'accept-encoding',
    };
    if (asset.encoding) headers['content-encoding'] = asset.encoding;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, headers);
  };
  router.get('/ui/', (c) => serve(c, 'index.html', 'no-cache'));
  router.get('/ui/assets/:name', (c) => serve(c, `assets/${c.req.param('name')}`, 'public, max-age=31536000, immutable'));
  router.get('/ui', (c) => c.redirect('/ui/', 301));
  router.get('/', (c) => c.redirect('/ui/', 302));
  return router;
}

import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';

const run = promisify(execFile);

/**
 * ReplayWeb.page (AGPL-3.0) is used only by the replay check and never committed or bundled.
 * Its npm metadata does not install here (it asks for a warcio release the registry lacks), so the
 * pinned tarball is fetched with `npm pack` and only `ui.js` and `sw.js` (plus the licence) are
 * unpacked into a cache under node_modules, which git ignores.
 */
const REPLAYWEBPAGE_VERSION = '2.5.3';
const REPLAYWEBPAGE_INTEGRITY = 'sha512-nCj2PSON3BxeSJKE8AsYPyULv0XPZKJWfy4l9PyQre9SqwLZ+WKZVs/sfLqPOQ4GrH+0YkjbwOhr8cSTH08gsQ==';
const FILES = ['ui.js', 'sw.js', 'LICENSE'] as const;
const ROOT = path.resolve(import.meta.dirname, '../..');
const REPLAYWEBPAGE_CACHE = path.join(ROOT, 'node_modules/.cache/replaywebpage', REPLAYWEBPAGE_VERSION);

export interface ReplayWebPageFiles {
  version: string;
  ui: Buffer;
  sw: Buffer;
}

/** Returns ReplayWeb.page's `ui.js` and `sw.js`, fetching and verifying the pinned tarball on first use. */
export async function replayWebPageFiles(): Promise<ReplayWebPageFiles> {
  if (!FILES.every((f) => existsSync(path.join(REPLAYWEBPAGE_CACHE, f)))) await fetchIntoCache();
  const [ui, sw] = await Promise.all([
    readFile(path.join(REPLAYWEBPAGE_CACHE, 'ui.js')),
    readFile(path.join(REPLAYWEBPAGE_CACHE, 'sw.js')),
  ]);
  return { version: REPLAYWEBPAGE_VERSION, ui, sw };
}

async function fetchIntoCache(): Promise<void> {
  const parent = path.dirname(REPLAYWEBPAGE_CACHE);
  await mkdir(parent, { recursive: true });
  const work = await mkdtemp(path.join(parent, `.fetch-${REPLAYWEBPAGE_VERSION}-`));
  try {
    const { stdout } = await run(
      'npm',
      ['pack', `replaywebpage@${REPLAYWEBPAGE_VERSION}`, '--pack-destination', work, '--json', '--silent'],
      {
        cwd: work,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    const tarball = path.join(work, packed!.filename);
    const integrity = `sha512-${createHash('sha512')
      .update(await readFile(tarball))
      .digest('base64')}`;
    if (integrity !== REPLAYWEBPAGE_INTEGRITY)
      throw new Error(`replaywebpage@${REPLAYWEBPAGE_VERSION} tarball integrity ${integrity} is not the pinned one`);
    const unpacked = path.join(work, 'out');
    await mkdir(unpacked);
    await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1', ...FILES.map((f) => `package/${f}`)]);
    // Another run may have filled the cache meanwhile; either copy is the same verified bytes.
    await rename(unpacked, REPLAYWEBPAGE_CACHE).catch((err: NodeJS.ErrnoException) => {
      if (!existsSync(path.join(REPLAYWEBPAGE_CACHE, 'sw.js'))) throw err;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export interface ReplayServer {
  origin: string;
  /** Serves `wacz` at `/archives/<name>.wacz` and returns the URL of a page embedding it at `url`. */
  publish(name: string, wacz: Buffer, url: string): string;
  close(): Promise<void>;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A static server on 127.0.0.1 (a secure context, so service workers are allowed): ReplayWeb.page's
 * `ui.js` at `/ui.js` and `/replay/ui.js`, its service worker at `/replay/sw.js` (scope `/replay/`),
 * WACZ files with byte-range support, and one embed page per WACZ.
 */
export async function startReplayServer(files: ReplayWebPageFiles): Promise<ReplayServer> {
  const archives = new Map<string, Buffer>();
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, type: string, body: Buffer | string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    // The service worker's own index page loads `./ui.js` relative to the replay base.
    if (pathname === '/ui.js' || pathname === '/replay/ui.js') return send(200, 'application/javascript', files.ui);
    if (pathname === '/replay/sw.js') return send(200, 'application/javascript', files.sw);
    if (pathname === '/') return send(200, 'text/html; charset=utf-8', '<!doctype html><title>replay check</title>');
    const page = pages.get(pathname);
    if (page) return send(200, 'text/html; charset=utf-8', page);
    const archive = /^\/archives\/([\w-]+)\.wacz$/.exec(pathname);
    const bytes = archive && archives.get(archive[1]!);
    if (!bytes) return send(404, 'text/plain', 'not found');
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (!range) return send(200, 'application/wacz', bytes, { 'accept-ranges': 'bytes', 'content-length': String(bytes.length) });
    const start = range[1] ? Number(range[1]) : Math.max(0, bytes.length - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
    if (start > end || start >= bytes.length) return send(416, 'text/plain', '', { 'content-range': `bytes */${bytes.length}` });
    return send(206, 'application/wacz', bytes.subarray(start, end + 1), {
      'accept-ranges': 'bytes',
      'content-range': `bytes ${start}-${end}/${bytes.length}`,
      'content-length': String(end - start + 1),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    publish(name, wacz, url) {
      archives.set(name, wacz);
      pages.set(
        `/embed/${name}.html`,
        `<!doctype html><html><head><meta charset="utf-8"><title>replay ${name}</title><script src="/ui.js"></script></head>
<body><replay-web-page style="display:block;width:1280px;height:800px" source="/archives/${name}.wacz" url="${escapeAttr(url)}" replayBase="/replay/"></replay-web-page></body></html>`,
      );
      return `${origin}/embed/${name}.html`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Registers ReplayWeb.page's service worker for `/replay/` from `page` (on the server's origin) and
 * waits until it is active, as it is for a returning visitor. On a cold profile the embed otherwise
 * races its own worker: it reloads the replay iframe three times, 100 ms apart, and then gives up
 * with an empty iframe if the worker has not taken control yet (2 cold starts in 20 here).
 */
export async function activateServiceWorker(page: Page, server: ReplayServer): Promise<void> {
  await page.goto(`${server.origin}/`);
  await page.evaluate(async () => {
    // The same script URL and scope ui.js registers, so its own registration is then a no-op.
    const registration = await navigator.serviceWorker.register('/replay/sw.js?serveIndex=1', { scope: '/replay/' });
    const worker = registration.installing ?? registration.waiting ?? registration.active;
    if (!worker || worker.state === 'activated') return;
    await new Promise<void>((resolve, reject) =>
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated') resolve();
        if (worker.state === 'redundant') reject(new Error('ReplayWeb.page service worker became redundant'));
      }),
    );
  });
}

/** Loopback only: any other name fails to resolve, so replay cannot reach the live web. */
const LOOPBACK_ONLY = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';
const QUIET_ARGS = ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

export interface ReplayBrowser {
  browser: Browser;
  /** Which Chromium: the system one (path) or @sparticuz/chromium. */
  name: string;
}

/**
 * Debian's Chromium (`/usr/bin/chromium`, or `CHROMIUM_PATH`) when present, otherwise
 * @sparticuz/chromium, so the check also runs where only `npm install` did.
 */
export async function launchReplayBrowser(systemPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'): Promise<ReplayBrowser> {
  if (existsSync(systemPath)) {
    const browser = await playwright.launch({
      executablePath: systemPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', ...QUIET_ARGS, LOOPBACK_ONLY],
    });
    return { browser, name: `${systemPath} ${browser.version()}` };
  }
  const { default: sparticuz } = await import('@sparticuz/chromium');
  const browser = await playwright.launch({
    executablePath: await sparticuz.executablePath(),
    headless: true,
    args: [...sparticuz.args.filter((a) => a !== '--single-process'), ...QUIET_ARGS, LOOPBACK_ONLY],
  });
  return { browser, name: `@sparticuz/chromium ${browser.version()}` };
}

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page, Route, Request } from 'playwright-core';
import { BrowserCrashError, CaptureTimeoutError, ForbiddenDestinationError, NetworkError, VerbatimError } from '../core/errors.js';
import { assertCapturableScheme } from '../core/url-policy.js';
import type { CaptureRequest, Exchange, Logger, PageCapture, PageCapturer } from '../core/ports.js';
import type { GuardedHttpClient } from './guarded-http.js';

export interface PlaywrightCapturerOptions {
  http: GuardedHttpClient;
  chromiumPath?: string;
  networkQuietMs: number;
  /** Longest wait for the network to go quiet after load, and for autoscroll. */
  settleCapMs?: number;
  /** Full-page screenshots are clipped to this height, so a giant page cannot exhaust memory. */
  maxScreenshotHeight?: number;
  logger?: Logger;
}

/**
 * Chromium never resolves or connects by itself: every host maps to NOTFOUND, and every request the
 * page makes is fulfilled through {@link GuardedHttpClient}. So the SSRF guard sees every request,
 * redirect, subresource and iframe, and nothing can bypass it (service workers are blocked,
 * WebSockets are refused).
 */
const ISOLATION_ARGS = [
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-features=DnsOverHttps,NetworkPrediction',
  '--dns-prefetch-disable',
];

const SYSTEM_BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

const MAX_REDIRECTS = 20;

/** The runtime owns shutdown: Playwright must not exit the process on Ctrl-C before captures are committed. */
const OWN_SIGNALS = { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false } as const;
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)/i;

let behaviorsScript: Promise<string> | undefined;
function loadBehaviors(): Promise<string> {
  const require = createRequire(import.meta.url);
  behaviorsScript ??= readFile(require.resolve('browsertrix-behaviors/dist/behaviors.js'), 'utf8');
  return behaviorsScript;
}

export class PlaywrightPageCapturer implements PageCapturer {
  private browser?: Promise<Browser>;

  constructor(private readonly options: PlaywrightCapturerOptions) {}

  /** Launches once and reuses the browser; a crashed or closed browser is relaunched on next use. */
  private async getBrowser(): Promise<Browser> {
    if (this.browser) {
      const existing = await this.browser.catch(() => undefined);
      if (existing?.isConnected()) return existing;
    }
    this.browser = this.launch();
    const browser = await this.browser;
    browser.on('disconnected', () => {
      this.options.logger?.warn('browser disconnected; it will be relaunched on the next capture');
    });
    return browser;
  }

  /**
   * playwright-core is loaded on first launch, not at import: it reads its own package.json when it
   * loads, which the API and dispatch bundles do not ship, and they never launch a browser.
   */
  private async launch(): Promise<Browser> {
    const { chromium: playwright } = await import('playwright-core');
    if (this.options.chromiumPath) {
      return playwright.launch({
        executablePath: this.options.chromiumPath,
        args: [...SYSTEM_BROWSER_ARGS, ...ISOLATION_ARGS],
        headless: true,
        ...OWN_SIGNALS,
      });
    }
    const { default: sparticuz } = await import('@sparticuz/chromium');
    return playwright.launch({
      executablePath: await sparticuz.executablePath(),
      args: [...sparticuz.args.filter((a) => a !== '--single-process'), ...ISOLATION_ARGS],
      headless: true,
      ...OWN_SIGNALS,
    });
  }

  async browserVersion(): Promise<string> {
    return (await this.getBrowser()).version();
  }

  async capture(request: CaptureRequest): Promise<PageCapture> {
    const started = Date.now();
    const deadline = started + request.timeoutMs;
    const browser = await this.getBrowser().catch((err) => {
      throw new BrowserCrashError(`could not launch the browser: ${(err as Error).message}`, { cause: err });
    });
    const context = await browser.newContext({
      serviceWorkers: 'block',
      acceptDownloads: false,
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    const session = new CaptureSession(context, this.options, deadline);
    const hardTimeout = new Promise<never>((_, reject) => {
      const timer = setTimeout(() => {
        reject(new CaptureTimeoutError(`capture of ${request.url} exceeded ${request.timeoutMs} ms`));
      }, request.timeoutMs);
      session.onDone(() => clearTimeout(timer));
    });
    try {
      const result = await Promise.race([session.run(request.url), hardTimeout]);
      return { ...result, browserVersion: browser.version(), timings: { ...result.timings, totalMs: Date.now() - started } };
    } catch (err) {
      throw mapBrowserError(err, request.url);
    } finally {
      session.done();
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const browser = await this.browser?.catch(() => undefined);
    this.browser = undefined;
    await browser?.close().catch(() => undefined);
  }
}

interface MainHop {
  url: string;
  status: number;
  contentType: string;
  exchange: Exchange;
}

class CaptureSession {
  readonly exchanges: Exchange[] = [];
  private readonly mainHops: MainHop[] = [];
  private mainError?: Error;
  /**
   * Playwright routes only the first request of a redirect chain, so redirects are never handed to
   * the browser: a main-frame redirect becomes a new navigation, a subresource redirect is followed
   * here. Either way every hop passes the guard and is recorded.
   */
  private pendingRedirect?: string;
  private page?: Page;
  private inflight = 0;
  private lastActivity = Date.now();
  private crashed = false;
  private readonly abort = new AbortController();
  private readonly doneCallbacks: (() => void)[] = [];

  constructor(
    private readonly context: BrowserContext,
    private readonly options: PlaywrightCapturerOptions,
    private readonly deadline: number,
  ) {}

  onDone(cb: () => void): void {
    this.doneCallbacks.push(cb);
  }

  done(): void {
    this.abort.abort();
    for (const cb of this.doneCallbacks) cb();
  }

  private remaining(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  async run(url: string): Promise<Omit<PageCapture, 'browserVersion'>> {
    const timings: Record<string, number> = {};
    const t0 = Date.now();
    await this.context.route('**/*', (route, req) => this.handle(route, req));
    await this.context.routeWebSocket(/.*/, (ws) => ws.close({ code: 1008, reason: 'not archived' }));
    const page = await this.context.newPage();
    this.page = page;
    page.on('crash', () => {
      this.crashed = true;
    });
    page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
    this.context.on('page', (popup) => {
      if (popup !== page) void popup.close().catch(() => undefined);
    });

    let navError: unknown;
    for (let target: string | undefined = url, hops = 0; target; hops++) {
      if (hops > MAX_REDIRECTS) throw new NetworkError(`more than ${MAX_REDIRECTS} redirects from ${url}`);
      this.pendingRedirect = undefined;
      navError = undefined;
      try {
        await page.goto(target, { waitUntil: 'domcontentloaded', timeout: this.remaining() });
      } catch (err) {
        navError = err;
      }
      target = this.pendingRedirect;
      if (this.mainError) break;
    }
    timings.navigateMs = Date.now() - t0;
    if (this.crashed) throw new BrowserCrashError(`the page crashed while loading ${url}`);
    if (this.mainError) throw this.mainError;
    const main = this.mainHops.at(-1);
    if (!main) throw navError ?? new NetworkError(`no response for ${url}`);
    const redirectChain = this.mainHops.slice(0, -1).map((h) => h.url);
    const base = {
      finalUrl: main.url,
      httpStatus: main.status,
      contentType: main.contentType,
      redirectChain,
      exchanges: this.exchanges,
    };
    if (!HTML_TYPES.test(main.contentType) || (navError && main.status < 400)) {
      if (navError && HTML_TYPES.test(main.contentType)) throw navError;
      const text = /^text\//i.test(main.contentType) ? Buffer.from(main.exchange.body).toString('utf8') : undefined;
      return { ...base, isHtml: false, resource: main.exchange.body, text, timings };
    }

    const settleCap = this.options.settleCapMs ?? 5_000;
    await page.waitForLoadState('load', { timeout: Math.min(this.remaining(), settleCap) }).catch(() => undefined);
    await this.waitForQuiet(Math.min(this.remaining(), settleCap));
    timings.loadMs = Date.now() - t0;
    if (await this.hasMoreToScroll(page)) {
      await this.autoscroll(page, Math.min(this.remaining(), settleCap));
      await this.waitForQuiet(Math.min(this.remaining(), settleCap));
    }
    timings.settleMs = Date.now() - t0;
    if (this.crashed) throw new BrowserCrashError(`the page crashed while capturing ${url}`);

    const html = await page.content();
    const { text, title, height } = await page.evaluate(() => ({
      text: document.body ? document.body.innerText : '',
      title: document.title,
      height: Math.max(document.documentElement?.scrollHeight ?? 0, document.body?.scrollHeight ?? 0),
    }));
    timings.domMs = Date.now() - t0;
    const maxHeight = this.options.maxScreenshotHeight ?? 16_000;
    const screenshot = await page.screenshot(
      height > maxHeight
        ? { clip: { x: 0, y: 0, width: 1280, height: maxHeight }, fullPage: true, timeout: this.remaining() }
        : { fullPage: true, timeout: this.remaining() },
    );
    timings.screenshotMs = Date.now() - t0;
    return { ...base, isHtml: true, html, text, title, screenshot, timings };
  }

  /** Autoscroll only pays off when the document is taller than the viewport. */
  private async hasMoreToScroll(page: Page): Promise<boolean> {
    return page.evaluate(() => (document.scrollingElement?.scrollHeight ?? 0) > window.innerHeight + 16).catch(() => false);
  }

  private async autoscroll(page: Page, capMs: number): Promise<void> {
    if (capMs <= 0) return;
    const script = await loadBehaviors();
    const run = page
      .evaluate(
        async ({ script, timeout }) => {
          // biome-ignore lint/security/noGlobalEval: runs the bundled browsertrix-behaviors source in the page, as its docs direct
          globalThis.eval(script);
          const bx = (self as unknown as { __bx_behaviors?: { run(opts: object): Promise<void> } }).__bx_behaviors;
          await bx?.run({ autoscroll: true, autoplay: false, autofetch: false, siteSpecific: false, log: false, timeout });
          window.scrollTo(0, 0);
        },
        { script, timeout: capMs },
      )
      .catch(() => undefined);
    await Promise.race([run, new Promise((r) => setTimeout(r, capMs))]);
  }

  /** Waits until no request has been in flight for `networkQuietMs`, or `capMs` passes. */
  private async waitForQuiet(capMs: number): Promise<void> {
    const until = Date.now() + capMs;
    const quiet = this.options.networkQuietMs;
    while (Date.now() < until) {
      if (this.inflight === 0 && Date.now() - this.lastActivity >= quiet) return;
      await new Promise((r) => setTimeout(r, Math.min(50, quiet)));
    }
  }

  /**
   * Whether a request is the captured page's own top-level navigation. A popup's first navigation
   * has no frame yet (Playwright throws), and popups are closed anyway, so it is refused.
   */
  private classify(req: Request): 'main' | 'other' | 'popup' {
    if (!req.isNavigationRequest()) return 'other';
    try {
      const frame = req.frame();
      if (this.page && frame.page() !== this.page) return 'popup';
      return frame.parentFrame() === null ? 'main' : 'other';
    } catch {
      return 'popup';
    }
  }

  private async handle(route: Route, req: Request): Promise<void> {
    const kind = this.classify(req);
    if (kind === 'popup') {
      await route.abort('blockedbyclient').catch(() => undefined);
      return;
    }
    const isMain = kind === 'main';
    this.inflight++;
    this.lastActivity = Date.now();
    try {
      const requestHeaders = Object.entries(await req.allHeaders());
      const requestBody = req.postDataBuffer() ?? undefined;
      let target = req.url();
      let method = req.method();
      let body = requestBody;
      for (let hops = 0; ; hops++) {
        const startedAt = new Date().toISOString();
        const res = await this.options.http.fetch(target, { method, headers: requestHeaders, body }, this.abort.signal);
        const exchange: Exchange = {
          url: target,
          method,
          requestHeaders,
          requestBody: body,
          status: res.status,
          statusText: res.statusText,
          responseHeaders: res.headers,
          body: res.body,
          startedAt,
        };
        this.exchanges.push(exchange);
        const contentType = headerValue(res.headers, 'content-type') ?? '';
        if (isMain) this.mainHops.push({ url: target, status: res.status, contentType, exchange });
        const location = res.status >= 300 && res.status < 400 ? headerValue(res.headers, 'location') : undefined;
        if (location !== undefined) {
          const next = new URL(location, target).href;
          if (isMain) {
            assertCapturableScheme(new URL(next));
            this.pendingRedirect = next;
            await route.fulfill({ status: 200, contentType: 'text/html', body: '' });
            return;
          }
          if (hops >= MAX_REDIRECTS) throw new NetworkError(`more than ${MAX_REDIRECTS} redirects from ${req.url()}`);
          if (res.status !== 307 && res.status !== 308) {
            method = 'GET';
            body = undefined;
          }
          target = next;
          continue;
        }
        await route.fulfill({ status: res.status, headers: browserHeaders(res.headers), body: Buffer.from(res.body) });
        return;
      }
    } catch (err) {
      if (isMain && !this.mainError) this.mainError = err as Error;
      this.options.logger?.debug('request refused or failed', { url: req.url(), reason: (err as Error).message });
      await route.abort(err instanceof ForbiddenDestinationError ? 'blockedbyclient' : 'failed').catch(() => undefined);
    } finally {
      this.inflight--;
      this.lastActivity = Date.now();
    }
  }
}

function mapBrowserError(err: unknown, url: string): Error {
  if (err instanceof VerbatimError) return err;
  const message = (err as Error)?.message ?? String(err);
  if (/Timeout|timed out/i.test(message)) return new CaptureTimeoutError(`timed out loading ${url}`, { cause: err });
  if (/crash|closed|disconnected|Target page/i.test(message)) {
    return new BrowserCrashError(`the browser failed while capturing ${url}: ${firstLine(message)}`, { cause: err });
  }
  return new NetworkError(`could not load ${url}: ${firstLine(message)}`, { cause: err });
}

/** The body is already decoded, so the encoding and length headers no longer describe it. */
function browserHeaders(headers: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-encoding' || lower === 'content-length' || lower === 'transfer-encoding') continue;
    out[lower] = out[lower] ? `${out[lower]}${lower === 'set-cookie' ? '\n' : ', '}${value}` : value;
  }
  return out;
}

function headerValue(headers: [string, string][], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}

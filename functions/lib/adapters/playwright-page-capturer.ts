import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, CDPSession, Page, Route, Request } from 'playwright-core';
import { BrowserCrashError, CaptureTimeoutError, ForbiddenDestinationError, NetworkError, VerbatimError } from '../core/errors.js';
import { assertCapturableScheme } from '../core/url-policy.js';
import type { CaptureFinish, CaptureRequest, Exchange, Logger, PageCapture, PageCapturer } from '../core/ports.js';
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

/**
 * @sparticuz/chromium's flags for a GPU emulated by SwiftShader. Compositing on that emulated GPU
 * costs about a third more CPU per capture (context, load, screenshot, close) than Chromium's
 * software compositor, which `--disable-gpu` selects, as for a system browser; WebGL still works.
 */
const EMULATED_GPU_ARG = /^--(use-gl|use-angle|enable-unsafe-swiftshader|in-process-gpu|ignore-gpu-blocklist)\b/;

const MAX_REDIRECTS = 20;
/** How often the quiet wait looks again while requests are in flight. */
const POLL_MS = 20;
/** Longest wait for web fonts before the DOM and screenshot are taken. */
const FONTS_WAIT_MS = 1_000;
/** Viewport-high steps of the lazy-content scroll (16,000 px at most, the screenshot's limit). */
const MAX_SCROLL_STEPS = 20;

/** The runtime owns shutdown: Playwright must not exit the process on Ctrl-C before captures are committed. */
const OWN_SIGNALS = { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false } as const;
/** Longest a delivered response counts as in flight when the browser never reports it loaded. */
const DELIVERY_GRACE_MS = 1_000;

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)/i;

let behaviorsScript: Promise<string> | undefined;
function loadBehaviors(): Promise<string> {
  const require = createRequire(import.meta.url);
  behaviorsScript ??= readFile(require.resolve('browsertrix-behaviors/dist/behaviors.js'), 'utf8');
  return behaviorsScript;
}

/**
 * The browser captures run in and its flags, before the isolation flags: the system browser at
 * `chromiumPath`, or @sparticuz/chromium (multi-process, software compositing). Benchmarks launch
 * their baselines with it, so both sides run the same build the same way.
 */
export async function browserBuild(chromiumPath?: string): Promise<{ executablePath: string; args: string[] }> {
  if (chromiumPath) return { executablePath: chromiumPath, args: SYSTEM_BROWSER_ARGS };
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return {
    executablePath: await sparticuz.executablePath(),
    args: [...sparticuz.args.filter((a) => a !== '--single-process' && !EMULATED_GPU_ARG.test(a)), '--disable-gpu'],
  };
}

export class PlaywrightPageCapturer implements PageCapturer {
  private browser?: Promise<Browser>;
  /**
   * The next capture's context and page, made while the previous capture's evidence is stored, so
   * a capture does not wait for them. A fresh context holds nothing from any earlier page.
   */
  private spare?: Promise<CaptureSession>;
  /** Contexts being closed in the background; {@link close} waits for them. */
  private readonly closing = new Set<Promise<void>>();
  /** Moves on every {@link close}, so a capture that was running then prepares no spare. */
  private generation = 0;

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
    const browser = await browserBuild(this.options.chromiumPath);
    return playwright.launch({ ...browser, args: [...browser.args, ...ISOLATION_ARGS], headless: true, ...OWN_SIGNALS });
  }

  async browserVersion(): Promise<string> {
    return (await this.getBrowser()).version();
  }

  private async newSession(): Promise<CaptureSession> {
    const browser = await this.getBrowser().catch((err) => {
      throw new BrowserCrashError(`could not launch the browser: ${(err as Error).message}`, { cause: err });
    });
    return CaptureSession.open(browser, this.options);
  }

  /** The spare session if it is ready and its browser is alive, else a new one. */
  private async takeSession(): Promise<CaptureSession> {
    const spare = this.spare;
    this.spare = undefined;
    const ready = await spare?.catch(() => undefined);
    if (ready?.isUsable()) return ready;
    if (ready) this.closeInBackground(ready);
    return this.newSession();
  }

  private prepareSpare(): void {
    if (this.spare) return;
    const spare = this.newSession();
    spare.catch(() => undefined);
    this.spare = spare;
  }

  private closeInBackground(session: CaptureSession): void {
    const closing = session.close();
    this.closing.add(closing);
    void closing.finally(() => this.closing.delete(closing));
  }

  /**
   * Captures a page. An HTML page is handed over once its DOM and text are read, with its
   * screenshot still being taken in `finishing`: the caller stores the rest meanwhile. The context
   * is closed, and the next capture's prepared, once the capture is over.
   */
  async capture(request: CaptureRequest): Promise<PageCapture> {
    const started = Date.now();
    const generation = this.generation;
    let session: CaptureSession | undefined;
    let over = false;
    let timer: NodeJS.Timeout | undefined;
    const hardTimeout = new Promise<never>((_, reject) => {
      // One more turn before giving up, so a browser answer already waiting behind a busy event loop is read first.
      timer = setTimeout(
        () => setImmediate(() => reject(new CaptureTimeoutError(`capture of ${request.url} exceeded ${request.timeoutMs} ms`))),
        request.timeoutMs,
      );
    });
    hardTimeout.catch(() => undefined);
    const end = () => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      if (session) this.closeInBackground(session);
      // No session means the browser could not give one: a spare would only launch it again unseen.
      if (session && generation === this.generation) this.prepareSpare();
    };
    const run = async () => {
      const taken = await this.takeSession();
      if (over) {
        this.closeInBackground(taken);
        throw new CaptureTimeoutError(`capture of ${request.url} exceeded ${request.timeoutMs} ms`);
      }
      session = taken;
      return taken.run(request.url, started, started + request.timeoutMs);
    };
    try {
      const { page, screenshot } = await Promise.race([run(), hardTimeout]);
      const browserVersion = session!.browserVersion;
      if (!screenshot) {
        end();
        return { ...page, browserVersion, timings: { ...page.timings, totalMs: Date.now() - started } };
      }
      // The page holds the exchanges copied when it was read; the screenshot's finish adds all after them.
      const handedOver = page.exchanges.length;
      const finishing = (async (): Promise<CaptureFinish> => {
        const shooting = Date.now();
        try {
          const png = await Promise.race([screenshot, hardTimeout]);
          return {
            screenshot: png,
            exchanges: session!.recordedSince(handedOver),
            timings: { screenshotMs: Date.now() - shooting, totalMs: Date.now() - started },
          };
        } catch (err) {
          throw mapBrowserError(err, request.url);
        } finally {
          end();
        }
      })();
      finishing.catch(() => undefined);
      return { ...page, browserVersion, finishing };
    } catch (err) {
      end();
      throw mapBrowserError(err, request.url);
    }
  }

  /** Resolves once the background work of earlier captures (closing contexts, the spare) is done. */
  async whenIdle(): Promise<void> {
    await Promise.all([...this.closing, this.spare?.catch(() => undefined)]);
  }

  async close(): Promise<void> {
    this.generation++;
    const spare = await this.spare?.catch(() => undefined);
    this.spare = undefined;
    if (spare) this.closeInBackground(spare);
    await Promise.all([...this.closing]);
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves to `fallback` if `promise` has not settled within `ms` (or rejects); leaves no timer behind. */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), Math.max(0, ms));
  });
  return Promise.race([promise.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

/** Where {@link pageHelpers} keeps its helpers in a page: `Symbol.for(PAGE_HELPERS)`. */
const PAGE_HELPERS = 'verbatim.capture';

/** What {@link pageHelpers} gives the capture inside a page. */
interface PageHelpers {
  /** The page's `setTimeout`s of at most the quiet span that have not fired or been cleared. */
  pending(): number;
  /** True once a frame has rendered and the page gone idle with no such timer pending; false after `timeout` ms. */
  idle(timeout: number): Promise<boolean>;
  /**
   * For a page taller than the viewport: steps down a viewport at a time (a frame each, so lazy
   * images and observers fire), then back to the top; says whether the page grew meanwhile.
   */
  probeScroll(maxSteps: number): Promise<{ tall: boolean; grew: boolean }>;
}

/**
 * Runs in every frame before the page's scripts. It counts the page's pending `setTimeout`s of at
 * most `quietMs`, so the quiet wait knows a request may start in a moment (a feed fetched just
 * after load); the page's timers behave as before, only their bookkeeping is added. It also holds
 * the capture's own waits, on the page's native timers so they do not count. It is source text,
 * not a function, because a bundler may name functions with a helper the page does not have.
 */
function pageHelpers(quietMs: number): string {
  return `(() => {
  const quietMs = ${JSON.stringify(quietMs)};
  const nativeSet = window.setTimeout;
  const nativeClear = window.clearTimeout;
  const later = (fn, ms) => Reflect.apply(nativeSet, window, [fn, ms]);
  const pending = new Map();
  window.setTimeout = function setTimeout(handler, timeout, ...args) {
    const delay = Number(timeout) || 0;
    if (typeof handler !== 'function' || delay > quietMs) return Reflect.apply(nativeSet, window, [handler, timeout, ...args]);
    let id;
    const run = function (...callArgs) {
      pending.delete(id);
      return handler.apply(this, callArgs);
    };
    id = Reflect.apply(nativeSet, window, [run, timeout, ...args]);
    pending.set(id, performance.now() + delay);
    return id;
  };
  window.clearTimeout = function clearTimeout(id) {
    pending.delete(id);
    return Reflect.apply(nativeClear, window, [id]);
  };
  const count = () => {
    const stale = performance.now() - 10 * quietMs;
    for (const [id, due] of pending) if (due < stale) pending.delete(id);
    return pending.size;
  };
  const frame = () => new Promise((resolve) => { requestAnimationFrame(() => resolve()); later(resolve, 100); });
  const helpers = {
    pending: count,
    idle: (timeout) => new Promise((resolve) => {
      requestAnimationFrame(() => {
        const done = () => resolve(count() === 0);
        if (typeof requestIdleCallback === 'function') requestIdleCallback(done, { timeout });
        else later(done, 0);
      });
      later(() => resolve(false), timeout);
    }),
    probeScroll: async (maxSteps) => {
      const el = document.scrollingElement || document.documentElement;
      const start = el.scrollHeight;
      if (start <= window.innerHeight + 16) return { tall: false, grew: false };
      for (let y = window.innerHeight, n = 0; y < el.scrollHeight && n < maxSteps; y += window.innerHeight, n++) {
        window.scrollTo(0, y);
        await frame();
      }
      window.scrollTo(0, el.scrollHeight);
      await frame();
      await frame();
      const grew = el.scrollHeight > start + 16;
      window.scrollTo(0, 0);
      return { tall: true, grew };
    },
  };
  Object.defineProperty(window, Symbol.for(${JSON.stringify(PAGE_HELPERS)}), { value: helpers });
})();`;
}

class CaptureSession {
  private readonly exchanges: Exchange[] = [];
  /** Each phase's duration in ms up to the hand-over: open (off the clock when prepared ahead), setup, navigate, load, quiet, scroll, dom. */
  readonly timings: Record<string, number> = {};
  private readonly mainHops: MainHop[] = [];
  private mainError?: Error;
  /**
   * Settles when the main document arrives and is not HTML (a feed, a sitemap, a PDF): its bytes are
   * all the capture keeps, so it need not wait for the browser to render them (a 100,000-entry feed
   * takes Chromium's XML viewer minutes).
   */
  private mainResourceArrived!: () => void;
  private readonly mainResource = new Promise<void>((resolve) => {
    this.mainResourceArrived = resolve;
  });
  /**
   * Playwright routes only the first request of a redirect chain, so redirects are never handed to
   * the browser: a main-frame redirect becomes a new navigation, a subresource redirect is followed
   * here. Either way every hop passes the guard and is recorded.
   */
  private pendingRedirect?: string;
  private page!: Page;
  private cdp!: CDPSession;
  private inflight = 0;
  /**
   * Responses handed to the browser that it has not finished loading yet: they stay in flight until
   * the page sees them (`requestfinished`), so the quiet wait cannot end in the moment between
   * Playwright accepting a response and the page's script receiving it.
   */
  private readonly delivering = new Map<Request, NodeJS.Timeout>();
  /** Requests started so far: a quiet check that sees it move knows the page is still loading. */
  private started = 0;
  private lastActivity = Date.now();
  private deadline = Number.POSITIVE_INFINITY;
  private crashed = false;
  private finished = false;
  private readonly abort = new AbortController();

  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    private readonly options: PlaywrightCapturerOptions,
  ) {}

  /** A new context and page, with every request routed through the guard, ready to navigate. */
  static async open(browser: Browser, options: PlaywrightCapturerOptions): Promise<CaptureSession> {
    const opened = Date.now();
    const context = await browser.newContext({
      serviceWorkers: 'block',
      acceptDownloads: false,
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
    });
    const session = new CaptureSession(browser, context, options);
    try {
      await context.addInitScript({ content: pageHelpers(options.networkQuietMs) });
      await context.route('**/*', (route, req) => session.handle(route, req));
      context.on('requestfinished', (req) => session.delivered(req));
      context.on('requestfailed', (req) => session.delivered(req));
      await context.routeWebSocket(/.*/, (ws) => ws.close({ code: 1008, reason: 'not archived' }));
      const page = await context.newPage();
      session.page = page;
      page.on('crash', () => {
        session.crashed = true;
      });
      page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
      context.on('page', (popup) => {
        if (popup !== page) void popup.close().catch(() => undefined);
      });
      session.cdp = await context.newCDPSession(page);
    } catch (err) {
      await context.close().catch(() => undefined);
      throw err;
    }
    session.timings.openMs = Date.now() - opened;
    return session;
  }

  get browserVersion(): string {
    return this.browser.version();
  }

  /** Still fit for a capture: its browser is connected and its page neither crashed nor closed. */
  isUsable(): boolean {
    return this.browser.isConnected() && !this.crashed && !this.page.isClosed() && !this.finished;
  }

  /** Stops recording: in-flight fetches are aborted and later responses are not added. */
  done(): void {
    this.finished = true;
    this.abort.abort();
  }

  async close(): Promise<void> {
    this.done();
    await this.context.close().catch(() => undefined);
  }

  private remaining(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  /** Captures `url` by `deadline`; `timings` holds each phase's duration in ms, counted from `started`. */
  async run(
    url: string,
    started: number,
    deadline: number,
  ): Promise<{ page: Omit<PageCapture, 'browserVersion'>; screenshot?: Promise<Uint8Array> }> {
    this.deadline = deadline;
    const timings = this.timings;
    let mark = started;
    /** Records the time since the previous phase ended as `<name>Ms`. */
    const phase = (name: string) => {
      const now = Date.now();
      timings[`${name}Ms`] = now - mark;
      mark = now;
    };
    const page = this.page;
    phase('setup');

    let navError: unknown;
    for (let target: string | undefined = url, hops = 0; target; hops++) {
      if (hops > MAX_REDIRECTS) throw new NetworkError(`more than ${MAX_REDIRECTS} redirects from ${url}`);
      this.pendingRedirect = undefined;
      navError = undefined;
      try {
        const navigation = page.goto(target, { waitUntil: 'domcontentloaded', timeout: this.remaining() });
        navigation.catch(() => undefined);
        await Promise.race([navigation, this.mainResource]);
      } catch (err) {
        navError = err;
      }
      target = this.pendingRedirect;
      if (this.mainError) break;
    }
    phase('navigate');
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
    };
    if (!HTML_TYPES.test(main.contentType) || (navError && main.status < 400)) {
      if (navError && HTML_TYPES.test(main.contentType)) throw navError;
      const text = /^text\//i.test(main.contentType) ? Buffer.from(main.exchange.body).toString('utf8') : undefined;
      return { page: { ...base, exchanges: this.recorded(), isHtml: false, resource: main.exchange.body, text, timings } };
    }

    const settleCap = this.options.settleCapMs ?? 5_000;
    await page.waitForLoadState('load', { timeout: Math.min(this.remaining(), settleCap) }).catch(() => undefined);
    phase('load');
    await this.waitForQuiet(Math.min(this.remaining(), settleCap));
    phase('quiet');
    await this.scrollForLazyContent(Math.min(this.remaining(), settleCap));
    phase('scroll');
    if (this.crashed) throw new BrowserCrashError(`the page crashed while capturing ${url}`);

    const [html, { text, title }] = await Promise.all([
      page.content(),
      page.evaluate(() => ({ text: document.body ? document.body.innerText : '', title: document.title })),
      within(
        page.evaluate(() => document.fonts?.ready.then(() => undefined)),
        Math.min(FONTS_WAIT_MS, this.remaining()),
        undefined,
      ),
    ]);
    phase('dom');
    const screenshot = this.screenshot();
    screenshot.catch(() => undefined);
    return { page: { ...base, exchanges: this.recorded(), isHtml: true, html, text, title, timings }, screenshot };
  }

  /** The exchanges recorded so far, fixed: nothing recorded later changes what the caller holds. */
  private recorded(): Exchange[] {
    return [...this.exchanges];
  }

  /** The exchanges recorded after the first `count`. */
  recordedSince(count: number): Exchange[] {
    return this.exchanges.slice(count);
  }

  /**
   * A full-page PNG straight from the DevTools protocol, beyond the viewport and clipped to
   * `maxScreenshotHeight` (and as wide): the same pixels as Playwright's full-page screenshot,
   * in one round trip instead of its several. A page that fits the viewport is taken as it is
   * shown, without the resize that capturing beyond the viewport costs. The PNG is compressed for
   * speed: the same pixels in a larger file (a third to half again on typical pages), for about a
   * third less encoding time.
   */
  private async screenshot(): Promise<Uint8Array> {
    const max = this.options.maxScreenshotHeight ?? 16_000;
    const metrics = (await this.cdp.send('Page.getLayoutMetrics')) as { cssContentSize?: { width: number; height: number } };
    const size = metrics.cssContentSize ?? { width: 1280, height: 800 };
    const clip = {
      x: 0,
      y: 0,
      width: Math.min(Math.max(1, Math.ceil(size.width)), max),
      height: Math.min(Math.max(1, Math.ceil(size.height)), max),
      scale: 1,
    };
    const viewport = this.page.viewportSize() ?? { width: 1280, height: 800 };
    const beyond = clip.width > viewport.width || clip.height > viewport.height;
    const shot = (await this.cdp.send('Page.captureScreenshot', {
      format: 'png',
      optimizeForSpeed: true,
      captureBeyondViewport: beyond,
      clip,
    })) as { data: string };
    return Buffer.from(shot.data, 'base64');
  }

  /**
   * Loads lazy content without paying for pages that have none. A page no taller than the
   * viewport is left alone. A taller one is stepped through a viewport at a time (each step waits
   * a frame, so lazy images and observers fire), then scrolled back to the top. Only if that made
   * the page grow (infinite scroll, "load more" sections) does browsertrix-behaviors' autoscroll
   * run, within `capMs`; if it started requests, the quiet wait runs again.
   */
  private async scrollForLazyContent(capMs: number): Promise<void> {
    if (capMs <= 0) return;
    const until = Date.now() + capMs;
    const requestsBefore = this.started;
    const probe = this.page
      .evaluate(
        ({ maxSteps, key }) =>
          (window as unknown as Record<symbol, PageHelpers | undefined>)[Symbol.for(key)]?.probeScroll(maxSteps) ?? {
            tall: false,
            grew: false,
          },
        { maxSteps: MAX_SCROLL_STEPS, key: PAGE_HELPERS },
      )
      .catch(() => ({ tall: false, grew: false }));
    const { tall, grew } = await within(probe, capMs, { tall: false, grew: false });
    if (!tall) return;
    if (this.started > requestsBefore) await this.waitForQuiet(until - Date.now());
    if (grew || (await this.grewSince(requestsBefore))) {
      await this.autoscroll(until - Date.now());
      await this.waitForQuiet(until - Date.now());
    }
  }

  /** After the requests a scroll started have finished: did the page get taller than its first viewport scroll showed? */
  private async grewSince(requestsBefore: number): Promise<boolean> {
    if (this.started === requestsBefore) return false;
    return within(
      this.page.evaluate(() => {
        const el = document.scrollingElement ?? document.documentElement;
        const bottom = window.scrollY + window.innerHeight;
        window.scrollTo(0, el.scrollHeight);
        const grew = el.scrollHeight > bottom + window.innerHeight;
        window.scrollTo(0, 0);
        return grew;
      }),
      Math.min(1_000, this.remaining()),
      false,
    );
  }

  private async autoscroll(capMs: number): Promise<void> {
    if (capMs <= 0) return;
    const script = await loadBehaviors();
    const run = this.page
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
    await within(run, capMs, undefined);
  }

  /**
   * Waits until the network is idle, or `capMs` passes. Idle means nothing in flight and either
   * `networkQuietMs` without a new request, or, sooner, the page's main thread going idle (a frame
   * and an idle callback) with no timer due within `networkQuietMs` and no request started: a page
   * that has stopped loading ends the wait at once instead of after a fixed span, and a page that
   * will fetch from a timer in a moment is waited for, as the fixed span would have.
   */
  private async waitForQuiet(capMs: number): Promise<void> {
    const until = Date.now() + capMs;
    const quiet = this.options.networkQuietMs;
    while (Date.now() < until) {
      if (this.inflight > 0) {
        await sleep(Math.min(POLL_MS, until - Date.now()));
        continue;
      }
      const idleFor = Date.now() - this.lastActivity;
      if (idleFor >= quiet) return;
      const before = this.started;
      const idle = await this.pageIdle(Math.min(quiet - idleFor, until - Date.now()));
      if (idle && this.inflight === 0 && this.started === before) return;
      if (!idle) await sleep(Math.min(POLL_MS, until - Date.now()));
    }
  }

  /**
   * Resolves true once the page has rendered a frame and gone idle with no short timer pending
   * (see {@link pageHelpers}), false if it still has one; after `ms` it gives up (false).
   */
  private async pageIdle(ms: number): Promise<boolean> {
    const idle = this.page.evaluate(
      ({ timeout, key }) => (window as unknown as Record<symbol, PageHelpers | undefined>)[Symbol.for(key)]?.idle(timeout) ?? false,
      { timeout: Math.max(1, Math.floor(ms)), key: PAGE_HELPERS },
    );
    return within(idle, ms, false);
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
    if (kind === 'popup' || this.finished) {
      await route.abort('blockedbyclient').catch(() => undefined);
      return;
    }
    const isMain = kind === 'main';
    let inBrowser = false;
    this.inflight++;
    this.started++;
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
        if (this.finished) {
          await route.abort('failed').catch(() => undefined);
          return;
        }
        this.exchanges.push(exchange);
        const contentType = headerValue(res.headers, 'content-type') ?? '';
        if (isMain) this.mainHops.push({ url: target, status: res.status, contentType, exchange });
        const location = res.status >= 300 && res.status < 400 ? headerValue(res.headers, 'location') : undefined;
        if (isMain && location === undefined && !HTML_TYPES.test(contentType)) this.mainResourceArrived();
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
        // Counted as in flight until the browser reports the response loaded (or a second passes).
        this.delivering.set(req, setTimeout(() => this.delivered(req), DELIVERY_GRACE_MS).unref());
        inBrowser = true;
        await route.fulfill({ status: res.status, headers: browserHeaders(res.headers), body: Buffer.from(res.body) });
        return;
      }
    } catch (err) {
      if (isMain && !this.mainError) this.mainError = err as Error;
      this.options.logger?.debug('request refused or failed', { url: req.url(), reason: (err as Error).message });
      await route.abort(err instanceof ForbiddenDestinationError ? 'blockedbyclient' : 'failed').catch(() => undefined);
    } finally {
      if (!inBrowser) {
        this.inflight--;
        this.lastActivity = Date.now();
      }
    }
  }

  /** The browser finished (or failed) loading a response this session delivered. */
  delivered(req: Request): void {
    const grace = this.delivering.get(req);
    if (!grace) return;
    clearTimeout(grace);
    this.delivering.delete(req);
    this.inflight--;
    this.lastActivity = Date.now();
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

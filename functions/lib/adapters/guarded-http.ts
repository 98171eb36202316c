import { lookup as dnsLookup } from 'node:dns/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Agent, request } from 'undici';
import { CaptureTimeoutError, NetworkError, TooLargeError, VerbatimError } from '../core/errors.js';
import { assertAllowedAddresses, assertCapturableScheme, isIpLiteral, type NetworkPolicy } from '../core/url-policy.js';

/** Resolves a hostname to every address it has. Injectable so tests can point names at loopback. */
export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => a.address);
};

export interface FetchedResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  /** The payload decoded from its Content-Encoding, as a browser delivers it to the page. */
  body: Uint8Array;
}

export interface OutgoingRequest {
  method: string;
  headers: [string, string][];
  body?: Uint8Array;
}

const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'expect',
  'proxy-connection',
  'te',
  'trailer',
]);

const decoders: Record<string, (b: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: (b) => promisify(zlib.inflate)(b).catch(() => promisify(zlib.inflateRaw)(b)),
  br: promisify(zlib.brotliDecompress),
};

/**
 * Fetches on the browser's behalf with the SSRF guard in the connection itself: the DNS answer that is
 * checked is the one that is dialled (no rebinding window), IP literals are checked before any
 * connection, and redirects are not followed here (the browser asks again and is checked again).
 */
export class GuardedHttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly policy: NetworkPolicy,
    private readonly resolver: Resolver = systemResolver,
    private readonly maxResponseBytes = 25 * 1024 * 1024,
  ) {
    this.agent = new Agent({
      connect: {
        lookup: (hostname, options, callback) => {
          const host = hostname.replace(/\.$/, '') || hostname;
          this.resolveChecked(hostname, host).then(
            (addresses) => {
              const family = (a: string) => (a.includes(':') ? 6 : 4);
              if ((options as { all?: boolean }).all) {
                callback(null, addresses.map((address) => ({ address, family: family(address) })) as never);
              } else {
                callback(null, addresses[0]!, family(addresses[0]!));
              }
            },
            (err: Error) => callback(err as NodeJS.ErrnoException, '', 4),
          );
        },
      },
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
  }

  private async resolveChecked(original: string, host: string, port?: string): Promise<string[]> {
    let addresses: string[];
    try {
      addresses = await this.resolver(host);
    } catch (err) {
      throw new NetworkError(`could not resolve ${original}: ${(err as Error).message}`, { cause: err });
    }
    // The connection's lookup knows no port: a host name allowed by origin was checked with its
    // port by `fetch` just before, so here only its other (public) answers are left to check.
    if (port === undefined && this.allowedByName(host)) return addresses;
    assertAllowedAddresses(new URL(`http://${original}${port ? `:${port}` : ''}`), addresses, this.policy);
    return addresses;
  }

  /** A host name (not an address) that `allowPrivateOrigins` names, on whatever port. */
  private allowedByName(host: string): boolean {
    const name = host.toLowerCase().replace(/\.$/, '');
    return !isIpLiteral(name) && this.policy.allowPrivateOrigins.some((o) => o.toLowerCase().replace(/:\d+$/, '') === name);
  }

  /** Checks a URL without connecting: scheme, IP literal and (through the resolver) its DNS answer. */
  async assertAllowed(url: URL): Promise<void> {
    assertCapturableScheme(url);
    if (this.policy.allowPrivateNetwork) return;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIpLiteral(host)) {
      assertAllowedAddresses(url, [host], this.policy);
      return;
    }
    const addresses = await this.resolveChecked(
      url.hostname,
      host.replace(/\.$/, ''),
      url.port || (url.protocol === 'https:' ? '443' : '80'),
    );
    assertAllowedAddresses(url, addresses, this.policy);
  }

  async fetch(urlText: string, req: OutgoingRequest, signal?: AbortSignal): Promise<FetchedResponse> {
    const url = new URL(urlText);
    assertCapturableScheme(url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIpLiteral(host)) assertAllowedAddresses(url, [host], this.policy);
    else if (this.allowedByName(host)) await this.assertAllowed(url);
    const headers: Record<string, string> = {};
    for (const [name, value] of req.headers) {
      const lower = name.toLowerCase();
      if (lower.startsWith(':') || HOP_BY_HOP.has(lower)) continue;
      headers[lower] = headers[lower] ? `${headers[lower]}, ${value}` : value;
    }
    headers['accept-encoding'] = 'gzip, deflate, br';
    try {
      const res = await request(url, {
        method: req.method as 'GET',
        headers,
        body: req.body && req.body.length > 0 ? Buffer.from(req.body) : undefined,
        dispatcher: this.agent,
        signal,
        maxRedirections: 0,
      } as Parameters<typeof request>[1]);
      const raw = await this.readCapped(res.body, url);
      const responseHeaders: [string, string][] = [];
      for (const [name, value] of Object.entries(res.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) responseHeaders.push([name, v]);
      }
      const encoding = String(res.headers['content-encoding'] ?? '')
        .trim()
        .toLowerCase();
      const body = await this.decode(raw, encoding, url);
      return { status: res.statusCode, statusText: '', headers: responseHeaders, body };
    } catch (err) {
      throw toDomainError(err, url);
    }
  }

  private async readCapped(body: AsyncIterable<Uint8Array> & { destroy(): void }, url: URL): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body) {
      total += chunk.length;
      if (total > this.maxResponseBytes) {
        body.destroy();
        throw new TooLargeError(`response from ${url.href} is over the ${this.maxResponseBytes}-byte cap`);
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }

  private async decode(raw: Buffer, encoding: string, url: URL): Promise<Uint8Array> {
    if (!encoding || encoding === 'identity') return raw;
    let data = raw;
    for (const step of encoding
      .split(',')
      .map((s) => s.trim())
      .reverse()) {
      const decoder = decoders[step];
      if (!decoder) return raw;
      data = await decoder(data).catch(() => data);
      if (data.length > this.maxResponseBytes) {
        throw new TooLargeError(`decoded response from ${url.href} is over the ${this.maxResponseBytes}-byte cap`);
      }
    }
    return data;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function toDomainError(err: unknown, url: URL): Error {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof VerbatimError) return e;
  }
  const code = (err as { code?: string }).code ?? '';
  const message = (err as Error).message ?? String(err);
  if (/TIMEOUT/i.test(code) || (err as Error).name === 'AbortError') {
    return new CaptureTimeoutError(`timed out fetching ${url.href}`, { cause: err });
  }
  return new NetworkError(`could not fetch ${url.href}: ${code || message}`, { cause: err });
}

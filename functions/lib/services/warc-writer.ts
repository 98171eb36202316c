import { STATUS_CODES } from 'node:http';
import { WARCRecord, WARCSerializer } from 'warcio';
import type { Exchange, PayloadRecord } from '../core/ports.js';
import { sha256Hex } from '../core/snapshot.js';

export interface WarcInput {
  /** The key the WARC will be stored under; payload records point at it for later revisits. */
  warcKey: string;
  filename: string;
  exchanges: Exchange[];
  /** Payloads already archived elsewhere, by SHA-256 hex: these become revisit records. */
  known: Map<string, PayloadRecord>;
  info: Record<string, string>;
  metadata: Record<string, unknown>;
  pageUrl: string;
  date: string;
}

export interface WarcOutput {
  bytes: Uint8Array;
  /** Payloads stored in full for the first time by this WARC, with their record offsets. */
  stored: PayloadRecord[];
  responseCount: number;
  revisitCount: number;
}

const DROP_RESPONSE_HEADERS = new Set(['content-encoding', 'transfer-encoding', 'content-length']);
const encoder = new TextEncoder();

async function* once(data: Uint8Array): AsyncGenerator<Uint8Array> {
  if (data.length > 0) yield data;
}

async function serialize(record: WARCRecord): Promise<Uint8Array> {
  return WARCSerializer.serialize(record, { gzip: true });
}

function requestLine(exchange: Exchange): string {
  const url = new URL(exchange.url);
  return `${exchange.method} ${url.pathname}${url.search} HTTP/1.1`;
}

function requestHeaders(exchange: Exchange): [string, string][] {
  const url = new URL(exchange.url);
  const headers = exchange.requestHeaders.filter(([n]) => !n.startsWith(':') && n.toLowerCase() !== 'host');
  return [['Host', url.host], ...headers];
}

/**
 * The payload as the browser received it (decoded), with Content-Encoding dropped and
 * Content-Length set to the stored payload, as browsertrix-crawler writes it, so replay works.
 */
function responseHeaders(exchange: Exchange): [string, string][] {
  const headers = exchange.responseHeaders.filter(([n]) => !DROP_RESPONSE_HEADERS.has(n.toLowerCase()));
  headers.push(['Content-Length', String(exchange.body.length)]);
  return headers;
}

function statusLine(exchange: Exchange): string {
  return `HTTP/1.1 ${exchange.status} ${exchange.statusText || STATUS_CODES[exchange.status] || ''}`.trimEnd();
}

/**
 * Writes a gzip-per-record WARC 1.1: warcinfo, then request and response (or revisit) for every
 * exchange, then a metadata record describing the capture. A payload already known (by SHA-256)
 * becomes an identical-payload-digest revisit, so unchanged content is not stored twice.
 */
export async function writeWarc(input: WarcInput): Promise<WarcOutput> {
  const builder = await WarcBuilder.start(input);
  await builder.add(input.exchanges);
  return builder.finish(input.metadata);
}

/**
 * Builds the same WARC in steps, so the records of the exchanges recorded so far are written while
 * the capture still runs (its screenshot, say), and the rest and the metadata record after.
 */
export class WarcBuilder {
  private readonly parts: Uint8Array[] = [];
  private offset = 0;
  private readonly stored: PayloadRecord[] = [];
  private readonly seen: Map<string, PayloadRecord>;
  private responseCount = 0;
  private revisitCount = 0;

  private constructor(private readonly input: Omit<WarcInput, 'exchanges' | 'metadata'>) {
    this.seen = new Map(input.known);
  }

  /** Starts the WARC with its warcinfo record. */
  static async start(input: Omit<WarcInput, 'exchanges' | 'metadata'>): Promise<WarcBuilder> {
    const builder = new WarcBuilder(input);
    builder.push(
      await serialize(WARCRecord.createWARCInfo({ filename: input.filename, warcVersion: 'WARC/1.1', date: input.date }, input.info)),
    );
    return builder;
  }

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.offset += bytes.length;
  }

  /** Appends a response (or revisit) and a request record for each exchange. */
  async add(exchanges: Exchange[]): Promise<void> {
    for (const exchange of exchanges) await this.addExchange(exchange);
  }

  private async addExchange(exchange: Exchange): Promise<void> {
    const digest = sha256Hex(exchange.body);
    const previous = exchange.body.length > 0 ? this.seen.get(digest) : undefined;
    const date = exchange.startedAt;
    let record: WARCRecord;
    if (previous) {
      record = WARCRecord.create(
        {
          url: exchange.url,
          date,
          type: 'revisit',
          warcVersion: 'WARC/1.1',
          statusline: statusLine(exchange),
          httpHeaders: responseHeaders(exchange),
          refersToUrl: previous.url,
          refersToDate: previous.date,
          warcHeaders: { 'WARC-Payload-Digest': `sha256:${digest}` },
        },
        once(new Uint8Array()),
      );
      this.revisitCount++;
    } else {
      record = WARCRecord.create(
        {
          url: exchange.url,
          date,
          type: 'response',
          warcVersion: 'WARC/1.1',
          statusline: statusLine(exchange),
          httpHeaders: responseHeaders(exchange),
        },
        once(exchange.body),
      );
      this.responseCount++;
    }
    const recordId = record.warcHeader('WARC-Record-ID') as string;
    const start = this.offset;
    const bytes = await serialize(record);
    this.push(bytes);
    if (!previous && exchange.body.length > 0) {
      const payload: PayloadRecord = {
        sha256: digest,
        url: exchange.url,
        date,
        warcKey: this.input.warcKey,
        offset: start,
        length: bytes.length,
      };
      this.seen.set(digest, payload);
      this.stored.push(payload);
    }
    const request = WARCRecord.create(
      {
        url: exchange.url,
        date,
        type: 'request',
        warcVersion: 'WARC/1.1',
        statusline: requestLine(exchange),
        httpHeaders: requestHeaders(exchange),
        warcHeaders: { 'WARC-Concurrent-To': recordId },
      },
      once(exchange.requestBody ?? new Uint8Array()),
    );
    this.push(await serialize(request));
  }

  /** Ends the WARC with the metadata record and returns it whole. */
  async finish(metadata: Record<string, unknown>): Promise<WarcOutput> {
    const record = WARCRecord.create(
      {
        url: this.input.pageUrl,
        date: this.input.date,
        type: 'metadata',
        warcVersion: 'WARC/1.1',
        warcHeaders: { 'Content-Type': 'application/json' },
      },
      once(encoder.encode(JSON.stringify(metadata))),
    );
    this.push(await serialize(record));
    const bytes = new Uint8Array(this.offset);
    let at = 0;
    for (const part of this.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return { bytes, stored: this.stored, responseCount: this.responseCount, revisitCount: this.revisitCount };
  }
}

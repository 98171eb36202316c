import { describe, it, expect } from 'vitest';
import { WARCParser, type WARCRecord } from 'warcio';
import type { Exchange, PayloadRecord } from '../../functions/lib/core/ports.js';
import { sha256Hex } from '../../functions/lib/core/snapshot.js';
import { writeWarc, type WarcInput } from '../../functions/lib/services/warc-writer.js';

const enc = new TextEncoder();
const WARC_KEY = 'warcs/src_0123456789abcdef/20241203100000-0123456789ab.warc.gz';
const HTML = enc.encode('<!doctype html><html><body><h1>Hama</h1><img src="/logo.png"></body></html>');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8, 0, 255]);

function exchange(overrides: Partial<Exchange> & Pick<Exchange, 'url' | 'body'>): Exchange {
  return {
    method: 'GET',
    requestHeaders: [['user-agent', 'Verbatim-Test']],
    status: 200,
    statusText: 'OK',
    responseHeaders: [['content-type', 'application/octet-stream']],
    startedAt: '2024-12-03T10:00:01.000Z',
    ...overrides,
  };
}

const page = exchange({
  url: 'https://news.example/hama?lang=is',
  requestHeaders: [
    [':authority', 'news.example'],
    ['host', 'news.example'],
    ['user-agent', 'Verbatim-Test'],
    ['accept', 'text/html'],
  ],
  responseHeaders: [
    ['content-type', 'text/html; charset=utf-8'],
    ['content-encoding', 'gzip'],
    ['content-length', '41'],
    ['transfer-encoding', 'chunked'],
    ['x-served-by', 'cache-1'],
  ],
  body: HTML,
});
const logo = exchange({
  url: 'https://news.example/logo.png',
  responseHeaders: [
    ['content-type', 'image/png'],
    ['Content-Encoding', 'br'],
  ],
  body: PNG,
  startedAt: '2024-12-03T10:00:02.000Z',
});
const redirect = exchange({
  url: 'http://news.example/old',
  status: 301,
  statusText: '',
  responseHeaders: [['location', 'https://news.example/hama?lang=is']],
  body: new Uint8Array(),
});

function input(exchanges: Exchange[], known: Map<string, PayloadRecord> = new Map()): WarcInput {
  return {
    warcKey: WARC_KEY,
    filename: '20241203100000-0123456789ab.warc.gz',
    exchanges,
    known,
    info: { software: 'Verbatim/test', isPartOf: 'src_0123456789abcdef' },
    metadata: { snapshotId: '20241203100000-0123456789ab', title: 'Hama' },
    pageUrl: 'https://news.example/hama?lang=is',
    date: '2024-12-03T10:00:00.000Z',
  };
}

interface Parsed {
  record: WARCRecord;
  type: string;
  payload: Uint8Array;
}

async function parseAll(bytes: Uint8Array): Promise<Parsed[]> {
  const out: Parsed[] = [];
  for await (const record of WARCParser.iterRecords([bytes])) {
    const payload = await record.readFully(false);
    out.push({ record, type: record.warcType as string, payload: new Uint8Array(payload) });
  }
  return out;
}

const byTarget = (records: Parsed[], type: string, url: string) => records.find((r) => r.type === type && r.record.warcTargetURI === url);

describe('writeWarc', () => {
  it('writes warcinfo, then request/response per exchange, then metadata', async () => {
    const out = await writeWarc(input([page, logo, redirect]));
    const records = await parseAll(out.bytes);
    expect(records.map((r) => r.type)).toEqual([
      'warcinfo',
      'response',
      'request',
      'response',
      'request',
      'response',
      'request',
      'metadata',
    ]);
    expect(out.responseCount).toBe(3);
    expect(out.revisitCount).toBe(0);
  });

  it('writes a gzip-per-record file (it starts with a gzip member)', async () => {
    const out = await writeWarc(input([page]));
    expect([out.bytes[0], out.bytes[1]]).toEqual([0x1f, 0x8b]);
  });

  it('records every record as WARC/1.1 with the page date in warcinfo and metadata', async () => {
    const records = await parseAll((await writeWarc(input([page]))).bytes);
    for (const r of records) expect(r.record.warcHeaders.protocol).toBe('WARC/1.1');
    expect(records[0]!.record.warcDate).toBe('2024-12-03T10:00:00.000Z');
    expect(records.at(-1)!.record.warcDate).toBe('2024-12-03T10:00:00.000Z');
  });

  it('stores each response payload byte for byte', async () => {
    const records = await parseAll((await writeWarc(input([page, logo]))).bytes);
    expect(byTarget(records, 'response', page.url)!.payload).toEqual(HTML);
    expect(byTarget(records, 'response', logo.url)!.payload).toEqual(PNG);
  });

  it('sets WARC-Payload-Digest to sha256:<hex> of the payload', async () => {
    const records = await parseAll((await writeWarc(input([page, logo]))).bytes);
    expect(byTarget(records, 'response', page.url)!.record.warcPayloadDigest).toBe(`sha256:${sha256Hex(HTML)}`);
    expect(byTarget(records, 'response', logo.url)!.record.warcPayloadDigest).toBe(`sha256:${sha256Hex(PNG)}`);
  });

  it('drops Content-Encoding and Transfer-Encoding and sets Content-Length to the stored payload', async () => {
    const records = await parseAll((await writeWarc(input([page, logo]))).bytes);
    for (const [ex, body] of [
      [page, HTML],
      [logo, PNG],
    ] as const) {
      const headers = byTarget(records, 'response', ex.url)!.record.httpHeaders!.headers;
      expect(headers.get('content-encoding')).toBeNull();
      expect(headers.get('transfer-encoding')).toBeNull();
      expect(headers.get('content-length')).toBe(String(body.length));
    }
  });

  it('keeps the other response headers and writes an HTTP/1.1 status line', async () => {
    const records = await parseAll((await writeWarc(input([page, redirect]))).bytes);
    const response = byTarget(records, 'response', page.url)!.record;
    expect(response.httpHeaders!.headers.get('x-served-by')).toBe('cache-1');
    expect(response.httpHeaders!.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.httpHeaders!.protocol).toBe('HTTP/1.1');
    expect(response.getResponseInfo()).toMatchObject({ status: 200, statusText: 'OK' });
    // An empty status text is filled from the status code.
    const moved = byTarget(records, 'response', redirect.url)!;
    expect(moved.record.getResponseInfo()).toMatchObject({ status: 301, statusText: 'Moved Permanently' });
    expect(moved.record.httpHeaders!.headers.get('location')).toBe(page.url);
    expect(moved.payload.length).toBe(0);
  });

  it('writes request records with Host, without pseudo-headers, concurrent to their response', async () => {
    const records = await parseAll((await writeWarc(input([page]))).bytes);
    const response = byTarget(records, 'response', page.url)!.record;
    const request = byTarget(records, 'request', page.url)!.record;
    expect(request.warcHeader('WARC-Concurrent-To')).toBe(response.warcHeader('WARC-Record-ID'));
    expect(request.httpHeaders!.statusline).toBe('GET /hama?lang=is HTTP/1.1');
    expect(request.httpHeaders!.headers.get('host')).toBe('news.example');
    expect(request.httpHeaders!.toString()).not.toContain(':authority');
    expect(request.httpHeaders!.toString().match(/^host:/gim)).toHaveLength(1);
    expect(request.httpHeaders!.headers.get('user-agent')).toBe('Verbatim-Test');
  });

  it('keeps a request body', async () => {
    const post = exchange({
      url: 'https://news.example/ajax/do?act=pts',
      method: 'POST',
      requestBody: enc.encode('a=1'),
      body: enc.encode('{}'),
    });
    const records = await parseAll((await writeWarc(input([post]))).bytes);
    const request = byTarget(records, 'request', post.url)!;
    expect(request.record.httpHeaders!.statusline).toBe('POST /ajax/do?act=pts HTTP/1.1');
    expect(new TextDecoder().decode(request.payload)).toBe('a=1');
  });

  it('writes the capture metadata as a JSON metadata record and the info as warcinfo fields', async () => {
    const records = await parseAll((await writeWarc(input([page]))).bytes);
    const metadata = records.at(-1)!;
    expect(metadata.record.warcTargetURI).toBe('https://news.example/hama?lang=is');
    expect(metadata.record.warcContentType).toBe('application/json');
    expect(JSON.parse(new TextDecoder().decode(metadata.payload))).toEqual({
      snapshotId: '20241203100000-0123456789ab',
      title: 'Hama',
    });
    const info = new TextDecoder().decode(records[0]!.payload);
    expect(info).toContain('software: Verbatim/test');
    expect(info).toContain('isPartOf: src_0123456789abcdef');
    expect(records[0]!.record.warcHeader('WARC-Filename')).toBe('20241203100000-0123456789ab.warc.gz');
  });

  it('reports each newly stored payload once, and none for empty bodies', async () => {
    const out = await writeWarc(input([page, logo, redirect]));
    expect(out.stored.map((s) => s.sha256)).toEqual([sha256Hex(HTML), sha256Hex(PNG)]);
    for (const s of out.stored) expect(s.warcKey).toBe(WARC_KEY);
    expect(out.stored[0]).toMatchObject({ url: page.url, date: page.startedAt });
  });

  it('points each stored offset/length at one parseable gzip member holding that response', async () => {
    const out = await writeWarc(input([page, logo, redirect]));
    for (const [stored, body] of [
      [out.stored[0]!, HTML],
      [out.stored[1]!, PNG],
    ] as const) {
      const member = out.bytes.subarray(stored.offset, stored.offset + stored.length);
      expect([member[0], member[1]]).toEqual([0x1f, 0x8b]);
      const records = await parseAll(member);
      expect(records).toHaveLength(1);
      expect(records[0]!.type).toBe('response');
      expect(records[0]!.record.warcTargetURI).toBe(stored.url);
      expect(records[0]!.payload).toEqual(body);
      expect(records[0]!.record.warcPayloadDigest).toBe(`sha256:${stored.sha256}`);
    }
  });

  describe('revisits', () => {
    const known = new Map<string, PayloadRecord>([
      [
        sha256Hex(PNG),
        {
          sha256: sha256Hex(PNG),
          url: 'https://news.example/logo-v1.png',
          date: '2024-12-01T08:00:00.000Z',
          warcKey: 'warcs/src_0123456789abcdef/20241201080000-aaaaaaaaaaaa.warc.gz',
          offset: 1234,
          length: 567,
        },
      ],
    ]);

    it('writes a known payload as a revisit record referring to where it was first stored', async () => {
      const out = await writeWarc(input([page, logo], known));
      const records = await parseAll(out.bytes);
      expect(records.map((r) => r.type)).toEqual(['warcinfo', 'response', 'request', 'revisit', 'request', 'metadata']);
      const revisit = byTarget(records, 'revisit', logo.url)!.record;
      expect(revisit.warcRefersToTargetURI).toBe('https://news.example/logo-v1.png');
      expect(revisit.warcRefersToDate).toBe('2024-12-01T08:00:00.000Z');
      expect(revisit.warcPayloadDigest).toBe(`sha256:${sha256Hex(PNG)}`);
      expect(revisit.warcHeader('WARC-Profile')).toMatch(/identical-payload-digest/);
      expect(out.responseCount).toBe(1);
      expect(out.revisitCount).toBe(1);
    });

    it('does not store the known payload again', async () => {
      const out = await writeWarc(input([page, logo], known));
      const records = await parseAll(out.bytes);
      expect(byTarget(records, 'revisit', logo.url)!.payload.length).toBe(0);
      expect(out.stored.map((s) => s.sha256)).toEqual([sha256Hex(HTML)]);
    });

    it('keeps the revisited response headers for replay', async () => {
      const records = await parseAll((await writeWarc(input([logo], known))).bytes);
      const revisit = byTarget(records, 'revisit', logo.url)!.record;
      expect(revisit.getResponseInfo()).toMatchObject({ status: 200 });
      expect(revisit.httpHeaders!.headers.get('content-type')).toBe('image/png');
      expect(revisit.httpHeaders!.headers.get('content-encoding')).toBeNull();
    });

    it('writes one response and one revisit for the same payload twice in one capture', async () => {
      const copy = exchange({
        url: 'https://news.example/logo-copy.png',
        body: new Uint8Array(PNG),
        startedAt: '2024-12-03T10:00:03.000Z',
      });
      const out = await writeWarc(input([logo, copy]));
      const records = await parseAll(out.bytes);
      expect(records.filter((r) => r.type === 'response')).toHaveLength(1);
      expect(records.filter((r) => r.type === 'revisit')).toHaveLength(1);
      const revisit = byTarget(records, 'revisit', copy.url)!.record;
      expect(revisit.warcRefersToTargetURI).toBe(logo.url);
      expect(revisit.warcRefersToDate).toBe(logo.startedAt);
      expect(out.stored).toHaveLength(1);
      expect(out.responseCount).toBe(1);
      expect(out.revisitCount).toBe(1);
    });

    it('never turns empty bodies into revisits', async () => {
      const again = exchange({ ...redirect, url: 'http://news.example/older' });
      const emptyKnown = new Map<string, PayloadRecord>([
        [sha256Hex(new Uint8Array()), { ...known.get(sha256Hex(PNG))!, sha256: sha256Hex(new Uint8Array()) }],
      ]);
      const out = await writeWarc(input([redirect, again], emptyKnown));
      const records = await parseAll(out.bytes);
      expect(records.filter((r) => r.type === 'revisit')).toHaveLength(0);
      expect(records.filter((r) => r.type === 'response')).toHaveLength(2);
      expect(out.stored).toHaveLength(0);
    });
  });
});

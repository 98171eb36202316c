import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { CDXIndexer, WARCParser } from 'warcio';
import yazl from 'yazl';
import { NotFoundError } from '../core/errors.js';
import type { ArchiveStore, PayloadRecord, SnapshotIndex } from '../core/ports.js';
import type { Snapshot } from '../core/snapshot.js';
import { VERBATIM_VERSION } from '../core/version.js';

export interface WaczDeps {
  store: ArchiveStore;
  index: Pick<SnapshotIndex, 'findPayloads'>;
}

interface Resource {
  name: string;
  path: string;
  hash: string;
  bytes: number;
}

const toNode = (stream: ReadableStream<Uint8Array>) => Readable.fromWeb(stream as import('node:stream/web').ReadableStream<Uint8Array>);

/** CDXJ lines and the payload digests of revisit records, read from one WARC as it streams. */
async function indexWarc(stream: ReadableStream<Uint8Array>, filename: string, baseOffset = 0): Promise<{ lines: string[]; revisits: string[] }> {
  const indexer = new CDXIndexer({ format: 'cdxj' });
  const lines: string[] = [];
  for await (const entry of indexer.iterIndex([{ filename, reader: toNode(stream) as unknown as AsyncIterable<Uint8Array> }])) {
    if (baseOffset) entry.offset = Number(entry.offset) + baseOffset;
    lines.push(indexer.serialize(entry));
  }
  const revisits = lines
    .map((line) => JSON.parse(line.slice(line.indexOf('{'))) as { mime?: string; digest?: string })
    .filter((e) => e.mime === 'warc/revisit' && e.digest)
    .map((e) => e.digest!);
  return { lines, revisits };
}

/** Adds a streamed entry, stored (WARCs are gzip per record already), and resolves with its SHA-256 and size. */
function addStored(zip: yazl.ZipFile, source: Readable, path: string): Promise<Resource> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new PassThrough();
  tap.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const done = new Promise<Resource>((resolve, reject) => {
    tap.on('end', () => resolve({ name: path.split('/').pop()!, path, hash: `sha256:${hash.digest('hex')}`, bytes }));
    tap.on('error', reject);
    source.on('error', (err) => tap.destroy(err));
  });
  source.pipe(tap);
  zip.addReadStream(tap, path, { compress: false });
  return done;
}

function addBuffer(zip: yazl.ZipFile, data: Buffer, path: string, compress = true): Resource {
  zip.addBuffer(data, path, { compress });
  return { name: path.split('/').pop()!, path, hash: `sha256:${createHash('sha256').update(data).digest('hex')}`, bytes: data.length };
}

/**
 * Streams a WACZ 1.2 package of one snapshot: its WARC (stored, not deflated), a second WARC with
 * the earlier payload records its revisit records point to (so the package replays on its own), a
 * CDXJ index written by warcio, `pages/pages.jsonl`, `datapackage.json` with every resource's
 * SHA-256 and size, and `datapackage-digest.json`. WARCs are read from the store as streams, never
 * whole; each earlier payload record is fetched by its byte range.
 */
export function writeWacz(deps: WaczDeps, snapshot: Snapshot): Readable {
  const warc = snapshot.artifacts.find((a) => a.name === 'warc');
  if (!warc) throw new NotFoundError(`snapshot ${snapshot.id} has no WARC`);
  const zip = new yazl.ZipFile();
  const build = async () => {
    const warcName = `archive/${snapshot.id}.warc.gz`;
    const { lines, revisits } = await indexWarc(await deps.store.stream(warc.key).then((s) => s.body), `${snapshot.id}.warc.gz`);
    const resources: Resource[] = [];
    resources.push(await addStored(zip, toNode((await deps.store.stream(warc.key)).body), warcName));

    const sources = [...(await deps.index.findPayloads([...new Set(revisits.map((d) => d.replace(/^sha256:/, '')))])).values()]
      .filter((p) => p.warcKey !== warc.key)
      .sort((a, b) => a.warcKey.localeCompare(b.warcKey) || a.offset - b.offset);
    if (sources.length) {
      const name = `${snapshot.id}-revisited.warc.gz`;
      let offset = 0;
      for (const record of sources as PayloadRecord[]) {
        const indexed = await indexWarc(await deps.store.streamRange(record.warcKey, record.offset, record.length), name, offset);
        lines.push(...indexed.lines);
        offset += record.length;
      }
      const members = Readable.from(
        (async function* () {
          for (const record of sources) yield* toNode(await deps.store.streamRange(record.warcKey, record.offset, record.length));
        })(),
      );
      resources.push(await addStored(zip, members, `archive/${name}`));
    }

    resources.push(addBuffer(zip, Buffer.from([...lines].sort().join('')), 'indexes/index.cdxj'));
    const text = snapshot.artifacts.find((a) => a.name === 'text');
    const pageText = text && text.bytes <= 1_000_000 ? Buffer.from(await deps.store.get(text.key)).toString('utf8') : undefined;
    const pages = [
      { format: 'json-pages-1.0', id: 'pages', title: 'All Pages' },
      { id: snapshot.id, url: snapshot.finalUrl ?? snapshot.url, ts: snapshot.capturedAt, title: snapshot.title, ...(pageText ? { text: pageText } : {}) },
    ];
    resources.push(addBuffer(zip, Buffer.from(pages.map((p) => JSON.stringify(p)).join('\n') + '\n'), 'pages/pages.jsonl'));

    const datapackage = Buffer.from(
      JSON.stringify(
        {
          profile: 'data-package',
          wacz_version: '1.2.0',
          title: snapshot.title ?? snapshot.url,
          created: new Date().toISOString(),
          modified: snapshot.capturedAt,
          mainPageURL: snapshot.finalUrl ?? snapshot.url,
          mainPageDate: snapshot.capturedAt,
          software: `Verbatim/${VERBATIM_VERSION}`,
          resources,
        },
        null,
        2,
      ),
    );
    const packageResource = addBuffer(zip, datapackage, 'datapackage.json');
    addBuffer(zip, Buffer.from(JSON.stringify({ path: 'datapackage.json', hash: packageResource.hash }, null, 2)), 'datapackage-digest.json');
    zip.end();
  };
  build().catch((err) => (zip.outputStream as unknown as Readable).destroy(err as Error));
  return zip.outputStream as Readable;
}

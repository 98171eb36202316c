import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { CDXIndexer, type WARCRecord } from 'warcio';
import yazl from 'yazl';
import { NotFoundError } from '../core/errors.js';
import type { ArchiveStore, PayloadRecord, SnapshotIndex, WaczSigner } from '../core/ports.js';
import type { Snapshot } from '../core/snapshot.js';
import { VERBATIM_VERSION } from '../core/version.js';

export interface WaczDeps {
  store: ArchiveStore;
  index: Pick<SnapshotIndex, 'findPayloads'>;
  /** Signs `datapackage-digest.json`; without one the package is hashed but unsigned. */
  signer?: WaczSigner;
}

interface Resource {
  name: string;
  path: string;
  hash: string;
  bytes: number;
}

const toNode = (stream: ReadableStream<Uint8Array>) => Readable.fromWeb(stream as import('node:stream/web').ReadableStream<Uint8Array>);

/**
 * The replay index: everything warcio indexes except Verbatim's own `metadata` record. That record
 * targets the page URL at the capture's start time, and ReplayWeb.page would pick it as the page's
 * memento, finding nothing to render (and, for a recapture, dropping the revisit beside it).
 */
class ReplayIndexer extends CDXIndexer {
  override filterRecord(record: WARCRecord): boolean {
    return record.warcType !== 'metadata' && super.filterRecord(record);
  }
}

/** CDXJ lines and the payload digests of revisit records, read from one WARC as it streams. */
async function indexWarc(reader: Readable, filename: string): Promise<{ lines: string[]; revisits: string[] }> {
  const indexer = new ReplayIndexer({ format: 'cdxj' });
  const lines: string[] = [];
  for await (const entry of indexer.iterIndex([{ filename, reader: reader as unknown as AsyncIterable<Uint8Array> }])) {
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

/**
 * Zips a WARC and indexes it from the same read: the one stream from the store feeds both, and
 * pauses whenever either falls behind.
 */
async function addWarc(
  zip: yazl.ZipFile,
  source: Readable,
  name: string,
): Promise<{ resource: Resource; lines: string[]; revisits: string[] }> {
  const forIndex = new PassThrough();
  const forZip = new PassThrough();
  source.on('error', (err) => {
    forIndex.destroy(err);
    forZip.destroy(err);
  });
  source.pipe(forIndex);
  source.pipe(forZip);
  const [indexed, resource] = await Promise.all([indexWarc(forIndex, name), addStored(zip, forZip, `archive/${name}`)]);
  return { resource, ...indexed };
}

function addBuffer(zip: yazl.ZipFile, data: Buffer, path: string, compress = true): Resource {
  zip.addBuffer(data, path, { compress });
  return { name: path.split('/').pop()!, path, hash: `sha256:${createHash('sha256').update(data).digest('hex')}`, bytes: data.length };
}

/** Page text kept in `pages/pages.jsonl`: each page's up to 1 MB, the package's up to 16 MB. */
const PAGE_TEXT_MAX = 1_000_000;
const PAGES_TEXT_BUDGET = 16_000_000;

export interface WaczOptions {
  /** The package title; defaults to the page title of a one-snapshot package. */
  title?: string;
  now?: () => Date;
}

/**
 * Streams a WACZ 1.2 package of one or more snapshots: each capture's WARC (stored, not deflated), a
 * further WARC with the earlier payload records that revisit records point to and the package does
 * not already hold (so it replays on its own), a CDXJ index written by warcio, `pages/pages.jsonl`,
 * `datapackage.json` with every resource's SHA-256 and size, and `datapackage-digest.json`, signed
 * when a signer is given. WARCs are read once from the store as streams, never whole; each earlier
 * payload record is fetched by its byte range.
 */
export function writeWacz(deps: WaczDeps, selection: Snapshot | Snapshot[], options: WaczOptions = {}): Readable {
  const snapshots = (Array.isArray(selection) ? selection : [selection]).filter((s) => s.artifacts.some((a) => a.name === 'warc'));
  if (!snapshots.length) {
    throw new NotFoundError(
      Array.isArray(selection) ? 'no captured snapshot with a WARC in the selection' : `snapshot ${selection.id} has no WARC`,
    );
  }
  const single = snapshots.length === 1 ? snapshots[0] : undefined;
  const now = options.now ?? (() => new Date());
  const zip = new yazl.ZipFile();
  const build = async () => {
    const resources: Resource[] = [];
    const lines: string[] = [];
    const revisits = new Set<string>();
    const included = new Set<string>();
    for (const snapshot of snapshots) {
      const warc = snapshot.artifacts.find((a) => a.name === 'warc')!;
      const added = await addWarc(zip, toNode((await deps.store.stream(warc.key)).body), `${snapshot.id}.warc.gz`);
      resources.push(added.resource);
      lines.push(...added.lines);
      for (const digest of added.revisits) revisits.add(digest.replace(/^sha256:/, ''));
      included.add(warc.key);
    }

    const sources = [...(await deps.index.findPayloads([...revisits])).values()]
      .filter((p) => !included.has(p.warcKey))
      .sort((a, b) => a.warcKey.localeCompare(b.warcKey) || a.offset - b.offset);
    if (sources.length) {
      const name = single ? `${single.id}-revisited.warc.gz` : 'revisited.warc.gz';
      const members = Readable.from(
        (async function* () {
          for (const record of sources as PayloadRecord[])
            yield* toNode(await deps.store.streamRange(record.warcKey, record.offset, record.length));
        })(),
      );
      const added = await addWarc(zip, members, name);
      resources.push(added.resource);
      lines.push(...added.lines);
    }

    resources.push(addBuffer(zip, Buffer.from([...lines].sort().join('')), 'indexes/index.cdxj'));
    const pages: object[] = [{ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' }];
    let textBudget = PAGES_TEXT_BUDGET;
    for (const snapshot of snapshots) {
      const text = snapshot.artifacts.find((a) => a.name === 'text');
      const keep = text && text.bytes <= PAGE_TEXT_MAX && text.bytes <= textBudget;
      const pageText = keep ? Buffer.from(await deps.store.get(text.key)).toString('utf8') : undefined;
      if (keep) textBudget -= text.bytes;
      pages.push({
        id: snapshot.id,
        url: snapshot.finalUrl ?? snapshot.url,
        ts: snapshot.capturedAt,
        title: snapshot.title,
        ...(pageText ? { text: pageText } : {}),
      });
    }
    resources.push(addBuffer(zip, Buffer.from(`${pages.map((p) => JSON.stringify(p)).join('\n')}\n`), 'pages/pages.jsonl'));

    const newest = snapshots.reduce((a, b) => (b.capturedAt > a.capturedAt ? b : a));
    const created = now();
    const datapackage = Buffer.from(
      JSON.stringify(
        {
          profile: 'data-package',
          wacz_version: '1.2.0',
          title: options.title ?? single?.title ?? newest.url,
          created: created.toISOString(),
          modified: newest.capturedAt,
          ...(single ? { mainPageURL: single.finalUrl ?? single.url, mainPageDate: single.capturedAt } : {}),
          software: `Verbatim/${VERBATIM_VERSION}`,
          resources,
        },
        null,
        2,
      ),
    );
    const packageResource = addBuffer(zip, datapackage, 'datapackage.json');
    const signedData = deps.signer ? await deps.signer.sign(packageResource.hash, created) : undefined;
    addBuffer(
      zip,
      Buffer.from(JSON.stringify({ path: 'datapackage.json', hash: packageResource.hash, ...(signedData ? { signedData } : {}) }, null, 2)),
      'datapackage-digest.json',
    );
    zip.end();
  };
  build().catch((err) => (zip.outputStream as unknown as Readable).destroy(err as Error));
  return zip.outputStream as Readable;
}

import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import yazl from 'yazl';

export interface ZipEntry {
  name: string;
  /** 0 when stored, 8 when deflated. */
  method: number;
  data: Buffer;
}

/** Every entry of a zip, in order, read whole (test packages are small). */
export function unzip(zip: Buffer): Promise<Map<string, ZipEntry>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      const entries = new Map<string, ZipEntry>();
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, { name: entry.fileName, method: entry.compressionMethod, data: Buffer.concat(chunks) });
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(entries));
      file.readEntry();
    });
  });
}

/** A zip of `entries`, each stored or deflated as its `method` says. */
export function zipEntries(entries: Iterable<ZipEntry>): Promise<Buffer> {
  const out = new yazl.ZipFile();
  for (const e of entries) out.addBuffer(e.data, e.name, { compress: e.method !== 0 });
  out.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    out.outputStream.on('data', (c: Buffer) => chunks.push(c));
    out.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    out.outputStream.on('error', reject);
  });
}

/** A WACZ-style `sha256:<hex>` digest. */
export const sha256Of = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

import { gunzipSync } from 'node:zlib';

/** One file of the built web view. Text files are kept gzipped, images as they are. */
export interface UiFile {
  contentType: string;
  /** SHA-256 of the file's bytes (uncompressed), hex. */
  sha256: string;
  bytes: number;
  gzip?: string;
  base64?: string;
}

/** The built web view: paths below `/ui/` to files, and the entry script and stylesheet. */
export interface UiBundle {
  script: string;
  style: string;
  files: Record<string, UiFile>;
}

export interface UiAsset {
  body: Uint8Array;
  contentType: string;
  sha256: string;
  encoding?: 'gzip';
}

/**
 * Serves the bundle's files: gzipped bytes to clients that accept gzip, otherwise the bytes
 * inflated once and kept.
 */
export class UiAssets {
  private readonly plain = new Map<string, Uint8Array>();

  constructor(private readonly bundle: UiBundle) {}

  get(name: string, acceptsGzip: boolean): UiAsset | undefined {
    const file = Object.hasOwn(this.bundle.files, name) ? this.bundle.files[name] : undefined;
    if (!file) return undefined;
    if (file.base64 !== undefined) return { body: Buffer.from(file.base64, 'base64'), contentType: file.contentType, sha256: file.sha256 };
    const gzip = Buffer.from(file.gzip ?? '', 'base64');
    if (acceptsGzip) return { body: gzip, contentType: file.contentType, sha256: file.sha256, encoding: 'gzip' };
    let plain = this.plain.get(name);
    if (!plain) {
      plain = gunzipSync(gzip);
      this.plain.set(name, plain);
    }
    return { body: plain, contentType: file.contentType, sha256: file.sha256 };
  }

  /** Every file's name, compressed size and size, for the size report. */
  sizes(): { name: string; bytes: number; gzip: number }[] {
    return Object.entries(this.bundle.files).map(([name, f]) => ({
      name,
      bytes: f.bytes,
      gzip: f.gzip ? Buffer.from(f.gzip, 'base64').length : f.bytes,
    }));
  }
}

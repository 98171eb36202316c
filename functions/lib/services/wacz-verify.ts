import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { NonRetryableError } from '../core/errors.js';
import type { SignedData } from '../core/ports.js';
import { publicKeyFingerprint, verifySignedData } from './wacz-signing.js';

interface WaczProblem {
  path: string;
  detail: string;
}

export interface WaczVerification {
  file: string;
  resources: number;
  bytes: number;
  signed: boolean;
  publicKey?: string;
  fingerprint?: string;
  created?: string;
  problems: WaczProblem[];
}

class WaczReadError extends NonRetryableError {
  override name = 'WaczReadError';
}

interface DataPackage {
  resources?: { path?: string; hash?: string; bytes?: number }[];
}

interface Digest {
  path?: string;
  hash?: string;
  signedData?: SignedData;
}

const DIGEST_FILE = 'datapackage-digest.json';
const PACKAGE_FILE = 'datapackage.json';
const JSON_LIMIT = 64 * 1024 * 1024;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) =>
      err || !zip ? reject(new WaczReadError(`${file} is not a readable zip: ${err?.message}`)) : resolve(zip),
    ),
  );
}

async function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(err) : resolve(stream))));
}

/** SHA-256 and size of one entry, streamed. */
async function hashEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<{ hash: string; bytes: number; data?: Buffer }> {
  const hash = createHash('sha256');
  const keep = entry.uncompressedSize <= JSON_LIMIT && entry.fileName.endsWith('.json');
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of await openEntry(zip, entry)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
    if (keep) chunks.push(chunk as Buffer);
  }
  return { hash: `sha256:${hash.digest('hex')}`, bytes, data: keep ? Buffer.concat(chunks) : undefined };
}

function parseJson<T>(data: Buffer | undefined, path: string, problems: WaczProblem[]): T | undefined {
  try {
    return JSON.parse(data?.toString('utf8') ?? '') as T;
  } catch {
    problems.push({ path, detail: 'is not valid JSON' });
    return undefined;
  }
}

/**
 * Checks a WACZ file on its own, as an archivist receiving it would (WACZ Signing and Verification
 * 0.1.0, anonymous form): every resource in `datapackage.json` is present with its SHA-256 and size;
 * `datapackage-digest.json` holds the SHA-256 of `datapackage.json`; and a `signedData` signature
 * verifies against its public key, which must be `expectedPublicKey` when one is given.
 */
export async function verifyWaczFile(file: string, expectedPublicKey?: string): Promise<WaczVerification> {
  const zip = await openZip(file);
  try {
    const entries = await listEntries(zip);
    const problems: WaczProblem[] = [];
    const packageEntry = entries.get(PACKAGE_FILE);
    if (!packageEntry) return { file, resources: 0, bytes: 0, signed: false, problems: [{ path: PACKAGE_FILE, detail: 'is missing' }] };
    const packageHashed = await hashEntry(zip, packageEntry);
    const datapackage = parseJson<DataPackage>(packageHashed.data, PACKAGE_FILE, problems);

    let bytes = 0;
    const resources = datapackage?.resources ?? [];
    for (const resource of resources) {
      const entry = resource.path ? entries.get(resource.path) : undefined;
      if (!entry) {
        problems.push({ path: resource.path ?? '(no path)', detail: 'is listed in datapackage.json but not in the package' });
        continue;
      }
      const actual = await hashEntry(zip, entry);
      bytes += actual.bytes;
      if (actual.hash !== resource.hash)
        problems.push({ path: entry.fileName, detail: `hashes to ${actual.hash}, datapackage.json records ${resource.hash}` });
      if (actual.bytes !== resource.bytes)
        problems.push({ path: entry.fileName, detail: `is ${actual.bytes} bytes, datapackage.json records ${resource.bytes}` });
    }
    const listed = new Set([PACKAGE_FILE, DIGEST_FILE, ...resources.map((r) => r.path)]);
    for (const name of entries.keys()) {
      if (!listed.has(name) && !name.endsWith('/'))
        problems.push({ path: name, detail: 'is in the package but not listed in datapackage.json' });
    }

    const digestEntry = entries.get(DIGEST_FILE);
    const digest = digestEntry ? parseJson<Digest>((await hashEntry(zip, digestEntry)).data, DIGEST_FILE, problems) : undefined;
    if (!digestEntry) problems.push({ path: DIGEST_FILE, detail: 'is missing' });
    else if (digest && digest.hash !== packageHashed.hash) {
      problems.push({ path: DIGEST_FILE, detail: `records ${digest.hash} for datapackage.json, which hashes to ${packageHashed.hash}` });
    }

    const signed = digest?.signedData;
    if (signed) {
      if (signed.hash !== packageHashed.hash)
        problems.push({ path: DIGEST_FILE, detail: 'signedData.hash is not the hash of datapackage.json' });
      if (!verifySignedData(signed))
        problems.push({ path: DIGEST_FILE, detail: 'signedData.signature does not verify against signedData.publicKey' });
      if (expectedPublicKey && signed.publicKey !== expectedPublicKey) {
        problems.push({
          path: DIGEST_FILE,
          detail: `signed by key ${publicKeyFingerprint(signed.publicKey).slice(0, 16)}…, not the expected key ${publicKeyFingerprint(expectedPublicKey).slice(0, 16)}…`,
        });
      }
    } else if (expectedPublicKey) {
      problems.push({ path: DIGEST_FILE, detail: 'the package is not signed' });
    }
    return {
      file,
      resources: resources.length,
      bytes,
      signed: Boolean(signed),
      ...(signed ? { publicKey: signed.publicKey, fingerprint: publicKeyFingerprint(signed.publicKey), created: signed.created } : {}),
      problems,
    };
  } finally {
    zip.close();
  }
}

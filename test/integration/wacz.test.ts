import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { captureJob } from '../../functions/lib/services/capture-service.js';
import { createHttpApp } from '../../functions/lib/wiring.js';
import { ARTICLE_HTML, startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { jobFor, startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { readWarc } from '../support/warc.js';

interface Entry {
  name: string;
  method: number;
  data: Buffer;
}

function unzip(zip: Buffer): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      const entries = new Map<string, Entry>();
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

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('WACZ export', () => {
  let site: FixtureSite;
  let stack: EmulatedStack;
  const READ = 'wacz-read-key-0123456789';

  beforeAll(async () => {
    site = await startFixtureSite();
    stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host });
  });
  afterAll(async () => {
    await stack?.close();
    await site?.close();
  });

  async function wacz(id: string): Promise<Map<string, Entry>> {
    const app = createHttpApp(stack.services, stack.config, { adminKey: 'wacz-admin-key-0123456789', readKey: READ });
    const res = await app.request(`/snapshots/${id}/wacz`, { headers: { authorization: `Bearer ${READ}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/wacz');
    return unzip(Buffer.from(await res.arrayBuffer()));
  }

  it('packages a deduplicated recapture so it stands alone: stored WARCs, CDXJ, pages and verified datapackage', async () => {
    const url = `${site.origin}/article`;
    await captureJob(stack.services.captureDeps, jobFor(url));
    const { snapshot } = await captureJob(stack.services.captureDeps, jobFor(url));
    expect(snapshot.status).toBe('unchanged');

    const entries = await wacz(snapshot.id);

    expect([...entries.keys()].sort()).toEqual(
      [
        `archive/${snapshot.id}-revisited.warc.gz`,
        `archive/${snapshot.id}.warc.gz`,
        'datapackage-digest.json',
        'datapackage.json',
        'indexes/index.cdxj',
        'pages/pages.jsonl',
      ].sort(),
    );
    for (const name of [`archive/${snapshot.id}.warc.gz`, `archive/${snapshot.id}-revisited.warc.gz`]) expect(entries.get(name)!.method).toBe(0);
    const datapackage = JSON.parse(entries.get('datapackage.json')!.data.toString()) as { wacz_version: string; resources: { path: string; hash: string; bytes: number }[] };
    expect(datapackage.wacz_version).toBe('1.2.0');
    expect(datapackage.resources.map((r) => r.path).sort()).toEqual([...entries.keys()].filter((k) => !k.startsWith('datapackage')).sort());
    for (const resource of datapackage.resources) {
      expect(sha(entries.get(resource.path)!.data), resource.path).toBe(resource.hash);
      expect(entries.get(resource.path)!.data.length, resource.path).toBe(resource.bytes);
    }
    expect(JSON.parse(entries.get('datapackage-digest.json')!.data.toString()).hash).toBe(sha(entries.get('datapackage.json')!.data));

    const revisited = await readWarc(entries.get(`archive/${snapshot.id}-revisited.warc.gz`)!.data);
    const original = revisited.find((r) => r.type === 'response' && r.url === url);
    expect(Buffer.from(original!.payload).toString()).toBe(ARTICLE_HTML);
    const cdxj = entries.get('indexes/index.cdxj')!.data.toString().trim().split('\n');
    expect(cdxj).toEqual([...cdxj].sort());
    const forPage = cdxj
      .filter((l) => l.includes(`"url":"${url}"`))
      .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { mime: string; filename: string })
      .filter((e) => e.mime !== 'application/json');
    expect(forPage.map((e) => e.mime).sort()).toEqual(['text/html', 'warc/revisit']);
    expect(forPage.find((e) => e.mime === 'text/html')!.filename).toBe(`${snapshot.id}-revisited.warc.gz`);
    const pages = entries.get('pages/pages.jsonl')!.data.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(pages[1]).toMatchObject({ url, title: 'Rebels advance on Hama' });
  });

  it('answers 404 problem+json for an unknown snapshot', async () => {
    const app = createHttpApp(stack.services, stack.config, { adminKey: 'wacz-admin-key-0123456789', readKey: READ });

    const res = await app.request('/snapshots/20241203101500-0123456789ab/wacz', { headers: { authorization: `Bearer ${READ}` } });

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

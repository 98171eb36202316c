import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedData } from '../../functions/lib/core/ports.js';
import { generateSigningKeyPem, publicKeyOf, signingKeyFrom, verifySignedData } from '../../functions/lib/services/wacz-signing.js';
import { verifyWaczFile } from '../../functions/lib/services/wacz-verify.js';
import { runCli } from '../../functions/lib/cli/program.js';
import { captureJob } from '../../functions/lib/services/capture-service.js';
import { createHttpApp } from '../../functions/lib/wiring.js';
import { ARTICLE_HTML, type FixtureSite } from '../support/fixture-site.js';
import { jobFor, startFixtureStack, type EmulatedStack } from '../support/emulated-stack.js';
import { readWarc } from '../support/warc.js';
import { sha256Of, unzip, zipEntries } from '../support/zip.js';

/** Rewrites a WACZ with the same entries and compression, after `change` edits their bytes. */
async function tampered(dir: string, wacz: Buffer, name: string, change: (entries: Map<string, Buffer>) => void): Promise<string> {
  const entries = await unzip(wacz);
  const data = new Map([...entries].map(([k, e]) => [k, e.data]));
  change(data);
  const file = path.join(dir, `${name}.wacz`);
  await writeFile(file, await zipEntries([...entries.values()].map((e) => ({ ...e, data: data.get(e.name)! }))));
  return file;
}

function flipByte(entries: Map<string, Buffer>, name: string): void {
  const data = Buffer.from(entries.get(name)!);
  const at = Math.floor(data.length / 2);
  data[at] = data[at]! ^ 0x01;
  entries.set(name, data);
}

describe('WACZ export', () => {
  let site: FixtureSite;
  let stack: EmulatedStack;
  const READ = 'wacz-read-key-0123456789';

  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ site, stack, close } = await startFixtureStack());
  });
  afterAll(() => close());

  const appFor = () => createHttpApp(stack.services, stack.config, { adminKey: 'wacz-admin-key-0123456789', readKey: READ });

  async function waczBytes(route: string): Promise<Buffer> {
    const res = await appFor().request(route, { headers: { authorization: `Bearer ${READ}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/wacz');
    return Buffer.from(await res.arrayBuffer());
  }
  const wacz = async (id: string) => unzip(await waczBytes(`/snapshots/${id}/wacz`));
  const sourceWacz = async (sourceId: string, query = '') => unzip(await waczBytes(`/sources/${sourceId}/wacz${query}`));

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
    for (const name of [`archive/${snapshot.id}.warc.gz`, `archive/${snapshot.id}-revisited.warc.gz`])
      expect(entries.get(name)!.method).toBe(0);
    const datapackage = JSON.parse(entries.get('datapackage.json')!.data.toString()) as {
      wacz_version: string;
      resources: { path: string; hash: string; bytes: number }[];
    };
    expect(datapackage.wacz_version).toBe('1.2.0');
    expect(datapackage.resources.map((r) => r.path).sort()).toEqual([...entries.keys()].filter((k) => !k.startsWith('datapackage')).sort());
    for (const resource of datapackage.resources) {
      expect(sha256Of(entries.get(resource.path)!.data), resource.path).toBe(resource.hash);
      expect(entries.get(resource.path)!.data.length, resource.path).toBe(resource.bytes);
    }
    expect(JSON.parse(entries.get('datapackage-digest.json')!.data.toString()).hash).toBe(sha256Of(entries.get('datapackage.json')!.data));

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
    const pages = entries
      .get('pages/pages.jsonl')!
      .data.toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(pages[1]).toMatchObject({ url, title: 'Rebels advance on Hama' });
  });

  it('signs the datapackage digest with the archive key published at /signing-key', async () => {
    const { snapshot } = await captureJob(stack.services.captureDeps, jobFor(`${site.origin}/article`));
    const entries = await wacz(snapshot.id);
    const keyRes = await appFor().request('/signing-key', { headers: { authorization: `Bearer ${READ}` } });
    const { publicKey, fingerprint } = (await keyRes.json()) as { publicKey: string; fingerprint: string };

    const digest = JSON.parse(entries.get('datapackage-digest.json')!.data.toString()) as { hash: string; signedData: SignedData };

    expect(digest.signedData.hash).toBe(sha256Of(entries.get('datapackage.json')!.data));
    expect(digest.signedData.publicKey).toBe(publicKey);
    expect(verifySignedData(digest.signedData)).toBe(true);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('packages every capture of a source in a time range into one WACZ, oldest first, adding earlier payloads only when the range leaves them out', async () => {
    const url = `${site.origin}/evolving?range=${Date.now()}`;
    const first = (await captureJob(stack.services.captureDeps, jobFor(url))).snapshot;
    const second = (await captureJob(stack.services.captureDeps, jobFor(url))).snapshot;
    const third = (await captureJob(stack.services.captureDeps, jobFor(url))).snapshot;

    const all = await sourceWacz(first.sourceId);
    const fromSecond = await sourceWacz(first.sourceId, `?from=${encodeURIComponent(second.capturedAt)}`);

    expect([...all.keys()].filter((k) => k.startsWith('archive/')).sort()).toEqual(
      [first, second, third].map((s) => `archive/${s.id}.warc.gz`).sort(),
    );
    const pages = all
      .get('pages/pages.jsonl')!
      .data.toString()
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as { id: string });
    expect(pages.map((p) => p.id)).toEqual([first.id, second.id, third.id]);
    expect([...fromSecond.keys()].filter((k) => k.startsWith('archive/')).sort()).toEqual(
      [...[second, third].map((s) => `archive/${s.id}.warc.gz`), 'archive/revisited.warc.gz'].sort(),
    );
    const datapackage = JSON.parse(all.get('datapackage.json')!.data.toString()) as { resources: { path: string; hash: string }[] };
    for (const resource of datapackage.resources) expect(sha256Of(all.get(resource.path)!.data), resource.path).toBe(resource.hash);
  });

  it('answers 404 for a source range with no capture and 400 for a reversed range', async () => {
    const app = appFor();
    const headers = { authorization: `Bearer ${READ}` };

    const empty = await app.request('/sources/src_0123456789abcdef/wacz', { headers });
    const reversed = await app.request('/sources/src_0123456789abcdef/wacz?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z', { headers });

    expect(empty.status).toBe(404);
    expect(reversed.status).toBe(400);
    expect(reversed.headers.get('content-type')).toBe('application/problem+json');
  });

  it('verify-wacz passes an exported package and names a flipped byte, a rewritten datapackage and a foreign key', async () => {
    const { snapshot } = await captureJob(stack.services.captureDeps, jobFor(`${site.origin}/article`));
    const bytes = await waczBytes(`/snapshots/${snapshot.id}/wacz`);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-wacz-'));
    const good = path.join(dir, 'good.wacz');
    await writeFile(good, bytes);
    const publicKey = await stack.services.signer.publicKey();

    const clean = await verifyWaczFile(good, publicKey);
    const flipped = await verifyWaczFile(
      await tampered(dir, bytes, 'flipped', (entries) => flipByte(entries, `archive/${snapshot.id}.warc.gz`)),
    );
    const rewritten = await verifyWaczFile(
      await tampered(dir, bytes, 'rewritten', (entries) => {
        const pkg = JSON.parse(entries.get('datapackage.json')!.toString()) as { title: string };
        entries.set('datapackage.json', Buffer.from(JSON.stringify({ ...pkg, title: 'forged' })));
      }),
    );
    const foreign = await verifyWaczFile(good, publicKeyOf(signingKeyFrom(generateSigningKeyPem())));

    expect(clean).toMatchObject({ signed: true, publicKey, problems: [] });
    expect(clean.resources).toBeGreaterThanOrEqual(3);
    expect(flipped.problems.map((p) => p.path)).toEqual([`archive/${snapshot.id}.warc.gz`]);
    expect(rewritten.problems.map((p) => p.detail).join('\n')).toMatch(/records sha256:[0-9a-f]{64} for datapackage.json/);
    expect(foreign.problems.map((p) => p.detail).join('\n')).toMatch(/not the expected key/);
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => out.push(t), env: {} };
    expect(await runCli(['verify-wacz', good, '--public-key', publicKey], io)).toBe(0);
    expect(await runCli(['verify-wacz', path.join(dir, 'flipped.wacz')], io)).toBe(1);
    expect(out.join('')).toMatch(/signed .* by key [0-9a-f]{64}: 0 problems/);
    expect(out.join('')).toContain(`archive/${snapshot.id}.warc.gz`);
    await rm(dir, { recursive: true, force: true });
  });

  it('on AWS-style delivery builds the package into exports/ and redirects to a presigned link that serves it', async () => {
    const { snapshot } = await captureJob(stack.services.captureDeps, jobFor(`${site.origin}/article`));
    const app = createHttpApp(
      stack.services,
      stack.config,
      { adminKey: 'wacz-admin-key-0123456789', readKey: READ },
      { artifactDelivery: 'redirect' },
    );

    const res = await app.request(`/snapshots/${snapshot.id}/wacz`, { headers: { authorization: `Bearer ${READ}` } });
    const location = new URL(res.headers.get('location')!);
    const download = await fetch(location);
    const entries = await unzip(Buffer.from(await download.arrayBuffer()));

    expect(res.status).toBe(302);
    expect(location.pathname).toMatch(new RegExp(`/exports/\\d{4}-\\d{2}-\\d{2}/${snapshot.id}-[0-9a-f]{8}\\.wacz$`));
    expect(location.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(download.status).toBe(200);
    expect(entries.has(`archive/${snapshot.id}.warc.gz`)).toBe(true);
    expect(JSON.parse(entries.get('datapackage-digest.json')!.data.toString()).hash).toBe(sha256Of(entries.get('datapackage.json')!.data));
  });

  it('answers 404 problem+json for an unknown snapshot', async () => {
    const app = createHttpApp(stack.services, stack.config, { adminKey: 'wacz-admin-key-0123456789', readKey: READ });

    const res = await app.request('/snapshots/20241203101500-0123456789ab/wacz', { headers: { authorization: `Bearer ${READ}` } });

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

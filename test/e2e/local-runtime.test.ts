import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_HTML, startCanary, startFixtureSite, type Canary, type FixtureSite } from '../support/fixture-site.js';
import { startLocalProcess, type LocalProcess } from '../support/local-process.js';
import { readWarc } from '../support/warc.js';
import { runCli } from '../../functions/lib/cli/program.js';

interface SnapshotBody {
  id: string;
  status: string;
  error?: string;
  artifacts: { name: string; bytes: number; sha256: string; href: string }[];
}

describe('npm start, driven through the HTTP API', () => {
  let site: FixtureSite;
  let canary: Canary;
  let dataDir: string;
  let sourcesFile: string;
  let runtime: LocalProcess;

  beforeAll(async () => {
    site = await startFixtureSite();
    canary = await startCanary();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-e2e-'));
    sourcesFile = path.join(dataDir, 'sources.json');
    await writeFile(sourcesFile, JSON.stringify([{ url: `${site.origin}/xhr`, schedule: 'rate(1 day)' }]));
    const started = Date.now();
    runtime = await startLocalProcess({
      VERBATIM_DATA_DIR: dataDir,
      VERBATIM_SOURCES: sourcesFile,
      VERBATIM_ALLOW_PRIVATE_NETWORK: 'true',
    });
    const health = await fetch(`${runtime.url}/health`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
  afterAll(async () => {
    await runtime?.stop();
    await site?.close();
    await canary?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const api =
    (key: string) =>
    (route: string, init: RequestInit = {}) =>
      fetch(`${runtime.url}${route}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
      });

  it('answers /health without a key', async () => {
    const res = await fetch(`${runtime.url}/health`);

    expect(await res.json()).toEqual({ ok: true });
  });

  it('captures a loopback article and every artifact hashes to its recorded sha256', async () => {
    const res = await api(runtime.adminKey)('/captures', { method: 'POST', body: JSON.stringify({ url: `${site.origin}/article` }) });
    const snapshot = (await res.json()) as SnapshotBody;

    expect(res.status).toBe(201);
    expect(snapshot.status).toBe('captured');
    expect(snapshot.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['warc', 'html', 'screenshot', 'text', 'claims']));
    for (const artifact of snapshot.artifacts) {
      const download = await api(runtime.readKey)(artifact.href);
      const bytes = new Uint8Array(await download.arrayBuffer());
      expect(download.status, artifact.name).toBe(200);
      expect(bytes.length, artifact.name).toBe(artifact.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), artifact.name).toBe(artifact.sha256);
      if (artifact.name === 'warc') {
        const records = await readWarc(bytes);
        const main = records.find((r) => r.type === 'response' && r.url === `${site.origin}/article`);
        expect(Buffer.from(main!.payload).toString()).toBe(ARTICLE_HTML);
      }
    }
    const listed = await api(runtime.readKey)(`/snapshots?url=${encodeURIComponent(`${site.origin}/article`)}`);
    expect(((await listed.json()) as { snapshots: SnapshotBody[] }).snapshots.map((s) => s.id)).toContain(snapshot.id);
  });

  it('exports a snapshot as a WACZ with the CLI', async () => {
    const { snapshots } = (await (await api(runtime.readKey)(`/snapshots?url=${encodeURIComponent(`${site.origin}/article`)}`)).json()) as {
      snapshots: SnapshotBody[];
    };
    const file = path.join(dataDir, 'export.wacz');
    const out: string[] = [];

    const code = await runCli(['export', snapshots[0]!.id, '-o', file], {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      env: { VERBATIM_API_URL: runtime.url, VERBATIM_API_KEY: runtime.readKey },
    });

    expect(code, out.join('')).toBe(0);
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.includes(Buffer.from('datapackage-digest.json'))).toBe(true);
  });

  it('runs the scheduled source from the sources file', async () => {
    let sources: { url: string; lastStatus?: string }[] = [];
    for (let i = 0; i < 100 && !sources[0]?.lastStatus; i++) {
      const res = await api(runtime.readKey)('/sources');
      sources = ((await res.json()) as { sources: typeof sources }).sources;
      if (!sources[0]?.lastStatus) await new Promise((r) => setTimeout(r, 300));
    }

    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe(`${site.origin}/xhr`);
    expect(sources[0]!.lastStatus).toBe('captured');
  });

  it('keeps its data across a restart and shuts down cleanly on Ctrl-C', async () => {
    const before = (await (await api(runtime.readKey)('/snapshots')).json()) as { snapshots: SnapshotBody[] };

    await runtime.stop();
    const firstRun = runtime.output();
    runtime = await startLocalProcess({
      VERBATIM_DATA_DIR: dataDir,
      VERBATIM_SOURCES: sourcesFile,
      VERBATIM_ALLOW_PRIVATE_NETWORK: 'true',
    });
    const after = (await (await api(runtime.readKey)('/snapshots')).json()) as { snapshots: SnapshotBody[] };

    expect(firstRun, firstRun.slice(-1500)).toContain('Verbatim stopped cleanly');
    expect(before.snapshots.length).toBeGreaterThan(0);
    expect(after.snapshots.map((s) => s.id)).toEqual(expect.arrayContaining(before.snapshots.map((s) => s.id)));
  });

  it('without the private-network flag, refuses loopback canaries and non-http schemes', async () => {
    const strict = await startLocalProcess({
      VERBATIM_DATA_DIR: path.join(dataDir, 'strict'),
      VERBATIM_SOURCES: path.join(dataDir, 'none.json'),
    });
    try {
      const post = (url: string) =>
        fetch(`${strict.url}/captures`, {
          method: 'POST',
          headers: { authorization: `Bearer ${strict.adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url }),
        });
      const hosts = ['127.0.0.1', 'localhost', '[::1]', '2130706433', '0x7f000001', '127.1', 'localhost.'];
      for (const host of hosts) {
        const res = await post(`http://${host}:${canary.port}/`);
        const body = (await res.json()) as SnapshotBody;
        expect(res.status, host).toBe(201);
        expect(body.status, host).toBe('failed');
        expect(body.error, host).toMatch(/refused/);
      }
      for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/x', 'javascript:alert(1)']) {
        const res = await post(url);
        expect(res.status, url).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(canary.seen).toEqual([]);
    } finally {
      await strict.stop();
    }
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../functions/lib/cli/program.js';
import { sourceId } from '../../functions/lib/core/sources.js';
import { startLocalProcess, type LocalProcess } from '../support/local-process.js';
import { type NewsSite, startCitedSite, startNewsSite } from '../support/news-site.js';

/** `npm start` with a sources file that follows a fixture site's RSS feed, read through the API and the CLI. */
describe('npm start following a feed', () => {
  let site: NewsSite;
  let cited: Awaited<ReturnType<typeof startCitedSite>>;
  let runtime: LocalProcess;
  let dataDir: string;
  let feed: string;

  beforeAll(async () => {
    cited = await startCitedSite();
    site = await startNewsSite({ citedOrigin: `http://localhost:${cited.port}` });
    feed = `${site.origin}/rss.xml`;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-e2e-follow-'));
    const sourcesFile = path.join(dataDir, 'sources.json');
    await writeFile(sourcesFile, JSON.stringify([{ url: feed, schedule: 'rate(1 day)', discover: 'feed', recapture: ['PT10S'] }]));
    runtime = await startLocalProcess({
      VERBATIM_DATA_DIR: dataDir,
      VERBATIM_SOURCES: sourcesFile,
      VERBATIM_ALLOW_PRIVATE_NETWORK: 'true',
      VERBATIM_HOST_INTERVAL_MS: '300',
    });
  });
  afterAll(async () => {
    await runtime?.stop();
    await Promise.all([site?.close(), cited?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const get = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${runtime.url}${route}`, { headers: { authorization: `Bearer ${runtime.readKey}` } });
    expect(res.status, route).toBe(200);
    return (await res.json()) as T;
  };
  async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 90_000): Promise<T> {
    const started = Date.now();
    for (let v = await read(); ; v = await read()) {
      if (ok(v)) return v;
      if (Date.now() - started > timeoutMs)
        throw new Error(`timed out: ${JSON.stringify(v).slice(0, 1500)}\n${runtime.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  type Items = { items: { url: string; captures: number; status: string; latestSnapshotId?: string }[] };

  it('lists the feed’s articles, captures them, and shows an edit in /changes after one ladder step', async () => {
    const hama = `${site.origin}/world/hama`;
    const items = await until(
      () => get<Items>(`/sources/${sourceId(feed)}/items`),
      (r) => r.items.some((i) => i.url === hama && i.captures >= 1),
    );
    expect(items.items.map((i) => i.url)).toEqual(
      expect.arrayContaining([hama, `${site.origin}/world/homs`, `${site.origin}/private/leak`]),
    );
    site.edit();

    const claims = await get<{ claims: { text: string; sourceUrl: string }[] }>(`/claims?url=${encodeURIComponent(hama)}`);
    expect(claims.claims.some((c) => c.text.includes('Thousands of families fled'))).toBe(true);

    const changes = await until(
      () => get<{ changes: { type: string; text: string }[] }>(`/changes?url=${encodeURIComponent(hama)}`),
      (r) => r.changes.some((c) => c.type === 'edited'),
    );
    expect(changes.changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'removed', text: expect.stringContaining('Thousands of families fled') })]),
    );

    const rested = await until(
      () => get<Items>(`/sources/${sourceId(feed)}/items?status=resting`),
      (r) => r.items.some((i) => i.url === hama),
    );
    expect(rested.items.find((i) => i.url === hama)?.captures).toBe(2);
    const refused = await get<Items>(`/sources/${sourceId(feed)}/items?status=refused`);
    expect(refused.items.map((i) => i.url)).toEqual([`${site.origin}/private/leak`]);
  });

  it('lists them with `verbatim items` and shows discovery on the source', async () => {
    const out: string[] = [];
    const code = await runCli(['--json', 'items', sourceId(feed)], {
      out: (t) => out.push(t),
      err: () => undefined,
      env: { VERBATIM_API_URL: runtime.url, VERBATIM_API_KEY: runtime.readKey },
    });
    expect(code).toBe(0);
    expect((JSON.parse(out.join('')) as { url: string }[]).length).toBe(3);
    const { sources } = await get<{ sources: { id: string; lastDiscovery?: { found: number; enqueued: number } }[] }>('/sources');
    expect(sources.find((s) => s.id === sourceId(feed))?.lastDiscovery).toMatchObject({ found: 3, enqueued: 3 });
  });
});

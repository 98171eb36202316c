import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVOLVING_PARAGRAPHS, startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { type LocalProcess, startOverFixtureSite } from '../support/local-process.js';

interface Claim {
  id: string;
  text: string;
  kind: string;
  attributedTo: string[];
  places: { name: string; lat: number; lon: number }[];
  eventTime?: string;
  externalId?: string;
  author?: { name?: string; handle?: string };
  status: string;
  previousVersionId?: string;
  evidence: { snapshotId: string; exact: string; prefix: string; suffix: string };
}

describe('claims through the API of npm start', () => {
  let site: FixtureSite;
  let runtime: LocalProcess;

  beforeAll(async () => {
    site = await startFixtureSite();
    runtime = await startOverFixtureSite(site, 'claims');
  });
  afterAll(async () => {
    await runtime?.stop();
    await site?.close();
  });

  const get = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${runtime.url}${route}`, { headers: { authorization: `Bearer ${runtime.readKey}` } });
    expect(res.status, route).toBe(200);
    return (await res.json()) as T;
  };
  const capture = async (url: string, extractor?: string) => {
    const res = await fetch(`${runtime.url}/captures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url, ...(extractor ? { extractor } : {}) }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; status: string; claimCount: number; claimError?: string };
  };
  const claimsOf = async (url: string, extra = '') =>
    (await get<{ claims: Claim[] }>(`/claims?url=${encodeURIComponent(url)}&limit=500${extra}`)).claims;

  it('extracts the seed-like Icelandic article: attributions, the embedded post and places with coordinates', async () => {
    const url = `${site.origin}/claims/article-is`;

    const snapshot = await capture(url);
    const claims = await claimsOf(url);
    const starting = (prefix: string) => claims.find((c) => c.text.startsWith(prefix))!;

    expect(snapshot.status).toBe('captured');
    expect(snapshot.claimError).toBeUndefined();
    expect(snapshot.claimCount).toBe(claims.length);
    expect(starting('Heimildarmaður Reuters').attributedTo).toContain('Reuters');
    expect(starting('AP fréttaveitan hefur eftir').attributedTo).toEqual(expect.arrayContaining(['AP', 'HTS spokesperson']));
    expect(starting('Talsmaðurinn sagði').attributedTo).toContain('HTS spokesperson');
    const post = claims.find((c) => c.kind === 'post')!;
    expect(post.author?.handle).toBe('@ThomasVLinge');
    expect(post.eventTime?.slice(0, 10)).toBe('2024-12-03');
    const places = new Map(claims.flatMap((c) => c.places).map((p) => [p.name, p]));
    for (const name of ['Hama', 'Homs', 'Aleppo', 'Damascus']) {
      expect(places.get(name), name).toBeDefined();
      expect(typeof places.get(name)!.lat, name).toBe('number');
    }
    expect(places.get('Hama')!.lat).toBeCloseTo(35.13, 0);
  });

  it('answers a researcher: what was claimed about Hama, by whom, with the evidence span', async () => {
    const { claims } = await get<{ claims: Claim[] }>('/claims?place=Hama&from=2024-12-01&to=2024-12-05');
    const text = await (
      await fetch(`${runtime.url}/snapshots/${claims[0]!.evidence.snapshotId}/artifacts/text`, {
        headers: { authorization: `Bearer ${runtime.readKey}` },
      })
    ).text();

    expect(claims.length).toBeGreaterThan(0);
    expect(claims.every((c) => c.places.some((p) => p.name === 'Hama'))).toBe(true);
    const e = claims[0]!.evidence;
    expect(text).toContain(`${e.prefix}${e.exact}${e.suffix}`);
  });

  it('turns each Liveuamap event into exactly one event claim with its exact time and coordinates', async () => {
    const url = `${site.origin}/live/`;

    await capture(url, 'liveuamap');
    const events = (await claimsOf(url)).filter((c) => c.kind === 'event');

    expect(events.map((e) => e.externalId).sort()).toEqual(['2001', '2003', '2004', '2005']);
    const e2005 = events.find((e) => e.externalId === '2005')!;
    expect(e2005.eventTime).toBe(new Date(1733230800 * 1000).toISOString());
    expect(e2005.places[0]).toMatchObject({ lat: 34.7324, lon: 36.7137 });
    expect(events.find((e) => e.externalId === '2004')!.eventTime).toBeUndefined();
  });

  it('shows the dropped and reworded claims of an edited page in /claims?status=removed and /changes', async () => {
    const url = `${site.origin}/evolving`;
    site.evolvingVersion = 1;
    await capture(url);
    site.evolvingVersion = 2;

    await capture(url);
    const removed = await claimsOf(url, '&status=removed');
    const { changes } = await get<{ changes: { type: string; text: string; previousText?: string }[] }>(
      `/changes?url=${encodeURIComponent(url)}`,
    );
    const present = await claimsOf(url, '&status=present');

    expect(removed.map((c) => c.text).sort()).toEqual([EVOLVING_PARAGRAPHS.dropped, EVOLVING_PARAGRAPHS.original].sort());
    expect(changes.find((c) => c.type === 'removed')?.text).toBe(EVOLVING_PARAGRAPHS.dropped);
    const edit = changes.find((c) => c.type === 'edited');
    expect(edit?.text).toBe(EVOLVING_PARAGRAPHS.reworded);
    expect(edit?.previousText).toBe(EVOLVING_PARAGRAPHS.original);
    const reworded = present.find((c) => c.text === EVOLVING_PARAGRAPHS.reworded)!;
    const detail = await get<{ versions: Claim[]; sightings: unknown[] }>(`/claims/${reworded.id}`);
    expect(detail.versions.map((v) => v.text)).toEqual([EVOLVING_PARAGRAPHS.original, EVOLVING_PARAGRAPHS.reworded]);
    const kept = present.find((c) => c.text === EVOLVING_PARAGRAPHS.kept)!;
    expect((await get<{ sightings: unknown[] }>(`/claims/${kept.id}`)).sightings).toHaveLength(2);
  });
});

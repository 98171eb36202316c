import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/lib/adapters/aws-clients.js';
import { claimId, reconcileClaims, type CurrentClaims, type Reconciliation } from '../../functions/lib/core/claim-history.js';
import type { ExtractedClaim } from '../../functions/lib/core/claims/types.js';
import type { Snapshot } from '../../functions/lib/core/snapshot.js';
import { snapshotId } from '../../functions/lib/core/snapshot.js';
import { sourceId } from '../../functions/lib/core/sources.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';

function snapshot(url: string, capturedAt: string, status: Snapshot['status'] = 'captured'): Snapshot {
  return {
    id: snapshotId(new Date(capturedAt), `${url}@${capturedAt}`),
    sourceId: sourceId(url),
    url,
    capturedAt,
    status,
    attempts: 1,
    claimCount: 0,
    artifacts: [],
  };
}

describe('DynamoSnapshotIndex on dynalite', () => {
  let stack: EmulatedStack;
  beforeAll(async () => {
    stack = await startEmulatedStack();
    const index = stack.services.index;
    for (const [url, at] of [
      ['https://news.example/a', '2024-12-01T10:00:00.000Z'],
      ['https://news.example/a', '2024-12-03T10:00:00.000Z'],
      ['https://news.example/a', '2024-12-05T10:00:00.000Z'],
      ['https://news.example/a/b', '2024-12-02T10:00:00.000Z'],
      ['https://news.example/ab', '2024-12-02T11:00:00.000Z'],
      ['https://news.example/z', '2024-12-04T10:00:00.000Z'],
      ['https://other.example/a', '2024-12-03T12:00:00.000Z'],
    ] as const) {
      await index.putSnapshot(snapshot(url, at));
    }
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists an exact URL newest first without the URLs that merely start with it', async () => {
    const page = await stack.services.index.listSnapshots({ url: 'https://news.example/a', limit: 10 });

    expect(page.items.map((s) => s.capturedAt)).toEqual([
      '2024-12-05T10:00:00.000Z',
      '2024-12-03T10:00:00.000Z',
      '2024-12-01T10:00:00.000Z',
    ]);
  });

  it('limits an exact URL to a time range', async () => {
    const page = await stack.services.index.listSnapshots({
      url: 'https://news.example/a',
      from: '2024-12-02T00:00:00.000Z',
      to: '2024-12-04T00:00:00.000Z',
      limit: 10,
    });

    expect(page.items.map((s) => s.capturedAt)).toEqual(['2024-12-03T10:00:00.000Z']);
  });

  it('matches a URL prefix in URL then time order, as a CDX index does', async () => {
    const page = await stack.services.index.listSnapshots({ url: 'https://news.example/a', matchType: 'prefix', limit: 10 });

    expect(page.items.map((s) => s.url)).toEqual([
      'https://news.example/a',
      'https://news.example/a',
      'https://news.example/a',
      'https://news.example/a/b',
      'https://news.example/ab',
    ]);
  });

  it('matches a whole host and pages through it', async () => {
    const first = await stack.services.index.listSnapshots({ url: 'https://news.example/', matchType: 'host', limit: 4 });
    const second = await stack.services.index.listSnapshots({
      url: 'https://news.example/',
      matchType: 'host',
      limit: 4,
      after: first.next,
    });

    expect(first.items).toHaveLength(4);
    expect(second.items.map((s) => s.url)).toEqual(['https://news.example/ab', 'https://news.example/z']);
    expect(second.next).toBeUndefined();
  });

  it("moves an API source's dispatched slot forward once per slot, and never for an unknown source", async () => {
    const index = stack.services.index;
    await index.putSource({
      id: 'src_00000000000000aa',
      url: 'https://news.example/api',
      schedule: 'rate(1 hour)',
      extractor: 'auto',
      createdAt: '2024-12-01T00:00:00.000Z',
      origin: 'api',
    });

    const first = await index.markDispatched('src_00000000000000aa', '2024-12-03T10:00:00.000Z');
    const again = await index.markDispatched('src_00000000000000aa', '2024-12-03T10:00:00.000Z');
    const next = await index.markDispatched('src_00000000000000aa', '2024-12-03T11:00:00.000Z');
    const unknown = await index.markDispatched('src_00000000000000bb', '2024-12-03T11:00:00.000Z');

    expect([first, again, next, unknown]).toEqual([true, false, true, false]);
    expect((await index.getSource('src_00000000000000aa'))?.lastDispatchedSlot).toBe('2024-12-03T11:00:00.000Z');
  });

  it('refuses to overwrite a successful snapshot but lets a retry replace a failed one', async () => {
    const failed = snapshot('https://news.example/retry', '2024-12-06T10:00:00.000Z', 'failed');
    const index = stack.services.index;

    expect(await index.putSnapshot(failed)).toBe(true);
    expect(await index.putSnapshot({ ...failed, status: 'captured', attempts: 2 })).toBe(true);
    expect(await index.putSnapshot({ ...failed, status: 'failed', attempts: 3 })).toBe(false);
    expect((await index.getSnapshot(failed.id))?.status).toBe('captured');
  });
});

describe('DynamoClaimIndex on dynalite', () => {
  let stack: EmulatedStack;
  const SOURCE = sourceId('https://news.example/hama');
  const claim = (text: string, extra: Partial<ExtractedClaim> = {}): ExtractedClaim => ({
    text,
    kind: 'statement',
    lang: 'en',
    attributedTo: [],
    places: [],
    selector: { exact: text, prefix: '', suffix: '' },
    ...extra,
  });
  const hama = { name: 'Hama', lat: 35.13, lon: 36.75 };
  const homs = { name: 'Homs', lat: 34.73, lon: 36.72 };
  const v1 = [
    claim('Rebels entered the outskirts of Hama, according to Reuters.', { attributedTo: ['Reuters'], places: [hama] }),
    claim('Families fled toward Homs overnight, SOHR said.', { attributedTo: ['SOHR'], places: [homs] }),
    claim('An HTS spokesperson told AP that Homs would be next after Hama.', {
      attributedTo: ['HTS spokesperson', 'AP'],
      places: [homs, hama],
      kind: 'quote',
    }),
  ];
  const v2 = [
    v1[0]!,
    claim('An HTS spokesperson told AP that Homs would be next once Hama falls.', {
      attributedTo: ['HTS spokesperson', 'AP'],
      places: [homs, hama],
      kind: 'quote',
    }),
  ];

  /** Indexes a capture the way the capture service does: claims pending, the snapshot record, then settling. */
  async function index(id: string, capturedAt: string, extracted: ExtractedClaim[], previous?: CurrentClaims) {
    const r = reconcileClaims({
      sourceId: SOURCE,
      sourceUrl: 'https://news.example/hama',
      snapshotId: id,
      capturedAt,
      publishedAt: '2024-12-03T08:00:00.000Z',
      previous,
      extracted,
    });
    const write = { sourceId: SOURCE, snapshotId: id, capturedAt };
    await stack.services.claims.writeClaims(r, write);
    await stack.services.index.putSnapshot({ ...snapshot('https://news.example/hama', capturedAt), id });
    await stack.services.claims.settleClaims(r, write);
    return r;
  }

  beforeAll(async () => {
    stack = await startEmulatedStack();
    await index('s1', '2024-12-03T10:00:00.000Z', v1);
    await index('s2', '2024-12-04T10:00:00.000Z', v2, await stack.services.claims.currentClaims(SOURCE));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('finds claims by place within a time range', async () => {
    const page = await stack.services.claims.queryClaims({
      place: 'hama',
      from: '2024-12-01T00:00:00.000Z',
      to: '2024-12-05T00:00:00.000Z',
      limit: 10,
    });

    expect(page.items.map((c) => c.text).sort()).toEqual([v1[2]!.text, v2[1]!.text, v1[0]!.text].sort());
  });

  it('finds claims by attribution, word and kind, and combines filters', async () => {
    const claims = stack.services.claims;

    expect((await claims.queryClaims({ attributedTo: 'reuters', limit: 10 })).items.map((c) => c.text)).toEqual([v1[0]!.text]);
    expect((await claims.queryClaims({ q: 'spokesperson', status: 'present', limit: 10 })).items.map((c) => c.text)).toEqual([v2[1]!.text]);
    expect((await claims.queryClaims({ kind: 'quote', limit: 10 })).items).toHaveLength(2);
    expect((await claims.queryClaims({ place: 'Homs', attributedTo: 'SOHR', limit: 10 })).items).toHaveLength(1);
  });

  it('lists removed claims, with the snapshot that removed them', async () => {
    const page = await stack.services.claims.queryClaims({ status: 'removed', sourceId: SOURCE, limit: 10 });

    expect(page.items.map((c) => c.text).sort()).toEqual([v1[1]!.text, v1[2]!.text].sort());
    expect(page.items.every((c) => c.removedBySnapshotId === 's2')).toBe(true);
  });

  it('returns a claim with its sightings and its versions', async () => {
    const edited = (await stack.services.claims.queryClaims({ q: 'falls', limit: 1 })).items[0]!;

    const detail = await stack.services.claims.getClaim(edited.id);

    expect(detail?.versions.map((v) => v.text)).toEqual([v1[2]!.text, v2[1]!.text]);
    const kept = await stack.services.claims.getClaim(
      (await stack.services.claims.queryClaims({ attributedTo: 'Reuters', limit: 1 })).items[0]!.id,
    );
    expect(kept?.sightings.map((s) => s.snapshotId)).toEqual(['s1', 's2']);
    expect(kept?.claim.lastSeenAt).toBe('2024-12-04T10:00:00.000Z');
  });

  it('lists the changes between the two captures', async () => {
    const page = await stack.services.claims.listChanges({ sourceId: SOURCE, limit: 10 });

    expect(page.items.map((c) => c.type).sort()).toEqual(['edited', 'removed']);
    expect(page.items.find((c) => c.type === 'edited')?.previousText).toBe(v1[2]!.text);
  });

  it('pages through claims without repeating or skipping any', async () => {
    const first = await stack.services.claims.queryClaims({ place: 'Hama', limit: 2 });
    const second = await stack.services.claims.queryClaims({ place: 'Hama', limit: 2, after: first.next });

    const ids = [...first.items, ...second.items].map((c) => c.id);
    expect(new Set(ids).size).toBe(3);
    expect(second.next).toBeUndefined();
  });
});

describe('DynamoClaimIndex pending writes on dynalite', () => {
  let stack: EmulatedStack;
  const T1 = '2024-12-03T10:00:00.000Z';
  const T2 = '2024-12-04T10:00:00.000Z';
  const text = {
    kept: 'Rebels entered the outskirts of Hama, according to Reuters.',
    dropped: 'Families fled toward Homs overnight, SOHR said.',
    original: 'An HTS spokesperson told AP that Homs would be next after Hama.',
    reworded: 'An HTS spokesperson told AP that Homs would be next once Hama falls.',
    fleeting: 'Shelling was heard in the east of the city this morning.',
  };
  const claim = (t: string): ExtractedClaim => ({
    text: t,
    kind: 'statement',
    lang: 'en',
    attributedTo: [],
    places: [{ name: 'Hama', lat: 35.13, lon: 36.75 }],
    selector: { exact: t, prefix: '', suffix: '' },
  });
  let sources = 0;

  beforeAll(async () => {
    stack = await startEmulatedStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** A source whose first capture (`s1`: the kept, dropped and original claims) is committed and settled; snapshot ids get the story's number. */
  async function publishedSource() {
    const story = sources++;
    const url = `https://news.example/pending-${story}`;
    const source = sourceId(url);
    const write = async (name: string, capturedAt: string, texts: string[]) => {
      const id = `${name}-${story}`;
      const previous = await stack.services.claims.currentClaims(source);
      const r = reconcileClaims({ sourceId: source, sourceUrl: url, snapshotId: id, capturedAt, previous, extracted: texts.map(claim) });
      await stack.services.claims.writeClaims(r, { sourceId: source, snapshotId: id, capturedAt });
      return r;
    };
    const commit = (name: string, capturedAt: string, status: Snapshot['status'] = 'captured') =>
      stack.services.index.putSnapshot({ ...snapshot(url, capturedAt, status), sourceId: source, id: `${name}-${story}` });
    const settle = (r: Reconciliation, name: string, capturedAt: string) =>
      stack.services.claims.settleClaims(r, { sourceId: source, snapshotId: `${name}-${story}`, capturedAt });
    const first = await write('s1', T1, [text.kept, text.dropped, text.original]);
    await commit('s1', T1);
    await settle(first, 's1', T1);
    const claims = stack.services.claims;
    const listed = async (status?: 'present' | 'removed') => (await claims.queryClaims({ sourceId: source, status, limit: 20 })).items;
    const byText = async (t: string) => claims.getClaim(claimId(source, t));
    return { story, source, write, commit, settle, listed, byText };
  }
  const texts = (claims: { text: string }[]) => claims.map((c) => c.text).sort();

  it('shows nothing of a recapture whose snapshot is not committed: no new claims, removals, changes or sightings', async () => {
    const s = await publishedSource();

    await s.write('s2', T2, [text.kept, text.reworded]);

    expect(texts(await s.listed())).toEqual(texts([{ text: text.kept }, { text: text.dropped }, { text: text.original }]));
    expect(await s.listed('removed')).toEqual([]);
    expect(await s.byText(text.reworded)).toBeUndefined();
    expect((await stack.services.claims.listChanges({ sourceId: s.source, limit: 10 })).items).toEqual([]);
    const kept = await s.byText(text.kept);
    expect(kept?.claim.lastSeenAt).toBe(T1);
    expect(kept?.sightings.map((x) => x.snapshotId)).toEqual([`s1-${s.story}`]);
    expect((await stack.services.claims.currentClaims(s.source))?.snapshotId).toBe(`s1-${s.story}`);
  });

  it('keeps the claims of an attempt hidden when its snapshot record is a failure', async () => {
    const s = await publishedSource();

    await s.write('s2', T2, [text.kept, text.reworded]);
    await s.commit('s2', T2, 'failed');

    expect(await s.listed('removed')).toEqual([]);
    expect(await s.byText(text.reworded)).toBeUndefined();
  });

  it('shows a committed recapture whether or not it has been settled', async () => {
    const s = await publishedSource();
    const r = await s.write('s2', T2, [text.kept, text.reworded]);
    await s.commit('s2', T2);

    const beforeSettling = { removed: texts(await s.listed('removed')), present: texts(await s.listed('present')) };
    await s.settle(r, 's2', T2);
    const afterSettling = { removed: texts(await s.listed('removed')), present: texts(await s.listed('present')) };

    expect(beforeSettling).toEqual({ removed: [text.dropped, text.original].sort(), present: [text.kept, text.reworded].sort() });
    expect(afterSettling).toEqual(beforeSettling);
    expect((await stack.services.claims.listChanges({ sourceId: s.source, limit: 10 })).items.map((c) => c.type).sort()).toEqual([
      'edited',
      'removed',
    ]);
  });

  it('after a retry under the same snapshot id, shows what the committed attempt wrote, each claim once', async () => {
    const s = await publishedSource();
    const retryAt = '2024-12-04T10:05:00.000Z';
    await s.write('s2', T2, [text.kept, text.reworded, text.fleeting]);

    const r = await s.write('s2', retryAt, [text.kept, text.reworded]);
    await s.commit('s2', retryAt);
    await s.settle(r, 's2', retryAt);

    const all = await s.listed();
    expect(texts(all)).toEqual([text.dropped, text.kept, text.original, text.reworded].sort());
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(await s.byText(text.fleeting)).toBeUndefined();
    expect((await s.byText(text.kept))?.sightings.map((x) => x.capturedAt)).toEqual([T1, retryAt]);
    expect((await stack.services.claims.listChanges({ sourceId: s.source, limit: 10 })).items.map((c) => c.type).sort()).toEqual([
      'edited',
      'removed',
    ]);
  });
});

describe('DynamoClaimIndex sightings as runs on dynalite', () => {
  let stack: EmulatedStack;
  let db: DynamoDBDocumentClient;
  const T = ['2024-12-03T10:00:00.000Z', '2024-12-03T16:00:00.000Z', '2024-12-04T10:00:00.000Z', '2024-12-04T16:00:00.000Z'];
  const text = {
    kept: 'Rebels entered the outskirts of Hama, according to Reuters.',
    fleeting: 'Families fled toward Homs overnight, SOHR said.',
  };
  const claim = (t: string): ExtractedClaim => ({
    text: t,
    kind: 'statement',
    lang: 'en',
    attributedTo: ['Reuters'],
    places: [{ name: 'Hama', lat: 35.13, lon: 36.75 }],
    selector: { exact: t, prefix: '', suffix: '' },
  });
  let sources = 0;

  beforeAll(async () => {
    stack = await startEmulatedStack();
    db = createDocumentClient({ region: stack.config.region, dynamoEndpoint: stack.config.dynamoEndpoint });
  });
  afterAll(async () => {
    db?.destroy();
    await stack?.close();
  });

  function newSource() {
    const url = `https://news.example/runs-${sources++}`;
    const source = sourceId(url);
    const id = (n: number) => `${source}-s${n}`;
    /** One capture of the source: claims written pending, then (unless told otherwise) committed and settled. */
    const capture = async (n: number, texts: string[], steps: { commit?: boolean; settle?: boolean } = {}) => {
      const write = { sourceId: source, snapshotId: id(n), capturedAt: T[n]! };
      const r = reconcileClaims({
        ...write,
        sourceUrl: url,
        previous: await stack.services.claims.currentClaims(source),
        extracted: texts.map(claim),
      });
      await stack.services.claims.writeClaims(r, write);
      if (steps.commit === false) return r;
      await stack.services.index.putSnapshot({ ...snapshot(url, T[n]!), sourceId: source, id: id(n) });
      if (steps.settle !== false) await stack.services.claims.settleClaims(r, write);
      return r;
    };
    const partition = async (pk: string) =>
      (
        await db.send(
          new QueryCommand({
            TableName: stack.config.tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': pk },
          }),
        )
      ).Items ?? [];
    return { url, source, id, capture, partition, detail: (t: string) => stack.services.claims.getClaim(claimId(source, t)) };
  }

  it('adds no item per claim for an unchanged recapture, yet moves lastSeenAt and lists it as a sighting', async () => {
    const s = newSource();
    await s.capture(0, [text.kept, text.fleeting]);
    const claimItems = await s.partition(`CLAIM#${claimId(s.source, text.kept)}`);

    const second = await s.capture(1, [text.kept, text.fleeting]);
    await s.capture(2, [text.kept, text.fleeting]);

    expect(second).toMatchObject({ claims: [], runEvents: [], changes: [], currentChanged: false });
    expect(await s.partition(`CLAIM#${claimId(s.source, text.kept)}`)).toEqual(claimItems);
    expect((await s.partition(`SRC#${s.source}`)).map((i) => i.SK)).toEqual([
      'CURRENT',
      `LOG#${T[0]}#${s.id(0)}`,
      `LOG#${T[1]}#${s.id(1)}`,
      `LOG#${T[2]}#${s.id(2)}`,
      'SEEN',
    ]);
    const detail = await s.detail(text.kept);
    expect(detail?.sightings.map((x) => x.snapshotId)).toEqual([s.id(0), s.id(1), s.id(2)]);
    expect(detail?.claim).toMatchObject({ lastSeenAt: T[2], firstSeenAt: T[0], evidence: { snapshotId: s.id(2), exact: text.kept } });
    const listed = await stack.services.claims.queryClaims({ sourceId: s.source, limit: 10 });
    expect(listed.items.map((c) => c.lastSeenAt)).toEqual([T[2], T[2]]);
    expect((await stack.services.claims.currentClaims(s.source))?.snapshotId).toBe(s.id(2));
  });

  it('shows an unchanged recapture only once it is committed, settled or not', async () => {
    const s = newSource();
    await s.capture(0, [text.kept]);

    await s.capture(1, [text.kept], { commit: false });
    const uncommitted = await s.detail(text.kept);
    await s.capture(2, [text.kept], { settle: false });
    const unsettled = await s.detail(text.kept);

    expect(uncommitted?.claim.lastSeenAt).toBe(T[0]);
    expect(uncommitted?.sightings.map((x) => x.snapshotId)).toEqual([s.id(0)]);
    expect((await stack.services.claims.queryClaims({ sourceId: s.source, limit: 10 })).items[0]?.lastSeenAt).toBe(T[2]);
    expect(unsettled?.claim.lastSeenAt).toBe(T[2]);
    expect(unsettled?.sightings.map((x) => x.snapshotId)).toEqual([s.id(0), s.id(2)]);
  });

  it('lists the captures of each run of a claim that vanished and came back, and none of the gap', async () => {
    const s = newSource();
    await s.capture(0, [text.kept, text.fleeting]);
    await s.capture(1, [text.kept]);
    await s.capture(2, [text.kept]);

    await s.capture(3, [text.kept, text.fleeting]);

    const detail = await s.detail(text.fleeting);
    expect(detail?.sightings.map((x) => x.snapshotId)).toEqual([s.id(0), s.id(3)]);
    expect(detail?.claim).toMatchObject({ status: 'present', lastSeenAt: T[3] });
    expect((await s.detail(text.kept))?.sightings).toHaveLength(4);
  });

  it('reads per-capture sightings written before runs, and records runs from the next capture on', async () => {
    const s = newSource();
    const first = await s.capture(0, [text.kept]);
    const id = claimId(s.source, text.kept);
    // Turn the source into one indexed before runs: a sighting item per capture, no run, no SEEN pointer.
    const legacy = { claimId: id, snapshotId: s.id(0), capturedAt: T[0], selector: first.sightings[0]!.selector };
    await db.send(
      new PutCommand({
        TableName: stack.config.tableName,
        Item: { ...legacy, PK: `CLAIM#${id}`, SK: `SEEN#${T[0]}#${s.id(0)}`, type: 'sighting' },
      }),
    );
    for (const key of [
      { PK: `CLAIM#${id}`, SK: `RUN#${T[0]}#${s.id(0)}` },
      { PK: `SRC#${s.source}`, SK: 'SEEN' },
      { PK: `SRC#${s.source}`, SK: `LOG#${T[0]}#${s.id(0)}` },
    ]) {
      await db.send(new DeleteCommand({ TableName: stack.config.tableName, Key: key }));
    }

    const second = await s.capture(1, [text.kept]);
    await s.capture(2, [text.kept]);

    expect(second.runEvents.map((e) => e.claimId)).toEqual([id]);
    expect((await s.detail(text.kept))?.sightings.map((x) => x.snapshotId)).toEqual([s.id(0), s.id(1), s.id(2)]);
  });
});

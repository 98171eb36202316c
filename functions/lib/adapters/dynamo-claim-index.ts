import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import {
  committedClaimOf,
  commitsToken,
  parsePendingToken,
  pendingToken,
  sightingsFromRuns,
  visibleClaim,
  withLatestCapture,
  type Claim,
  type ClaimCapture,
  type ClaimChange,
  type ClaimWrite,
  type CommittedClaim,
  type CurrentClaims,
  type Reconciliation,
  type RunEvent,
  type Sighting,
} from '../core/claim-history.js';
import { claimFacets, matchesClaimQuery, planClaimQuery, postingKey, REMOVED_FACET } from '../core/claim-query.js';
import { isRetryable } from '../core/errors.js';
import type { ChangeQuery, ClaimDetail, ClaimIndex, ClaimQuery, Page } from '../core/ports.js';
import { callAws, toDomainError } from './aws-errors.js';
import { batchGet, batchPut, stripKeys, timeRange, type Item } from './dynamo-batch.js';

/**
 * Claim items in the single table (main index only; postings instead of GSIs).
 *
 * | item            | PK                  | SK                                      |
 * |-----------------|---------------------|-----------------------------------------|
 * | claim           | `CLAIM#<id>`        | `CLAIM`                                 |
 * | run event       | `CLAIM#<id>`        | `RUN#<capturedAt>#<snapshotId>`         |
 * | posting         | `P#<facet>`         | `<claimTime>#<claimId>`                 |
 * | change          | `CHG#<sourceId>`    | `<capturedAt>#<snapshotId>#<n>#<type>#<id>` |
 * | current set     | `SRC#<sourceId>`    | `CURRENT`                               |
 * | latest capture  | `SRC#<sourceId>`    | `SEEN`                                  |
 * | capture log     | `SRC#<sourceId>`    | `LOG#<capturedAt>#<snapshotId>`         |
 *
 * Postings are written once, when a claim is first seen, for the facets a researcher filters by
 * (see `claim-query.ts`), plus `REMOVED` when a claim disappears; each carries the claim's source.
 * A query reads the most selective posting over the time range and fetches the claims, with their
 * sources' latest capture, in one BatchGetItem, then applies the other filters. A posting counts
 * only while its sort key is its claim's `<claimTime>#<id>`, so a claim created again with another
 * time (a retried attempt, a claim that came back) is listed once.
 *
 * **Sightings as runs.** Every capture that indexes a source's claims adds one capture-log item and
 * moves the source's `SEEN` pointer; a claim's record and its run events change only when the claim
 * does (new, reworded, removed, come back, or shown with another selector). A present claim's
 * `lastSeenAt` and evidence snapshot are the `SEEN` capture's, and its sightings are the capture-log
 * entries from each run's opening to the next event. So an unchanged recapture writes two small
 * items, whatever the claim count. Sightings recorded one item per capture by earlier versions
 * (`SK = SEEN#<capturedAt>#<snapshotId>`) are still read.
 *
 * **Pending writes.** A capture writes its claims before its snapshot record (the commit point), and
 * DynamoDB Local has no transactions, so each claim, run event, change, capture-log entry and
 * pointer it writes carries `pending: <snapshotId>@<capturedAt>`, and a claim or pointer it
 * overwrites keeps `committed`, the state readers saw before. A reader shows a pending item only if
 * that snapshot record exists, is not failed and has that capture time; otherwise it shows the
 * `committed` state, or nothing for an item that attempt created. After the commit the capture
 * settles its items (removes both attributes). Settling costs a second write per item, but it keeps
 * every read at one Query plus one BatchGetItem: the extra BatchGetItem of snapshot records is made
 * only for items still pending, which is the moment between indexing and commit, or after a crash.
 * A crash before settling costs readers that BatchGetItem, never a wrong answer; the retried job
 * rewrites its items under a new token and settles them. Two attempts of one job running at once
 * (a redelivery while the first still runs) can leave some of the winner's claims showing their
 * earlier state until the source's next capture rewrites them.
 */
const MAX_VERSIONS = 20;
/** Most items a claim's detail reads from its own partition and from its source's capture log. */
const MAX_DETAIL_ITEMS = 5_000;
const SETTLE_CONCURRENCY = 16;
const RETRY = { retries: 6, minTimeout: 50, maxTimeout: 2_000, randomize: true } as const;

type Visibility = (item: Item) => boolean;

function strip<T>(item: Item): T {
  const { pending: _pending, committed: _committed, ...rest } = stripKeys<Item>(item);
  return rest as T;
}

const claimKey = (id: string) => ({ PK: `CLAIM#${id}`, SK: 'CLAIM' });
const currentKey = (sourceId: string) => ({ PK: `SRC#${sourceId}`, SK: 'CURRENT' });
const seenKey = (sourceId: string) => ({ PK: `SRC#${sourceId}`, SK: 'SEEN' });
const keyOf = (key: { PK: string; SK: string }) => `${key.PK}|${key.SK}`;

function postingsFor(claim: Claim): Item[] {
  return claimFacets(claim).map((facet) => ({
    PK: `P#${facet}`,
    SK: postingKey(claim),
    claimId: claim.id,
    sourceId: claim.sourceId,
    type: 'posting',
  }));
}

function runItems(r: Reconciliation): Item[] {
  return r.runEvents.map((e) => ({ ...e, PK: `CLAIM#${e.claimId}`, SK: `RUN#${e.capturedAt}#${e.snapshotId}`, type: 'run' }));
}

function logItem(write: ClaimWrite): Item {
  return {
    PK: `SRC#${write.sourceId}`,
    SK: `LOG#${write.capturedAt}#${write.snapshotId}`,
    snapshotId: write.snapshotId,
    capturedAt: write.capturedAt,
    type: 'claim-capture',
  };
}

function changeItems(r: Reconciliation): Item[] {
  return r.changes.map((c, i) => ({
    ...c,
    PK: `CHG#${c.sourceId}`,
    SK: `${c.capturedAt}#${c.snapshotId}#${String(i).padStart(5, '0')}#${c.type}#${c.claimId}`,
    type: 'change',
    changeType: c.type,
  }));
}

function timeCondition(prefix: string, from?: string, to?: string): { expr: string; values: Item } {
  const range = timeRange('SK', from, to);
  return range ? { expr: `${prefix} AND ${range.expr}`, values: range.values } : { expr: prefix, values: {} };
}

/** A pointer item (`CURRENT`, `SEEN`) as readers see it: its own fields once committed, else the state it replaced. */
function pointerOf<T>(item: Item | undefined, visible: Visibility): T | undefined {
  if (!item) return undefined;
  return visible(item) ? strip<T>(item) : (item.committed as T | undefined);
}

export class DynamoClaimIndex implements ClaimIndex {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async getItem(pk: string, sk: string): Promise<Item | undefined> {
    const res = await callAws('get', () => this.db.send(new GetCommand({ TableName: this.table, Key: { PK: pk, SK: sk } })));
    return res.Item;
  }

  /** Every item of a key range, page after page, up to `max`. */
  private async queryAll(what: string, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>, max: number): Promise<Item[]> {
    const items: Item[] = [];
    let after: Item | undefined;
    do {
      const res = await callAws(what, () => this.db.send(new QueryCommand({ ...input, TableName: this.table, ExclusiveStartKey: after })));
      items.push(...(res.Items ?? []));
      after = res.LastEvaluatedKey;
    } while (after && items.length < max);
    return items;
  }

  /**
   * Which items readers may see: settled items, and pending items whose snapshot record commits
   * them. Snapshot records are read (`PK = SNAP#<id>`, `SK = SNAP`) only when some item is pending.
   */
  private async visibility(items: (Item | undefined)[]): Promise<Visibility> {
    const tokens = new Set(items.map((i) => i?.pending).filter((t): t is string => typeof t === 'string'));
    if (tokens.size === 0) return (item) => item.pending === undefined;
    const ids = [...new Set([...tokens].map((t) => parsePendingToken(t).snapshotId))];
    const records = await batchGet(
      this.db,
      this.table,
      ids.map((id) => ({ PK: `SNAP#${id}`, SK: 'SNAP' })),
    );
    const committed = new Set(
      [...tokens].filter((t) => {
        const record = records.get(`SNAP#${parsePendingToken(t).snapshotId}|SNAP`);
        return commitsToken(record as { status: string; capturedAt: string } | undefined, t);
      }),
    );
    return (item) => item.pending === undefined || committed.has(item.pending as string);
  }

  private static claimOf(item: Item, visible: Visibility, latest?: ClaimCapture): Claim | undefined {
    const claim = visibleClaim(strip<Claim>(item), item.committed as CommittedClaim | undefined, visible(item));
    return claim && withLatestCapture(claim, latest);
  }

  async currentClaims(sourceId: string): Promise<CurrentClaims | undefined> {
    const pointers = await batchGet(this.db, this.table, [currentKey(sourceId), seenKey(sourceId)]);
    const pointerVisible = await this.visibility([...pointers.values()]);
    type CurrentSet = ClaimCapture & { ids: string[] };
    const current = pointerOf<CurrentSet>(pointers.get(keyOf(currentKey(sourceId))), pointerVisible);
    if (!current) return undefined;
    const seen = pointerOf<ClaimCapture>(pointers.get(keyOf(seenKey(sourceId))), pointerVisible);
    const ids = current.ids ?? [];
    const items = await batchGet(this.db, this.table, ids.map(claimKey));
    const visible = await this.visibility([...items.values()]);
    const claims = ids
      .map((id) => items.get(keyOf(claimKey(id))))
      .map((i) => (i ? DynamoClaimIndex.claimOf(i, visible, seen) : undefined))
      .filter((c): c is Claim => c !== undefined);
    const latest = seen ?? current;
    return { snapshotId: latest.snapshotId, capturedAt: latest.capturedAt, claims, runs: seen !== undefined };
  }

  /**
   * Writes a capture's claims as pending (see the class notes): each claim and pointer keeps the
   * state it replaces, read here, so an attempt that never commits leaves every reader where it
   * was. Everything written is pending until the snapshot record, so it goes out in parallel
   * batches in no particular order.
   */
  async writeClaims(r: Reconciliation, write: ClaimWrite): Promise<void> {
    const token = pendingToken(write);
    const pointerKeys = [seenKey(write.sourceId), ...(r.currentChanged ? [currentKey(write.sourceId)] : [])];
    const existing = await batchGet(this.db, this.table, [...r.claims.map((c) => claimKey(c.id)), ...pointerKeys]);
    const visible = await this.visibility([...existing.values()]);
    const created = new Set(r.created.map((c) => c.id));
    const claimItems = r.claims.map((c) => {
      const before = existing.get(keyOf(claimKey(c.id)));
      const prior = before ? DynamoClaimIndex.claimOf(before, visible) : undefined;
      return { ...c, ...claimKey(c.id), type: 'claim', pending: token, committed: committedClaimOf(prior, created.has(c.id)) };
    });
    const removedPostings = r.claims
      .filter((c) => c.status === 'removed')
      .map((c) => ({ PK: `P#${REMOVED_FACET}`, SK: postingKey(c), claimId: c.id, sourceId: c.sourceId, type: 'posting' }));
    const pending = (items: Item[]) => items.map((i) => ({ ...i, pending: token }));
    const at = { snapshotId: write.snapshotId, capturedAt: write.capturedAt };
    await Promise.all([
      batchPut(this.db, this.table, [
        ...pending(runItems(r)),
        ...r.created.flatMap(postingsFor),
        ...removedPostings,
        ...pending(changeItems(r)),
        ...claimItems,
        ...pending([logItem(write)]),
      ]),
      r.currentChanged ? this.putPointer(currentKey(write.sourceId), { ids: r.currentIds, ...at }, token, existing, visible) : undefined,
      this.putPointer(seenKey(write.sourceId), at, token, existing, visible),
    ]);
  }

  /**
   * Puts a source pointer pending, keeping the state readers see as `committed`. Pointers only move
   * forward in capture time, unless the one in place belongs to an attempt that never committed.
   */
  private async putPointer(
    key: { PK: string; SK: string },
    value: Item & ClaimCapture,
    token: string,
    existing: Map<string, Item>,
    visible: Visibility,
  ): Promise<void> {
    const before = existing.get(keyOf(key));
    const committed = pointerOf<Item>(before, visible);
    const abandoned = before && !visible(before) ? (before.pending as string) : undefined;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, ...value, pending: token, committed },
          ConditionExpression: `attribute_not_exists(capturedAt) OR capturedAt <= :at${abandoned ? ' OR #pending = :abandoned' : ''}`,
          ExpressionAttributeNames: abandoned ? { '#pending': 'pending' } : undefined,
          ExpressionAttributeValues: { ':at': value.capturedAt, ...(abandoned ? { ':abandoned': abandoned } : {}) },
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException')
        throw toDomainError(err, `write ${key.SK.toLowerCase()} claims pointer`);
    }
  }

  /**
   * Settles what {@link writeClaims} wrote for this attempt once its snapshot is committed. Run
   * events, changes and the capture-log entry have keys of their own attempt, so they are put again
   * without the mark; claims and pointers are shared, so each is cleared only while it still
   * carries this attempt's mark.
   */
  async settleClaims(r: Reconciliation, write: ClaimWrite): Promise<void> {
    const token = pendingToken(write);
    const keys = [
      ...r.claims.map((c) => claimKey(c.id)),
      ...(r.currentChanged ? [currentKey(write.sourceId)] : []),
      seenKey(write.sourceId),
    ];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < keys.length; i = next++) await this.clearPending(keys[i]!, token);
    };
    await Promise.all([
      batchPut(this.db, this.table, [...runItems(r), ...changeItems(r), logItem(write)]),
      ...Array.from({ length: Math.min(SETTLE_CONCURRENCY, keys.length) }, worker),
    ]);
  }

  private async clearPending(key: Item, token: string): Promise<void> {
    await pRetry(
      async () => {
        try {
          await this.db.send(
            new UpdateCommand({
              TableName: this.table,
              Key: key,
              UpdateExpression: 'REMOVE #pending, #committed',
              ConditionExpression: '#pending = :token',
              ExpressionAttributeNames: { '#pending': 'pending', '#committed': 'committed' },
              ExpressionAttributeValues: { ':token': token },
            }),
          );
        } catch (err) {
          if ((err as Error).name !== 'ConditionalCheckFailedException') throw toDomainError(err, 'settle claims');
        }
      },
      { ...RETRY, shouldRetry: ({ error }) => isRetryable(error) },
    );
  }

  /**
   * A claim with its versions and its sightings: the capture-log entries its runs cover (one
   * Query of the source's log from its first run on), plus any per-capture sightings from before
   * runs.
   */
  async getClaim(id: string): Promise<ClaimDetail | undefined> {
    const items = await this.queryAll(
      'get claim',
      { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `CLAIM#${id}` } },
      MAX_DETAIL_ITEMS,
    );
    const record = items.find((i) => i.SK === 'CLAIM');
    if (!record) return undefined;
    const sourceId = record.sourceId as string;
    const runs = items.filter((i) => String(i.SK).startsWith('RUN#'));
    const firstRun = runs[0] ? String(runs[0].SK).slice('RUN#'.length) : undefined;
    const lastRun = runs.at(-1);
    const ended = lastRun && lastRun.selector === undefined && lastRun.pending === undefined;
    const logEnd = ended ? `LOG#${String(lastRun.SK).slice('RUN#'.length)}` : 'LOG#~';
    const [log, seenItem] = await Promise.all([
      firstRun
        ? this.queryAll(
            'get claim sightings',
            {
              KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': `SRC#${sourceId}`, ':from': `LOG#${firstRun}`, ':to': logEnd },
            },
            MAX_DETAIL_ITEMS,
          )
        : [],
      this.getItem(`SRC#${sourceId}`, 'SEEN'),
    ]);
    const visible = await this.visibility([...items, ...log, seenItem]);
    const latest = pointerOf<ClaimCapture>(seenItem, visible);
    const claim = DynamoClaimIndex.claimOf(record, visible, latest);
    if (!claim) return undefined;
    const fromRuns = sightingsFromRuns(
      id,
      runs.filter(visible).map((i) => strip<RunEvent>(i)),
      log.filter(visible).map((i) => strip<ClaimCapture>(i)),
    );
    const earlier = items.filter((i) => String(i.SK).startsWith('SEEN#') && visible(i)).map((i) => strip<Sighting>(i));
    const bySnapshot = new Map([...earlier, ...fromRuns].map((s) => [s.snapshotId, s]));
    const sightings = [...bySnapshot.values()].sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
    const versions = [claim];
    for (let v = claim, n = 0; v.previousVersionId && n < MAX_VERSIONS; n++) {
      const prev = await this.versionOf(v.previousVersionId, latest);
      if (!prev) break;
      versions.unshift(prev);
      v = prev;
    }
    for (let v = claim, n = 0; v.nextVersionId && n < MAX_VERSIONS; n++) {
      const next = await this.versionOf(v.nextVersionId, latest);
      if (!next) break;
      versions.push(next);
      v = next;
    }
    return { claim, sightings, versions };
  }

  /** Another version of a claim; versions share their source, so its latest capture too. */
  private async versionOf(id: string, latest: ClaimCapture | undefined): Promise<Claim | undefined> {
    const item = await this.getItem(`CLAIM#${id}`, 'CLAIM');
    return item ? DynamoClaimIndex.claimOf(item, await this.visibility([item]), latest) : undefined;
  }

  /** The latest capture of each source, as readers see it. */
  private static latestCaptures(items: Map<string, Item>, sourceIds: Iterable<string>, visible: Visibility): Map<string, ClaimCapture> {
    const latest = new Map<string, ClaimCapture>();
    for (const sourceId of sourceIds) {
      const pointer = pointerOf<ClaimCapture>(items.get(keyOf(seenKey(sourceId))), visible);
      if (pointer) latest.set(sourceId, pointer);
    }
    return latest;
  }

  async queryClaims(q: ClaimQuery): Promise<Page<Claim>> {
    const plan = planClaimQuery(q);
    const pk = `P#${plan.facet}`;
    const condition = timeCondition('PK = :pk', q.from, q.to);
    const found: Claim[] = [];
    let start = q.after;
    for (let round = 0; round < 50; round++) {
      const res = await callAws('query claims', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: condition.expr,
            ExpressionAttributeValues: { ':pk': pk, ...condition.values },
            ScanIndexForward: false,
            Limit: plan.pageSize,
            ExclusiveStartKey: start,
          }),
        ),
      );
      const postings = res.Items ?? [];
      const postedSources = new Set(postings.map((p) => p.sourceId).filter((s): s is string => typeof s === 'string'));
      const items = await batchGet(this.db, this.table, [
        ...postings.map((p) => claimKey(p.claimId as string)),
        ...[...postedSources].map(seenKey),
      ]);
      // Postings written before they carried their source: fetch those sources' pointers now.
      const unposted = new Set<string>();
      for (const p of postings) {
        const sourceId = items.get(keyOf(claimKey(p.claimId as string)))?.sourceId;
        if (typeof sourceId === 'string' && !postedSources.has(sourceId)) unposted.add(sourceId);
      }
      if (unposted.size) for (const [k, v] of await batchGet(this.db, this.table, [...unposted].map(seenKey))) items.set(k, v);
      const visible = await this.visibility([...items.values()]);
      const latest = DynamoClaimIndex.latestCaptures(items, [...postedSources, ...unposted], visible);
      for (const posting of postings) {
        const item = items.get(keyOf(claimKey(posting.claimId as string)));
        const claim = item ? DynamoClaimIndex.claimOf(item, visible, latest.get(item.sourceId as string)) : undefined;
        if (!claim || posting.SK !== postingKey(claim)) continue;
        if (!matchesClaimQuery(claim, q, plan)) continue;
        found.push(claim);
        if (found.length === q.limit) {
          const isLast = posting === postings.at(-1) && !res.LastEvaluatedKey;
          return { items: found, next: isLast ? undefined : { PK: posting.PK, SK: posting.SK } };
        }
      }
      if (!res.LastEvaluatedKey) return { items: found };
      start = res.LastEvaluatedKey;
    }
    return { items: found, next: start };
  }

  async listChanges(q: ChangeQuery): Promise<Page<ClaimChange>> {
    const condition = timeCondition('PK = :pk', q.from, q.to);
    const res = await callAws('list changes', () =>
      this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: condition.expr,
          ExpressionAttributeValues: { ':pk': `CHG#${q.sourceId}`, ...condition.values },
          ScanIndexForward: false,
          Limit: q.limit,
          ExclusiveStartKey: q.after,
        }),
      ),
    );
    const visible = await this.visibility(res.Items ?? []);
    const items = (res.Items ?? []).filter(visible).map((i) => {
      const { changeType, ...rest } = strip<ClaimChange & { changeType: ClaimChange['type'] }>(i);
      return { ...rest, type: changeType };
    });
    return { items, next: res.LastEvaluatedKey };
  }
}

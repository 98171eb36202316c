import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import pRetry from 'p-retry';
import {
  committedClaimOf,
  commitsToken,
  parsePendingToken,
  pendingToken,
  visibleClaim,
  type Claim,
  type ClaimChange,
  type ClaimWrite,
  type CommittedClaim,
  type CurrentClaims,
  type Reconciliation,
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
 * | item      | PK                     | SK                                      |
 * |-----------|------------------------|-----------------------------------------|
 * | claim     | `CLAIM#<id>`           | `CLAIM`                                 |
 * | sighting  | `CLAIM#<id>`           | `SEEN#<capturedAt>#<snapshotId>`        |
 * | posting   | `P#<facet>#<value>`    | `<claimTime>#<claimId>`                 |
 * | change    | `CHG#<sourceId>`       | `<capturedAt>#<snapshotId>#<type>#<id>` |
 * | current   | `SRC#<sourceId>`       | `CURRENT`                               |
 *
 * Postings are written once, when a claim is first seen, for the facets a researcher filters by:
 * `ALL`, `PLACE#<folded name>`, `SRC#<sourceId>`, `ATTR#<folded name>`, `KIND#<kind>` and
 * `TERM#<folded word>`, plus `REMOVED` when a claim disappears. A query reads the most selective
 * posting over the time range, fetches the claims by BatchGetItem and applies the other filters.
 * A posting counts only while its sort key is its claim's `<claimTime>#<id>`, so a claim created
 * again with another time (a retried attempt, a claim that came back) is listed once.
 *
 * **Pending writes.** A capture writes its claims before its snapshot record (the commit point), and
 * DynamoDB Local has no transactions, so each claim, sighting, change and current-set item it writes
 * carries `pending: <snapshotId>@<capturedAt>`, and a claim or current set it overwrites keeps
 * `committed`, the state readers saw before. A reader shows a pending item only if that snapshot
 * record exists, is not failed and has that capture time; otherwise it shows the `committed` state,
 * or nothing for a claim that attempt created. After the commit the capture settles its items
 * (removes both attributes). Settling costs a second write per item, but it keeps every read at
 * one Query plus one BatchGetItem: the extra BatchGetItem of snapshot records is made only for
 * items still pending, which is the moment between indexing and commit, or after a crash. A crash
 * before settling costs readers that BatchGetItem, never a wrong answer; the retried job rewrites
 * its items under a new token and settles them. Two attempts of one job running at once (a
 * redelivery while the first still runs) can leave some of the winner's claims showing their
 * earlier state until the source's next capture rewrites them.
 */
const MAX_VERSIONS = 20;
const SETTLE_CONCURRENCY = 16;
const RETRY = { retries: 6, minTimeout: 50, maxTimeout: 2_000, randomize: true } as const;

type Visibility = (item: Item) => boolean;

function strip<T>(item: Item): T {
  const { pending: _pending, committed: _committed, ...rest } = stripKeys<Item>(item);
  return rest as T;
}

function postingsFor(claim: Claim): Item[] {
  return claimFacets(claim).map((facet) => ({ PK: `P#${facet}`, SK: postingKey(claim), claimId: claim.id, type: 'posting' }));
}

function sightingItems(r: Reconciliation): Item[] {
  return r.sightings.map((s) => ({ ...s, PK: `CLAIM#${s.claimId}`, SK: `SEEN#${s.capturedAt}#${s.snapshotId}`, type: 'sighting' }));
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

export class DynamoClaimIndex implements ClaimIndex {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return callAws(what, fn);
  }

  private async getItem(pk: string, sk: string): Promise<Item | undefined> {
    const res = await this.call('get', () => this.db.send(new GetCommand({ TableName: this.table, Key: { PK: pk, SK: sk } })));
    return res.Item;
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

  private static claimOf(item: Item, visible: Visibility): Claim | undefined {
    return visibleClaim(strip<Claim>(item), item.committed as CommittedClaim | undefined, visible(item));
  }

  async currentClaims(sourceId: string): Promise<CurrentClaims | undefined> {
    const item = await this.getItem(`SRC#${sourceId}`, 'CURRENT');
    if (!item) return undefined;
    type CurrentSet = Omit<CurrentClaims, 'claims'> & { ids: string[] };
    const current = (await this.visibility([item]))(item) ? strip<CurrentSet>(item) : (item.committed as CurrentSet | undefined);
    if (!current) return undefined;
    const ids = current.ids ?? [];
    const items = await batchGet(
      this.db,
      this.table,
      ids.map((id) => ({ PK: `CLAIM#${id}`, SK: 'CLAIM' })),
    );
    const visible = await this.visibility([...items.values()]);
    const claims = ids
      .map((id) => items.get(`CLAIM#${id}|CLAIM`))
      .map((i) => (i ? DynamoClaimIndex.claimOf(i, visible) : undefined))
      .filter((c): c is Claim => c !== undefined);
    return { snapshotId: current.snapshotId, capturedAt: current.capturedAt, claims };
  }

  /**
   * Writes a capture's claims as pending (see the class notes): each claim keeps the state it
   * replaces, read here, so an attempt that never commits leaves every reader where it was.
   */
  async writeClaims(r: Reconciliation, write: ClaimWrite): Promise<void> {
    const token = pendingToken(write);
    const [existing, current] = await Promise.all([
      batchGet(
        this.db,
        this.table,
        r.claims.map((c) => ({ PK: `CLAIM#${c.id}`, SK: 'CLAIM' })),
      ),
      this.getItem(`SRC#${write.sourceId}`, 'CURRENT'),
    ]);
    const visible = await this.visibility([...existing.values(), current]);
    const created = new Set(r.created.map((c) => c.id));
    const claimItems = r.claims.map((c) => {
      const before = existing.get(`CLAIM#${c.id}|CLAIM`);
      const prior = before ? DynamoClaimIndex.claimOf(before, visible) : undefined;
      return {
        ...c,
        PK: `CLAIM#${c.id}`,
        SK: 'CLAIM',
        type: 'claim',
        pending: token,
        committed: committedClaimOf(prior, created.has(c.id)),
      };
    });
    const removedPostings = r.claims
      .filter((c) => c.status === 'removed')
      .map((c) => ({ PK: `P#${REMOVED_FACET}`, SK: postingKey(c), claimId: c.id, type: 'posting' }));
    const pending = (items: Item[]) => items.map((i) => ({ ...i, pending: token }));
    await batchPut(this.db, this.table, [
      ...pending(sightingItems(r)),
      ...r.created.flatMap(postingsFor),
      ...removedPostings,
      ...pending(changeItems(r)),
    ]);
    await batchPut(this.db, this.table, claimItems);

    const currentVisible = current && visible(current);
    const committedCurrent = current
      ? currentVisible
        ? { ids: current.ids, snapshotId: current.snapshotId, capturedAt: current.capturedAt }
        : current.committed
      : undefined;
    const abandoned = current && !currentVisible ? (current.pending as string) : undefined;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            PK: `SRC#${write.sourceId}`,
            SK: 'CURRENT',
            ids: r.currentIds,
            snapshotId: write.snapshotId,
            capturedAt: write.capturedAt,
            pending: token,
            committed: committedCurrent,
          },
          ConditionExpression: `attribute_not_exists(capturedAt) OR capturedAt <= :at${abandoned ? ' OR #pending = :abandoned' : ''}`,
          ExpressionAttributeNames: abandoned ? { '#pending': 'pending' } : undefined,
          ExpressionAttributeValues: { ':at': write.capturedAt, ...(abandoned ? { ':abandoned': abandoned } : {}) },
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw toDomainError(err, 'write current claims');
    }
  }

  /**
   * Settles what {@link writeClaims} wrote for this attempt once its snapshot is committed. Sightings
   * and changes have keys of their own attempt, so they are put again without the mark; claims and
   * the current set are shared, so each is cleared only while it still carries this attempt's mark.
   */
  async settleClaims(r: Reconciliation, write: ClaimWrite): Promise<void> {
    const token = pendingToken(write);
    await batchPut(this.db, this.table, [...sightingItems(r), ...changeItems(r)]);
    const keys = [...r.claims.map((c) => ({ PK: `CLAIM#${c.id}`, SK: 'CLAIM' })), { PK: `SRC#${write.sourceId}`, SK: 'CURRENT' }];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < keys.length; i = next++) await this.clearPending(keys[i]!, token);
    };
    await Promise.all(Array.from({ length: Math.min(SETTLE_CONCURRENCY, keys.length) }, worker));
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

  async getClaim(id: string): Promise<ClaimDetail | undefined> {
    const items: Item[] = [];
    let after: Item | undefined;
    do {
      const res = await this.call('get claim', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': `CLAIM#${id}` },
            ExclusiveStartKey: after,
          }),
        ),
      );
      items.push(...(res.Items ?? []));
      after = res.LastEvaluatedKey;
    } while (after && items.length < 2_000);
    const record = items.find((i) => i.SK === 'CLAIM');
    if (!record) return undefined;
    const visible = await this.visibility(items);
    const claim = DynamoClaimIndex.claimOf(record, visible);
    if (!claim) return undefined;
    const sightings = items
      .filter((i) => String(i.SK).startsWith('SEEN#') && visible(i))
      .map((i) => strip<Sighting & { claimId: string }>(i));
    const versions = [claim];
    for (let v = claim, n = 0; v.previousVersionId && n < MAX_VERSIONS; n++) {
      const prev = await this.versionOf(v.previousVersionId);
      if (!prev) break;
      versions.unshift(prev);
      v = prev;
    }
    for (let v = claim, n = 0; v.nextVersionId && n < MAX_VERSIONS; n++) {
      const next = await this.versionOf(v.nextVersionId);
      if (!next) break;
      versions.push(next);
      v = next;
    }
    return { claim, sightings, versions };
  }

  private async versionOf(id: string): Promise<Claim | undefined> {
    const item = await this.getItem(`CLAIM#${id}`, 'CLAIM');
    return item ? DynamoClaimIndex.claimOf(item, await this.visibility([item])) : undefined;
  }

  async queryClaims(q: ClaimQuery): Promise<Page<Claim>> {
    const plan = planClaimQuery(q);
    const pk = `P#${plan.facet}`;
    const condition = timeCondition('PK = :pk', q.from, q.to);
    const found: Claim[] = [];
    let start = q.after;
    for (let round = 0; round < 50; round++) {
      const res = await this.call('query claims', () =>
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
      const claims = await batchGet(
        this.db,
        this.table,
        postings.map((p) => ({ PK: `CLAIM#${p.claimId}`, SK: 'CLAIM' })),
      );
      const visible = await this.visibility([...claims.values()]);
      for (const posting of postings) {
        const item = claims.get(`CLAIM#${posting.claimId}|CLAIM`);
        const claim = item ? DynamoClaimIndex.claimOf(item, visible) : undefined;
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
    const res = await this.call('list changes', () =>
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

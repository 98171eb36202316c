import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Claim, ClaimChange, CurrentClaims, Reconciliation, Sighting } from '../core/claim-history.js';
import type { ChangeQuery, ClaimDetail, ClaimIndex, ClaimQuery, Page } from '../core/ports.js';
import { foldTerm, significantTerms } from '../core/terms.js';
import { toDomainError } from './aws-errors.js';
import { batchGet, batchPut, send, stripKeys, timeRange, type Item } from './dynamo-batch.js';

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
 */
const MAX_VERSIONS = 20;
const strip = stripKeys;

function postingsFor(claim: Claim): Item[] {
  const facets = new Set<string>(['ALL', `SRC#${claim.sourceId}`, `KIND#${claim.kind}`]);
  for (const place of claim.places) facets.add(`PLACE#${foldTerm(place.name)}`);
  for (const who of claim.attributedTo) facets.add(`ATTR#${foldTerm(who)}`);
  for (const term of significantTerms(claim.text, claim.lang)) facets.add(`TERM#${term}`);
  return [...facets].map((facet) => ({ PK: `P#${facet}`, SK: `${claim.claimTime}#${claim.id}`, claimId: claim.id, type: 'posting' }));
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
    return send(what, fn);
  }

  private async getItem(pk: string, sk: string): Promise<Item | undefined> {
    const res = await this.call('get', () => this.db.send(new GetCommand({ TableName: this.table, Key: { PK: pk, SK: sk } })));
    return res.Item;
  }

  async currentClaims(sourceId: string): Promise<CurrentClaims | undefined> {
    const current = await this.getItem(`SRC#${sourceId}`, 'CURRENT');
    if (!current) return undefined;
    const ids = (current.ids as string[]) ?? [];
    const items = await batchGet(this.db, this.table, ids.map((id) => ({ PK: `CLAIM#${id}`, SK: 'CLAIM' })));
    const claims = ids.map((id) => items.get(`CLAIM#${id}|CLAIM`)).filter((i): i is Item => Boolean(i)).map((i) => strip<Claim>(i));
    return { snapshotId: current.snapshotId as string, capturedAt: current.capturedAt as string, claims };
  }

  async writeClaims(r: Reconciliation, snapshot: { sourceId: string; snapshotId: string; capturedAt: string }): Promise<void> {
    const sightings = r.sightings.map((s) => ({
      ...s,
      PK: `CLAIM#${s.claimId}`,
      SK: `SEEN#${s.capturedAt}#${s.snapshotId}`,
      type: 'sighting',
    }));
    const postings = r.created.flatMap(postingsFor);
    const removedPostings = r.claims
      .filter((c) => c.status === 'removed')
      .map((c) => ({ PK: 'P#REMOVED', SK: `${c.claimTime}#${c.id}`, claimId: c.id, type: 'posting' }));
    const changes = r.changes.map((c, i) => ({
      ...c,
      PK: `CHG#${c.sourceId}`,
      SK: `${c.capturedAt}#${c.snapshotId}#${String(i).padStart(5, '0')}#${c.type}#${c.claimId}`,
      type: 'change',
      changeType: c.type,
    }));
    await batchPut(this.db, this.table, [...sightings, ...postings, ...removedPostings, ...changes]);
    await batchPut(this.db, this.table, r.claims.map((c) => ({ ...c, PK: `CLAIM#${c.id}`, SK: 'CLAIM', type: 'claim' })));
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { PK: `SRC#${snapshot.sourceId}`, SK: 'CURRENT', ids: r.currentIds, snapshotId: snapshot.snapshotId, capturedAt: snapshot.capturedAt },
          ConditionExpression: 'attribute_not_exists(capturedAt) OR capturedAt <= :at',
          ExpressionAttributeValues: { ':at': snapshot.capturedAt },
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw toDomainError(err, 'write current claims');
    }
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
    const claim = strip<Claim>(record);
    const sightings = items
      .filter((i) => String(i.SK).startsWith('SEEN#'))
      .map((i) => strip<Sighting & { claimId: string }>(i));
    const versions = [claim];
    for (let v = claim, n = 0; v.previousVersionId && n < MAX_VERSIONS; n++) {
      const prev = await this.getItem(`CLAIM#${v.previousVersionId}`, 'CLAIM');
      if (!prev) break;
      v = strip<Claim>(prev);
      versions.unshift(v);
    }
    for (let v = claim, n = 0; v.nextVersionId && n < MAX_VERSIONS; n++) {
      const next = await this.getItem(`CLAIM#${v.nextVersionId}`, 'CLAIM');
      if (!next) break;
      v = strip<Claim>(next);
      versions.push(v);
    }
    return { claim, sightings, versions };
  }

  /** Picks the most selective posting list for a query. */
  private static plan(q: ClaimQuery): string {
    if (q.place) return `P#PLACE#${foldTerm(q.place)}`;
    if (q.attributedTo) return `P#ATTR#${foldTerm(q.attributedTo)}`;
    const terms = q.q ? significantTerms(q.q, 'und') : [];
    if (terms.length) return `P#TERM#${terms.sort((a, b) => b.length - a.length)[0]}`;
    if (q.sourceId) return `P#SRC#${q.sourceId}`;
    if (q.status === 'removed') return 'P#REMOVED';
    if (q.kind) return `P#KIND#${q.kind}`;
    return 'P#ALL';
  }

  private static matches(claim: Claim, q: ClaimQuery, terms: string[]): boolean {
    if (q.place && !claim.places.some((p) => foldTerm(p.name) === foldTerm(q.place!))) return false;
    if (q.attributedTo && !claim.attributedTo.some((a) => foldTerm(a) === foldTerm(q.attributedTo!))) return false;
    if (q.sourceId && claim.sourceId !== q.sourceId) return false;
    if (q.kind && claim.kind !== q.kind) return false;
    if (q.status && claim.status !== q.status) return false;
    if (terms.length) {
      const text = foldTerm(claim.text);
      if (!terms.every((t) => text.includes(t))) return false;
    }
    return true;
  }

  async queryClaims(q: ClaimQuery): Promise<Page<Claim>> {
    const pk = DynamoClaimIndex.plan(q);
    const terms = q.q ? significantTerms(q.q, 'und') : [];
    const filters = [q.place, q.attributedTo, q.q, q.sourceId, q.kind, q.status].filter((f) => f !== undefined).length;
    const pageSize = filters <= 1 && q.status !== 'present' ? q.limit : Math.min(200, Math.max(q.limit * 2, 25));
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
            Limit: pageSize,
            ExclusiveStartKey: start,
          }),
        ),
      );
      const postings = res.Items ?? [];
      const claims = await batchGet(this.db, this.table, postings.map((p) => ({ PK: `CLAIM#${p.claimId}`, SK: 'CLAIM' })));
      for (const posting of postings) {
        const item = claims.get(`CLAIM#${posting.claimId}|CLAIM`);
        if (!item) continue;
        const claim = strip<Claim>(item);
        if (!DynamoClaimIndex.matches(claim, q, terms)) continue;
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
    const items = (res.Items ?? []).map((i) => {
      const { changeType, ...rest } = strip<ClaimChange & { changeType: ClaimChange['type'] }>(i);
      return { ...rest, type: changeType };
    });
    return { items, next: res.LastEvaluatedKey };
  }
}

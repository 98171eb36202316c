import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { FixityAudit } from '../core/audit.js';
import type { AuditQuery, Page, PayloadRecord, SnapshotIndex, SnapshotQuery } from '../core/ports.js';
import type { Snapshot } from '../core/snapshot.js';
import type { Source } from '../core/sources.js';
import { callAws, toDomainError } from './aws-errors.js';
import { batchGet, stripKeys, timeRange, type Item } from './dynamo-batch.js';

/**
 * Single-table key design (see README "DynamoDB access patterns").
 *
 * | item            | PK                 | SK        | GSI1 (by URL)            | GSI2 (by source)         | GSI3 (all, by time)        |
 * |-----------------|--------------------|-----------|--------------------------|--------------------------|----------------------------|
 * | snapshot        | `SNAP#<id>`        | `SNAP`    | `HOST#<host>` / `<url> <at>#<id>` | `SRC#<sourceId>` / `<at>#<id>` | `SNAPSHOTS` / `<at>#<id>` |
 * | latest pointer  | `SRC#<sourceId>`   | `LATEST`  |                          |                          |                            |
 * | source          | `SOURCE#<id>`      | `SOURCE`  |                          |                          | `SOURCES` / `<id>`         |
 * | payload         | `PAYLOAD#<sha256>` | `PAYLOAD` |                          |                          |                            |
 * | fixity audit    | `AUDIT`            | `<startedAt>#<id>` |               |                          |                            |
 *
 * `<at>` is the ISO capture time, so a sort-key range is a time range. GSI1 sorts a host's captures
 * by URL, then time, as a CDX index does: an exact URL is a key range, a URL prefix is `begins_with`,
 * and a host is the whole partition. The space after the URL sorts below every character a
 * normalised URL can contain, so one URL's range never runs into a longer URL's. GSI3's `SNAPSHOTS` partition
 * takes one write per capture, far below a partition's 1,000 writes/s. The GSIs project keys only:
 * a listing is one Query for the page of keys and one BatchGetItem for the items, so each snapshot
 * is stored once rather than four times. Audits share one `AUDIT` partition, sorted by start time,
 * so the newest come first from one Query (ScanIndexForward false); a daily audit is a write a day.
 */
const KEYS = { pk: 'PK', sk: 'SK', gsi: ['GSI1', 'GSI2', 'GSI3'] as const };

const strip = stripKeys;

/** The host (with a non-default port) that partitions GSI1; URLs are stored normalised, so this is stable. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.toLowerCase();
  }
}

/** A snapshot record with its table and index keys (see the key design above). */
export function snapshotItem(snapshot: Snapshot): Item {
  const at = `${snapshot.capturedAt}#${snapshot.id}`;
  return {
    ...snapshot,
    PK: `SNAP#${snapshot.id}`,
    SK: 'SNAP',
    type: 'snapshot',
    GSI1PK: `HOST#${hostOf(snapshot.url)}`,
    GSI1SK: `${snapshot.url} ${at}`,
    GSI2PK: `SRC#${snapshot.sourceId}`,
    GSI2SK: at,
    GSI3PK: 'SNAPSHOTS',
    GSI3SK: at,
  };
}

export class DynamoSnapshotIndex implements SnapshotIndex {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getSnapshot(id: string): Promise<Snapshot | undefined> {
    const res = await callAws('get snapshot', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: { PK: `SNAP#${id}`, SK: 'SNAP' } })),
    );
    return res.Item ? strip<Snapshot>(res.Item) : undefined;
  }

  async putSnapshot(snapshot: Snapshot): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: snapshotItem(snapshot),
          ConditionExpression: 'attribute_not_exists(PK) OR #status = :failed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed' },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw toDomainError(err, 'put snapshot');
    }
  }

  async listSnapshots(query: SnapshotQuery): Promise<Page<Snapshot>> {
    if (query.url && query.matchType && query.matchType !== 'exact') return this.listByUrlPrefix(query);
    let input: QueryCommandInput;
    if (query.url) {
      const prefix = `${query.url} `;
      input = {
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :low AND :high',
        ExpressionAttributeValues: {
          ':pk': `HOST#${hostOf(query.url)}`,
          ':low': `${prefix}${query.from ?? ''}`,
          ':high': `${prefix}${query.to ? `${query.to}~` : '~'}`,
        },
      };
    } else {
      const [index, pk] = query.sourceId ? ['GSI2', `SRC#${query.sourceId}`] : ['GSI3', 'SNAPSHOTS'];
      const range = timeRange(`${index}SK`, query.from, query.to);
      input = {
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk${range ? ` AND ${range.expr}` : ''}`,
        ExpressionAttributeValues: { ':pk': pk, ...range?.values },
      };
    }
    const res = await callAws('list snapshots', () =>
      this.db.send(new QueryCommand({ ...input, ScanIndexForward: false, Limit: query.limit, ExclusiveStartKey: query.after })),
    );
    const snapshots = await this.fetchSnapshots(res.Items ?? []);
    const filtered = query.url && query.sourceId ? snapshots.filter((s) => s.sourceId === query.sourceId) : snapshots;
    return { items: filtered, next: res.LastEvaluatedKey };
  }

  /**
   * CDX-style `prefix` and `host` matching: one host partition of GSI1, in URL order then time order
   * (the order of a CDX index). The time range is applied to the capture time held in the sort key.
   */
  private async listByUrlPrefix(query: SnapshotQuery): Promise<Page<Snapshot>> {
    const host = hostOf(query.url!);
    const prefix = query.matchType === 'prefix' ? query.url! : undefined;
    const found: Item[] = [];
    let start = query.after;
    for (let round = 0; round < 50; round++) {
      const res = await callAws('list snapshots', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: 'GSI1',
            KeyConditionExpression: prefix ? 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)' : 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': `HOST#${host}`, ...(prefix ? { ':prefix': prefix } : {}) },
            Limit: Math.max(query.limit, 25),
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of res.Items ?? []) {
        const at = String(item.GSI1SK).slice(String(item.GSI1SK).lastIndexOf(' ') + 1);
        if ((query.from && at < query.from) || (query.to && at > `${query.to}~`)) continue;
        found.push(item);
        if (found.length === query.limit) {
          const last = item === res.Items!.at(-1) && !res.LastEvaluatedKey;
          const next = last ? undefined : { PK: item.PK, SK: item.SK, GSI1PK: item.GSI1PK, GSI1SK: item.GSI1SK };
          return { items: await this.fetchSnapshots(found), next };
        }
      }
      if (!res.LastEvaluatedKey) return { items: await this.fetchSnapshots(found) };
      start = res.LastEvaluatedKey;
    }
    return { items: await this.fetchSnapshots(found), next: start };
  }

  private async fetchSnapshots(keys: Item[]): Promise<Snapshot[]> {
    const items = await this.batchGet(keys.map((k) => ({ PK: k.PK, SK: k.SK })));
    return keys
      .map((k) => items.get(`${k.PK}|${k.SK}`))
      .filter((i): i is Item => i !== undefined)
      .map((i) => strip<Snapshot>(i));
  }

  async latestSnapshot(sourceId: string): Promise<Snapshot | undefined> {
    const res = await callAws('get latest', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: { PK: `SRC#${sourceId}`, SK: 'LATEST' } })),
    );
    const id = res.Item?.succeededId as string | undefined;
    return id ? this.getSnapshot(id) : undefined;
  }

  async findPayloads(sha256s: string[]): Promise<Map<string, PayloadRecord>> {
    const items = await this.batchGet(sha256s.map((sha) => ({ PK: `PAYLOAD#${sha}`, SK: 'PAYLOAD' })));
    const found = new Map<string, PayloadRecord>();
    for (const item of items.values()) {
      const record = strip<PayloadRecord>(item);
      found.set(record.sha256, record);
    }
    return found;
  }

  private batchGet(keys: Item[]): Promise<Map<string, Item>> {
    return batchGet(this.db, this.table, keys);
  }

  async recordPayloads(records: PayloadRecord[]): Promise<void> {
    await Promise.all(
      records.map(async (record) => {
        try {
          await this.db.send(
            new PutCommand({
              TableName: this.table,
              Item: { ...record, PK: `PAYLOAD#${record.sha256}`, SK: 'PAYLOAD', type: 'payload' },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          );
        } catch (err) {
          if ((err as Error).name !== 'ConditionalCheckFailedException') throw toDomainError(err, 'record payload');
        }
      }),
    );
  }

  async getSource(id: string): Promise<Source | undefined> {
    const res = await callAws('get source', () =>
      this.db.send(new GetCommand({ TableName: this.table, Key: { PK: `SOURCE#${id}`, SK: 'SOURCE' } })),
    );
    return res.Item ? strip<Source>(res.Item) : undefined;
  }

  async putSource(source: Source): Promise<void> {
    await callAws('put source', () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...source, PK: `SOURCE#${source.id}`, SK: 'SOURCE', type: 'source', GSI3PK: 'SOURCES', GSI3SK: source.id },
        }),
      ),
    );
  }

  async deleteSource(id: string): Promise<boolean> {
    const res = await callAws('delete source', () =>
      this.db.send(new DeleteCommand({ TableName: this.table, Key: { PK: `SOURCE#${id}`, SK: 'SOURCE' }, ReturnValues: 'ALL_OLD' })),
    );
    return Boolean(res.Attributes);
  }

  async listSources(): Promise<Source[]> {
    const sources: Source[] = [];
    let after: Item | undefined;
    do {
      const res = await callAws('list sources', () =>
        this.db.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: 'GSI3',
            KeyConditionExpression: 'GSI3PK = :pk',
            ExpressionAttributeValues: { ':pk': 'SOURCES' },
            ExclusiveStartKey: after,
          }),
        ),
      );
      const keys = (res.Items ?? []).map((i) => ({ PK: i.PK, SK: i.SK }));
      const items = await this.batchGet(keys);
      for (const key of keys) {
        const item = items.get(`${key.PK}|${key.SK}`);
        if (item) sources.push(strip<Source>(item));
      }
      after = res.LastEvaluatedKey;
    } while (after);
    return sources;
  }

  async markDispatched(sourceId: string, slot: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { PK: `SOURCE#${sourceId}`, SK: 'SOURCE' },
          UpdateExpression: 'SET lastDispatchedSlot = :slot',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(lastDispatchedSlot) OR lastDispatchedSlot < :slot)',
          ExpressionAttributeValues: { ':slot': slot },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw toDomainError(err, 'mark source dispatched');
    }
  }

  async recordAudit(audit: FixityAudit): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...audit, PK: 'AUDIT', SK: `${audit.startedAt}#${audit.id}`, type: 'audit' },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw toDomainError(err, 'record audit');
    }
  }

  async listAudits(query: AuditQuery): Promise<Page<FixityAudit>> {
    const res = await callAws('list audits', () =>
      this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': 'AUDIT' },
          ScanIndexForward: false,
          Limit: query.limit,
          ExclusiveStartKey: query.after,
        }),
      ),
    );
    return { items: (res.Items ?? []).map((item) => strip<FixityAudit>(item)), next: res.LastEvaluatedKey };
  }

  /** After the snapshot is committed: move the source's latest pointers forward (never backward). */
  async recordSourceCapture(snapshot: Snapshot): Promise<void> {
    const succeeded = snapshot.status !== 'failed';
    await callAws('record latest', () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { PK: `SRC#${snapshot.sourceId}`, SK: 'LATEST' },
          UpdateExpression: succeeded
            ? 'SET latestId = :id, latestAt = :at, succeededId = :id, succeededAt = :at'
            : 'SET latestId = :id, latestAt = :at',
          ConditionExpression: 'attribute_not_exists(latestAt) OR latestAt <= :at',
          ExpressionAttributeValues: { ':id': snapshot.id, ':at': snapshot.capturedAt },
        }),
      ),
    ).catch((err: Error) => {
      if (!/ConditionalCheckFailed/.test(String((err.cause as Error)?.name))) throw err;
    });
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: { PK: `SOURCE#${snapshot.sourceId}`, SK: 'SOURCE' },
          UpdateExpression: 'SET lastCaptureAt = :at, lastSnapshotId = :id, lastStatus = :status',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(lastCaptureAt) OR lastCaptureAt <= :at)',
          ExpressionAttributeValues: { ':at': snapshot.capturedAt, ':id': snapshot.id, ':status': snapshot.status },
        }),
      )
      .catch((err: Error) => {
        if (err.name !== 'ConditionalCheckFailedException') throw toDomainError(err, 'record source capture');
      });
  }
}

/** Creates the table on first start of the local runtime, with the same keys and GSIs as the CDK stack. */
export async function ensureTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return;
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }
  const attr = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  await client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [attr('PK'), attr('SK'), ...KEYS.gsi.flatMap((g) => [attr(`${g}PK`), attr(`${g}SK`)])],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: KEYS.gsi.map((g) => ({
        IndexName: g,
        KeySchema: [
          { AttributeName: `${g}PK`, KeyType: 'HASH' as const },
          { AttributeName: `${g}SK`, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' as const },
      })),
    }),
  );
  for (let i = 0; i < 100; i++) {
    const res = await client.send(new DescribeTableCommand({ TableName: table }));
    if (res.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
} from '../../functions/lib/core/claim-history.js';
/**
 * In-memory fakes of the ports in `functions/lib/core/ports.ts`, faithful to the semantics of the
 * real adapters (S3ArchiveStore, DynamoSnapshotIndex) so unit tests run in milliseconds:
 * - putSnapshot is conditional: it refuses to overwrite a non-failed snapshot;
 * - listSnapshots is newest first (by capture time, then id), filtered by url / source / time range,
 *   limited, with an opaque `next` continuation;
 * - latestSnapshot / recordSourceCapture move the source's pointers forward only;
 * - recordPayloads keeps the first writer.
 * Both fakes can share an {@link EventLog} so tests can assert the order of writes.
 */
import {
  claimFacets,
  inTimeRange,
  matchesClaimQuery,
  planClaimQuery,
  postingKey,
  REMOVED_FACET,
} from '../../functions/lib/core/claim-query.js';
import { NotFoundError } from '../../functions/lib/core/errors.js';
import type {
  ArchiveStore,
  ChangeQuery,
  ClaimDetail,
  ClaimIndex,
  ClaimQuery,
  Clock,
  Logger,
  Page,
  PayloadRecord,
  SnapshotIndex,
  SnapshotQuery,
} from '../../functions/lib/core/ports.js';
import type { Snapshot } from '../../functions/lib/core/snapshot.js';
import type { FixityAudit } from '../../functions/lib/core/audit.js';
import type { AuditQuery } from '../../functions/lib/core/ports.js';
import type { Source } from '../../functions/lib/core/sources.js';

/** One write or read seen by a fake, in call order. */
export interface EventEntry {
  op: string;
  key: string;
}

export class EventLog {
  readonly entries: EventEntry[] = [];
  add(op: string, key: string): void {
    this.entries.push({ op, key });
  }
  ops(): string[] {
    return this.entries.map((e) => `${e.op} ${e.key}`);
  }
}

interface StoredEntry {
  body: Uint8Array;
  contentType: string;
  sha256: string;
}

export interface MemoryArchiveStoreOptions {
  log?: EventLog;
  /** When set, the store supports presigned URLs: `${presignBase}/${key}?expires=..&filename=..`. */
  presignBase?: string;
  /** Called before every put; throw from it to simulate a failing store. */
  beforePut?: (key: string) => void;
}

export class MemoryArchiveStore implements ArchiveStore {
  readonly objects = new Map<string, StoredEntry>();
  readonly log: EventLog;
  putCount = 0;
  presign?: (key: string, expiresInSeconds: number, filename: string) => Promise<string>;

  constructor(private readonly options: MemoryArchiveStoreOptions = {}) {
    this.log = options.log ?? new EventLog();
    if (options.presignBase) {
      const base = options.presignBase;
      this.presign = async (key, expiresInSeconds, filename) =>
        `${base}/${key}?expires=${expiresInSeconds}&filename=${encodeURIComponent(filename)}`;
    }
  }

  async put(key: string, body: Uint8Array, contentType: string, sha256: string): Promise<void> {
    this.options.beforePut?.(key);
    this.putCount++;
    this.log.add('store.put', key);
    this.objects.set(key, { body: new Uint8Array(body), contentType, sha256 });
  }

  async exists(key: string): Promise<boolean> {
    return this.objects.has(key);
  }

  async get(key: string): Promise<Uint8Array> {
    const entry = this.objects.get(key);
    if (!entry) throw new NotFoundError(`no object ${key}`);
    return new Uint8Array(entry.body);
  }

  async streamRange(key: string, offset: number, length: number): Promise<ReadableStream<Uint8Array>> {
    const bytes = (await this.get(key)).slice(offset, offset + length);
    return new ReadableStream({
      start: (c) => {
        c.enqueue(bytes);
        c.close();
      },
    });
  }

  async stream(key: string): Promise<{ body: ReadableStream<Uint8Array>; bytes: number; contentType: string }> {
    const entry = this.objects.get(key);
    if (!entry) throw new NotFoundError(`no object ${key}`);
    const bytes = new Uint8Array(entry.body);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // Two chunks, so consumers must really stream rather than read one buffer.
        const half = Math.floor(bytes.length / 2);
        if (half > 0) controller.enqueue(bytes.slice(0, half));
        controller.enqueue(bytes.slice(half));
        controller.close();
      },
    });
    return { body, bytes: bytes.length, contentType: entry.contentType };
  }

  /** Keys under a prefix, sorted. */
  keys(prefix = ''): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  count(prefix = ''): number {
    return this.keys(prefix).length;
  }
}

interface LatestPointer {
  latestId: string;
  latestAt: string;
  succeededId?: string;
  succeededAt?: string;
}

const clone = <T>(value: T): T => structuredClone(value);

function sortKey(s: Snapshot): string {
  return `${s.capturedAt}#${s.id}`;
}

export class MemorySnapshotIndex implements SnapshotIndex {
  readonly snapshots = new Map<string, Snapshot>();
  readonly sources = new Map<string, Source>();
  readonly payloads = new Map<string, PayloadRecord>();
  readonly latest = new Map<string, LatestPointer>();
  readonly audits = new Map<string, FixityAudit>();
  readonly log: EventLog;

  constructor(log?: EventLog) {
    this.log = log ?? new EventLog();
  }

  async getSnapshot(id: string): Promise<Snapshot | undefined> {
    const s = this.snapshots.get(id);
    return s ? clone(s) : undefined;
  }

  async putSnapshot(snapshot: Snapshot): Promise<boolean> {
    this.log.add('index.putSnapshot', snapshot.id);
    const existing = this.snapshots.get(snapshot.id);
    if (existing && existing.status !== 'failed') return false;
    this.snapshots.set(snapshot.id, clone(snapshot));
    return true;
  }

  async listSnapshots(query: SnapshotQuery): Promise<Page<Snapshot>> {
    const after = typeof query.after?.at === 'string' ? (query.after.at as string) : undefined;
    const matching = [...this.snapshots.values()]
      .filter((s) => (query.url ? s.url === query.url : true))
      .filter((s) => (query.sourceId ? s.sourceId === query.sourceId : true))
      .filter((s) => (query.from ? s.capturedAt >= query.from : true))
      .filter((s) => (query.to ? s.capturedAt <= query.to : true))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0))
      .filter((s) => (after ? sortKey(s) < after : true));
    const items = matching.slice(0, query.limit);
    const last = items[items.length - 1];
    const next = matching.length > items.length && last ? { at: sortKey(last) } : undefined;
    return { items: items.map(clone), next };
  }

  async latestSnapshot(sourceId: string): Promise<Snapshot | undefined> {
    const id = this.latest.get(sourceId)?.succeededId;
    return id ? this.getSnapshot(id) : undefined;
  }

  async findPayloads(sha256s: string[]): Promise<Map<string, PayloadRecord>> {
    const found = new Map<string, PayloadRecord>();
    for (const sha of sha256s) {
      const record = this.payloads.get(sha);
      if (record) found.set(sha, clone(record));
    }
    return found;
  }

  async recordPayloads(records: PayloadRecord[]): Promise<void> {
    for (const record of records) {
      this.log.add('index.recordPayload', record.sha256);
      if (!this.payloads.has(record.sha256)) this.payloads.set(record.sha256, clone(record));
    }
  }

  async getSource(id: string): Promise<Source | undefined> {
    const s = this.sources.get(id);
    return s ? clone(s) : undefined;
  }

  async putSource(source: Source): Promise<void> {
    this.log.add('index.putSource', source.id);
    this.sources.set(source.id, clone(source));
  }

  async deleteSource(id: string): Promise<boolean> {
    this.log.add('index.deleteSource', id);
    return this.sources.delete(id);
  }

  async listSources(): Promise<Source[]> {
    return [...this.sources.values()].sort((a, b) => a.id.localeCompare(b.id)).map(clone);
  }

  /** Moves the source's latest pointers forward, never backward (like the conditional UpdateItem). */
  async markDispatched(sourceId: string, slot: string): Promise<boolean> {
    const source = this.sources.get(sourceId);
    if (!source || (source.lastDispatchedSlot && source.lastDispatchedSlot >= slot)) return false;
    this.sources.set(sourceId, { ...source, lastDispatchedSlot: slot });
    return true;
  }

  /** Keeps the first record of an audit id, as the conditional PutItem does. */
  async recordAudit(audit: FixityAudit): Promise<void> {
    this.log.add('index.recordAudit', audit.id);
    if (!this.audits.has(audit.id)) this.audits.set(audit.id, clone(audit));
  }

  /** Newest first by `<startedAt>#<id>` (the adapter's sort key), with an opaque `next`. */
  async listAudits(query: AuditQuery): Promise<Page<FixityAudit>> {
    const key = (a: FixityAudit) => `${a.startedAt}#${a.id}`;
    const after = typeof query.after?.SK === 'string' ? query.after.SK : undefined;
    const matching = [...this.audits.values()]
      .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0))
      .filter((a) => (after ? key(a) < after : true));
    const items = matching.slice(0, query.limit);
    const last = items.at(-1);
    return { items: items.map(clone), next: matching.length > items.length && last ? { PK: 'AUDIT', SK: key(last) } : undefined };
  }

  async recordSourceCapture(snapshot: Snapshot): Promise<void> {
    this.log.add('index.recordSourceCapture', snapshot.id);
    const at = snapshot.capturedAt;
    const pointer = this.latest.get(snapshot.sourceId);
    if (!pointer || pointer.latestAt <= at) {
      const next: LatestPointer = { ...(pointer ?? { latestId: snapshot.id, latestAt: at }), latestId: snapshot.id, latestAt: at };
      if (snapshot.status !== 'failed') {
        next.succeededId = snapshot.id;
        next.succeededAt = at;
      }
      this.latest.set(snapshot.sourceId, next);
    }
    const source = this.sources.get(snapshot.sourceId);
    if (source && (!source.lastCaptureAt || source.lastCaptureAt <= at)) {
      this.sources.set(snapshot.sourceId, {
        ...source,
        lastCaptureAt: at,
        lastSnapshotId: snapshot.id,
        lastStatus: snapshot.status,
      });
    }
  }
}

/** A clock that only moves when told to. */
export class FixedClock implements Clock {
  private current: Date;
  constructor(start: string | Date = '2024-12-03T10:00:00.000Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: string | Date): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  extra?: Record<string, unknown>;
}

/** A logger that keeps what it is told, for assertions, and prints nothing. */
export class MemoryLogger implements Logger {
  readonly lines: LogLine[] = [];
  debug(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'debug', message, extra });
  }
  info(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, extra });
  }
  warn(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, extra });
  }
  error(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, extra });
  }
  at(level: LogLine['level']): LogLine[] {
    return this.lines.filter((l) => l.level === level);
  }
}

/** The snapshot record a pending claim write waits for (MemorySnapshotIndex has it). */
export interface CommitPoint {
  getSnapshot(id: string): Promise<Snapshot | undefined>;
}

interface ClaimRecord {
  claim: Claim;
  pending?: string;
  committed?: CommittedClaim;
}

interface CurrentRecord {
  snapshotId: string;
  capturedAt: string;
  ids: string[];
  pending?: string;
  committed?: { snapshotId: string; capturedAt: string; ids: string[] };
}

/**
 * An in-memory ClaimIndex with the adapter's semantics: writes are pending until the snapshot record
 * of their attempt is committed (with `commits` given; without it every write counts as committed),
 * a pending claim shows the state it replaced, settling drops the marks, current sets move forward,
 * queries are newest first by claim time with a `next` continuation, filters combine.
 */
export class MemoryClaimIndex implements ClaimIndex {
  readonly records = new Map<string, ClaimRecord>();
  readonly sightings: (Sighting & { pending?: string })[] = [];
  readonly changes: (ClaimChange & { pending?: string })[] = [];
  readonly current = new Map<string, CurrentRecord>();

  constructor(private readonly options: { commits?: CommitPoint; log?: EventLog } = {}) {}

  private async isVisible(token: string | undefined): Promise<boolean> {
    if (token === undefined || !this.options.commits) return true;
    return commitsToken(await this.options.commits.getSnapshot(parsePendingToken(token).snapshotId), token);
  }

  private async visible(record: ClaimRecord): Promise<Claim | undefined> {
    const claim = visibleClaim(record.claim, record.committed, await this.isVisible(record.pending));
    return claim && structuredClone(claim);
  }

  private async visibleClaims(): Promise<Claim[]> {
    const claims = await Promise.all([...this.records.values()].map((r) => this.visible(r)));
    return claims.filter((c): c is Claim => c !== undefined);
  }

  private async visibleCurrent(sourceId: string): Promise<Omit<CurrentRecord, 'pending' | 'committed'> | undefined> {
    const current = this.current.get(sourceId);
    if (!current) return undefined;
    return (await this.isVisible(current.pending)) ? current : current.committed;
  }

  async currentClaims(sourceId: string): Promise<CurrentClaims | undefined> {
    const current = await this.visibleCurrent(sourceId);
    if (!current) return undefined;
    const claims = await Promise.all(current.ids.map((id) => (this.records.has(id) ? this.visible(this.records.get(id)!) : undefined)));
    return { snapshotId: current.snapshotId, capturedAt: current.capturedAt, claims: claims.filter((c): c is Claim => c !== undefined) };
  }

  async writeClaims(r: Reconciliation, write: ClaimWrite): Promise<void> {
    this.options.log?.add('claims.write', write.snapshotId);
    const pending = pendingToken(write);
    const created = new Set(r.created.map((c) => c.id));
    for (const claim of r.claims) {
      const before = this.records.get(claim.id);
      const prior = before ? await this.visible(before) : undefined;
      this.records.set(claim.id, { claim: structuredClone(claim), pending, committed: committedClaimOf(prior, created.has(claim.id)) });
    }
    const seen = new Set(this.sightings.map((s) => `${s.claimId}|${s.capturedAt}|${s.snapshotId}`));
    this.sightings.push(
      ...r.sightings.filter((s) => !seen.has(`${s.claimId}|${s.capturedAt}|${s.snapshotId}`)).map((s) => ({ ...s, pending })),
    );
    const known = new Set(this.changes.map((c) => `${c.claimId}|${c.capturedAt}|${c.snapshotId}|${c.type}`));
    this.changes.push(
      ...r.changes.filter((c) => !known.has(`${c.claimId}|${c.capturedAt}|${c.snapshotId}|${c.type}`)).map((c) => ({ ...c, pending })),
    );
    const existing = this.current.get(write.sourceId);
    const abandoned = existing !== undefined && !(await this.isVisible(existing.pending));
    if (!existing || existing.capturedAt <= write.capturedAt || abandoned) {
      const committed = existing ? await this.visibleCurrent(write.sourceId) : undefined;
      this.current.set(write.sourceId, {
        snapshotId: write.snapshotId,
        capturedAt: write.capturedAt,
        ids: r.currentIds,
        pending,
        committed: committed && { snapshotId: committed.snapshotId, capturedAt: committed.capturedAt, ids: committed.ids },
      });
    }
  }

  async settleClaims(_r: Reconciliation, write: ClaimWrite): Promise<void> {
    this.options.log?.add('claims.settle', write.snapshotId);
    const pending = pendingToken(write);
    for (const item of [...this.records.values(), ...this.sightings, ...this.changes, ...this.current.values()]) {
      if (item.pending !== pending) continue;
      delete item.pending;
      delete (item as { committed?: unknown }).committed;
    }
  }

  async getClaim(id: string): Promise<ClaimDetail | undefined> {
    const claim = this.records.has(id) ? await this.visible(this.records.get(id)!) : undefined;
    if (!claim) return undefined;
    const version = async (other: string | undefined) =>
      other && this.records.has(other) ? this.visible(this.records.get(other)!) : undefined;
    const versions = [claim];
    for (let v: Claim | undefined = await version(claim.previousVersionId); v; v = await version(v.previousVersionId)) versions.unshift(v);
    for (let v: Claim | undefined = await version(claim.nextVersionId); v; v = await version(v.nextVersionId)) versions.push(v);
    const sightings: Sighting[] = [];
    for (const { pending, ...s } of this.sightings) if (s.claimId === id && (await this.isVisible(pending))) sightings.push(s);
    return { claim, sightings, versions };
  }

  /** Reads the plan's posting list (the facets of every visible claim) and applies the same filters as the adapter. */
  async queryClaims(q: ClaimQuery): Promise<Page<Claim>> {
    const plan = planClaimQuery(q);
    const all = (await this.visibleClaims())
      .filter((c) => claimFacets(c).includes(plan.facet) || (plan.facet === REMOVED_FACET && c.status === 'removed'))
      .filter((c) => inTimeRange(postingKey(c), q.from, q.to))
      .filter((c) => matchesClaimQuery(c, q, plan))
      .sort((a, b) => postingKey(b).localeCompare(postingKey(a)));
    const start = q.after ? all.findIndex((c) => postingKey(c) === q.after!.key) + 1 : 0;
    const items = all.slice(start, start + q.limit);
    const last = items.at(-1);
    return { items, next: start + q.limit < all.length && last ? { key: postingKey(last) } : undefined };
  }

  async listChanges(q: ChangeQuery): Promise<Page<ClaimChange>> {
    const visible: ClaimChange[] = [];
    for (const { pending, ...c } of this.changes) if (await this.isVisible(pending)) visible.push(c);
    const items = visible
      .filter((c) => c.sourceId === q.sourceId)
      .filter((c) => (!q.from || c.capturedAt >= q.from) && (!q.to || c.capturedAt <= `${q.to}~`))
      .reverse();
    const start = Number(q.after?.offset ?? 0);
    const page = items.slice(start, start + q.limit);
    return { items: page, next: start + q.limit < items.length ? { offset: start + q.limit } : undefined };
  }
}

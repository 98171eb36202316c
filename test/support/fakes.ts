import type { Claim, ClaimChange, CurrentClaims, Reconciliation, Sighting } from '../../functions/lib/core/claim-history.js';
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
    return new ReadableStream({ start: (c) => { c.enqueue(bytes); c.close(); } });
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

/**
 * An in-memory ClaimIndex with the adapter's semantics: current sets move forward, queries are newest
 * first by claim time with a `next` continuation, filters combine.
 */
export class MemoryClaimIndex implements ClaimIndex {
  readonly claims = new Map<string, Claim>();
  readonly sightings: Sighting[] = [];
  readonly changes: ClaimChange[] = [];
  readonly current = new Map<string, { snapshotId: string; capturedAt: string; ids: string[] }>();

  async currentClaims(sourceId: string): Promise<CurrentClaims | undefined> {
    const current = this.current.get(sourceId);
    if (!current) return undefined;
    return { snapshotId: current.snapshotId, capturedAt: current.capturedAt, claims: current.ids.map((id) => this.claims.get(id)!) };
  }

  async writeClaims(r: Reconciliation, snapshot: { sourceId: string; snapshotId: string; capturedAt: string }): Promise<void> {
    this.sightings.push(...r.sightings);
    this.changes.push(...r.changes);
    for (const claim of r.claims) this.claims.set(claim.id, structuredClone(claim));
    const existing = this.current.get(snapshot.sourceId);
    if (!existing || existing.capturedAt <= snapshot.capturedAt) {
      this.current.set(snapshot.sourceId, { snapshotId: snapshot.snapshotId, capturedAt: snapshot.capturedAt, ids: r.currentIds });
    }
  }

  async getClaim(id: string): Promise<ClaimDetail | undefined> {
    const claim = this.claims.get(id);
    if (!claim) return undefined;
    const versions = [claim];
    for (let v = claim; v.previousVersionId && this.claims.get(v.previousVersionId); ) versions.unshift((v = this.claims.get(v.previousVersionId)!));
    for (let v = claim; v.nextVersionId && this.claims.get(v.nextVersionId); ) versions.push((v = this.claims.get(v.nextVersionId)!));
    return { claim, sightings: this.sightings.filter((s) => s.claimId === id), versions };
  }

  async queryClaims(q: ClaimQuery): Promise<Page<Claim>> {
    const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    const all = [...this.claims.values()]
      .filter((c) => !q.place || c.places.some((p) => fold(p.name) === fold(q.place!)))
      .filter((c) => !q.attributedTo || c.attributedTo.some((a) => fold(a) === fold(q.attributedTo!)))
      .filter((c) => !q.sourceId || c.sourceId === q.sourceId)
      .filter((c) => !q.kind || c.kind === q.kind)
      .filter((c) => !q.status || c.status === q.status)
      .filter((c) => !q.q || fold(c.text).includes(fold(q.q)))
      .filter((c) => (!q.from || c.claimTime >= q.from) && (!q.to || c.claimTime <= `${q.to}~`))
      .sort((a, b) => `${b.claimTime}#${b.id}`.localeCompare(`${a.claimTime}#${a.id}`));
    const start = q.after ? all.findIndex((c) => `${c.claimTime}#${c.id}` === q.after!.key) + 1 : 0;
    const items = all.slice(start, start + q.limit);
    const last = items.at(-1);
    return { items, next: start + q.limit < all.length && last ? { key: `${last.claimTime}#${last.id}` } : undefined };
  }

  async listChanges(q: ChangeQuery): Promise<Page<ClaimChange>> {
    const items = this.changes
      .filter((c) => c.sourceId === q.sourceId)
      .filter((c) => (!q.from || c.capturedAt >= q.from) && (!q.to || c.capturedAt <= `${q.to}~`))
      .reverse();
    const start = Number(q.after?.offset ?? 0);
    const page = items.slice(start, start + q.limit);
    return { items: page, next: start + q.limit < items.length ? { offset: start + q.limit } : undefined };
  }
}

import type { Readable } from 'node:stream';
import type { Claim, ClaimChange, ClaimWrite, CurrentClaims, Reconciliation, Sighting } from './claim-history.js';
import type { Source, Extractor } from './sources.js';
import type { Snapshot } from './snapshot.js';
import type { FixityAudit } from './audit.js';
import type { DiscoveredFrom, ItemListing, ItemStatus, TrackedItem } from './discovery/items.js';
import type { DiscoveryRun } from './sources.js';
import type { Citation } from './snapshot.js';

/** Wall-clock time, injectable so tests control it. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** The evidence store (S3). Keys follow the layout documented in `snapshot.ts`. */
export interface ArchiveStore {
  put(key: string, body: Uint8Array, contentType: string, sha256: string): Promise<void>;
  /** True if the key already holds an object; used to skip uploading content-addressed blobs twice. */
  exists(key: string): Promise<boolean>;
  get(key: string): Promise<Uint8Array>;
  /** Streams an object (for large artifacts) with its size. */
  stream(key: string): Promise<{ body: ReadableStream<Uint8Array>; bytes: number; contentType: string }>;
  /** Streams `length` bytes of an object from `offset` (one gzip member of a WARC, say). */
  streamRange(key: string, offset: number, length: number): Promise<ReadableStream<Uint8Array>>;
  /** Stores a stream of unknown length (a generated export), returning its size. */
  upload?(key: string, body: Readable, contentType: string): Promise<{ bytes: number }>;
  /** A short-lived URL for direct download, where the store supports it. */
  presign?(key: string, expiresInSeconds: number, filename: string): Promise<string>;
}

/** Where a payload (by SHA-256) was first archived: the target of WARC revisit records. */
export interface PayloadRecord {
  sha256: string;
  url: string;
  date: string;
  warcKey: string;
  offset: number;
  length: number;
}

export interface Page<T> {
  items: T[];
  /** Opaque continuation (the index's own key); the HTTP layer signs it before handing it out. */
  next?: Record<string, unknown>;
}

export interface SnapshotQuery {
  url?: string;
  /** CDX match type for `url`: the exact URL (default), every URL under a prefix, or a whole host. */
  matchType?: 'exact' | 'prefix' | 'host';
  sourceId?: string;
  from?: string;
  to?: string;
  limit: number;
  after?: Record<string, unknown>;
}

/**
 * The snapshot and source index (DynamoDB). Every read is a GetItem or Query.
 * Writes are conditional and idempotent; the snapshot record is the commit point of a capture.
 */
export interface SnapshotIndex {
  getSnapshot(id: string): Promise<Snapshot | undefined>;
  /** Writes the snapshot unless a non-failed record with that id exists already. Returns false if it did. */
  putSnapshot(snapshot: Snapshot): Promise<boolean>;
  listSnapshots(query: SnapshotQuery): Promise<Page<Snapshot>>;
  /** The source's latest successful (captured or unchanged) snapshot: the base for dedupe and the manifest chain. */
  latestSnapshot(sourceId: string): Promise<Snapshot | undefined>;
  findPayloads(sha256s: string[]): Promise<Map<string, PayloadRecord>>;
  /** Records payloads as first stored; existing records are kept (first writer wins). */
  recordPayloads(records: PayloadRecord[]): Promise<void>;
  getSource(id: string): Promise<Source | undefined>;
  putSource(source: Source): Promise<void>;
  deleteSource(id: string): Promise<boolean>;
  listSources(): Promise<Source[]>;
  recordSourceCapture(snapshot: Snapshot): Promise<void>;
  /** Moves an `api` source's dispatched slot forward; false if another sweep got there first. */
  markDispatched(sourceId: string, slot: string): Promise<boolean>;
  /**
   * Records one fixity audit (item `PK = AUDIT`, `SK = <startedAt>#<id>`). Idempotent: an audit id
   * already recorded is left as it is.
   */
  recordAudit(audit: FixityAudit): Promise<void>;
  /** Recorded audits, newest first (one Query on the `AUDIT` partition, never a Scan). */
  listAudits(query: AuditQuery): Promise<Page<FixityAudit>>;
}

export interface AuditQuery {
  limit: number;
  after?: Record<string, unknown>;
}

export interface CaptureRequest {
  url: string;
  timeoutMs: number;
}

/** One HTTP exchange seen by the browser, with the payload as delivered to the page (decoded). */
export interface Exchange {
  url: string;
  method: string;
  requestHeaders: [string, string][];
  requestBody?: Uint8Array;
  status: number;
  statusText: string;
  responseHeaders: [string, string][];
  body: Uint8Array;
  startedAt: string;
}

export interface PageCapture {
  finalUrl: string;
  httpStatus: number;
  contentType: string;
  redirectChain: string[];
  /** The main document was not HTML (PDF, image, text): only `resource` and the WARC are kept. */
  isHtml: boolean;
  title?: string;
  html?: string;
  text?: string;
  screenshot?: Uint8Array;
  resource?: Uint8Array;
  exchanges: Exchange[];
  browserVersion: string;
  timings: Record<string, number>;
  /**
   * Set when the capturer hands the page over while its screenshot is still being taken, so the
   * caller can store the rest meanwhile. It settles within the capture timeout, rejecting with the
   * capture's error if the screenshot fails.
   */
  finishing?: Promise<CaptureFinish>;
}

/** The end of a capture handed over early: its screenshot and what was recorded while it was taken. */
export interface CaptureFinish {
  screenshot: Uint8Array;
  /** Exchanges recorded after the page was handed over (a full-page screenshot can load lazy images). */
  exchanges: Exchange[];
  /** The phases that ran after the hand-over (`screenshotMs`), and the capturer's `totalMs`. */
  timings: Record<string, number>;
}

/** Drives a real browser to one URL and returns everything it saw. Throws domain errors. */
export interface PageCapturer {
  capture(request: CaptureRequest): Promise<PageCapture>;
  close(): Promise<void>;
}

/** A capture job: the unit of work on the queue. */
export interface CaptureJob {
  sourceId: string;
  url: string;
  extractor: Extractor;
  /** The scheduled slot (ISO) or request time; with the source it forms the idempotency key. */
  slot: string;
  jobKey: string;
  attempt?: number;
  /** Set on articles and citations found by discovery; their snapshots carry it. */
  discoveredFrom?: DiscoveredFrom;
  /** What the capture is for when discovery sent it: an item's ladder rung, or a one-hop citation. */
  follow?: { kind: 'item' | 'citation'; step?: number; robots: 'obey' | 'ignore' };
}

export interface Logger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface ClaimQuery {
  place?: string;
  sourceId?: string;
  q?: string;
  kind?: string;
  attributedTo?: string;
  status?: 'present' | 'removed';
  from?: string;
  to?: string;
  limit: number;
  after?: Record<string, unknown>;
}

export interface ChangeQuery {
  sourceId: string;
  from?: string;
  to?: string;
  limit: number;
  after?: Record<string, unknown>;
}

export interface ClaimDetail {
  claim: Claim;
  sightings: Sighting[];
  /** Earlier and later versions of a reworded claim, oldest first, this claim included. */
  versions: Claim[];
}

/**
 * The claim index (DynamoDB). A capture's claims are written before its snapshot record, and in an
 * order that is safe to repeat: sightings, postings and changes, then claim records, then the
 * source's current set. They are written pending: no reader sees them until the snapshot record
 * of that attempt is committed, so a capture that fails or dies before its commit leaves every
 * read as it was, and a retry rewrites them under its own attempt.
 */
export interface ClaimIndex {
  /** The source's claims as of its latest committed capture. */
  currentClaims(sourceId: string): Promise<CurrentClaims | undefined>;
  writeClaims(reconciliation: Reconciliation, write: ClaimWrite): Promise<void>;
  /**
   * Called after the attempt's snapshot record is committed: drops the pending marks so reads no
   * longer check the snapshot record. Skipping it (a crash) leaves reads correct, only slower.
   */
  settleClaims(reconciliation: Reconciliation, write: ClaimWrite): Promise<void>;
  getClaim(id: string): Promise<ClaimDetail | undefined>;
  queryClaims(query: ClaimQuery): Promise<Page<Claim>>;
  listChanges(query: ChangeQuery): Promise<Page<ClaimChange>>;
}

/**
 * The `signedData` of a WACZ's `datapackage-digest.json` in the anonymous form of WACZ Signing and
 * Verification 0.1.0: the signature of `hash` (the datapackage's `sha256:` digest) with the key
 * whose public half travels with it. Who holds that key is established out of band (`GET /signing-key`).
 */
export interface SignedData {
  hash: string;
  signature: string;
  publicKey: string;
  created: string;
  software: string;
  version: string;
}

/** Signs WACZ package digests with the archive's ECDSA key (a local key file, or a secret on AWS). */
export interface WaczSigner {
  sign(hash: string, created: Date): Promise<SignedData>;
  /** The public key, base64 SPKI DER. */
  publicKey(): Promise<string>;
}

export interface ItemQuery {
  sourceId: string;
  /** Only items in this status at `now`. */
  status?: ItemStatus;
  now: Date;
  /** `discoveredAt` range (ISO). */
  from?: string;
  to?: string;
  limit: number;
  after?: Record<string, unknown>;
}

/**
 * Tracked items (articles that discovery follows) in the index. Every read is a GetItem, a
 * BatchGetItem or a Query; the sweep's Query reads only items that are due.
 */
export interface ItemIndex {
  /** Items by id, following canonical aliases: the map is keyed by the id asked for. */
  getItems(ids: string[]): Promise<Map<string, TrackedItem>>;
  /** Which of `itemIds` a source already lists. */
  listedBy(sourceId: string, itemIds: string[]): Promise<Set<string>>;
  /** Creates an item unless one with its id exists (the first finder wins); false if it existed. */
  createItem(item: TrackedItem): Promise<boolean>;
  /** Lists an item under a source (idempotent per source and item). */
  addListing(listing: ItemListing): Promise<void>;
  /** Lists items new to this run in batches; a listing already there may be overwritten (same key). */
  addListings(listings: ItemListing[]): Promise<void>;
  /** A source's items, newest discovered first. */
  listItems(query: ItemQuery): Promise<Page<{ item: TrackedItem; listing: ItemListing }>>;
  /**
   * Applies `patch` if the item is still at `expect.step` (and `expect.leaseUntil`, when given, is
   * still its lease): concurrent sweeps and repeated deliveries of one rung update it once.
   */
  updateItem(id: string, expect: { step: number; leaseUntil?: string | null }, patch: Partial<TrackedItem>): Promise<boolean>;
  /**
   * Leases a due item for `leaseUntil` (a job for its rung was sent), without reading it first:
   * conditional on its rung and its current lease, so of two sweeps only one sends the job.
   */
  leaseItem(item: TrackedItem, leaseUntil: string): Promise<boolean>;
  /** Maps another URL (a canonical link) to an item; false if that URL already maps somewhere. */
  addAlias(url: string, itemId: string): Promise<boolean>;
  /** Up to `limit` items whose due time is at or before `now`, oldest first. */
  dueItems(now: Date, limit: number): Promise<TrackedItem[]>;
  /** Records a source's latest discovery run (a no-op for a deleted source). */
  recordDiscovery(sourceId: string, run: DiscoveryRun): Promise<void>;
  /** Lists an article snapshot's citations on it. */
  setCitations(snapshotId: string, citations: Citation[]): Promise<void>;
  /**
   * A citation is captured once: the first article to cite a URL records the capture's snapshot id;
   * later ones get that id back with `created: false`.
   */
  claimCitation(url: string, snapshotId: string, citedBy: DiscoveredFrom): Promise<{ snapshotId: string; created: boolean }>;
}

/** Politeness across processes (the capture Lambdas on AWS): a host's capture slots and start spacing. */
export interface HostGate {
  /** Takes a slot on `host` for `token`, or says how long to wait. */
  acquire(host: string, token: string, now: Date): Promise<{ ok: true } | { ok: false; retryAfterMs: number }>;
  release(host: string, token: string): Promise<void>;
}

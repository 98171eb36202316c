import { createHash, randomBytes } from 'node:crypto';
import pMap from 'p-map';
import { auditId, buildAuditRecord, type AuditTrigger, type FixityProblem, type FixityReport } from '../core/audit.js';
import { NotFoundError } from '../core/errors.js';
import { systemClock, type ArchiveStore, type Clock, type SnapshotIndex } from '../core/ports.js';
import type { Snapshot } from '../core/snapshot.js';

export type { AuditTrigger, FixityReport } from '../core/audit.js';

interface Manifest {
  snapshotId: string;
  previous: { snapshotId: string; manifestSha256: string } | null;
}

/** SHA-256 of an object, streamed: the object is never held whole. */
export async function hashObject(store: ArchiveStore, key: string): Promise<{ sha256: string; bytes: number }> {
  const { body } = await store.stream(key);
  const hash = createHash('sha256');
  let bytes = 0;
  const reader = body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    hash.update(chunk.value);
    bytes += chunk.value.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Objects re-hashed at once: S3 answers each GET after tens of milliseconds, so one at a time would leave the CPU idle. */
const VERIFY_CONCURRENCY = 8;

interface ArtifactCheck {
  bytes: number;
  problem?: FixityProblem;
  manifest?: Manifest;
}

async function checkArtifact(store: ArchiveStore, snapshot: Snapshot, artifact: Snapshot['artifacts'][number]): Promise<ArtifactCheck> {
  try {
    const manifestBytes = artifact.name === 'manifest' ? await store.get(artifact.key) : undefined;
    const actual = manifestBytes
      ? { sha256: createHash('sha256').update(manifestBytes).digest('hex'), bytes: manifestBytes.length }
      : await hashObject(store, artifact.key);
    if (actual.sha256 !== artifact.sha256) {
      return {
        bytes: actual.bytes,
        problem: {
          kind: 'mismatch',
          snapshotId: snapshot.id,
          artifact: artifact.name,
          detail: `${artifact.key} hashes to ${actual.sha256}, recorded ${artifact.sha256}`,
        },
      };
    }
    return {
      bytes: actual.bytes,
      manifest: manifestBytes ? (JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as Manifest) : undefined,
    };
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    return {
      bytes: 0,
      problem: { kind: 'missing', snapshotId: snapshot.id, artifact: artifact.name, detail: `${artifact.key} is not in the store` },
    };
  }
}

/**
 * Re-hashes every stored artifact against the SHA-256 recorded at capture, and checks each source's
 * manifest chain: every manifest names the previous successful capture of its source and that
 * manifest's SHA-256, so a past capture that was altered or deleted shows up as a broken link.
 * Snapshots are read a page at a time and only their ids and manifest links are kept, so memory
 * grows by about a hundred bytes per snapshot, not by the snapshot records.
 */
export async function verifyArchive(
  deps: { store: ArchiveStore; index: SnapshotIndex },
  now: () => Date = () => new Date(),
): Promise<FixityReport> {
  const startedAt = now().toISOString();
  const problems: FixityProblem[] = [];
  const known = new Set<string>();
  const manifests = new Map<string, { sha256: string; previous: Manifest['previous'] }>();
  let objects = 0;
  let bytes = 0;
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.index.listSnapshots({ limit: 500, after });
    after = page.next;
    const pairs = page.items.flatMap((snapshot) => snapshot.artifacts.map((artifact) => ({ snapshot, artifact })));
    const checks = await pMap(pairs, ({ snapshot, artifact }) => checkArtifact(deps.store, snapshot, artifact), {
      concurrency: VERIFY_CONCURRENCY,
    });
    for (const [i, check] of checks.entries()) {
      const { snapshot, artifact } = pairs[i]!;
      objects++;
      bytes += check.bytes;
      if (check.problem) problems.push(check.problem);
      if (check.manifest) manifests.set(snapshot.id, { sha256: artifact.sha256, previous: check.manifest.previous });
    }
    for (const snapshot of page.items) known.add(snapshot.id);
  } while (after);

  for (const [id, { previous }] of manifests) {
    if (!previous) continue;
    const linked = manifests.get(previous.snapshotId);
    if (!known.has(previous.snapshotId)) {
      problems.push({
        kind: 'chain',
        snapshotId: id,
        artifact: 'manifest',
        detail: `previous capture ${previous.snapshotId} is gone from the index`,
      });
    } else if (!linked) {
      problems.push({
        kind: 'chain',
        snapshotId: id,
        artifact: 'manifest',
        detail: `previous capture ${previous.snapshotId} has no readable manifest`,
      });
    } else if (linked.sha256 !== previous.manifestSha256) {
      problems.push({
        kind: 'chain',
        snapshotId: id,
        artifact: 'manifest',
        detail: `previous manifest ${previous.snapshotId} hashes to ${linked.sha256}, this manifest recorded ${previous.manifestSha256}`,
      });
    }
  }
  return { startedAt, finishedAt: now().toISOString(), snapshots: known.size, objects, bytes, problems };
}

export interface AuditDeps {
  store: ArchiveStore;
  index: SnapshotIndex;
  clock?: Clock;
  /** 12 lowercase hex characters for the audit id; random unless a test fixes it. */
  random?: () => string;
}

/** A fixity report with the id of the audit record it was stored as. */
export interface AuditedReport extends FixityReport {
  auditId: string;
}

/**
 * Runs {@link verifyArchive} and records the outcome as an audit in the index, so every run (API,
 * CLI or schedule) leaves a record that `listAudits` returns newest first. The report itself keeps
 * every problem; the record keeps the first hundred and the counts. An audit that cannot be recorded
 * fails: a fixity check nobody can look up later is not one.
 */
export async function runAudit(deps: AuditDeps, trigger: AuditTrigger): Promise<AuditedReport> {
  const clock = deps.clock ?? systemClock;
  const report = await verifyArchive(deps, () => clock.now());
  const id = auditId(new Date(report.startedAt), deps.random?.() ?? randomBytes(6).toString('hex'));
  await deps.index.recordAudit(buildAuditRecord(report, trigger, id));
  return { ...report, auditId: id };
}

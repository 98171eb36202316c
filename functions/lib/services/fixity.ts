import { createHash, randomBytes } from 'node:crypto';
import { auditId, buildAuditRecord, type AuditTrigger, type FixityProblem, type FixityReport } from '../core/audit.js';
import { NotFoundError } from '../core/errors.js';
import { systemClock, type ArchiveStore, type Clock, type SnapshotIndex } from '../core/ports.js';
import type { Snapshot } from '../core/snapshot.js';

export type { AuditTrigger, FixityAudit, FixityProblem, FixityProblemKind, FixityReport } from '../core/audit.js';

interface Manifest {
  snapshotId: string;
  previous: { snapshotId: string; manifestSha256: string } | null;
}

/** SHA-256 of an object, streamed: the object is never held whole. */
async function hashObject(store: ArchiveStore, key: string): Promise<{ sha256: string; bytes: number }> {
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

/**
 * Re-hashes every stored artifact against the SHA-256 recorded at capture, and checks each source's
 * manifest chain: every manifest names the previous successful capture of its source and that
 * manifest's SHA-256, so a past capture that was altered or deleted shows up as a broken link.
 */
export async function verifyArchive(deps: { store: ArchiveStore; index: SnapshotIndex }, now: () => Date = () => new Date()): Promise<FixityReport> {
  const startedAt = now().toISOString();
  const problems: FixityProblem[] = [];
  const snapshots: Snapshot[] = [];
  let after: Record<string, unknown> | undefined;
  do {
    const page = await deps.index.listSnapshots({ limit: 500, after });
    snapshots.push(...page.items);
    after = page.next;
  } while (after);

  let objects = 0;
  let bytes = 0;
  const manifests = new Map<string, { sha256: string; manifest?: Manifest }>();
  for (const snapshot of snapshots) {
    for (const artifact of snapshot.artifacts) {
      objects++;
      try {
        const manifestBytes = artifact.name === 'manifest' ? await deps.store.get(artifact.key) : undefined;
        const actual = manifestBytes
          ? { sha256: createHash('sha256').update(manifestBytes).digest('hex'), bytes: manifestBytes.length }
          : await hashObject(deps.store, artifact.key);
        bytes += actual.bytes;
        if (actual.sha256 !== artifact.sha256) {
          problems.push({
            kind: 'mismatch',
            snapshotId: snapshot.id,
            artifact: artifact.name,
            detail: `${artifact.key} hashes to ${actual.sha256}, recorded ${artifact.sha256}`,
          });
        } else if (manifestBytes) {
          manifests.set(snapshot.id, { sha256: artifact.sha256, manifest: JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as Manifest });
        }
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
        problems.push({ kind: 'missing', snapshotId: snapshot.id, artifact: artifact.name, detail: `${artifact.key} is not in the store` });
      }
    }
  }

  for (const [id, { manifest }] of manifests) {
    const previous = manifest?.previous;
    if (!previous) continue;
    const linked = manifests.get(previous.snapshotId);
    const known = snapshots.some((s) => s.id === previous.snapshotId);
    if (!known) {
      problems.push({ kind: 'chain', snapshotId: id, artifact: 'manifest', detail: `previous capture ${previous.snapshotId} is gone from the index` });
    } else if (!linked) {
      problems.push({ kind: 'chain', snapshotId: id, artifact: 'manifest', detail: `previous capture ${previous.snapshotId} has no readable manifest` });
    } else if (linked.sha256 !== previous.manifestSha256) {
      problems.push({ kind: 'chain', snapshotId: id, artifact: 'manifest', detail: `previous manifest ${previous.snapshotId} hashes to ${linked.sha256}, this manifest recorded ${previous.manifestSha256}` });
    }
  }
  return { startedAt, finishedAt: now().toISOString(), snapshots: snapshots.length, objects, bytes, problems };
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

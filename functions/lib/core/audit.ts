import { timestamp14 } from './snapshot.js';

export type FixityProblemKind = 'mismatch' | 'missing' | 'chain';

export interface FixityProblem {
  kind: FixityProblemKind;
  snapshotId: string;
  artifact?: string;
  detail: string;
}

export interface FixityReport {
  startedAt: string;
  finishedAt: string;
  snapshots: number;
  objects: number;
  bytes: number;
  problems: FixityProblem[];
}

/** What started an audit: `POST /verify`, `verbatim verify --data-dir`, or the scheduled audit function. */
export type AuditTrigger = 'api' | 'cli' | 'schedule';

/** Problems kept in one audit record; the counts always cover all of them. */
export const AUDIT_PROBLEM_CAP = 100;
/** Longest `detail` kept per recorded problem, so a record stays far below DynamoDB's 400 KB item limit. */
const AUDIT_DETAIL_CAP = 500;

/**
 * The record of one fixity audit, as the index keeps it. `counts` and `problemCount` cover every
 * problem found; `problems` holds the first {@link AUDIT_PROBLEM_CAP} of them and `truncated` says
 * whether more were left out.
 */
export interface FixityAudit {
  id: string;
  trigger: AuditTrigger;
  startedAt: string;
  finishedAt: string;
  snapshots: number;
  objects: number;
  bytes: number;
  counts: Record<FixityProblemKind, number>;
  problemCount: number;
  problems: FixityProblem[];
  truncated: boolean;
}

/** `aud_<14-digit start time>-<12 hex>`: ids sort by start time, and the random part keeps concurrent runs apart. */
export function auditId(startedAt: Date, random: string): string {
  if (!/^[0-9a-f]{12}$/.test(random)) throw new RangeError('an audit id needs 12 lowercase hex characters of randomness');
  return `aud_${timestamp14(startedAt)}-${random}`;
}

export const AUDIT_ID_PATTERN = /^aud_\d{14}-[0-9a-f]{12}$/;

export function countProblems(problems: readonly FixityProblem[]): Record<FixityProblemKind, number> {
  const counts: Record<FixityProblemKind, number> = { mismatch: 0, missing: 0, chain: 0 };
  for (const problem of problems) counts[problem.kind]++;
  return counts;
}

/** Turns a fixity report into the audit record the index stores, capping the problems it keeps. */
export function buildAuditRecord(report: FixityReport, trigger: AuditTrigger, id: string, cap = AUDIT_PROBLEM_CAP): FixityAudit {
  const kept = report.problems
    .slice(0, cap)
    .map((problem) =>
      problem.detail.length > AUDIT_DETAIL_CAP
        ? { ...problem, detail: `${problem.detail.slice(0, AUDIT_DETAIL_CAP - 1)}…` }
        : { ...problem },
    );
  return {
    id,
    trigger,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    snapshots: report.snapshots,
    objects: report.objects,
    bytes: report.bytes,
    counts: countProblems(report.problems),
    problemCount: report.problems.length,
    problems: kept,
    truncated: report.problems.length > kept.length,
  };
}

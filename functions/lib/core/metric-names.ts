/**
 * Verbatim's own CloudWatch metric names, shared by the functions that emit them (capture, audit)
 * and the stack's alarms that read them, so the two cannot drift.
 */
export const METRICS_NAMESPACE = 'Verbatim';
export const CAPTURE_SERVICE = 'verbatim-capture';
export const CAPTURE_METRICS = { succeeded: 'CapturesSucceeded', failed: 'CapturesFailed', duration: 'CaptureDuration' } as const;
export const AUDIT_SERVICE = 'verbatim-audit';
/** What each scheduled fixity audit reports; every run emits all of them, zeros included. */
export const AUDIT_METRICS = {
  mismatches: 'FixityMismatches',
  missing: 'FixityMissing',
  chainBreaks: 'FixityChainBreaks',
  objectsVerified: 'FixityObjectsVerified',
  bytesVerified: 'FixityBytesVerified',
} as const;

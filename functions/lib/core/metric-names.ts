/**
 * Verbatim's own CloudWatch metric names, shared by the capture function that emits them and the
 * stack's alarm that reads them, so the two cannot drift.
 */
export const METRICS_NAMESPACE = 'Verbatim';
export const CAPTURE_SERVICE = 'verbatim-capture';
export const CAPTURE_METRICS = { succeeded: 'CapturesSucceeded', failed: 'CapturesFailed', duration: 'CaptureDuration' } as const;

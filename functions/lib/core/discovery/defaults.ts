/**
 * What a source's discovery settings mean when they are left out. Kept free of imports, so the web
 * view can show the same defaults the capture pipeline applies.
 */
export const DISCOVERY_DEFAULTS = {
  /** NewsDiffs' schedule: edits happen in an article's first hours, so recapture often early, then rarely. */
  recapture: ['PT15M', 'PT1H', 'PT3H', 'PT12H', 'P1D', 'P3D', 'P7D'],
  maxPerRun: 50,
  citations: true,
  robots: 'obey',
} as const;

import fc from 'fast-check';

/**
 * Random API requests for fuzzing every route: known and unknown paths with hostile segments,
 * queries with bad dates, limits and cursors, good, bad and malformed keys, odd content types and
 * bodies. Shared by the vitest fuzz (the app in process) and the stress run (the local runtime
 * over HTTP), so both try the same inputs.
 */
export interface FuzzRequest {
  method: string;
  /** Path and query, to append to the API's origin. */
  target: string;
  init: { method: string; headers: Record<string, string>; body?: string };
}

const ROUTES = [
  '/health',
  '/openapi.json',
  '/sources',
  '/snapshots',
  '/claims',
  '/changes',
  '/timemap/link/',
  '/timegate/',
  '/snapshots/',
  '/claims/',
  '/sources/',
];
const PARAMS = ['url', 'source', 'from', 'to', 'limit', 'cursor', 'place', 'q', 'kind', 'status', 'attributedTo', 'matchType', 'x'];

const segment = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    'https://example.org/',
    'javascript:alert(1)',
    '%',
    '%zz',
    '%E2%82',
    '..',
    '20241203101500-0123456789ab',
    'clm_0123',
    '\u0000',
    'ハマ',
    '\ud800',
  ),
);

/** Percent-encodes a segment, or keeps it raw with anything outside printable ASCII replaced. */
function encode(text: string, raw: boolean): string {
  if (raw) return text.replace(/[^\x21-\x7e]/g, '_');
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const path = fc
  .tuple(fc.constantFrom(...ROUTES), fc.array(fc.tuple(segment, fc.boolean()), { maxLength: 3 }))
  .map(([route, rest]) => route + rest.map(([text, raw]) => encode(text, raw)).join('/'));
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(...PARAMS),
      fc.oneof(segment, fc.integer().map(String), fc.constantFrom('2024-02-30', '20241301', '500', '501', '0', '-1', 'abc')),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${encode(v, false)}`).join('&'));
const body = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 }));
const method = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS');

function headers(keys: { adminKey: string; readKey: string }) {
  return fc.record(
    {
      authorization: fc.oneof(
        fc.constantFrom(`Bearer ${keys.readKey}`, `Bearer ${keys.adminKey}`, 'Bearer', 'Basic abc', `bearer ${keys.readKey} x`),
        fc.string({ maxLength: 40 }),
      ),
      'accept-datetime': fc.oneof(fc.constantFrom('Tue, 03 Dec 2024 10:00:00 GMT', 'yesterday'), fc.string({ maxLength: 30 })),
      'content-type': fc.constantFrom('application/json', 'text/plain', 'multipart/form-data', ''),
    },
    { requiredKeys: [] },
  );
}

/** Requests as a client can send them: header values a fetch accepts, and no body on GET or HEAD. */
export function apiRequests(keys: { adminKey: string; readKey: string }): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(method, path, query, headers(keys), body).map(([m, p, q, h, b]) => ({
    method: m,
    target: `${p}${q ? `?${q}` : ''}`,
    init: {
      method: m,
      headers: Object.fromEntries(Object.entries(h).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v as string))) as Record<string, string>,
      body: m === 'GET' || m === 'HEAD' ? undefined : b,
    },
  }));
}

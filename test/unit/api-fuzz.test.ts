import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_ADMIN_KEY, TEST_READ_KEY, testApp } from '../support/test-app.js';

const ADMIN = TEST_ADMIN_KEY;
const READ = TEST_READ_KEY;

const ROUTES = ['/health', '/openapi.json', '/sources', '/snapshots', '/claims', '/changes', '/timemap/link/', '/timegate/', '/snapshots/', '/claims/', '/sources/'];
const PARAMS = ['url', 'source', 'from', 'to', 'limit', 'cursor', 'place', 'q', 'kind', 'status', 'attributedTo', 'matchType', 'x'];

const segment = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('https://example.org/', 'javascript:alert(1)', '%', '%zz', '%E2%82', '..', '20241203101500-0123456789ab', 'clm_0123', '\u0000', 'ハマ', '\ud800'),
);
const encode = (text: string, raw: boolean) => {
  if (raw) return text.replace(/[^\x21-\x7e]/g, '_');
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
};
const path = fc
  .tuple(fc.constantFrom(...ROUTES), fc.array(fc.tuple(segment, fc.boolean()), { maxLength: 3 }))
  .map(([route, rest]) => route + rest.map(([text, raw]) => encode(text, raw)).join('/'));
const query = fc
  .array(fc.tuple(fc.constantFrom(...PARAMS), fc.oneof(segment, fc.integer().map(String), fc.constantFrom('2024-02-30', '20241301', '500', '501', '0', '-1', 'abc'))), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${encode(v, false)}`).join('&'));
const headers = fc.record(
  {
    authorization: fc.oneof(fc.constantFrom(`Bearer ${READ}`, `Bearer ${ADMIN}`, 'Bearer', 'Basic abc', `bearer ${READ} x`), fc.string({ maxLength: 40 })),
    'accept-datetime': fc.oneof(fc.constantFrom('Tue, 03 Dec 2024 10:00:00 GMT', 'yesterday'), fc.string({ maxLength: 30 })),
    'content-type': fc.constantFrom('application/json', 'text/plain', 'multipart/form-data', ''),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 }));
const method = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS');

describe('API fuzz', () => {
  it('never answers 5xx to random paths, queries, headers and bodies', async () => {
    const api = testApp();
    await fc.assert(
      fc.asyncProperty(method, path, query, headers, body, async (m, p, q, h, b) => {
        const safeHeaders = Object.fromEntries(Object.entries(h).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v as string)));
        const res = await api.request(`${p}${q ? `?${q}` : ''}`, {
          method: m,
          headers: safeHeaders as Record<string, string>,
          body: m === 'GET' || m === 'HEAD' ? undefined : b,
        });
        expect(res.status, `${m} ${p}?${q}`).toBeLessThan(500);
        if (res.status >= 400 && m !== 'HEAD') expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      }),
      { numRuns: 2_000 },
    );
  });
});

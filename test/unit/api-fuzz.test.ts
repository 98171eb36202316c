import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiRequests } from '../support/api-fuzz-arbitraries.js';
import { TEST_ADMIN_KEY, TEST_READ_KEY, testApp } from '../support/test-app.js';

describe('API fuzz', () => {
  it('never answers 5xx to random paths, queries, headers and bodies', async () => {
    const api = testApp();
    await fc.assert(
      fc.asyncProperty(apiRequests({ adminKey: TEST_ADMIN_KEY, readKey: TEST_READ_KEY }), async ({ method, target, init }) => {
        const res = await api.request(target, init);

        expect(res.status, `${method} ${target}`).toBeLessThan(500);
        if (res.status >= 400 && method !== 'HEAD') expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      }),
      { numRuns: 2_000 },
    );
  });
});

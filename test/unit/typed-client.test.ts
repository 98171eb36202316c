import createClient from 'openapi-fetch';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotId } from '../../functions/lib/core/snapshot.js';
import type { paths } from '../../functions/lib/http/api-types.js';
import { MemorySnapshotIndex } from '../support/fakes.js';
import { TEST_READ_KEY, testApp } from '../support/test-app.js';

const READ = TEST_READ_KEY;

function app(index = new MemorySnapshotIndex()) {
  return testApp({ index });
}

describe('typed client (openapi-fetch with the generated types)', () => {
  it('lists snapshots with typed parameters and a typed answer', async () => {
    const index = new MemorySnapshotIndex();
    const capturedAt = '2024-12-03T10:00:00.000Z';
    await index.putSnapshot({
      id: snapshotId(new Date(capturedAt), 'k'),
      sourceId: 'src_0123456789abcdef',
      url: 'https://example.org/',
      capturedAt,
      status: 'captured',
      attempts: 1,
      claimCount: 0,
      artifacts: [],
    });
    const api = app(index);
    const client = createClient<paths>({ baseUrl: 'http://api.test', fetch: (request) => Promise.resolve(api.request(request)) });

    const { data, error } = await client.GET('/snapshots', {
      params: { query: { url: 'https://example.org/', limit: 10 } },
      headers: { authorization: `Bearer ${READ}` },
    });

    expect(error).toBeUndefined();
    expect(data?.snapshots.map((s) => s.status)).toEqual(['captured']);
  });

  it('gets a typed problem for a bad request', async () => {
    const api = app();
    const client = createClient<paths>({ baseUrl: 'http://api.test', fetch: (request) => Promise.resolve(api.request(request)) });

    const { error, response } = await client.GET('/claims', {
      params: { query: { limit: 0 } },
      headers: { authorization: `Bearer ${READ}` },
    });

    expect(response.status).toBe(400);
    expect(error?.status).toBe(400);
  });

  it('has generated types for every documented route (run npm run gen:client after changing routes)', async () => {
    const doc = (await (await app().request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    const generated = readFileSync(path.resolve(import.meta.dirname, '../../functions/lib/http/api-types.ts'), 'utf8');

    for (const route of Object.keys(doc.paths)) expect(generated, route).toContain(`"${route}": {`);
  });
});

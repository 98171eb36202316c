import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { CursorSigner } from '../../functions/lib/core/cursor.js';
import { buildApp } from '../../functions/lib/http/app.js';
import { KeyRing } from '../../functions/lib/http/auth.js';
import { FixedClock, MemoryArchiveStore, MemoryClaimIndex, MemoryLogger, MemorySnapshotIndex } from '../support/fakes.js';

describe('/openapi.json', () => {
  it('lints clean with Redocly\'s recommended rules', async () => {
    const app = buildApp({
      index: new MemorySnapshotIndex(),
      claims: new MemoryClaimIndex(),
      store: new MemoryArchiveStore(),
      keys: new KeyRing({ adminKey: 'admin-key-0123456789abcdef', readKey: 'read-key-0123456789abcdef' }),
      cursors: new CursorSigner('lint-secret-0123456789'),
      clock: new FixedClock('2024-12-03T10:00:00.000Z'),
      logger: new MemoryLogger(),
      capture: () => Promise.reject(new Error('unused')),
      artifactDelivery: 'stream',
    });
    const doc = await (await app.request('/openapi.json')).text();

    const problems = await lintFromString({
      source: doc,
      absoluteRef: 'openapi.json',
      // /health has no client errors and the TimeGate answers only with redirects, as RFC 7089 has it.
      config: await createConfig({
        extends: ['recommended'],
        rules: { 'info-license': 'off', 'operation-4xx-response': 'off', 'operation-2xx-response': 'off' },
      }),
    });

    const report = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(report).toEqual([]);
  });
});

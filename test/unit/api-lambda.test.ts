import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { snapshotId } from '../../functions/lib/core/snapshot.js';
import { MemorySnapshotIndex } from '../support/fakes.js';
import { testApp } from '../support/test-app.js';

const recorded = (): LambdaEvent & { headers: Record<string, string | undefined> } =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/events/api-gateway-v2-get-snapshots.json'), 'utf8'));

async function lambda() {
  const index = new MemorySnapshotIndex();
  const capturedAt = '2024-12-03T10:00:00.000Z';
  await index.putSnapshot({
    id: snapshotId(new Date(capturedAt), 'k'),
    sourceId: 'src_0123456789abcdef',
    url: 'https://news.example/hama',
    capturedAt,
    status: 'captured',
    attempts: 1,
    claimCount: 0,
    artifacts: [],
  });
  return handle(testApp({ index, artifactDelivery: 'redirect' }));
}

describe('the API behind API Gateway (recorded APIGatewayProxyEventV2)', () => {
  it('answers a recorded HTTP API v2 event with the same JSON as the local server', async () => {
    const handler = await lambda();

    const result = (await handler(recorded(), {} as Context)) as { statusCode: number; body: string; headers: Record<string, string> };

    expect(result.statusCode).toBe(200);
    expect(result.headers['x-request-id']).toEqual(expect.any(String));
    expect((JSON.parse(result.body) as { snapshots: { url: string }[] }).snapshots.map((s) => s.url)).toEqual([
      'https://news.example/hama',
    ]);
  });

  it('answers 401 problem+json when API Gateway forwards no key', async () => {
    const handler = await lambda();
    const event = recorded();
    delete event.headers.authorization;

    const result = (await handler(event, {} as Context)) as { statusCode: number; headers: Record<string, string> };

    expect(result.statusCode).toBe(401);
    expect(result.headers['content-type']).toBe('application/problem+json');
  });
});

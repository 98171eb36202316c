import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/lib/adapters/aws-clients.js';
import { runCli } from '../../functions/lib/cli/program.js';
import type { Snapshot } from '../../functions/lib/core/snapshot.js';
import { captureJob } from '../../functions/lib/services/capture-service.js';
import { verifyArchive } from '../../functions/lib/services/fixity.js';
import { createHttpApp } from '../../functions/lib/wiring.js';
import { startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { jobFor, startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';

/** The s3rver file that holds an object's bytes. */
async function objectFile(dataDir: string, key: string): Promise<string> {
  const dir = path.join(dataDir, 's3', 'verbatim', path.dirname(key));
  const name = (await readdir(dir)).find((f) => f.startsWith(path.basename(key)) && f.endsWith('._S3rver_object'));
  return path.join(dir, name!);
}

describe('fixity audit', () => {
  let site: FixtureSite;
  let stack: EmulatedStack;
  let first: Snapshot;
  let second: Snapshot;

  beforeAll(async () => {
    site = await startFixtureSite();
    stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host });
    first = (await captureJob(stack.services.captureDeps, jobFor(`${site.origin}/claims/wire-en`))).snapshot;
    second = (await captureJob(stack.services.captureDeps, jobFor(`${site.origin}/claims/wire-en`))).snapshot;
    await captureJob(stack.services.captureDeps, jobFor(`${site.origin}/xhr`));
  });
  afterAll(async () => {
    await stack?.close();
    await site?.close();
  });

  const audit = () => verifyArchive({ store: stack.services.store, index: stack.services.index });

  it('verifies an intact archive: every object re-hashed, no problems', async () => {
    const report = await audit();

    expect(report.snapshots).toBe(3);
    expect(report.objects).toBe(18);
    expect(report.problems).toEqual([]);
  });

  it('answers through POST /verify and the CLI, with exit code 0 when all is well', async () => {
    const app = createHttpApp(stack.services, stack.config, {
      adminKey: 'fixity-admin-key-0123456789',
      readKey: 'fixity-read-key-0123456789',
    });
    const out: string[] = [];

    const code = await runCli(['verify'], {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      env: { VERBATIM_API_URL: 'http://api.test', VERBATIM_API_KEY: 'fixity-admin-key-0123456789' },
      fetch: ((url: string, init?: RequestInit) => app.request(url.replace('http://api.test', ''), init)) as typeof fetch,
    });

    expect(code).toBe(0);
    expect(out.join('')).toContain('3 snapshots, 18 objects');
    expect(out.join('')).toContain(': 0 problems');
  });

  it('records each audit: listed by GET /audits and `verbatim audits` for the admin key, refused to the read key', async () => {
    const app = createHttpApp(stack.services, stack.config, {
      adminKey: 'fixity-admin-key-0123456789',
      readKey: 'fixity-read-key-0123456789',
    });
    const admin = { authorization: 'Bearer fixity-admin-key-0123456789' };
    const verified = (await (await app.request('/verify', { method: 'POST', headers: admin })).json()) as { auditId: string };
    const out: string[] = [];

    const listed = (await (await app.request('/audits?limit=1', { headers: admin })).json()) as {
      audits: { id: string; trigger: string; problemCount: number }[];
      nextCursor: string | null;
    };
    const asReader = await app.request('/audits', { headers: { authorization: 'Bearer fixity-read-key-0123456789' } });
    const tampered = await app.request(`/audits?limit=1&cursor=${encodeURIComponent(`${listed.nextCursor!.slice(0, -2)}xx`)}`, {
      headers: admin,
    });
    const code = await runCli(['audits'], {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      env: { VERBATIM_API_URL: 'http://api.test', VERBATIM_API_KEY: 'fixity-admin-key-0123456789' },
      fetch: ((url: string, init?: RequestInit) => app.request(url.replace('http://api.test', ''), init)) as typeof fetch,
    });

    expect(verified.auditId).toMatch(/^aud_\d{14}-[0-9a-f]{12}$/);
    expect(listed.audits).toEqual([expect.objectContaining({ id: verified.auditId, trigger: 'api', problemCount: 0 })]);
    expect(listed.nextCursor).not.toBeNull();
    expect(asReader.status).toBe(403);
    expect(tampered.status).toBe(400);
    expect(code).toBe(0);
    expect(out.join('')).toContain(verified.auditId);
  });

  it('catches a flipped byte in a stored object and names the snapshot and artifact', async () => {
    const warc = second.artifacts.find((a) => a.name === 'warc')!;
    const file = await objectFile(stack.dataDir, warc.key);
    const bytes = await readFile(file);
    const flip = () => bytes.writeUInt8(bytes.readUInt8(bytes.length >> 1) ^ 0x01, bytes.length >> 1);
    flip();
    await writeFile(file, bytes);

    const report = await audit();

    expect(report.problems).toEqual([expect.objectContaining({ kind: 'mismatch', snapshotId: second.id, artifact: 'warc' })]);
    flip();
    await writeFile(file, bytes);
  });

  it('catches a deleted past capture through the manifest chain', async () => {
    const db = createDocumentClient({ region: 'us-east-1', dynamoEndpoint: stack.config.dynamoEndpoint });
    await db.send(new DeleteCommand({ TableName: stack.config.tableName, Key: { PK: `SNAP#${first.id}`, SK: 'SNAP' } }));

    const report = await audit();

    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'chain', snapshotId: second.id, detail: expect.stringContaining(first.id) }),
    ]);
  });
});

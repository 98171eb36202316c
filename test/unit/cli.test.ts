import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../functions/lib/cli/program.js';
import { snapshotId, type Snapshot } from '../../functions/lib/core/snapshot.js';
import { MemorySnapshotIndex } from '../support/fakes.js';
import { TEST_READ_KEY, testApp } from '../support/test-app.js';

const READ = TEST_READ_KEY;
const URL_ = 'https://news.example/hama';

async function harness() {
  const index = new MemorySnapshotIndex();
  for (let day = 1; day <= 7; day++) {
    const capturedAt = `2024-12-0${day}T10:00:00.000Z`;
    const s: Snapshot = {
      id: snapshotId(new Date(capturedAt), `k${day}`),
      sourceId: 'src_0123456789abcdef',
      url: URL_,
      capturedAt,
      status: 'captured',
      attempts: 1,
      claimCount: day,
      artifacts: [],
    };
    await index.putSnapshot(s);
  }
  const app = testApp({ index });
  const out: string[] = [];
  const err: string[] = [];
  const run = (argv: string[], env: Record<string, string> = { VERBATIM_API_KEY: READ, VERBATIM_API_URL: 'http://api.test' }) =>
    runCli(argv, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env,
      fetch: ((input: string, init?: RequestInit) => app.request(input.replace('http://api.test', ''), init)) as typeof fetch,
    });
  return { run, out, err };
}

describe('verbatim CLI', () => {
  it('lists snapshots of a URL as a table', async () => {
    const h = await harness();

    const code = await h.run(['snapshots', URL_, '--limit', '3']);

    expect(code).toBe(0);
    const text = h.out.join('');
    expect(text).toContain('captured at');
    expect(text).toContain('2024-12-07T10:00:00.000Z');
    expect(text).not.toContain('2024-12-04T10:00:00.000Z');
  });

  it('follows every page with --all and prints JSON with --json, reporting progress on stderr', async () => {
    const h = await harness();

    const code = await h.run(['--json', 'snapshots', URL_, '--limit', '3', '--all']);

    expect(code).toBe(0);
    expect((JSON.parse(h.out.join('')) as unknown[]).length).toBe(7);
    expect(h.err.join('')).toContain('fetched 7 snapshots');
  });

  it('exits 1 with the problem detail when the key is wrong', async () => {
    const h = await harness();

    const code = await h.run(['sources'], { VERBATIM_API_KEY: 'wrong-key-0123456789', VERBATIM_API_URL: 'http://api.test' });

    expect(code).toBe(1);
    expect(h.err.join('')).toContain('HTTP 403');
  });

  it('refuses an invalid option value before calling the API', async () => {
    const h = await harness();

    const code = await h.run(['claims', '--kind', 'rumour']);

    expect(code).not.toBe(0);
    expect(h.err.join('')).toMatch(/rumour|choices/);
  });

  it('prints help for every command', async () => {
    for (const command of ['claims', 'snapshots', 'capture', 'sources', 'export', 'verify-wacz', 'signing-key']) {
      const h = await harness();

      const code = await h.run([command, '--help']);

      expect(code, command).toBe(0);
      expect(h.out.join(''), command).toContain(`Usage: verbatim ${command}`);
    }
  });

  it('explains how to fix an unreachable API', async () => {
    const out: string[] = [];
    const err: string[] = [];

    const code = await runCli(['sources'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: { VERBATIM_API_URL: 'http://api.test', VERBATIM_API_KEY: READ },
      fetch: (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch,
    });

    expect(code).toBe(1);
    expect(err.join('')).toContain('npm start');
  });
});

describe('verbatim export', () => {
  it('exits 1 with the problem detail for an unknown snapshot, writing nothing', async () => {
    const h = await harness();
    const file = path.join(os.tmpdir(), `verbatim-cli-${Date.now()}.wacz`);

    const code = await h.run(['export', '20241203101500-0123456789ab', '-o', file]);

    expect(code).toBe(1);
    expect(h.err.join('')).toContain('HTTP 404');
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a snapshot id and --source together', async () => {
    const h = await harness();

    const code = await h.run(['export', '20241203101500-0123456789ab', '--source', 'src_0123456789abcdef']);

    expect(code).toBe(1);
    expect(h.err.join('')).toContain('not both');
  });

  it('exits 1 for a source range with no archived WARC, writing nothing', async () => {
    const h = await harness();
    const file = path.join(os.tmpdir(), `verbatim-cli-src-${Date.now()}.wacz`);

    const code = await h.run(['export', '--source', 'src_0123456789abcdef', '--from', '2024-12-02', '--to', '2024-12-04', '-o', file]);

    expect(code).toBe(1);
    expect(h.err.join('')).toContain('HTTP 404');
    expect(existsSync(file)).toBe(false);
  });
});

describe('verbatim verify-wacz', () => {
  it('exits 1 with a clear error for a file that is not a WACZ', async () => {
    const h = await harness();
    const file = path.join(os.tmpdir(), `verbatim-not-a-wacz-${Date.now()}.wacz`);
    await writeFile(file, 'plain text, not a zip');

    const code = await h.run(['verify-wacz', file]);

    expect(code).toBe(1);
    expect(h.err.join('')).toContain('is not a readable zip');
  });
});

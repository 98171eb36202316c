import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPTURE_NODE_MODULES } from '../../infra/verbatim-stack.js';
import { sha256Hex } from '../../functions/lib/core/snapshot.js';
import { startFixtureSite, type FixtureSite } from '../support/fixture-site.js';
import { startEmulatedStack, type EmulatedStack } from '../support/emulated-stack.js';
import { bundleFunction } from '../support/lambda-bundle.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Like /var/task on Lambda, the code's own folder is read-only; only a fresh temp dir (its /tmp) is writable. */
const TASK = path.join(ROOT, 'node_modules/.cache/verbatim-lambda-task');

/**
 * The capture handler as Lambda runs it: bundled the way the CDK stack bundles it (ESM, the same
 * externals installed beside it), with @sparticuz/chromium, `AWS_LAMBDA_FUNCTION_NAME` and an
 * Amazon Linux 2023 `AWS_EXECUTION_ENV`, and Node's permission model allowing writes only under its
 * own temp dir (`TMPDIR`, standing in for Lambda's /tmp).
 */
describe('capture handler in a Lambda-like environment', () => {
  let site: FixtureSite;
  let stack: EmulatedStack;
  let writable: string;

  beforeAll(async () => {
    writable = await mkdtemp(path.join(os.tmpdir(), 'verbatim-lambda-tmp-'));
    await rm(TASK, { recursive: true, force: true });
    await mkdir(TASK, { recursive: true });
    await bundleFunction('capture', TASK, CAPTURE_NODE_MODULES);
    await symlink(path.join(ROOT, 'node_modules'), path.join(TASK, 'node_modules'));
    await writeFile(
      path.join(TASK, 'invoke.mjs'),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the script is JavaScript run by the child process
      "const { handler } = await import('./index.mjs');\nconst result = await handler(JSON.parse(process.argv[2]));\nprocess.stdout.write(`\\nRESULT ${JSON.stringify(result)}\\n`);\nprocess.exit(0);\n",
    );
    site = await startFixtureSite();
    stack = await startEmulatedStack();
  });
  afterAll(async () => {
    await stack?.close();
    await site?.close();
    await rm(TASK, { recursive: true, force: true });
    await rm(writable, { recursive: true, force: true });
  });

  function lambdaNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(
      process.execPath,
      [
        '--experimental-permission',
        '--allow-fs-read=*',
        `--allow-fs-write=${writable}/*`,
        '--allow-child-process',
        '--allow-worker',
        ...args,
      ],
      {
        cwd: TASK,
        env: {
          PATH: process.env.PATH,
          TMPDIR: writable,
          AWS_LAMBDA_FUNCTION_NAME: 'verbatim-capture',
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
          AWS_REGION: 'us-east-1',
          VERBATIM_S3_ENDPOINT: stack.config.s3Endpoint!,
          VERBATIM_DYNAMODB_ENDPOINT: stack.config.dynamoEndpoint!,
          VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host,
        },
      },
    );
    let stdout = '';
    const result = () =>
      stdout
        .split('\n')
        .find((l) => l.startsWith('RESULT '))
        ?.slice(7) ?? '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout: result(), stderr: `${stderr}\n${stdout}` })));
  }

  it('cannot write outside its temp dir there, so the test environment really is read-only', async () => {
    const probe = await lambdaNode(['-e', `require('node:fs').writeFileSync(${JSON.stringify(path.join(TASK, 'probe'))}, 'x')`]);

    expect(probe.code).not.toBe(0);
    expect(probe.stderr).toMatch(/ERR_ACCESS_DENIED/);
  });

  it('captures a page from a direct {job} invocation with @sparticuz/chromium and stores verified artifacts', async () => {
    const job = {
      sourceId: 'src_0123456789abcdef',
      url: `${site.origin}/claims/article-is`,
      extractor: 'auto',
      slot: new Date().toISOString(),
      jobKey: `lambda-${Date.now()}`,
    };

    const run = await lambdaNode(['invoke.mjs', JSON.stringify({ job })]);

    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const { snapshot } = JSON.parse(run.stdout) as {
      snapshot: { status: string; claimCount: number; artifacts: { key: string; sha256: string }[] };
    };
    expect(snapshot.status).toBe('captured');
    expect(snapshot.claimCount).toBeGreaterThan(0);
    for (const artifact of snapshot.artifacts) expect(sha256Hex(await stack.services.store.get(artifact.key))).toBe(artifact.sha256);
  });

  it('answers a recorded SQS event with no batch item failures when the capture succeeds', async () => {
    const event = JSON.parse(await readFile(path.join(ROOT, 'test/fixtures/events/sqs-capture-batch.json'), 'utf8'));
    const record = event.Records[0];
    record.body = JSON.stringify({
      sourceId: 'src_0123456789abcdef',
      url: `${site.origin}/article`,
      extractor: 'auto',
      slot: new Date().toISOString(),
      jobKey: `sqs-${Date.now()}`,
    });
    event.Records = [record];

    const run = await lambdaNode(['invoke.mjs', JSON.stringify(event)]);

    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ batchItemFailures: [] });
    const emf = run.stderr.split('\n').find((l) => l.includes('"CloudWatchMetrics"'));
    expect(JSON.parse(emf!)).toMatchObject({ CapturesSucceeded: 1, service: 'verbatim-capture' });
  });
});

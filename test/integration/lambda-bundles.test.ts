import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../support/lambda-bundle.js';

/** Loads a bundle in a fresh Node with no node_modules around it, as Lambda does, and reports whether `handler` is exported. */
function load(dir: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the script is JavaScript run by the child process
    ['--input-type=module', '-e', "const m = await import('./index.mjs'); process.stdout.write(`handler: ${typeof m.handler}`);"],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'eu-west-1',
        AWS_LAMBDA_FUNCTION_NAME: 'bundle-check',
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

/**
 * The functions without a browser (API, dispatch, audit) are bundled whole, with nothing installed
 * beside them. Each must load like that: a dependency that reads its own files at import time
 * would only fail on AWS, at the first cold start.
 */
describe('Lambda bundles without node_modules', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-bundles-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [
      'api',
      {
        VERBATIM_ADMIN_KEY: 'bundle-admin-key-0123456789',
        VERBATIM_READ_KEY: 'bundle-read-key-0123456789',
        VERBATIM_CAPTURE_FUNCTION: 'capture',
      },
    ],
    ['dispatch', { VERBATIM_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/verbatim-jobs' }],
    ['audit', {}],
  ] as const)('loads the %s function from its bundle alone', async (name, env) => {
    const out = path.join(dir, name);
    await bundleFunction(name, out);

    const result = await load(out, { VERBATIM_TABLE: 'verbatim-test', VERBATIM_BUCKET: 'verbatim-test', ...env });

    const readable = result.output
      .split('\n')
      .filter((line) => line.length < 400)
      .join('\n');
    expect(readable).toContain('handler: function');
    expect(result.code).toBe(0);
  });
});

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../support/lambda-bundle.js';

/** An API Gateway HTTP API (payload v2) GET of `path`, accepting gzip as browsers do. */
function httpGet(path: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', host: 'abc123.execute-api.eu-west-1.amazonaws.com' },
    requestContext: {
      accountId: '111122223333',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'bundle-check' },
      requestId: 'bundle-check',
      routeKey: '$default',
      stage: '$default',
      timeEpoch: 1733220000000,
    },
    isBase64Encoded: false,
  };
}

/**
 * Loads a bundle in a fresh Node with no node_modules around it, as Lambda does, and reports whether
 * `handler` is exported; with `events`, also calls it with each and prints the answers as JSON lines.
 */
function load(dir: string, env: Record<string, string>, events: unknown[] = []): Promise<{ code: number | null; output: string }> {
  const script = [
    "const m = await import('./index.mjs');",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the script is JavaScript run by the child process
    'process.stdout.write(`handler: ${typeof m.handler}\\n`);',
    `for (const event of ${JSON.stringify(events)}) {`,
    '  const answer = await m.handler(event, { awsRequestId: "bundle-check", functionName: "bundle-check" });',
    "  process.stdout.write('answer: ' + JSON.stringify(answer) + '\\n');",
    '}',
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'bundle-check',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
  });
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

  it('serves the web view from the API bundle alone', async () => {
    const out = path.join(dir, 'api-ui');
    await bundleFunction('api', out);
    const env = {
      VERBATIM_TABLE: 'verbatim-test',
      VERBATIM_BUCKET: 'verbatim-test',
      VERBATIM_ADMIN_KEY: 'bundle-admin-key-0123456789',
      VERBATIM_READ_KEY: 'bundle-read-key-0123456789',
      VERBATIM_CAPTURE_FUNCTION: 'capture',
    };
    const page = await load(out, env, [httpGet('/ui/')]);
    const answer = (output: string) =>
      JSON.parse(
        output
          .split('\n')
          .find((line) => line.startsWith('answer: '))!
          .slice('answer: '.length),
      ) as {
        statusCode: number;
        headers: Record<string, string>;
        body: string;
        isBase64Encoded: boolean;
      };
    const html = answer(page.output);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-security-policy']).toContain("script-src 'self'");
    const text = html.isBase64Encoded ? gunzipSync(Buffer.from(html.body, 'base64')).toString() : html.body;
    const script = /<script type="module" src="([^"]+)"/.exec(text)![1]!;

    const asset = answer((await load(out, env, [httpGet(script)])).output);
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.isBase64Encoded).toBe(true);
    expect(gunzipSync(Buffer.from(asset.body, 'base64')).toString()).toContain('verbatim.key');
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

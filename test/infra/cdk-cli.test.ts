import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/settings.js';
import { removeTempDirs, tempDir, TEST_SOURCES, writeSourcesFile } from './build-app.js';

afterAll(removeTempDirs);

/** Keeps the CLI off the network: no telemetry, notices, version check or instance-metadata credentials. */
const OFFLINE_ENV = {
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  CDK_DISABLE_VERSION_CHECK: '1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

describe('cdk CLI', () => {
  it('synthesizes the app from cdk.json offline, without bundling', { timeout: 120_000 }, () => {
    const outdir = tempDir('cli-out');
    const result = spawnSync(
      'npx',
      [
        'cdk',
        'synth',
        '--quiet',
        '--no-notices',
        '-c',
        'skipBundling=true',
        '-c',
        `sourcesFile=${writeSourcesFile(TEST_SOURCES)}`,
        '-o',
        outdir,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, ...OFFLINE_ENV }, encoding: 'utf8', timeout: 110_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const templatePath = join(outdir, 'Verbatim-dev.template.json');
    expect(existsSync(templatePath)).toBe(true);
    const template = JSON.parse(readFileSync(templatePath, 'utf8')) as { Resources: Record<string, { Type: string }> };
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule')).toHaveLength(TEST_SOURCES.length + 2);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { REPO_ROOT } from '../../infra/settings.js';
import { createVerbatimApp, type VerbatimApp } from '../../infra/verbatim-app.js';

/** The context `cdk.json` gives the CLI, so in-memory apps use the same feature flags. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `verbatim-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes every directory `tempDir` made in this test file; register with `afterAll`. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a sources file to a temp directory and returns its path. */
export function writeSourcesFile(entries: unknown[]): string {
  const path = join(tempDir('sources'), 'sources.json');
  writeFileSync(path, JSON.stringify(entries, null, 2));
  return path;
}

export const TEST_SOURCES = [
  { url: 'http://127.0.0.1:8787/fixtures/article.html', schedule: 'rate(30 minutes)', extractor: 'article' },
  { url: 'http://localhost:8787/fixtures/map.html#latest', schedule: 'cron(0 6 * * ? *)', extractor: 'liveuamap' },
  { url: 'https://example.org/news', schedule: 'rate(1 day)' },
  { url: 'https://example.org/rss.xml', schedule: 'rate(1 hour)', discover: 'feed', recapture: ['PT15M', 'PT1H'], maxPerRun: 20 },
];

export interface BuiltApp extends VerbatimApp {
  template: Template;
  outdir: string;
}

/** Builds and synthesizes the app in memory without bundling, with cdk-nag active as on the CLI. */
export function buildApp(context: Record<string, unknown> = {}): BuiltApp {
  const outdir = tempDir('cdk-out');
  const built = createVerbatimApp({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
  return { ...built, outdir, template: Template.fromStack(built.stack) };
}

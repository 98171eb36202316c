import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_TARGET, ESM_REQUIRE_SHIM } from '../../infra/constructs/verbatim-function.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Bundles `functions/<name>.ts` to `<dir>/index.mjs` with the esbuild settings the stack uses. */
export async function bundleFunction(name: string, dir: string, external: readonly string[] = []): Promise<void> {
  await build({
    entryPoints: [path.join(ROOT, `functions/${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_SHIM },
    minify: true,
    external: [...external],
    outfile: path.join(dir, 'index.mjs'),
    logLevel: 'silent',
  });
}

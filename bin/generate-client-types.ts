/**
 * `npm run gen:client`: regenerates `functions/lib/http/api-types.ts` from the app's own
 * /openapi.json with openapi-typescript. openapi-typescript needs TypeScript 5's compiler API, which
 * TypeScript 7 dropped, so it runs through npx beside the project rather than as a dependency.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CursorSigner } from '../functions/lib/core/cursor.js';
import { buildApp } from '../functions/lib/http/app.js';
import { KeyRing } from '../functions/lib/http/auth.js';

const app = buildApp({
  index: {} as never,
  claims: {} as never,
  store: {} as never,
  keys: new KeyRing({ adminKey: 'generator-admin-key', readKey: 'generator-read-key' }),
  cursors: new CursorSigner('generator-cursor-secret'),
  clock: { now: () => new Date() },
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  capture: () => Promise.reject(new Error('unused')),
  artifactDelivery: 'stream',
});
const doc = await (await app.request('/openapi.json')).text();
const dir = mkdtempSync(path.join(os.tmpdir(), 'verbatim-openapi-'));
const input = path.join(dir, 'openapi.json');
writeFileSync(input, doc);
const output = path.resolve(import.meta.dirname, '../functions/lib/http/api-types.ts');
execFileSync('npx', ['-y', '-p', 'openapi-typescript@7', '-p', 'typescript@5.9', 'openapi-typescript', input, '-o', output], {
  stdio: 'inherit',
});

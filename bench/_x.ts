import { captureJob } from '../functions/lib/services/capture-service.js';
import { startFixtureSite } from '../test/support/fixture-site.js';
import { jobFor, startEmulatedStack } from '../test/support/emulated-stack.js';
const site = await startFixtureSite();
const stack = await startEmulatedStack({ VERBATIM_ALLOW_PRIVATE_ORIGINS: site.host });
for (const path of ['/claims/wire-en', '/claims/wire-en', '/xhr', '/article', '/article', '/claims/article-is', '/claims/article-is']) {
  const t = Date.now();
  const { snapshot, timings } = await captureJob(stack.services.captureDeps, jobFor(`${site.origin}${path}`));
  console.log(path, snapshot.status, snapshot.error ?? '', Date.now() - t, JSON.stringify(timings), snapshot.artifacts.find((a) => a.name === 'screenshot')?.sha256.slice(0, 8));
}
await stack.close(); await site.close();

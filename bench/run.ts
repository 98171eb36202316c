import { runApiBench } from './api-bench.js';
import { runArchiveBench } from './archive-bench.js';
import { runCaptureBench } from './capture-bench.js';
import { runClaimsBench } from './claims-bench.js';
import { runCostBench } from './cost-bench.js';
import { runDiscoveryBench } from './discovery-bench.js';

const BENCHES: Record<string, () => Promise<void>> = {
  capture: runCaptureBench,
  claims: runClaimsBench,
  api: runApiBench,
  cost: runCostBench,
  archive: runArchiveBench,
  discovery: runDiscoveryBench,
};

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = requested.length ? requested : Object.keys(BENCHES);
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`unknown benchmark "${name}"; available: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  await bench();
}

import { loadConfig } from './lib/config.js';
import { startLocalRuntime } from './lib/local/runtime.js';

const runtime = await startLocalRuntime(loadConfig());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stdout.write(`\n${signal}: shutting down\n`);
    void runtime.close().then(() => process.exit(0));
  });
}

import { loadConfig } from './lib/config.js';
import { startLocalRuntime } from './lib/local/runtime.js';

const runtime = await startLocalRuntime(loadConfig());
// A stray rejection inside a browser or emulator library must not take the scheduler down with it.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`unhandled rejection (the runtime goes on): ${reason instanceof Error ? reason.message : String(reason)}\n`);
});
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // Ctrl-C reaches npm, tsx and node alike, so the same signal can arrive more than once.
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: shutting down\n`);
    runtime.close().then(
      () => {
        process.stdout.write('Verbatim stopped cleanly\n');
        process.exit(0);
      },
      (err: Error) => {
        process.stderr.write(`shutdown failed: ${err.message}\n`);
        process.exit(1);
      },
    );
  });
}

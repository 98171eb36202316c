import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface LocalProcess {
  url: string;
  adminKey: string;
  readKey: string;
  output(): string;
  /** Sends SIGINT to the process group (as Ctrl-C does) and resolves once it has exited. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Starts `npm start` the way a user does, in the repository root, and waits until it listens. */
export async function startLocalProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<LocalProcess> {
  const port = await freePort();
  const adminKey = 'e2e-admin-key-0123456789abcdef';
  const readKey = 'e2e-read-key-0123456789abcdef';
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), VERBATIM_ADMIN_KEY: adminKey, VERBATIM_READ_KEY: readKey, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not listen within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
    const check = () => {
      if (out.includes(`listening on ${url}`)) {
        clearTimeout(timer);
        resolve();
      } else setTimeout(check, 100);
    };
    check();
  });
  return {
    url,
    adminKey,
    readKey,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => {
          // The group may be gone already (a child that ended by signal has no exit code).
          if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
        }, 15_000);
        kill.unref();
        child.once('close', () => {
          clearTimeout(kill);
          resolve();
        });
        process.kill(-child.pid!, 'SIGINT');
      }),
  };
}

/**
 * `npm start` on a fresh data dir with no sources, allowed to capture the fixture site's origin only
 * (plus `more.origins`, as `host:port`), with `more.env` on top. `stop()` also removes the data dir.
 */
export async function startOverFixtureSite(
  site: { host: string },
  name: string,
  more: { origins?: string[]; env?: Record<string, string> } = {},
): Promise<LocalProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `verbatim-e2e-${name}-`));
  await writeFile(path.join(dataDir, 'sources.json'), '[]');
  const runtime = await startLocalProcess({
    VERBATIM_DATA_DIR: dataDir,
    VERBATIM_SOURCES: path.join(dataDir, 'sources.json'),
    VERBATIM_ALLOW_PRIVATE_ORIGINS: [site.host, ...(more.origins ?? [])].join(','),
    ...more.env,
  });
  return {
    ...runtime,
    async stop() {
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Reads until `ok` holds (every 500 ms), for state the runtime reaches in the background. On timeout
 * it throws with the last value read and, if given, `context()` (say the runtime's recent output).
 */
export async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  { timeoutMs = 90_000, context }: { timeoutMs?: number; context?: () => string } = {},
): Promise<T> {
  const started = Date.now();
  for (let value = await read(); ; value = await read()) {
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out: ${JSON.stringify(value).slice(0, 1500)}${context ? `\n${context()}` : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

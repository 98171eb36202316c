import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Writes `bench/results/<name>-<time>.json` and returns its path. */
export async function writeReport(name: string, report: Record<string, unknown>): Promise<string> {
  const dir = path.resolve(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
  await writeFile(file, JSON.stringify({ name, at: new Date().toISOString(), machine, ...report }, null, 2));
  return file;
}

/** `/proc/<pid>/stat` fields (after the command name) of this process and every descendant. */
async function processTree(rootPid: number): Promise<string[][]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const parents = new Map<number, number>();
  const fields = new Map<number, string[]>();
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(pid, Number(f[1]));
      fields.set(pid, f);
    } catch {
      /* the process ended while we looked */
    }
  }
  const tree: string[][] = [];
  for (const [pid, f] of fields) {
    for (let p: number | undefined = pid; p; p = parents.get(p)) {
      if (p === rootPid) {
        tree.push(f);
        break;
      }
    }
  }
  return tree;
}

/** Resident set size of this process plus every descendant (Chromium), from /proc, in bytes. */
export async function treeRss(rootPid = process.pid): Promise<number> {
  return (await processTree(rootPid)).reduce((n, f) => n + Number(f[21]) * 4096, 0);
}

/**
 * CPU time (user + system, ms) used so far by this process and every descendant (Chromium), from
 * /proc: live processes' own time plus the time of the children they have reaped. On a shared
 * machine this, unlike wall time, does not grow with other people's load.
 */
export async function treeCpuMs(rootPid = process.pid): Promise<number> {
  const ticks = (await processTree(rootPid)).reduce((n, f) => n + Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]), 0);
  return ticks * (1000 / 100);
}

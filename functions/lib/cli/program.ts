import { createPublicKey } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Table from 'cli-table3';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadCliConfig } from '../config.js';
import { VERBATIM_VERSION } from '../core/version.js';
import { runAudit, type AuditedReport } from '../services/fixity.js';
import { verifyWaczFile } from '../services/wacz-verify.js';
import { ApiClient, ApiProblemError } from './client.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

type Row = Record<string, unknown>;

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
};

function clip(text: unknown, width: number): string {
  const s = text === undefined || text === null ? '' : String(text);
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

function table(columns: [string, (row: Row) => unknown, number][], rows: Row[]): string {
  const t = new Table({ head: columns.map(([h]) => h), style: { head: [], border: [] }, wordWrap: false });
  for (const row of rows) t.push(columns.map(([, get, width]) => clip(get(row), width)));
  return t.toString();
}

const CLAIM_COLUMNS: [string, (r: Row) => unknown, number][] = [
  ['time', (r) => r.claimTime, 24],
  ['kind', (r) => r.kind, 9],
  ['status', (r) => r.status, 8],
  ['attributed to', (r) => (r.attributedTo as string[]).join(', '), 24],
  ['places', (r) => (r.places as { name: string }[]).map((p) => p.name).join(', '), 24],
  ['text', (r) => r.text, 70],
  ['id', (r) => r.id, 30],
];
const SNAPSHOT_COLUMNS: [string, (r: Row) => unknown, number][] = [
  ['captured at', (r) => r.capturedAt, 24],
  ['status', (r) => r.status, 9],
  ['http', (r) => r.httpStatus, 4],
  ['claims', (r) => r.claimCount, 6],
  ['id', (r) => r.id, 27],
  ['url', (r) => r.url, 60],
  ['error', (r) => r.error, 40],
];
const AUDIT_COLUMNS: [string, (r: Row) => unknown, number][] = [
  ['id', (r) => r.id, 32],
  ['trigger', (r) => r.trigger, 8],
  ['started', (r) => r.startedAt, 24],
  ['snapshots', (r) => r.snapshots, 9],
  ['objects', (r) => r.objects, 8],
  ['bytes', (r) => r.bytes, 12],
  ['problems', (r) => r.problemCount, 8],
];
const SOURCE_COLUMNS: [string, (r: Row) => unknown, number][] = [
  ['id', (r) => r.id, 20],
  ['schedule', (r) => r.schedule, 20],
  ['extractor', (r) => r.extractor, 9],
  ['last status', (r) => r.lastStatus, 11],
  ['last capture', (r) => r.lastCaptureAt, 24],
  ['url', (r) => r.url, 60],
];

const ITEM_COLUMNS: [string, (r: Row) => unknown, number][] = [
  ['discovered', (r) => r.discoveredAt, 24],
  ['status', (r) => r.status, 8],
  ['captures', (r) => r.captures, 8],
  ['next capture', (r) => r.nextCaptureAt, 24],
  ['published', (r) => r.publishedAt, 24],
  ['title', (r) => r.title ?? r.error, 40],
  ['url', (r) => r.url, 60],
];

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Builds the `verbatim` command line. Every command has `--help`; output is a table or `--json`. */
function buildProgram(io: CliIo): Command {
  const program = new Command('verbatim')
    .description('Query and drive a Verbatim archive through its HTTP API.')
    .version(VERBATIM_VERSION)
    .option('--api <url>', 'API base URL (env VERBATIM_API_URL; default http://127.0.0.1:8787)')
    .option('--key <key>', 'bearer key (env VERBATIM_API_KEY; else the local runtime keys file)')
    .option('--json', 'print JSON instead of a table')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();

  async function client(): Promise<ApiClient> {
    const globals = program.opts<{ api?: string; key?: string }>();
    const config = loadCliConfig(io.env);
    let key = globals.key ?? config.apiKey;
    if (!key) {
      try {
        key = (JSON.parse(await readFile(config.keysFile, 'utf8')) as { adminKey?: string }).adminKey;
      } catch {
        key = undefined;
      }
    }
    return new ApiClient({ apiUrl: (globals.api ?? config.apiUrl).replace(/\/+$/, ''), apiKey: key, fetch: io.fetch });
  }

  const print = (rows: Row[], columns: [string, (r: Row) => unknown, number][], raw: unknown = rows) => {
    if (program.opts().json) io.out(`${JSON.stringify(raw, null, 2)}\n`);
    else io.out(`${rows.length ? table(columns, rows) : '(none)'}\n`);
  };

  async function list(route: string, key: string, params: URLSearchParams, all: boolean, columns: typeof CLAIM_COLUMNS) {
    const api = await client();
    const rows: Row[] = [];
    for await (const page of api.pages<Row>(route, key, params)) {
      rows.push(...page);
      if (!all) break;
      io.err(`\rfetched ${rows.length} ${key}…`);
    }
    if (all) io.err('\n');
    print(rows, columns);
  }

  program
    .command('claims')
    .description('List claims, newest first (e.g. verbatim claims --place Hama --from 2024-12-01)')
    .option('--place <name>', 'a place the claim is about')
    .option('--source <id>', 'a source id')
    .option('--url <url>', 'the page the claim was made on')
    .option('-q, --query <words>', 'words the claim contains')
    .addOption(new Option('--kind <kind>', 'claim kind').choices(['statement', 'quote', 'event', 'post']))
    .option('--attributed-to <name>', 'who the claim is attributed to')
    .addOption(new Option('--status <status>', 'present or removed').choices(['present', 'removed']))
    .option('--from <time>', 'ISO 8601 or 14-digit timestamp')
    .option('--to <time>', 'ISO 8601 or 14-digit timestamp')
    .option('--limit <n>', 'page size (1-500)', positive, 50)
    .option('--all', 'follow every page (progress on stderr)')
    .action(async (o) => {
      const params = new URLSearchParams();
      const map: Record<string, unknown> = {
        place: o.place,
        source: o.source,
        url: o.url,
        q: o.query,
        kind: o.kind,
        attributedTo: o.attributedTo,
        status: o.status,
        from: o.from,
        to: o.to,
        limit: o.limit,
      };
      for (const [k, v] of Object.entries(map)) if (v !== undefined) params.set(k, String(v));
      await list('/claims', 'claims', params, Boolean(o.all), CLAIM_COLUMNS);
    });

  program
    .command('snapshots')
    .description('List captures of a URL, newest first')
    .argument('<url>', 'the original URL (or a prefix or host, with --match)')
    .addOption(new Option('--match <type>', 'how the URL matches').choices(['exact', 'prefix', 'host']).default('exact'))
    .option('--from <time>', 'ISO 8601 or 14-digit timestamp')
    .option('--to <time>', 'ISO 8601 or 14-digit timestamp')
    .option('--limit <n>', 'page size (1-500)', positive, 50)
    .option('--all', 'follow every page (progress on stderr)')
    .action(async (url: string, o) => {
      const params = new URLSearchParams({ url, limit: String(o.limit) });
      if (o.match !== 'exact') params.set('matchType', o.match);
      if (o.from) params.set('from', o.from);
      if (o.to) params.set('to', o.to);
      await list('/snapshots', 'snapshots', params, Boolean(o.all), SNAPSHOT_COLUMNS);
    });

  program
    .command('capture')
    .description('Capture a URL now and print the snapshot (needs the admin key)')
    .argument('<url>', 'the page to capture')
    .addOption(new Option('--extractor <name>', 'claim extractor').choices(['auto', 'article', 'liveuamap', 'page']))
    .action(async (url: string, o) => {
      io.err(`capturing ${url}…\n`);
      const snapshot = await (await client()).request<Row>('POST', '/captures', {
        url,
        ...(o.extractor ? { extractor: o.extractor } : {}),
      });
      if (program.opts().json) return print([snapshot], SNAPSHOT_COLUMNS, snapshot);
      print([snapshot], SNAPSHOT_COLUMNS);
      const artifacts = snapshot.artifacts as { name: string; bytes: number; sha256: string }[];
      io.out(
        `${table(
          [
            ['artifact', (r) => r.name, 12],
            ['bytes', (r) => r.bytes, 10],
            ['sha256', (r) => r.sha256, 64],
          ],
          artifacts as unknown as Row[],
        )}\n`,
      );
    });

  program
    .command('export')
    .description('Download a WACZ 1.2 package: one snapshot, or every capture of a source in a time range')
    .argument('[snapshot-id]', 'the snapshot to export')
    .option('--source <id>', 'export every capture of this source instead (src_…)')
    .option('--from <time>', 'with --source: captures at or after (ISO 8601 or 14 digits)')
    .option('--to <time>', 'with --source: captures at or before')
    .option('-o, --output <file>', 'where to write it (default <snapshot-id>.wacz or <source>.wacz)')
    .action(async (id: string | undefined, o) => {
      if (Boolean(id) === Boolean(o.source)) throw new Error('give a snapshot id or --source, not both');
      const query = new URLSearchParams({ ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) }).toString();
      const path = id
        ? `/snapshots/${encodeURIComponent(id)}/wacz`
        : `/sources/${encodeURIComponent(o.source)}/wacz${query ? `?${query}` : ''}`;
      const file = o.output ?? `${id ?? o.source}.wacz`;
      const body = await (await client()).download(path);
      await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(file));
      io.out(`wrote ${file}\n`);
    });

  program
    .command('verify-wacz')
    .description('Check a WACZ file offline: resource hashes, the datapackage digest and its signature; exits 1 on any problem')
    .argument('<file>', 'the .wacz file')
    .option('--public-key <key>', "the signer's public key (base64 SPKI, or a PEM file); without it any valid signature passes")
    .action(async (file: string, o) => {
      const expected = o.publicKey ? await readPublicKey(o.publicKey) : undefined;
      const report = await verifyWaczFile(file, expected);
      if (program.opts().json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const signature = report.signed ? `signed ${report.created} by key ${report.fingerprint}` : 'unsigned';
        io.out(
          `${report.file}: ${report.resources} resources, ${report.bytes} bytes re-hashed, ${signature}: ${report.problems.length} problems\n`,
        );
        if (report.problems.length)
          io.out(
            `${table(
              [
                ['path', (r) => r.path, 60],
                ['detail', (r) => r.detail, 100],
              ],
              report.problems as unknown as Row[],
            )}\n`,
          );
      }
      if (report.problems.length) throw new VerifyFailedError(`${report.problems.length} problems`);
    });

  program
    .command('signing-key')
    .description("Print the archive's WACZ signing public key (PEM), to check packages against")
    .action(async () => {
      const key = await (await client()).request<Row>('GET', '/signing-key');
      if (program.opts().json) io.out(`${JSON.stringify(key, null, 2)}\n`);
      else io.out(`${key.algorithm}\nfingerprint (sha256 of SPKI): ${key.fingerprint}\n${key.publicKeyPem}`);
    });

  program
    .command('verify')
    .description('Fixity audit: re-hash every stored artifact and check the manifest chains; exits 1 on any problem')
    .option('--data-dir <dir>', 'audit a local data dir directly, with the stack stopped (default: ask the running API)')
    .action(async (o) => {
      const report = o.dataDir ? await verifyDataDir(o.dataDir) : await (await client()).request<AuditedReport>('POST', '/verify');
      if (program.opts().json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      else {
        io.out(
          `audit ${report.auditId}: ${report.snapshots} snapshots, ${report.objects} objects, ${report.bytes} bytes re-hashed: ${report.problems.length} problems\n`,
        );
        if (report.problems.length) {
          io.out(
            `${table(
              [
                ['kind', (r) => r.kind, 9],
                ['snapshot', (r) => r.snapshotId, 27],
                ['artifact', (r) => r.artifact, 10],
                ['detail', (r) => r.detail, 90],
              ],
              report.problems as unknown as Row[],
            )}\n`,
          );
        }
      }
      if (report.problems.length) throw new VerifyFailedError(`${report.problems.length} fixity problems`);
    });

  program
    .command('audits')
    .description('List recorded fixity audits, newest first (needs the admin key)')
    .option('--limit <n>', 'how many', positive, 20)
    .action(async (o) => {
      const { audits } = await (await client()).request<{ audits: Row[] }>('GET', `/audits?limit=${o.limit}`);
      print(audits, AUDIT_COLUMNS, { audits });
    });

  program
    .command('items')
    .description(
      'List the articles a source discovered, newest first, with their captures and next recapture (every page; progress on stderr)',
    )
    .argument('<source-id>', 'the source (src_…)')
    .addOption(new Option('--status <status>', 'only items in this status').choices(['due', 'waiting', 'resting', 'refused', 'failed']))
    .option('--from <time>', 'discovered at or after (ISO 8601 or 14-digit timestamp)')
    .option('--to <time>', 'discovered at or before')
    .option('--limit <n>', 'page size (1-500)', positive, 200)
    .option('--max <n>', 'stop after this many items', positive)
    .action(async (id: string, o) => {
      const params = new URLSearchParams({ limit: String(o.limit) });
      if (o.status) params.set('status', o.status);
      if (o.from) params.set('from', o.from);
      if (o.to) params.set('to', o.to);
      const api = await client();
      const rows: Row[] = [];
      let pages = 0;
      for await (const page of api.pages<Row>(`/sources/${encodeURIComponent(id)}/items`, 'items', params)) {
        rows.push(...page);
        pages++;
        if (pages > 1 || page.length === o.limit) io.err(`\rfetched ${rows.length} items…`);
        if (o.max && rows.length >= o.max) break;
      }
      if (pages > 1 || rows.length === o.limit) io.err('\n');
      print(o.max ? rows.slice(0, o.max) : rows, ITEM_COLUMNS);
    });

  const sources = program.command('sources').description('List, add or remove scheduled sources');
  sources
    .command('list', { isDefault: true })
    .description('List sources with their schedule and last capture')
    .action(async () => {
      const { sources: rows } = await (await client()).request<{ sources: Row[] }>('GET', '/sources');
      print(rows, SOURCE_COLUMNS);
    });
  sources
    .command('add')
    .description('Register a source (needs the admin key)')
    .argument('<url>', 'the page to capture on a schedule')
    .requiredOption('--schedule <expression>', 'EventBridge rate(...) or cron(...) expression')
    .addOption(new Option('--extractor <name>', 'claim extractor').choices(['auto', 'article', 'liveuamap', 'page']))
    .addOption(
      new Option(
        '--discover <how>',
        'follow the news: read the URL as a feed or sitemap, or follow its links (auto: its advertised feeds, else links)',
      ).choices(['feed', 'sitemap', 'links', 'auto']),
    )
    .option('--include <pattern>', 'URLPattern or /regex/ discovered URLs must match (repeatable; default: the same site)', collect)
    .option('--exclude <pattern>', 'URLPattern or /regex/ discovered URLs must not match (repeatable)', collect)
    .option(
      '--recapture <durations>',
      'comma-separated ISO 8601 delays after the first capture (default PT15M,PT1H,PT3H,PT12H,P1D,P3D,P7D)',
    )
    .option('--max-per-run <n>', 'new articles captured per run (default 50)', positive)
    .option('--no-citations', 'do not capture the pages articles cite')
    .addOption(new Option('--robots <rule>', 'robots.txt for discovered URLs (default obey)').choices(['obey', 'ignore']))
    .action(async (url: string, o) => {
      const source = await (await client()).request<Row>('POST', '/sources', {
        url,
        schedule: o.schedule,
        ...(o.extractor ? { extractor: o.extractor } : {}),
        ...(o.discover ? { discover: o.discover } : {}),
        ...(o.include ? { include: o.include } : {}),
        ...(o.exclude ? { exclude: o.exclude } : {}),
        ...(o.recapture
          ? {
              recapture: String(o.recapture)
                .split(',')
                .map((d: string) => d.trim()),
            }
          : {}),
        ...(o.maxPerRun ? { maxPerRun: o.maxPerRun } : {}),
        ...(o.citations === false ? { citations: false } : {}),
        ...(o.robots ? { robots: o.robots } : {}),
      });
      print([source], SOURCE_COLUMNS, source);
    });
  sources
    .command('remove')
    .description('Stop capturing a source; its snapshots are kept (needs the admin key)')
    .argument('<id>', 'the source id')
    .action(async (id: string) => {
      await (await client()).request('DELETE', `/sources/${encodeURIComponent(id)}`);
      io.out(`removed ${id}\n`);
    });

  return program;
}

class VerifyFailedError extends Error {}

/** A public key given as base64 SPKI, or as the path of a PEM file. */
async function readPublicKey(value: string): Promise<string> {
  if (/^[A-Za-z0-9+/=]{100,}$/.test(value)) return value;
  const pem = await readFile(value, 'utf8');
  return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
}

/** Audits a stopped local runtime's data dir by opening its embedded DynamoDB and S3 directly. */
async function verifyDataDir(dataDir: string): Promise<AuditedReport> {
  const { startEmulators } = await import('../local/emulators.js');
  const { loadConfig } = await import('../config.js');
  const { createServices } = await import('../wiring.js');
  let emulators: Awaited<ReturnType<typeof startEmulators>>;
  try {
    emulators = await startEmulators(dataDir);
  } catch (err) {
    throw new Error(`cannot open ${dataDir}; stop the running stack first, or run verify without --data-dir (${(err as Error).message})`);
  }
  try {
    const config = loadConfig({
      VERBATIM_DATA_DIR: dataDir,
      VERBATIM_S3_ENDPOINT: emulators.s3Endpoint,
      VERBATIM_DYNAMODB_ENDPOINT: emulators.dynamoEndpoint,
    });
    const services = createServices(config, { logger: { debug() {}, info() {}, warn() {}, error() {} } });
    return await runAudit({ store: services.store, index: services.index }, 'cli');
  } finally {
    await emulators.close();
  }
}

/** Runs the CLI and returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    if (typeof e.exitCode === 'number' && e.code?.startsWith('commander.')) return e.exitCode;
    if (err instanceof VerifyFailedError) return 1;
    io.err(`error: ${err instanceof ApiProblemError ? err.message : (err as Error).message}\n`);
    return 1;
  }
}

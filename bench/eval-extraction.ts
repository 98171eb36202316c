import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { extractClaims } from '../functions/lib/core/claims/extract.js';
import { findPlaces } from '../functions/lib/core/places/gazetteer.js';
import { similarity } from '../functions/lib/core/claim-history.js';
import { foldTerm } from '../functions/lib/core/terms.js';
import { writeReport } from './report.js';

/**
 * `npm run eval -- ../shared/corpus`: runs extraction over real pages (never part of `npm test`).
 * For each page: claims, attributed claims, places, posts and extraction time; for Readability's
 * test pages, agreement of headline, date and author with `expected-metadata.json`.
 *
 * Agreement rules: a headline agrees when the folded texts are equal, ≥ 0.9 similar, or one contains
 * the other; a date agrees within one minute, or within 14 hours when either side has no time zone;
 * an author agrees when the expected byline contains an extracted author or the reverse.
 */
interface Expected {
  title?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
}

interface Row {
  page: string;
  lang?: string;
  extractor: string;
  claims: number;
  attributed: number;
  places: number;
  posts: number;
  ms: number;
  headline?: boolean;
  date?: boolean;
  author?: boolean;
  error?: string;
}

const fold = (s: string) => foldTerm(s).replace(/\s+/g, ' ').trim();

function headlineAgrees(expected: string, actual?: string): boolean {
  if (!actual) return false;
  const [e, a] = [fold(expected), fold(actual)];
  return (
    e === a || similarity(e, a) >= 0.9 || (e.includes(a) && a.length >= 0.5 * e.length) || (a.includes(e) && e.length >= 0.5 * a.length)
  );
}

function dateAgrees(expected: string, actual?: string): boolean {
  if (!actual) return false;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(expected.trim());
  const e = new Date(zoned ? expected : `${expected.replace(' ', 'T')}Z`);
  const a = new Date(actual);
  if (Number.isNaN(e.getTime()) || Number.isNaN(a.getTime())) return false;
  return Math.abs(e.getTime() - a.getTime()) <= (zoned ? 60_000 : 14 * 3_600_000);
}

function authorAgrees(expected: string, actual: string[]): boolean {
  const e = fold(expected);
  return actual.some((name) => {
    const a = fold(name);
    return a.length > 1 && (e.includes(a) || a.includes(e));
  });
}

async function pagesIn(corpus: string): Promise<{ name: string; file: string; expected?: Expected }[]> {
  const pages: { name: string; file: string; expected?: Expected }[] = [];
  const readability = path.join(corpus, 'readability');
  for (const name of (await readdir(readability).catch(() => [] as string[])).sort()) {
    const file = path.join(readability, name, 'source.html');
    if (!(await stat(file).catch(() => undefined))) continue;
    const expected = JSON.parse(await readFile(path.join(readability, name, 'expected-metadata.json'), 'utf8').catch(() => '{}'));
    pages.push({ name: `readability/${name}`, file, expected });
  }
  const supplement = path.join(corpus, 'supplement');
  for (const group of (await readdir(supplement).catch(() => [] as string[])).sort()) {
    for (const name of (await readdir(path.join(supplement, group))).sort()) {
      if (name.endsWith('.html')) pages.push({ name: `supplement/${group}/${name}`, file: path.join(supplement, group, name) });
    }
  }
  return pages;
}

async function main(): Promise<void> {
  const corpus = path.resolve(process.argv.slice(2).find((a) => !a.startsWith('-')) ?? '../shared/corpus');
  const pages = await pagesIn(corpus);
  if (pages.length === 0) {
    process.stderr.write(`no pages under ${corpus}; pass the corpus folder, e.g. npm run eval -- ../shared/corpus\n`);
    process.exit(2);
  }
  const rows: Row[] = [];
  for (const page of pages) {
    const html = await readFile(page.file, 'utf8');
    const { document } = parseHTML(html);
    const text = (document.body?.textContent ?? '').replace(/[ \t]+/g, ' ');
    const started = performance.now();
    try {
      const result = extractClaims(
        { url: `https://corpus.example/${page.name}`, html, rawHtml: html, text, responses: [], extractor: 'auto' },
        { findPlaces },
      );
      const ms = performance.now() - started;
      const m = result.metadata;
      rows.push({
        page: page.name,
        lang: m.lang,
        extractor: result.extractor,
        claims: result.claims.length,
        attributed: result.claims.filter((c) => c.attributedTo.length > 0).length,
        places: new Set(result.claims.flatMap((c) => c.places.map((p) => p.name))).size,
        posts: result.claims.filter((c) => c.kind === 'post').length,
        ms: Math.round(ms * 10) / 10,
        headline: page.expected?.title ? headlineAgrees(page.expected.title, m.headline) : undefined,
        date: page.expected?.publishedTime ? dateAgrees(page.expected.publishedTime, m.datePublished) : undefined,
        author: page.expected?.byline ? authorAgrees(page.expected.byline, m.author) : undefined,
      });
    } catch (err) {
      rows.push({
        page: page.name,
        extractor: 'error',
        claims: 0,
        attributed: 0,
        places: 0,
        posts: 0,
        ms: 0,
        error: (err as Error).message,
      });
    }
  }
  const rate = (key: 'headline' | 'date' | 'author') => {
    const judged = rows.filter((r) => r[key] !== undefined);
    return {
      agreed: judged.filter((r) => r[key]).length,
      of: judged.length,
      percent: judged.length ? Math.round((judged.filter((r) => r[key]).length / judged.length) * 1000) / 10 : null,
    };
  };
  const summary = {
    pages: rows.length,
    headline: rate('headline'),
    date: rate('date'),
    author: rate('author'),
    totals: {
      claims: rows.reduce((n, r) => n + r.claims, 0),
      attributed: rows.reduce((n, r) => n + r.attributed, 0),
      posts: rows.reduce((n, r) => n + r.posts, 0),
    },
    medianMs: [...rows.map((r) => r.ms)].sort((a, b) => a - b)[Math.floor(rows.length / 2)],
    targets: { headline: '>= 90%', date: '>= 80% where a date is expected' },
  };
  const mark = (v?: boolean) => (v === undefined ? '–' : v ? 'yes' : 'NO');
  process.stdout.write(
    '| page | lang | extractor | claims | attributed | places | posts | ms | headline | date | author |\n|---|---|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.page} | ${r.lang ?? ''} | ${r.extractor} | ${r.claims} | ${r.attributed} | ${r.places} | ${r.posts} | ${r.ms} | ${mark(r.headline)} | ${mark(r.date)} | ${mark(r.author)} |${r.error ? ` ${r.error}` : ''}\n`,
    );
  }
  const file = await writeReport('eval', { corpus, summary, rows });
  process.stdout.write(`\n${JSON.stringify(summary, null, 2)}\nreport: ${file}\n`);
}

await main();

import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { extractClaims } from '../functions/lib/core/claims/extract.js';
import { findPlaces } from '../functions/lib/core/places/gazetteer.js';
import { similarity } from '../functions/lib/core/claim-history.js';
import { foldTerm } from '../functions/lib/core/terms.js';
import {
  type PageLabels,
  type PageScore,
  type Summary,
  locateLabels,
  parseLabels,
  parsePlaces,
  scorePage,
  summarise,
} from './extraction-scoring.js';
import { median, writeReport } from './report.js';

/**
 * `npm run eval -- ../shared/corpus`: runs extraction over real pages (never part of `npm test`).
 * For each page: claims, attributed claims, places, posts and extraction time; for Readability's
 * test pages, agreement of headline, date and author with `expected-metadata.json`; for the pages
 * labelled in `bench/labels/`, toponym precision/recall/F1, resolution within 161 km, attribution
 * precision/recall and boilerplate claims (extraction-scoring.ts), per language and overall.
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
  /** The labels' language where the page is labelled, else the extractor's, as ISO 639-1. */
  group: string;
  score?: PageScore;
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

const REPO = path.resolve(import.meta.dirname, '..');
const LABELS = path.join(import.meta.dirname, 'labels');

/** Labelled pages the repository holds itself (the Icelandic seed article), named `fixtures/<file>`. */
const FIXTURE_PAGES = ['article-is.html'];

async function readLabels(): Promise<{ places: ReturnType<typeof parsePlaces>; pages: Map<string, PageLabels> }> {
  const places = parsePlaces(await readFile(path.join(LABELS, 'places.jsonl'), 'utf8'));
  const pages = new Map<string, PageLabels>();
  const dir = path.join(LABELS, 'pages');
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort()) {
    const labels = parseLabels(await readFile(path.join(dir, name), 'utf8'), name);
    pages.set(labels.header.page, labels);
  }
  return { places, pages };
}

async function pagesIn(corpus: string): Promise<{ name: string; file: string; expected?: Expected }[]> {
  const pages: { name: string; file: string; expected?: Expected }[] = FIXTURE_PAGES.map((name) => ({
    name: `fixtures/${name}`,
    file: path.join(REPO, 'test/fixtures/claims', name),
  }));
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
  if (!(await stat(corpus).catch(() => undefined))?.isDirectory()) {
    process.stdout.write(`eval skipped: no corpus folder at ${corpus} (pass it, e.g. npm run eval -- ../shared/corpus)\n`);
    return;
  }
  const pages = await pagesIn(corpus);
  if (pages.length === FIXTURE_PAGES.length) {
    process.stderr.write(`no pages under ${corpus}; pass the corpus folder, e.g. npm run eval -- ../shared/corpus\n`);
    process.exit(2);
  }
  const labels = await readLabels();
  // Build the gazetteer index before timing, so the first page does not pay for it.
  findPlaces('Paris', 'en');
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
      const pageLabels = labels.pages.get(page.name);
      rows.push({
        page: page.name,
        lang: m.lang,
        group: pageLabels?.header.lang ?? languageOf(m.lang),
        score: pageLabels && scorePage(text, locateLabels(text, pageLabels, labels.places), result.claims),
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
        group: labels.pages.get(page.name)?.header.lang ?? 'und',
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
  const summary = {
    pages: rows.length,
    headline: rateOf(rows, 'headline'),
    date: rateOf(rows, 'date'),
    author: rateOf(rows, 'author'),
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

  const labelled = rows.filter((r): r is Row & { score: PageScore } => !!r.score);
  const missing = [...labels.pages.keys()].filter((page) => !rows.some((r) => r.page === page));
  process.stdout.write('\nLabelled pages (bench/labels):\n\n');
  process.stdout.write(
    '| page | lang | toponyms | P | R | ≤161 km | attributed | P | R | boilerplate claims | label errors |\n|---|---|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const r of labelled) {
    const s = summarise([{ score: r.score, ms: r.ms }]);
    process.stdout.write(
      `| ${r.page} | ${r.group} | ${s.toponyms.gold} | ${pct(s.toponyms.precision)} | ${pct(s.toponyms.recall)} | ${pct(s.toponyms.accuracy161)} | ${s.attributions.gold} | ${pct(s.attributions.precision)} | ${pct(s.attributions.recall)} | ${s.boilerplateClaims} | ${r.score.labelErrors.length} |\n`,
    );
  }
  for (const r of labelled) for (const e of r.score.labelErrors) process.stdout.write(`label error: ${r.page}: ${e}\n`);
  for (const page of missing) process.stdout.write(`label error: ${page}: page not in the corpus\n`);

  const groups = [...new Set(labelled.map((r) => r.group))].sort();
  const byLanguage: Record<string, LanguageSummary> = {};
  for (const lang of groups) byLanguage[lang] = languageSummary(rows.filter((r) => r.group === lang));
  const overall = languageSummary(rows);
  process.stdout.write('\nPer language (labels: labelled pages; headline, date and time: every page of the language):\n\n');
  process.stdout.write(
    '| lang | pages | toponyms | P | R | F1 | ≤161 km | median km | attributed | P | R | speaker P/R | source P/R | boilerplate | headline | date | ms median/max |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const [lang, s] of [...Object.entries(byLanguage), ['all', overall] as const]) {
    const t = s.labels.toponyms;
    const a = s.labels.attributions;
    process.stdout.write(
      `| ${lang} | ${s.labels.pages}/${s.pages} | ${t.gold} | ${pct(t.precision)} | ${pct(t.recall)} | ${pct(t.f1)} | ${pct(t.accuracy161)} | ${t.medianErrorKm ?? '–'} | ${a.gold} | ${pct(a.precision)} | ${pct(a.recall)} | ${pct(a.speaker.precision)}/${pct(a.speaker.recall)} | ${pct(a.source.precision)}/${pct(a.source.recall)} | ${s.labels.boilerplateClaims} | ${rateText(s.headline)} | ${rateText(s.date)} | ${s.ms.median}/${s.ms.max} |\n`,
    );
  }

  const file = await writeReport('eval', {
    corpus,
    summary,
    overall,
    byLanguage,
    rows: rows.map(({ score, ...row }) => (score ? { ...row, score } : row)),
  });
  process.stdout.write(`\n${JSON.stringify(summary, null, 2)}\nreport: ${file}\n`);
}

interface LanguageSummary {
  pages: number;
  labels: Summary;
  headline: Rate;
  date: Rate;
  ms: { median: number | null; max: number | null };
}

interface Rate {
  agreed: number;
  of: number;
  percent: number | null;
}

function rateOf(rows: Row[], key: 'headline' | 'date' | 'author'): Rate {
  const judged = rows.filter((r) => r[key] !== undefined);
  const agreed = judged.filter((r) => r[key]).length;
  return { agreed, of: judged.length, percent: judged.length ? Math.round((agreed / judged.length) * 1000) / 10 : null };
}

function languageSummary(rows: Row[]): LanguageSummary {
  const ms = rows.map((r) => r.ms);
  return {
    pages: rows.length,
    labels: summarise(rows.flatMap((r) => (r.score ? [{ score: r.score, ms: r.ms }] : []))),
    headline: rateOf(rows, 'headline'),
    date: rateOf(rows, 'date'),
    ms: { median: ms.length ? Math.round(median(ms) * 10) / 10 : null, max: ms.length ? Math.max(...ms) : null },
  };
}

const pct = (v: number | null): string => (v === null ? '–' : `${Math.round(v * 1000) / 10}%`);
const rateText = (r: Rate): string => (r.percent === null ? '–' : `${r.percent}% (${r.agreed}/${r.of})`);

/** ISO 639-1 of a page's declared language ("en-GB" → "en"), `und` when none. */
function languageOf(lang: string | undefined): string {
  return lang?.trim().toLowerCase().split(/[-_]/)[0] || 'und';
}

await main();

import { createTextLocator, type TextLocator } from '../functions/lib/core/claims/quote-selector.js';

/**
 * Scoring of extracted claims against the labels in `bench/labels/` (see its README for the
 * guidelines). Pure: the caller reads files and runs the extractor.
 *
 * Labels point into the page's text by short unique spans (`at`), found whitespace-insensitively, so
 * they survive a different whitespace layout of the same text. Claims are placed by their
 * TextQuoteSelector. Everything below compares offset ranges in the page text.
 */

/** A gold place of `places.jsonl`. */
export interface GoldPlace {
  key: string;
  name: string;
  /** country, admin1, admin2, city, district, island, water, region, continent, landform. */
  featureClass: string;
  /** ISO 3166-1 alpha-2, absent for places across borders. */
  country?: string;
  lat: number;
  lon: number;
  /** null where no GeoNames-derived package confirmed the id. */
  geonameId: number | null;
  idSource: string;
  coordSource: string;
  /** Other names the place goes by in the labelled pages' languages (exonyms, short forms). */
  alt?: string[];
}

/** A name, or a name and its accepted variants (first is canonical): "AP" / "Associated Press". */
export type Names = string | string[];

interface PageHeader {
  type: 'page';
  /** Corpus path as the eval names pages: `readability/wapo-1`, `supplement/…/x.html`, `fixtures/x.html`. */
  page: string;
  /** ISO 639-1 of the page. */
  lang: string;
  /** What was labelled: text from `from` up to the end of `to`, for each range. */
  scope: { from: string; to: string }[];
}

interface ToponymLabel {
  type: 'toponym';
  /** A span of the text, unique within the scope, that contains `surface` once. */
  at: string;
  surface: string;
  /** Key into `places.jsonl`. */
  place: string;
}

interface AttributionLabel {
  type: 'attribution';
  /** A span of the attributed sentence, unique within the scope. */
  at: string;
  speaker?: Names;
  role?: string;
  organisation?: Names;
  outlet?: Names;
  cue: string;
  /** Said by someone the text does not name ("officials said"): labelled, not scored. */
  anonymous?: boolean;
}

interface BoilerplateLabel {
  type: 'boilerplate';
  /** The boilerplate text; every occurrence in the page counts. */
  at: string;
  kind: string;
}

type LabelRecord = PageHeader | ToponymLabel | AttributionLabel | BoilerplateLabel;

export interface PageLabels {
  header: PageHeader;
  toponyms: ToponymLabel[];
  attributions: AttributionLabel[];
  boilerplate: BoilerplateLabel[];
}

/** The parts of an extracted claim that scoring reads (structurally an `ExtractedClaim`). */
export interface ClaimLike {
  text: string;
  kind: string;
  attributedTo: string[];
  attribution?: { speaker?: string; role?: string; organisation?: string; outlet?: string; cue?: string };
  places: { name: string; lat: number; lon: number; country?: string; geonameId?: number; featureClass?: string }[];
  selector: { exact: string; prefix: string; suffix: string };
}

export interface Range {
  start: number;
  end: number;
}

/** Resolution is right within this distance: the geoparsing literature's 161 km (100 miles). */
const ACCURACY_KM = 161;

function parseLines<T>(text: string, what: string): T[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('//'))
    .map(({ line, n }) => {
      try {
        return JSON.parse(line) as T;
      } catch (err) {
        throw new Error(`${what}:${n}: ${(err as Error).message}`);
      }
    });
}

/** Reads `places.jsonl`: one {@link GoldPlace} per line. */
export function parsePlaces(text: string, file = 'places.jsonl'): Map<string, GoldPlace> {
  const places = new Map<string, GoldPlace>();
  for (const place of parseLines<GoldPlace>(text, file)) {
    if (places.has(place.key)) throw new Error(`${file}: duplicate key ${place.key}`);
    places.set(place.key, place);
  }
  return places;
}

/** Reads one page's labels: a `page` line, then `toponym`, `attribution` and `boilerplate` lines. */
export function parseLabels(text: string, file = 'labels'): PageLabels {
  const records = parseLines<LabelRecord>(text, file);
  const header = records.find((r): r is PageHeader => r.type === 'page');
  if (!header) throw new Error(`${file}: no "page" line`);
  return {
    header,
    toponyms: records.filter((r): r is ToponymLabel => r.type === 'toponym'),
    attributions: records.filter((r): r is AttributionLabel => r.type === 'attribution'),
    boilerplate: records.filter((r): r is BoilerplateLabel => r.type === 'boilerplate'),
  };
}

interface Located<T> {
  label: T;
  range: Range;
}

export interface LocatedLabels {
  scope: Range[];
  toponyms: (Located<ToponymLabel> & { place: GoldPlace })[];
  attributions: Located<AttributionLabel>[];
  boilerplate: Located<BoilerplateLabel>[];
  /** Labels that could not be placed (the text changed, a span is not unique, a place key is unknown). */
  errors: string[];
}

const overlaps = (a: Range, b: Range): boolean => a.start < b.end && b.start < a.end;
const inAny = (r: Range, ranges: Range[]): boolean => ranges.some((s) => overlaps(r, s));

/** The first occurrence of `span` inside `scope`, and whether a second one follows inside it too. */
function findInScope(locator: TextLocator, span: string, scope: Range[]): { range?: Range; unique: boolean } {
  for (const s of scope) {
    const hit = locator.locate(span, s.start);
    if (!hit || hit.start < s.start || hit.end > s.end) continue;
    const again = locator.locate(span, hit.start + 1);
    const unique = !again || again.start <= hit.start || !scope.some((r) => again.start >= r.start && again.end <= r.end);
    return { range: { start: hit.start, end: hit.end }, unique };
  }
  return { unique: true };
}

/** Places every label of a page in `text` (the text the extractor saw). */
export function locateLabels(text: string, labels: PageLabels, places: ReadonlyMap<string, GoldPlace>): LocatedLabels {
  const locator = createTextLocator(text);
  const errors: string[] = [];
  const scope: Range[] = [];
  for (const { from, to } of labels.header.scope) {
    const start = locator.locate(from);
    const end = start && locator.locate(to, start.start);
    if (!start || !end || end.start < start.start) errors.push(`scope ${JSON.stringify(from)} … ${JSON.stringify(to)} not found`);
    else scope.push({ start: start.start, end: end.end });
  }
  const place = <T extends { at: string }>(label: T, what: string): Located<T> | undefined => {
    const { range, unique } = findInScope(locator, label.at, scope);
    if (!range) errors.push(`${what} ${JSON.stringify(label.at)} not found in the scope`);
    else if (!unique) errors.push(`${what} ${JSON.stringify(label.at)} is not unique in the scope`);
    return range && unique ? { label, range } : undefined;
  };

  const toponyms: LocatedLabels['toponyms'] = [];
  for (const label of labels.toponyms) {
    const gold = places.get(label.place);
    if (!gold) {
      errors.push(`toponym ${JSON.stringify(label.surface)}: unknown place ${label.place}`);
      continue;
    }
    const located = place(label, 'toponym');
    if (!located) continue;
    const inner = createTextLocator(text.slice(located.range.start, located.range.end)).locate(label.surface);
    if (!inner) {
      errors.push(`toponym ${JSON.stringify(label.surface)} is not inside ${JSON.stringify(label.at)}`);
      continue;
    }
    const start = located.range.start + inner.start;
    toponyms.push({ label, place: gold, range: { start, end: start + (inner.end - inner.start) } });
  }
  const attributions = labels.attributions.map((l) => place(l, 'attribution')).filter((l): l is Located<AttributionLabel> => !!l);
  const boilerplate: Located<BoilerplateLabel>[] = [];
  for (const label of labels.boilerplate) {
    let hit = locator.locate(label.at);
    if (!hit) errors.push(`boilerplate ${JSON.stringify(label.at)} not found`);
    while (hit) {
      boilerplate.push({ label, range: { start: hit.start, end: hit.end } });
      const next = locator.locate(label.at, hit.start + 1);
      hit = next && next.start > hit.start ? next : undefined;
    }
  }
  return { scope, toponyms, attributions, boilerplate, errors };
}

/**
 * Where each claim sits in `text` (the text the extractor was given, so `exact` and `prefix` are
 * verbatim): by prefix + exact from the previous claim on (a repeated sentence lands on the right
 * occurrence), then by exact alone, then whitespace-insensitively; undefined when the claim is not in
 * the text (a detached selector).
 */
export function locateClaims(text: string, claims: readonly ClaimLike[]): (Range | undefined)[] {
  let locator: TextLocator | undefined;
  let cursor = 0;
  return claims.map((claim) => {
    const { exact, prefix } = claim.selector;
    if (!exact.trim()) return undefined;
    let start = -1;
    for (const from of [cursor, 0]) {
      const at = text.indexOf(prefix + exact, Math.max(0, from - prefix.length));
      if (at >= 0) {
        start = at + prefix.length;
        break;
      }
    }
    if (start < 0) start = text.indexOf(exact, cursor);
    if (start < 0) start = text.indexOf(exact);
    let range: Range | undefined = start >= 0 ? { start, end: start + exact.length } : undefined;
    if (!range) {
      locator ??= createTextLocator(text);
      const hit = locator.locate(exact, cursor);
      if (hit) range = { start: hit.start, end: hit.end };
    }
    if (range) cursor = range.start;
    return range;
  });
}

/** Comparison form of a name: no diacritics or case, apostrophes, full stops, hyphens; no "the", no possessive. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\p{M}\u0640]/gu, '')
    .toLowerCase()
    .replace(/[’‘ʼ`´]/gu, "'")
    .replace(/'s$/u, '')
    .replace(/['.]/gu, '')
    .replace(/[\s\-‐‑–—_]+/gu, ' ')
    .replace(/^@/u, '')
    .replace(/^the /u, '')
    .trim();
}

const namesOf = (names: Names | undefined): string[] => (names === undefined ? [] : [names].flat());

/** Titles and honorifics that may stand before a name ("Dr Fauci", "Gov. Inslee", "M. Valls"). */
const TITLES = new Set(
  `dr mr mrs ms miss prof sir dame lord lady rev rabbi sheikh imam president mayor governor gov sen senator rep
  representative gen general col colonel judge justice minister premier chancellor king queen prince m mme mlle
  herr frau sr sra señor señora don doña`.split(/\s+/),
);

/**
 * Whether a predicted name names the gold one: equal after {@link foldName}, or containing it as a run
 * of words ("Mayor Bill de Blasio" for "Bill de Blasio"). For a person also a run of the gold name's
 * words that keeps its last word ("de Blasio", not "Bill"), or titles before that last word ("Dr
 * Fauci" for "Anthony Fauci").
 */
export function nameMatches(predicted: string, gold: Names | undefined, person = false): boolean {
  const p = foldName(predicted);
  if (!p) return false;
  const pWords = p.split(' ');
  const runOf = (short: string[], long: string[]) =>
    long.some((_, i) => i + short.length <= long.length && short.every((w, j) => long[i + j] === w));
  return namesOf(gold).some((name) => {
    const g = foldName(name);
    if (!g) return false;
    const gWords = g.split(' ');
    if (p === g || runOf(gWords, pWords)) return true;
    if (!person || pWords.at(-1) !== gWords.at(-1)) return false;
    return runOf(pWords, gWords) || pWords.slice(0, -1).every((w) => TITLES.has(w));
  });
}

export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

type PredictedPlace = ClaimLike['places'][number];

/** A country as today's gazetteer returns it: no GeoNames id (cities always have one), or said so. */
const isCountry = (p: PredictedPlace): boolean =>
  p.featureClass === 'country' || (p.featureClass === undefined && p.geonameId === undefined);

/** Same gazetteer entry: the same GeoNames id, or a country for the same ISO code. */
function samePlace(p: PredictedPlace, gold: GoldPlace): boolean {
  if (p.geonameId !== undefined && gold.geonameId !== null && p.geonameId === gold.geonameId) return true;
  return gold.featureClass === 'country' && isCountry(p) && !!gold.country && p.country === gold.country;
}

/**
 * Whether a predicted place names a gold toponym: same entry, or its name (or the name before a comma or
 * bracket) is the surface form or one of the place's names.
 */
export function placeNames(p: PredictedPlace, surface: string, gold: GoldPlace): boolean {
  if (samePlace(p, gold)) return true;
  // A gazetteer's qualified name names the bare one: "Washington, D.C." names "Washington", "Halle (Saale)" "Halle".
  const predicted = new Set([p.name, p.name.split(',')[0]!, p.name.replace(/\s*\([^)]*\)/gu, '')].map(foldName));
  return [surface, gold.name, ...(gold.alt ?? [])].some((n) => predicted.has(foldName(n)));
}

/** Error of a resolution: 0 for the same gazetteer entry, else the great-circle distance. */
export function resolutionErrorKm(p: PredictedPlace, gold: GoldPlace): number {
  return samePlace(p, gold) ? 0 : haversineKm(p, gold);
}

interface ToponymScore {
  gold: number;
  predicted: number;
  /** Predicted places that name a gold toponym of their claim. */
  truePositives: number;
  /** Gold toponyms named by a place of the claim that contains them. */
  recognised: number;
  /** Recognised toponyms resolved within {@link ACCURACY_KM}. */
  resolved: number;
  errorsKm: number[];
  /** Places in claims outside the scope, in boilerplate, or not located: not scored. */
  ignored: number;
  falsePositives: { name: string; claim: string }[];
  missed: { surface: string; place: string }[];
  wrong: { surface: string; place: string; predicted: string; km: number }[];
  /** Recall per gold feature class: [recognised, gold]. */
  byFeatureClass: Record<string, [number, number]>;
}

interface AttributionScore {
  /** Gold attributed sentences that name a speaker, an organisation or an outlet. */
  gold: number;
  /** Of those, found with the speaker or a source right. */
  found: number;
  /** Claims in scope the extractor attributed (outside anonymous gold sentences). */
  predicted: number;
  correct: number;
  speaker: { gold: number; found: number; predicted: number; correct: number };
  source: { gold: number; found: number; predicted: number; correct: number };
  anonymousSkipped: number;
  wrong: { claim: string; predicted: string[]; gold: string[] }[];
  missed: { at: string; gold: string[] }[];
}

export interface PageScore {
  toponyms: ToponymScore;
  attributions: AttributionScore;
  boilerplate: { claims: number; examples: string[] };
  /** Claims whose text is not in the page text. */
  unlocatedClaims: number;
  labelErrors: string[];
}

interface PredictedAttribution {
  speaker?: string;
  sources: string[];
  all: string[];
}

/**
 * The speaker and sources a claim gives. With `attribution`, its fields. Without (the older output),
 * `attributedTo` names that match one of the gold sentence's organisation or outlet count as sources
 * and the first other name as the speaker.
 */
function predictedAttribution(claim: ClaimLike, gold?: AttributionLabel): PredictedAttribution {
  const all = [...claim.attributedTo];
  const a = claim.attribution;
  if (a && (a.speaker || a.organisation || a.outlet)) {
    for (const n of [a.speaker, a.organisation, a.outlet]) if (n && !all.includes(n)) all.push(n);
    return { speaker: a.speaker, sources: [a.organisation, a.outlet].filter((n): n is string => !!n), all };
  }
  const isSource = (n: string) => !!gold && (nameMatches(n, gold.organisation) || nameMatches(n, gold.outlet));
  const speaker = all.find((n) => !isSource(n));
  return { speaker, sources: all.filter((n) => n !== speaker), all };
}

const goldNames = (g: AttributionLabel): string[] => [...namesOf(g.speaker), ...namesOf(g.organisation), ...namesOf(g.outlet)];
const isNamed = (g: AttributionLabel): boolean => !g.anonymous && goldNames(g).length > 0;

function speakerOk(p: PredictedAttribution, g: AttributionLabel): boolean {
  return !!p.speaker && nameMatches(p.speaker, g.speaker, true);
}
function sourceOk(name: string, g: AttributionLabel): boolean {
  return nameMatches(name, g.organisation) || nameMatches(name, g.outlet);
}
function anyOk(p: PredictedAttribution, g: AttributionLabel): boolean {
  return p.all.some((n) => nameMatches(n, g.speaker, true) || sourceOk(n, g));
}

const hasAttribution = (c: ClaimLike): boolean =>
  c.attributedTo.length > 0 || !!(c.attribution?.speaker || c.attribution?.organisation || c.attribution?.outlet);

/** Scores one page's claims against its located labels. */
export function scorePage(text: string, located: LocatedLabels, claims: readonly ClaimLike[]): PageScore {
  const ranges = locateClaims(text, claims);
  const boilerplate = { claims: 0, examples: [] as string[] };
  const scored: { claim: ClaimLike; range: Range }[] = [];
  let unlocatedClaims = 0;
  let ignoredPlaces = 0;
  claims.forEach((claim, i) => {
    const range = ranges[i];
    if (!range) {
      unlocatedClaims++;
      ignoredPlaces += claim.places.length;
      return;
    }
    if (located.boilerplate.some((b) => overlaps(b.range, range))) {
      boilerplate.claims++;
      if (boilerplate.examples.length < 10) boilerplate.examples.push(claim.text.slice(0, 120));
      ignoredPlaces += claim.places.length;
      return;
    }
    if (!inAny(range, located.scope)) {
      ignoredPlaces += claim.places.length;
      return;
    }
    scored.push({ claim, range });
  });
  return {
    toponyms: { ...scoreToponyms(located, scored), ignored: ignoredPlaces },
    attributions: scoreAttributions(located, scored),
    boilerplate,
    unlocatedClaims,
    labelErrors: located.errors,
  };
}

function scoreToponyms(located: LocatedLabels, scored: { claim: ClaimLike; range: Range }[]): ToponymScore {
  const score: ToponymScore = {
    gold: located.toponyms.length,
    predicted: 0,
    truePositives: 0,
    recognised: 0,
    resolved: 0,
    errorsKm: [],
    ignored: 0,
    falsePositives: [],
    missed: [],
    wrong: [],
    byFeatureClass: {},
  };
  const candidates = new Map<number, PredictedPlace[]>();
  for (const { claim, range } of scored) {
    const inClaim = located.toponyms.map((t, i) => ({ t, i })).filter(({ t }) => overlaps(t.range, range));
    for (const p of claim.places) {
      score.predicted++;
      const named = inClaim.filter(({ t }) => placeNames(p, t.label.surface, t.place));
      if (named.length === 0) {
        score.falsePositives.push({ name: p.name, claim: claim.text.slice(0, 120) });
        continue;
      }
      score.truePositives++;
      for (const { i } of named) candidates.set(i, [...(candidates.get(i) ?? []), p]);
    }
  }
  located.toponyms.forEach((t, i) => {
    const fc = score.byFeatureClass[t.place.featureClass] ?? [0, 0];
    score.byFeatureClass[t.place.featureClass] = fc;
    fc[1]++;
    const found = candidates.get(i);
    if (!found) {
      score.missed.push({ surface: t.label.surface, place: t.place.key });
      return;
    }
    fc[0]++;
    score.recognised++;
    const best = found.map((p) => ({ p, km: resolutionErrorKm(p, t.place) })).reduce((a, b) => (b.km < a.km ? b : a));
    score.errorsKm.push(best.km);
    if (best.km <= ACCURACY_KM) score.resolved++;
    else score.wrong.push({ surface: t.label.surface, place: t.place.key, predicted: best.p.name, km: Math.round(best.km) });
  });
  return score;
}

function scoreAttributions(located: LocatedLabels, scored: { claim: ClaimLike; range: Range }[]): AttributionScore {
  const score: AttributionScore = {
    gold: 0,
    found: 0,
    predicted: 0,
    correct: 0,
    speaker: { gold: 0, found: 0, predicted: 0, correct: 0 },
    source: { gold: 0, found: 0, predicted: 0, correct: 0 },
    anonymousSkipped: 0,
    wrong: [],
    missed: [],
  };
  for (const { claim, range } of scored) {
    if (!hasAttribution(claim)) continue;
    const golds = located.attributions.filter((g) => overlaps(g.range, range)).map((g) => g.label);
    const named = golds.filter(isNamed);
    if (named.length === 0 && golds.length > 0) {
      score.anonymousSkipped++;
      continue;
    }
    score.predicted++;
    const judged = named.map((g) => ({ g, p: predictedAttribution(claim, g) }));
    const plain = predictedAttribution(claim, named[0]);
    if (judged.some(({ g, p }) => anyOk(p, g))) score.correct++;
    else score.wrong.push({ claim: claim.text.slice(0, 120), predicted: plain.all, gold: named.flatMap(goldNames) });
    if (plain.speaker) {
      score.speaker.predicted++;
      if (judged.some(({ g, p }) => speakerOk(p, g))) score.speaker.correct++;
    }
    const sources = judged.length > 0 ? judged[0]!.p.sources : plain.sources;
    for (const s of sources) {
      score.source.predicted++;
      if (named.some((g) => sourceOk(s, g))) score.source.correct++;
    }
  }
  for (const { label: g, range } of located.attributions) {
    if (!isNamed(g)) continue;
    score.gold++;
    const claims = scored.filter((s) => overlaps(s.range, range) && hasAttribution(s.claim)).map((s) => predictedAttribution(s.claim, g));
    if (claims.some((p) => anyOk(p, g))) score.found++;
    else score.missed.push({ at: g.at.slice(0, 120), gold: goldNames(g) });
    if (g.speaker !== undefined) {
      score.speaker.gold++;
      if (claims.some((p) => speakerOk(p, g))) score.speaker.found++;
    }
    for (const source of [g.organisation, g.outlet]) {
      if (source === undefined) continue;
      score.source.gold++;
      if (claims.some((p) => p.sources.some((n) => nameMatches(n, source)))) score.source.found++;
    }
  }
  return score;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);
const f1 = (p: number | null, r: number | null): number | null =>
  p === null || r === null || p + r === 0 ? null : Math.round(((2 * p * r) / (p + r)) * 1000) / 1000;

function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Summary {
  pages: number;
  toponyms: {
    gold: number;
    predicted: number;
    precision: number | null;
    recall: number | null;
    f1: number | null;
    /** Share of recognised toponyms resolved within 161 km. */
    accuracy161: number | null;
    medianErrorKm: number | null;
    recallByFeatureClass: Record<string, { recall: number | null; gold: number }>;
  };
  attributions: {
    gold: number;
    predicted: number;
    /** Speaker or source correct. */
    precision: number | null;
    recall: number | null;
    speaker: { precision: number | null; recall: number | null };
    source: { precision: number | null; recall: number | null };
  };
  boilerplateClaims: number;
  ms: { median: number | null; max: number | null };
  labelErrors: number;
}

function rates(counts: { gold: number; found: number; predicted: number; correct: number }[]): {
  precision: number | null;
  recall: number | null;
} {
  const total = (key: 'gold' | 'found' | 'predicted' | 'correct') => counts.reduce((n, c) => n + c[key], 0);
  return { precision: ratio(total('correct'), total('predicted')), recall: ratio(total('found'), total('gold')) };
}

/** Totals and rates over the scored pages (one language, or all). */
export function summarise(pages: { score: PageScore; ms: number }[]): Summary {
  const t = pages.map((p) => p.score.toponyms);
  const a = pages.map((p) => p.score.attributions);
  const sum = <T>(list: T[], f: (x: T) => number) => list.reduce((n, x) => n + f(x), 0);
  const precision = ratio(
    sum(t, (x) => x.truePositives),
    sum(t, (x) => x.predicted),
  );
  const recall = ratio(
    sum(t, (x) => x.recognised),
    sum(t, (x) => x.gold),
  );
  const byFc: Record<string, [number, number]> = {};
  for (const x of t) {
    for (const [fc, [found, gold]] of Object.entries(x.byFeatureClass)) {
      const entry = byFc[fc] ?? [0, 0];
      byFc[fc] = entry;
      entry[0] += found;
      entry[1] += gold;
    }
  }
  const ms = pages.map((p) => p.ms);
  return {
    pages: pages.length,
    toponyms: {
      gold: sum(t, (x) => x.gold),
      predicted: sum(t, (x) => x.predicted),
      precision,
      recall,
      f1: f1(precision, recall),
      accuracy161: ratio(
        sum(t, (x) => x.resolved),
        sum(t, (x) => x.recognised),
      ),
      medianErrorKm: (() => {
        const m = medianOf(t.flatMap((x) => x.errorsKm));
        return m === null ? null : Math.round(m * 10) / 10;
      })(),
      recallByFeatureClass: Object.fromEntries(
        Object.entries(byFc)
          .sort()
          .map(([fc, [found, gold]]) => [fc, { recall: ratio(found, gold), gold }]),
      ),
    },
    attributions: {
      gold: sum(a, (x) => x.gold),
      predicted: sum(a, (x) => x.predicted),
      precision: ratio(
        sum(a, (x) => x.correct),
        sum(a, (x) => x.predicted),
      ),
      recall: ratio(
        sum(a, (x) => x.found),
        sum(a, (x) => x.gold),
      ),
      speaker: rates(a.map((x) => x.speaker)),
      source: rates(a.map((x) => x.source)),
    },
    boilerplateClaims: sum(pages, (p) => p.score.boilerplate.claims),
    ms: { median: medianOf(ms), max: ms.length ? Math.max(...ms) : null },
    labelErrors: sum(pages, (p) => p.score.labelErrors.length),
  };
}

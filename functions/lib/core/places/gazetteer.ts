import type { Place, PlaceFinder } from '../claims/types.js';
import { isCommonWord } from './common-words.js';
import { ARTICLES, skeleton } from './fold.js';
import { inflects, lemmas } from './inflection.js';
import { type Candidate, lexicon, placeIndex } from './place-index.js';
import { tokenize, type Token } from './tokenize.js';

/** Longest place name, in words, that is looked for ("Ma‘arrat an Nu‘mān", "Rio de Janeiro"). */
const MAX_WINDOW = 4;
/** Shortest folded single word matched without the alias table or a country list. */
const MIN_WORD = 3;
/** Acronyms up to this length ("HTS", "AP") match only curated names ("USA", "UAE"). */
const MAX_ACRONYM = 4;
/** Shortest fuzzy key; shorter transliterations collide too easily. */
const MIN_FUZZY = 4;

function normaliseLang(lang: string): string {
  return lang.trim().toLowerCase().split(/[-_]/u)[0] || 'und';
}

/** Whether a window may start at `tokens[i]`: a capitalised word, or a hyphenated article before one ("al-Bab"). */
function canStart(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i]!;
  if (!token.lower) return true;
  const next = tokens[i + 1];
  return token.hyphenNext && ARTICLES.has(token.folded) && next !== undefined && !next.lower;
}

function windowLength(tokens: readonly Token[], i: number): number {
  let n = 1;
  while (n < MAX_WINDOW && tokens[i + n - 1]!.joinsNext && i + n < tokens.length) n++;
  return n;
}

function best(candidates: readonly Candidate[], hint: string | undefined): Candidate | undefined {
  const hinted = hint ? candidates.filter((c) => c.place.country === hint) : [];
  const pool = hinted.length > 0 ? hinted : candidates;
  let chosen: Candidate | undefined;
  for (const c of pool) {
    if (!chosen || (c.curated !== chosen.curated ? c.curated : c.population > chosen.population)) chosen = c;
  }
  return chosen;
}

interface Context {
  lang: string;
  hint: string | undefined;
  lexicon: ReadonlyMap<string, readonly Candidate[]>;
  lowercaseWords: ReadonlySet<string>;
}

/** Candidates for the words `tokens[i..i+n)`: exact, then inflected (last word), then fuzzy. */
function lookup(tokens: readonly Token[], i: number, n: number, ctx: Context): readonly Candidate[] {
  const { exact, fuzzy } = placeIndex();
  const words = tokens.slice(i, i + n);
  const last = words.at(-1)!;
  if (n > 1 && last.lower) return [];
  let curatedOnly = false;
  if (n === 1) {
    const token = words[0]!;
    curatedOnly =
      token.folded.length < MIN_WORD ||
      (token.upper && token.text.length <= MAX_ACRONYM) ||
      isCommonWord(token.folded, ctx.lang, token.sentenceStart, ctx.lowercaseWords);
  }
  const key = words.map((t) => t.folded).join(' ');
  const found = [...(ctx.lexicon.get(key) ?? []), ...(curatedOnly ? [] : (exact.get(key) ?? []))];
  if (found.length > 0) return found;

  if (inflects(ctx.lang)) {
    const prefix = words
      .slice(0, -1)
      .map((t) => `${t.folded} `)
      .join('');
    for (const lemma of lemmas(last.folded, ctx.lang)) {
      const form = prefix + lemma;
      const stemmed = [...(ctx.lexicon.get(form) ?? []), ...(curatedOnly ? [] : (exact.get(form) ?? []).filter((c) => c.prominent))];
      if (stemmed.length > 0) return stemmed;
    }
  }

  if (curatedOnly) return [];
  const loose = skeleton(key);
  if (loose.length < (n > 1 ? MIN_WORD : MIN_FUZZY)) return [];
  return fuzzy.get(loose) ?? [];
}

/**
 * Whether the words `tokens[i..i+n)` run on into a longer capitalised name ("Antony Blinken", "New
 * York Times", "Washington Post"). A sentence's capitalised first word does not count.
 */
function partOfLongerName(tokens: readonly Token[], i: number, n: number): boolean {
  const before = tokens[i - 1];
  const after = tokens[i + n];
  const last = tokens[i + n - 1]!;
  return (before?.joinsNext && before.capitalised && !before.sentenceStart) || (after !== undefined && last.joinsNext && after.capitalised);
}

/**
 * Every place mention in order, with repeats. Bare GeoNames names must stand alone rather than inside a
 * longer name; places that are not prominent count only in countries the hint or the text's prominent
 * places already point to, so "White House" is not a Tennessee village in a text about Syria.
 */
function mentions(text: string, lang: string, countryHint?: string): Candidate[] {
  const tokens = tokenize(text);
  const code = normaliseLang(lang);
  const ctx: Context = {
    lang: code,
    hint: countryHint?.trim().toUpperCase() || undefined,
    lexicon: lexicon(code),
    lowercaseWords: new Set(tokens.filter((t) => t.lower).map((t) => t.folded)),
  };
  const found: Candidate[] = [];
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    if (canStart(tokens, i)) {
      for (let n = windowLength(tokens, i); n >= 1 && matched === 0; n--) {
        if (n === 1 && tokens[i]!.lower) break;
        const candidate = best(lookup(tokens, i, n, ctx), ctx.hint);
        if (!candidate || (!candidate.curated && partOfLongerName(tokens, i, n))) continue;
        found.push(candidate);
        matched = n;
      }
    }
    i += Math.max(matched, 1);
  }
  const context = new Set(found.filter((c) => c.prominent).map((c) => c.place.country));
  if (ctx.hint) context.add(ctx.hint);
  return found.filter((c) => c.prominent || context.has(c.place.country));
}

/**
 * Finds the cities and countries a text names, in the text's language, including inflected forms
 * ("Sýrlandi" → Syria) and exonyms ("Damaskus" → Damascus). Each place appears once, in order of
 * first mention, named in English, with coordinates (a country's are its capital's).
 *
 * @param lang ISO 639-1 code; `und` (or an unknown code) matches exact names only.
 * @param countryHint ISO 3166-1 alpha-2 of the country the page is about; ambiguous names resolve there
 *   when they can, otherwise to curated names and then to the most populous place.
 */
export const findPlaces: PlaceFinder = (text, lang, countryHint) => {
  const seen = new Set<string>();
  const places: Place[] = [];
  for (const candidate of mentions(text, lang, countryHint)) {
    if (seen.has(candidate.key)) continue;
    seen.add(candidate.key);
    places.push({ ...candidate.place });
  }
  return places;
};

/**
 * The country a page is mostly about, for `countryHint`: the country with the most mentions, counting
 * the country itself and its cities, over all `texts`. Ties go to the country mentioned first.
 */
export function guessCountry(texts: string[], lang: string): string | undefined {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const { place } of mentions(text, lang)) {
      if (place.country) counts.set(place.country, (counts.get(place.country) ?? 0) + 1);
    }
  }
  let chosen: string | undefined;
  let most = 0;
  for (const [country, count] of counts) {
    if (count > most) {
      chosen = country;
      most = count;
    }
  }
  return chosen;
}

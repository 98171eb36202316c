import type { PagePlaceFinder, Place, PlaceFinder } from '../claims/types.js';
import { isCommonWord } from './common-words.js';
import {
  isCalendarWord,
  isOrganisationHead,
  isOrganisationOf,
  isOrganisationTail,
  isTitle,
  placeWord,
  titledSurnames,
} from './context-words.js';
import { ARTICLES, fold, skeleton } from './fold.js';
import { inflects, lemmas } from './inflection.js';
import { type Candidate, lexicon, placeIndex, spelling } from './place-index.js';
import { type Token, tokenize } from './tokenize.js';

/** Longest place name, in words, that is looked for ("Ma‘arrat an Nu‘mān", "Rio de Janeiro"). */
const MAX_WINDOW = 4;
/** Shortest folded single word matched without the alias table or a country list. */
const MIN_WORD = 3;
/** Acronyms up to this length ("HTS", "AP") match only curated names ("USA", "UAE"). */
const MAX_ACRONYM = 4;
/** Shortest fuzzy key; shorter transliterations collide too easily. */
const MIN_FUZZY = 4;
/** Definite articles that may open a GeoNames name ("The Bronx", "The Hague"). */
const NAME_ARTICLES: ReadonlySet<string> = new Set(['the']);

function normaliseLang(lang: string): string {
  return lang.trim().toLowerCase().split(/[-_]/u)[0] || 'und';
}

/**
 * Whether a window may start at `tokens[i]`: a capitalised word, a hyphenated article before one
 * ("al-Bab"), or "the" before one (for names that include it, "the Bronx").
 */
function canStart(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i]!;
  if (!token.lower) return true;
  const next = tokens[i + 1];
  if (next === undefined || next.lower || !token.joinsNext) return false;
  return (token.hyphenNext && ARTICLES.has(token.folded)) || NAME_ARTICLES.has(token.folded);
}

function windowLength(tokens: readonly Token[], i: number): number {
  let n = 1;
  while (n < MAX_WINDOW && tokens[i + n - 1]!.joinsNext && i + n < tokens.length) n++;
  return n;
}

interface Context {
  lang: string;
  lexicon: ReadonlyMap<string, readonly Candidate[]>;
  /** Words the page writes in lower case somewhere: capitalised elsewhere they are likely common nouns. */
  lowercaseWords: ReadonlySet<string>;
  /** Surnames the page gives with a title ("President Obama"): people, not towns. */
  surnames: ReadonlySet<string>;
}

/** Whether an Arabic word carries the article after its clitics ("والخرطوم", "للخرطوم"). */
const hasArabicArticle = (folded: string): boolean => /^[وف]?(?:[بلك]?ال|لل)/u.test(folded);

/**
 * Keeps a city found by an alternate name only where the words spell that name: in Latin script with
 * its accents, unchanged (no case ending is taken off a foreign spelling); in Arabic, with or without
 * clitics but with the article exactly where the name has it ("المشهد", the scene, is not "مشهد",
 * Mashhad). `form` is the dictionary form looked up, `surface` the word as written.
 */
function spelt(candidates: readonly Candidate[], words: readonly Token[], form: string, surface: string): readonly Candidate[] {
  if (!candidates.some((c) => c.alternate)) return candidates;
  return candidates.filter((c) => {
    if (!c.alternate) return true;
    if (/\p{Script=Latin}/u.test(form)) return form === surface && c.alternate.has(spelling(words.map((t) => t.text).join(' ')));
    if (form.startsWith('ال')) return hasArabicArticle(surface);
    // "للندن" is "to London" (ل + لندن), not the article: what precedes the name is clitics only.
    if (surface.endsWith(form) && /^[وف]?[بلك]?$/u.test(surface.slice(0, surface.length - form.length))) return true;
    return !hasArabicArticle(surface);
  });
}

/** The candidates without an alternate-name entry for a place that an own name or alias already gives. */
function byOwnNameFirst(candidates: Candidate[]): Candidate[] {
  if (candidates.length < 2 || !candidates.some((c) => c.alternate)) return candidates;
  const own = new Set(candidates.filter((c) => !c.alternate).map((c) => c.key));
  return candidates.filter((c) => !c.alternate || !own.has(c.key));
}

/** Candidates for the words `tokens[i..i+n)`: exact, then inflected (last word), then fuzzy. */
function lookup(tokens: readonly Token[], i: number, n: number, ctx: Context): readonly Candidate[] {
  const { exact, fuzzy } = placeIndex();
  const words = tokens.slice(i, i + n);
  const last = words.at(-1)!;
  if (n > 1 && last.lower) return [];
  if (words[0]!.lower && !ARTICLES.has(words[0]!.folded)) {
    // "the Bronx": only the exact name with its article counts.
    return exact.get(words.map((t) => t.folded).join(' ')) ?? [];
  }
  let curatedOnly = false;
  if (n === 1) {
    const token = words[0]!;
    curatedOnly =
      token.folded.length < MIN_WORD ||
      (token.upper && token.text.length <= MAX_ACRONYM) ||
      isCommonWord(token.folded, ctx.lang, token.sentenceStart, ctx.lowercaseWords) ||
      isCalendarWord(token.text, ctx.lang);
  }
  const key = words.map((t) => t.folded).join(' ');
  const found = byOwnNameFirst([...(ctx.lexicon.get(key) ?? []), ...(curatedOnly ? [] : spelt(exact.get(key) ?? [], words, key, key))]);
  // A sentence's first word the page also writes in lower case is that word ("Para el desafío…" is
  // no Pará), unless it names a country.
  if (n === 1 && words[0]!.sentenceStart && ctx.lowercaseWords.has(words[0]!.folded))
    return found.filter((c) => c.featureClass === 'country');
  if (found.length > 0) return found;

  if (inflects(ctx.lang)) {
    const prefix = words
      .slice(0, -1)
      .map((t) => `${t.folded} `)
      .join('');
    for (const lemma of lemmas(last.folded, ctx.lang)) {
      const form = prefix + lemma;
      const cities = spelt(exact.get(form) ?? [], words, lemma, last.folded).filter((c) => c.prominent);
      const stemmed = byOwnNameFirst([...(ctx.lexicon.get(form) ?? []), ...(curatedOnly ? [] : cities)]);
      if (stemmed.length > 0) return stemmed;
    }
    if (n > 1 && ctx.lang === 'ar') {
      // Arabic clitics sit on a name's first word: "بريف دمشق" is "ريف دمشق".
      const rest = words
        .slice(1)
        .map((t) => ` ${t.folded}`)
        .join('');
      // A short first word still takes one clitic ("وتل ابيب"): the rest of the name bears the length.
      const first = words[0]!.folded;
      const short = /^[وفبلك]/u.test(first) && first.length <= 3 ? [first.slice(1)] : [];
      for (const lemma of new Set([...lemmas(first, ctx.lang), ...short])) {
        const found = ctx.lexicon.get(lemma + rest) ?? spelt(exact.get(lemma + rest) ?? [], words, lemma, words[0]!.folded);
        if (found && found.length > 0) return found;
      }
    }
  }

  if (ctx.lang === 'de' && /[aou]e/u.test(key)) {
    // German spelt without umlauts ("Koeln", "Muenchen").
    const umlauts = exact.get(key.replace(/([aou])e/gu, '$1'))?.filter((c) => c.prominent && !c.alternate);
    if (umlauts && umlauts.length > 0 && !curatedOnly) return umlauts;
  }
  if (curatedOnly) return [];
  const loose = skeleton(key);
  if (loose.length < (n > 1 ? MIN_WORD : MIN_FUZZY)) return [];
  return (fuzzy.get(loose) ?? []).filter((c) => c.featureClass !== 'region');
}

/**
 * Whether the words `tokens[i..i+n)` run on into a longer capitalised name ("Antony Blinken", "New
 * York Times", "Washington Post"). A sentence's capitalised first word does not count, nor a title
 * ("New York City Mayor Bill de Blasio", "Washington Gov. Jay Inslee": the place qualifies the title).
 */
function partOfLongerName(tokens: readonly Token[], i: number, n: number, ctx: Context): boolean {
  const before = tokens[i - 1];
  const after = tokens[i + n];
  const last = tokens[i + n - 1]!;
  const names = (token: Token): boolean => token.capitalised && !isTitle(token.folded) && !isCalendarWord(token.text, ctx.lang);
  // A sentence's first word counts when the page never writes it in lower case ("Christian Paul, qui…").
  const opener = (token: Token): boolean =>
    !token.sentenceStart || (!ctx.lowercaseWords.has(token.folded) && !isCommonWord(token.folded, ctx.lang, false, ctx.lowercaseWords));
  // German capitalises every noun: "Chemnitz Anfang September", "Tübingens Oberbürgermeister"; a
  // hyphen still joins a compound ("Marken-Botschafter").
  const nameGoesOn = after !== undefined && last.joinsNext && names(after) && (ctx.lang !== 'de' || after.upper || last.hyphenNext);
  return (before?.joinsNext === true && names(before) && opener(before)) || nameGoesOn;
}

/**
 * Whether capitalised words read as something other than a town here: a person's name after a title
 * ("Mr Washington"), the head of an organisation's name ("University of New Mexico", "Temple of …"),
 * or a common noun or an institution after "the" ("the University", "the White House"; names that
 * include the article, "the Bronx", are looked up with it).
 */
function notAPlaceHere(tokens: readonly Token[], i: number, n: number, ctx: Context): boolean {
  const before = tokens[i - 1];
  if (ctx.lang === 'en' && before?.folded === 'the') return true;
  if (n > 1) return false;
  const after = tokens[i + 1];
  const afterNext = tokens[i + 2];
  if (before && isTitle(before.folded)) return true;
  if (after && (after.folded === 'of' || after.folded === 'de') && afterNext?.capitalised) return true;
  return isOrganisationHead(tokens[i]!.folded);
}

/**
 * Whether the name is part of an organisation's name, which the page uses for the body and not the
 * place: "US Air Force", "Washington Post", "The Times of Israel", "University of New Mexico".
 */
function insideOrganisationName(tokens: readonly Token[], i: number, n: number): boolean {
  const after = tokens[i + n];
  const last = tokens[i + n - 1]!;
  if (after && last.joinsNext && after.capitalised && isOrganisationTail(after.folded)) return true;
  // "University of New Mexico", "Guardia Nacional de Texas", "Partido de los Trabajadores del Kurdistán":
  // a capitalised run before "of" that has the head of a body in it.
  let k = i - 1;
  if (tokens[k] && OF_ARTICLES.has(tokens[k]!.folded)) k--;
  if (!tokens[k] || !OF_WORDS.has(tokens[k]!.folded)) return false;
  // One lower-case word may follow the head ("Conseil régional de Bretagne").
  let adjectives = 0;
  for (let j = k - 1, words = 0; j >= 0 && words < 6; j--, words++) {
    const token = tokens[j]!;
    if (token.capitalised) {
      if (isOrganisationOf(token.folded)) return true;
    } else if (!OF_WORDS.has(token.folded) && !OF_ARTICLES.has(token.folded) && (adjectives++ > 0 || !token.joinsNext)) return false;
  }
  return false;
}

const OF_WORDS: ReadonlySet<string> = new Set(['of', 'de', 'del', 'du', 'des', 'di', 'von']);
const OF_ARTICLES: ReadonlySet<string> = new Set(['the', 'la', 'le', 'les', 'los', 'las', 'el', 'der']);

/** One place name in one text, with every entry it may name. */
interface Mention {
  text: number;
  /** Token index where the mention starts, and its length in tokens. */
  at: number;
  length: number;
  candidates: readonly Candidate[];
  /** A region word next to the name ("state of Washington", "New York state", "محافظة حلب"). */
  regionCue: boolean;
  /** A city word next to the name ("city of Aleppo", "Gaza City"). */
  cityCue: boolean;
}

/** Word before the name, skipping "of"/"de" ("the state of Washington", "la province d'Alep"). */
function wordBefore(tokens: readonly Token[], i: number): Token | undefined {
  const before = tokens[i - 1];
  if (before && ['of', 'de', 'du', 'des', 'del', 'la', 'von', 'der'].includes(before.folded)) return tokens[i - 2] ?? before;
  return before;
}

function cues(tokens: readonly Token[], i: number, n: number, lang: string): { regionCue: boolean; cityCue: boolean } {
  const before = wordBefore(tokens, i);
  const after = tokens[i + n];
  const says = (kind: 'region' | 'city'): boolean =>
    (before !== undefined && placeWord(before.folded, lang, kind, 'before')) ||
    (after !== undefined && placeWord(after.folded, lang, kind, 'after'));
  return { regionCue: says('region'), cityCue: says('city') };
}

/** A city this large is the city when a noun follows it ("the Madrid peace talks"). */
const BIG_CITY = 500_000;

/** Articles before a noun, by language: a town's name takes none (English "the" is handled in {@link notAPlaceHere}). */
const NOUN_ARTICLES: Readonly<Record<string, ReadonlySet<string>>> = {
  de: new Set('der die das den dem des ein eine einen einem einer eines'.split(' ')),
  es: new Set('el la los las un una'.split(' ')),
  fr: new Set('le la les un une'.split(' ')),
};

const LOCATIVES = new Set(
  [
    'in',
    'at',
    'near',
    'from',
    'to',
    'outside',
    'around',
    'into',
    'en',
    'dans',
    'pres',
    'vers',
    'bei',
    'nahe',
    'nach',
    'aus',
    'im',
    'cerca',
    'desde',
    'hacia',
    'fra',
    'في',
    'قرب',
    'من',
  ].map(fold),
);

/**
 * Whether the name directly qualifies a content word after it ("White House press secretary"),
 * unless a locative word puts something at it ("in Olympia").
 */
function modifies(tokens: readonly Token[], i: number, n: number, ctx: Context): boolean {
  const before = tokens[i - 1];
  if (before && LOCATIVES.has(before.folded)) return false;
  const last = tokens[i + n - 1]!;
  const after = tokens[i + n];
  return after !== undefined && last.joinsNext && after.lower && !isCommonWord(after.folded, ctx.lang, false, new Set());
}

/** Every place name of one text, in order, with its candidates (not yet resolved). */
function scan(text: string, index: number, ctx: Context): Mention[] {
  const tokens = tokenize(text);
  const found: Mention[] = [];
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    if (canStart(tokens, i)) {
      for (let n = windowLength(tokens, i); n >= 1 && matched === 0; n--) {
        if (n === 1 && tokens[i]!.lower) break;
        let candidates = lookup(tokens, i, n, ctx);
        if (candidates.length === 0) continue;
        if (partOfLongerName(tokens, i, n, ctx)) candidates = candidates.filter((c) => c.curated);
        const modifying = modifies(tokens, i, n, ctx);
        if (notAPlaceHere(tokens, i, n, ctx)) {
          // "the Gulf" is no region, "the Illinois city" is; "the Madrid peace talks", "the Seattle-based
          // commission" name a known city.
          const qualifies = tokens[i + n - 1]!.joinsNext && tokens[i + n]?.lower === true;
          // A compound ("Seattle-based") takes any known city, a noun after it only a big one: "the
          // Obama administration", "the Pueblo tribe" are no towns.
          const modifier = tokens[i - 1]?.folded === 'the' && modifying;
          const compound = tokens[i + n - 1]!.hyphenNext;
          candidates = candidates.filter((c) => {
            if (c.curated) return true;
            if (c.featureClass === 'city') return modifier && c.prominent && (compound || c.population >= BIG_CITY);
            return !(n === 1 && c.featureClass === 'region' && !qualifies);
          });
        }
        // After an article a single capitalised word is a common noun or an institution ("den Mut", "la
        // Constitución"): German capitalises every noun, and names of towns take no article.
        if (n === 1 && NOUN_ARTICLES[ctx.lang]?.has(tokens[i - 1]?.folded ?? ''))
          candidates = candidates.filter((c) => c.curated || c.featureClass !== 'city');
        // A small place used as a modifier ("White House press secretary") is a name of something else.
        if (modifying) candidates = candidates.filter((c) => c.prominent);
        // In scripts without capitals a one-word region name is too often a common word or a given
        // name ("المدينة", "بشار"): it counts with a region word beside it.
        if (n === 1 && !tokens[i]!.capitalised && !tokens[i]!.lower) {
          const cue = cues(tokens, i, n, ctx.lang).regionCue;
          candidates = candidates.filter((c) => c.featureClass !== 'region' || cue);
        }
        if (n === 1 && (ctx.lowercaseWords.has(tokens[i]!.folded) || ctx.surnames.has(tokens[i]!.folded)))
          candidates = candidates.filter((c) => c.curated || c.featureClass !== 'city');
        if (insideOrganisationName(tokens, i, n)) {
          // The whole name belongs to the body: "Mexico" in "University of New Mexico" is not read either.
          matched = n;
          break;
        }
        if (candidates.length === 0) continue;
        found.push({ text: index, at: i, length: n, candidates, ...cues(tokens, i, n, ctx.lang) });
        matched = n;
      }
    }
    if (matched === 0) {
      const town = townBeforeRegion(tokens, i, ctx);
      if (town) found.push({ text: index, at: i, length: 1, candidates: [town], regionCue: false, cityCue: true });
    }
    i += Math.max(matched, 1);
  }
  for (const [k, mention] of found.entries()) {
    // A name in a list of regions is a region ("Louisiana, Mississippi and New York").
    const neighbours = [found[k - 1], found[k + 1]].filter((m): m is Mention => m !== undefined && Math.abs(m.at - mention.at) <= 4);
    if (neighbours.some((m) => m.candidates.every((c) => c.featureClass === 'region')))
      mention.regionCue ||= listed(tokens, mention, neighbours);
  }
  return found;
}

/**
 * A town too small for the index, named with its region after a comma ("Kodiak, Alaska", "Ketchikan,
 * Alaska"): the region says which town it is.
 */
function townBeforeRegion(tokens: readonly Token[], i: number, ctx: Context): Candidate | undefined {
  const token = tokens[i]!;
  if (!token.capitalised || token.upper || !/^\s*,\s*$/u.test(token.separatorAfter ?? '')) return undefined;
  if (ctx.surnames.has(token.folded) || isCommonWord(token.folded, ctx.lang, token.sentenceStart, ctx.lowercaseWords)) return undefined;
  if (isTitle(token.folded) || isCalendarWord(token.text, ctx.lang) || tokens[i - 1]?.capitalised) return undefined;
  for (let n = Math.min(MAX_WINDOW, tokens.length - i - 1); n >= 1; n--) {
    const areas = lookup(tokens, i + 1, n, ctx).filter((c) => c.featureClass === 'region' && c.area);
    for (const region of areas) {
      const town = placeIndex().townIn(region.area!, token.folded);
      if (town) return town;
    }
  }
  return undefined;
}

/** Whether only list separators (commas, "and", "or") stand between the mention and a neighbour. */
function listed(tokens: readonly Token[], mention: Mention, neighbours: Mention[]): boolean {
  return neighbours.some((other) => {
    const [first, second] = other.at < mention.at ? [other, mention] : [mention, other];
    const between = tokens.slice(first.at + first.length, second.at);
    return between.every((t) => ['and', 'or', 'et', 'und', 'y', 'og', 'ou', 'oder', 'o'].includes(t.folded));
  });
}

/** What the whole page says about where it is: its country and the admin-1 areas its names point to. */
interface PageContext {
  country?: string;
  /** Admin-1 areas named by mentions that have only one reading, with how many mentions name them. */
  areas: Map<string, number>;
  /** Countries of the prominent places, and the hint. */
  countries: Set<string>;
  /** How many mentions may name a prominent place (or the country itself) in each country. */
  support: Map<string, number>;
}

function pageContext(mentions: readonly Mention[], hint: string | undefined): PageContext {
  const counts = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const mention of mentions) {
    const countries = new Set(mention.candidates.map((c) => c.place.country));
    if (countries.size === 1) {
      const [country] = countries;
      if (country) counts.set(country, (counts.get(country) ?? 0) + 1);
    }
    const mentionAreas = new Set(mention.candidates.map((c) => c.area));
    if (mentionAreas.size === 1) {
      const [area] = mentionAreas;
      if (area) areas.set(area, (areas.get(area) ?? 0) + 1);
    }
  }
  let country = hint;
  if (!country) {
    let most = 0;
    for (const [code, count] of counts) {
      if (count > most) {
        country = code;
        most = count;
      }
    }
  }
  const support = new Map<string, number>();
  for (const mention of mentions) {
    for (const code of new Set(mention.candidates.filter((c) => c.prominent).map((c) => c.place.country ?? ''))) {
      support.set(code, (support.get(code) ?? 0) + 1);
    }
  }
  const countries = new Set(support.keys());
  if (hint) countries.add(hint);
  return { ...(country ? { country } : {}), areas, countries, support };
}

/**
 * How well a candidate fits its mention and the page: population (log), curated names and countries
 * first, a city over a region of the same name unless a region word or a list of regions says
 * otherwise, the page's country, and the admin-1 areas the page's other unambiguous names point to
 * (a state named beside its cities is the state).
 */
function suitability(candidate: Candidate, mention: Mention, page: PageContext): number {
  let score = Math.log10(candidate.population + 10);
  if (candidate.curated) score += 5;
  if (candidate.featureClass === 'country') score += 4;
  if (candidate.capital) score += 1;
  if (candidate.featureClass === 'city' && candidate.prominent) score += 1.5;
  if (page.country && candidate.place.country === page.country) score += 6;
  if (mention.regionCue && candidate.featureClass === 'region') score += 10;
  if (mention.cityCue && candidate.featureClass === 'city') score += 10;
  const own = new Set(mention.candidates.map((c) => c.area)).size === 1 ? 1 : 0;
  if (candidate.area && (page.areas.get(candidate.area) ?? 0) > own) score += 3;
  return score;
}

/** Below this population a town abroad needs another name on the page from its country. */
const FOREIGN_TOWN = 100_000;

/**
 * A town outside the page's country, too small to be news on its own, that no other name on the page
 * points to ("#Palmer" on a German page is Boris Palmer, not Palmer in Massachusetts).
 */
function foreignAndAlone(candidate: Candidate, page: PageContext): boolean {
  if (candidate.featureClass !== 'city' || candidate.curated || candidate.population >= FOREIGN_TOWN) return false;
  const country = candidate.place.country ?? '';
  return !!page.country && country !== page.country && (page.support.get(country) ?? 0) < 2;
}

function resolve(mention: Mention, page: PageContext): Candidate | undefined {
  let chosen: Candidate | undefined;
  let best = -Infinity;
  for (const candidate of mention.candidates) {
    if (!candidate.prominent && !page.countries.has(candidate.place.country ?? '')) continue;
    if (foreignAndAlone(candidate, page)) continue;
    const score = suitability(candidate, mention, page);
    if (score > best) {
      chosen = candidate;
      best = score;
    }
  }
  return chosen;
}

function contextFor(texts: readonly string[], lang: string): Context {
  const code = normaliseLang(lang);
  const lowercaseWords = new Set<string>();
  for (const text of texts) {
    for (const word of text.match(/(?<![\p{L}\p{N}])\p{Ll}[\p{L}\p{M}]*/gu) ?? []) lowercaseWords.add(fold(word));
  }
  const surnames = new Set(texts.flatMap(titledSurnames));
  // "Wade Bassi", "Barack Obama": a capitalised word that ends a two-word name elsewhere on the page
  // (its first word no place either) is a person's surname; alone it is still the person.
  for (const text of texts) {
    const tokens = tokenize(text);
    for (let i = 1; i < tokens.length; i++) {
      const first = tokens[i - 1]!;
      const second = tokens[i]!;
      if (!first.joinsNext || !first.capitalised || !second.capitalised || first.upper || second.upper) continue;
      if (tokens[i + 1]?.capitalised && second.joinsNext) continue;
      if (first.sentenceStart && lowercaseWords.has(first.folded)) continue;
      const key = `${first.folded} ${second.folded}`;
      if (placeIndex().exact.has(key) || lexicon(code).has(key) || placeIndex().exact.has(first.folded) || lexicon(code).has(first.folded))
        continue;
      if (isTitle(first.folded) || isCalendarWord(first.text, code) || isCommonWord(first.folded, code, false, lowercaseWords)) continue;
      surnames.add(second.folded);
    }
  }
  return { lang: code, lexicon: lexicon(code), lowercaseWords, surnames };
}

/**
 * The places each text of one page names, resolved together: each name's candidates are weighed by
 * population, kind of place (country, region, city), region or city words beside it, the page's
 * country and the admin-1 areas that the page's other names point to. Each place appears once per
 * text, in order of first mention, named in English, with coordinates (a country's are its
 * capital's; a region's the middle of its cities' extent), GeoNames id and feature class.
 *
 * @param lang ISO 639-1 code; `und` (or an unknown code) matches exact names only.
 * @param countryHint ISO 3166-1 alpha-2 of the country the page is about; without it the country most
 *   unambiguous names point to.
 */
export const findPagePlaces: PagePlaceFinder = (texts, lang, countryHint) => {
  const ctx = contextFor(texts, lang);
  const mentions = texts.map((text, index) => scan(text, index, ctx));
  const page = pageContext(mentions.flat(), countryHint?.trim().toUpperCase() || undefined);
  return mentions.map((list) => {
    const seen = new Set<string>();
    const places: Place[] = [];
    for (const mention of list) {
      const candidate = resolve(mention, page);
      if (!candidate || seen.has(candidate.key)) continue;
      seen.add(candidate.key);
      places.push({ ...candidate.place });
    }
    return places;
  });
};

/**
 * Finds the countries, regions and cities a text names, in the text's language, including inflected
 * forms ("Sýrlandi" → Syria) and exonyms ("Damaskus" → Damascus): {@link findPagePlaces} for one text.
 * `page` resolves all the texts of a page together.
 */
export const findPlaces: PlaceFinder = Object.assign(
  (text: string, lang: string, countryHint?: string): Place[] => findPagePlaces([text], lang, countryHint)[0] ?? [],
  { page: findPagePlaces },
);

/**
 * The country a page is mostly about, for `countryHint`: the country with the most mentions, counting
 * the country itself and its cities, over all `texts`. Ties go to the country mentioned first.
 */
export function guessCountry(texts: string[], lang: string): string | undefined {
  const counts = new Map<string, number>();
  for (const places of findPagePlaces(texts, lang)) {
    for (const place of places) if (place.country) counts.set(place.country, (counts.get(place.country) ?? 0) + 1);
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

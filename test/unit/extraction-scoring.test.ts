import { describe, expect, it } from 'vitest';
import {
  type ClaimLike,
  type GoldPlace,
  foldName,
  haversineKm,
  locateClaims,
  locateLabels,
  nameMatches,
  parseLabels,
  parsePlaces,
  placeNames,
  resolutionErrorKm,
  scorePage,
  summarise,
} from '../../bench/extraction-scoring.js';

const place = (p: Partial<GoldPlace> & Pick<GoldPlace, 'key' | 'name' | 'featureClass' | 'lat' | 'lon'>): GoldPlace => ({
  geonameId: null,
  idSource: 'test',
  coordSource: 'test',
  ...p,
});

const PLACES = new Map<string, GoldPlace>(
  [
    place({ key: 'nyc', name: 'New York City', featureClass: 'city', country: 'US', lat: 40.71427, lon: -74.00597, geonameId: 5128581 }),
    place({ key: 'us-ny', name: 'New York', featureClass: 'admin1', country: 'US', lat: 43.00035, lon: -75.4999, geonameId: 5128638 }),
    place({ key: 'us-wa', name: 'Washington', featureClass: 'admin1', country: 'US', lat: 47.50012, lon: -120.50147, geonameId: 5815135 }),
    place({ key: 'es', name: 'Spain', featureClass: 'country', country: 'ES', lat: 40, lon: -4, geonameId: 2510769, alt: ['España'] }),
    place({ key: 'hart', name: 'Hart Island', featureClass: 'island', country: 'US', lat: 40.8526, lon: -73.7706 }),
  ].map((p) => [p.key, p]),
);

const TEXT = [
  'Menu Home News',
  'Media playback is unsupported on your device',
  'New York state now has more cases than Spain. In late March, officials said burials rose on Hart Island.',
  '"Obviously the place is Hart Island," he said.',
  'Bill de Blasio, mayor of the city, said in an interview with NBC News that the state of Washington helped.',
  'Media playback is unsupported on your device',
  'Footer: New York City weather',
].join('\n');

const LABELS = [
  { type: 'page', page: 'test/page', lang: 'en', scope: [{ from: 'New York state now', to: 'of Washington helped.' }] },
  { type: 'toponym', at: 'New York state now', surface: 'New York', place: 'us-ny' },
  { type: 'toponym', at: 'cases than Spain', surface: 'Spain', place: 'es' },
  { type: 'toponym', at: 'rose on Hart Island', surface: 'Hart Island', place: 'hart' },
  { type: 'toponym', at: 'place is Hart Island', surface: 'Hart Island', place: 'hart' },
  { type: 'toponym', at: 'state of Washington', surface: 'Washington', place: 'us-wa' },
  { type: 'attribution', at: 'officials said burials rose', anonymous: true, role: 'officials', cue: 'said' },
  { type: 'attribution', at: 'he said.', speaker: 'Bill de Blasio', cue: 'he said' },
  {
    type: 'attribution',
    at: 'said in an interview with NBC News',
    speaker: 'Bill de Blasio',
    role: 'mayor',
    organisation: 'City of New York',
    outlet: ['NBC News', 'NBC'],
    cue: 'said in an interview with',
  },
  { type: 'boilerplate', at: 'Media playback is unsupported on your device', kind: 'media-notice' },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

/** A claim whose selector points at `exact` in TEXT, as the extractor would make it. */
function claim(exact: string, extra: Partial<ClaimLike> = {}): ClaimLike {
  const at = TEXT.indexOf(exact);
  if (at < 0) throw new Error(`not in TEXT: ${exact}`);
  return {
    text: exact,
    kind: 'statement',
    attributedTo: [],
    places: [],
    selector: { exact, prefix: TEXT.slice(Math.max(0, at - 32), at), suffix: TEXT.slice(at + exact.length, at + exact.length + 32) },
    ...extra,
  };
}

const located = () => locateLabels(TEXT, parseLabels(LABELS, 'test.jsonl'), PLACES);

describe('label files', () => {
  it('parse one record a line and name the line of a broken one', () => {
    expect(parseLabels(LABELS).toponyms).toHaveLength(5);
    expect(() => parseLabels('{"type":"page","page":"p","lang":"en","scope":[]}\n{oops', 'x.jsonl')).toThrow(/x\.jsonl:2/);
    expect(() => parseLabels('{"type":"toponym","at":"a","surface":"a","place":"p"}', 'x.jsonl')).toThrow(/no "page" line/);
  });

  it('rejects a places file with a repeated key', () => {
    const line = JSON.stringify(PLACES.get('nyc'));
    expect(parsePlaces(line).get('nyc')?.geonameId).toBe(5128581);
    expect(() => parsePlaces(`${line}\n${line}`)).toThrow(/duplicate key nyc/);
  });

  it('locate toponyms inside the scope whatever the whitespace, and report what they cannot place', () => {
    const spaced = TEXT.replace('New York state now', 'New  York\n state   now');
    const result = locateLabels(spaced, parseLabels(LABELS), PLACES);
    expect(result.errors).toEqual([]);
    const first = result.toponyms[0]!;
    expect(spaced.slice(first.range.start, first.range.end)).toBe('New  York');
    expect(result.boilerplate).toHaveLength(2);

    const broken = parseLabels(
      [
        LABELS,
        JSON.stringify({ type: 'toponym', at: 'Hart Island', surface: 'Hart Island', place: 'hart' }),
        JSON.stringify({ type: 'toponym', at: 'Footer: New York City', surface: 'New York City', place: 'nyc' }),
        JSON.stringify({ type: 'toponym', at: 'than Spain', surface: 'Spain', place: 'atlantis' }),
      ].join('\n'),
    );
    expect(locateLabels(TEXT, broken, PLACES).errors).toEqual([
      'toponym "Hart Island" is not unique in the scope',
      'toponym "Footer: New York City" not found in the scope',
      'toponym "Spain": unknown place atlantis',
    ]);
  });
});

describe('locateClaims', () => {
  it('places a repeated text by its prefix, and leaves out a claim not in the text', () => {
    const second = TEXT.lastIndexOf('Media playback');
    const ranges = locateClaims(TEXT, [
      {
        ...claim('Media playback is unsupported on your device'),
        selector: { exact: 'Media playback is unsupported on your device', prefix: TEXT.slice(second - 32, second), suffix: '' },
      },
      claim('Footer: New York City weather'),
      { ...claim('Menu Home News'), selector: { exact: 'Not on the page', prefix: '', suffix: '' } },
    ]);
    expect(ranges[0]?.start).toBe(second);
    expect(ranges[1]?.start).toBe(TEXT.indexOf('Footer'));
    expect(ranges[2]).toBeUndefined();
  });
});

describe('names', () => {
  it('folds case, accents, articles, possessives and handles', () => {
    expect(foldName("Washington's")).toBe('washington');
    expect(foldName('the Bronx')).toBe('bronx');
    expect(foldName('Sýrlandi')).toBe('syrlandi');
    expect(foldName('@Rabbi_360')).toBe('rabbi 360');
  });

  it('matches a person by surname or title, never by first name alone', () => {
    expect(nameMatches('de Blasio', 'Bill de Blasio', true)).toBe(true);
    expect(nameMatches('Mayor Bill de Blasio', 'Bill de Blasio', true)).toBe(true);
    expect(nameMatches('Dr Fauci', 'Anthony Fauci', true)).toBe(true);
    expect(nameMatches('Bill', 'Bill de Blasio', true)).toBe(false);
    expect(nameMatches('Hamas', 'Bill de Blasio', true)).toBe(false);
  });

  it('matches an organisation or outlet whole, or any listed variant', () => {
    expect(nameMatches('AP', ['Associated Press', 'AP'])).toBe(true);
    expect(nameMatches("NBC News' Today show", ['NBC News'])).toBe(true);
    expect(nameMatches('State', 'Islamic State')).toBe(false);
  });

  it('measures great-circle distance', () => {
    expect(haversineKm({ lat: 40.71427, lon: -74.00597 }, { lat: 38.89511, lon: -77.03637 })).toBeCloseTo(328, -1);
  });
});

describe('scorePage', () => {
  const nyc = { name: 'New York', lat: 40.71427, lon: -74.00597, country: 'US', geonameId: 5128581 };
  const claims = (): ClaimLike[] => [
    claim('Media playback is unsupported on your device', { places: [{ name: 'Device', lat: 0, lon: 0 }] }),
    claim('New York state now has more cases than Spain.', {
      places: [
        { name: 'York', lat: 53.96, lon: -1.08, country: 'GB', geonameId: 2633352 },
        nyc,
        { name: 'Spain', lat: 40.4, lon: -3.7, country: 'ES' },
      ],
    }),
    claim('In late March, officials said burials rose on Hart Island.', {
      attributedTo: ['officials'],
      places: [{ name: 'March', lat: 0, lon: 0 }],
    }),
    claim('"Obviously the place is Hart Island," he said.'),
    claim('Bill de Blasio, mayor of the city, said in an interview with NBC News that the state of Washington helped.', {
      attributedTo: ['Bill de Blasio', 'NBC News'],
      attribution: { speaker: 'Bill de Blasio', role: 'mayor', outlet: 'NBC News', cue: 'said in an interview with' },
      places: [{ name: 'Washington', lat: 47.4, lon: -120.6, country: 'US', geonameId: 5815135, featureClass: 'admin1' }],
    }),
    claim('Footer: New York City weather', { places: [nyc] }),
  ];

  it('scores toponyms: false positives, misses, and resolution by id, country or distance', () => {
    const score = scorePage(TEXT, located(), claims());
    const t = score.toponyms;
    expect(t.gold).toBe(5);
    expect(t.predicted).toBe(5);
    expect(t.truePositives).toBe(3);
    expect(t.falsePositives.map((f) => f.name)).toEqual(['York', 'March']);
    expect(t.recognised).toBe(3);
    expect(t.missed.map((m) => m.surface)).toEqual(['Hart Island', 'Hart Island']);
    // New York City for "New York state" is recognised but resolved 283 km off.
    expect(t.resolved).toBe(2);
    expect(t.wrong).toEqual([{ surface: 'New York', place: 'us-ny', predicted: 'New York', km: 283 }]);
    expect(t.errorsKm.filter((km) => km === 0)).toHaveLength(2);
    // Places in the boilerplate claim and in the footer outside the scope are not scored.
    expect(t.ignored).toBe(2);
    expect(t.byFeatureClass).toEqual({ admin1: [2, 2], country: [1, 1], island: [0, 2] });
  });

  it('scores attributions: the speaker and the outlet apart, anonymous ones skipped, "he said" missed', () => {
    const a = scorePage(TEXT, located(), claims()).attributions;
    expect(a.anonymousSkipped).toBe(1);
    expect(a.gold).toBe(2);
    expect(a.found).toBe(1);
    expect(a.missed.map((m) => m.at)).toEqual(['he said.']);
    expect(a.predicted).toBe(1);
    expect(a.correct).toBe(1);
    expect(a.speaker).toEqual({ gold: 2, found: 1, predicted: 1, correct: 1 });
    expect(a.source).toEqual({ gold: 2, found: 1, predicted: 1, correct: 1 });
  });

  it('reads the older attributedTo list: a name matching the organisation is a source, not a wrong speaker', () => {
    const legacy = claims().map((c) => (c.attribution ? { ...c, attribution: undefined, attributedTo: ['NBC News'] } : c));
    const a = scorePage(TEXT, located(), legacy).attributions;
    expect(a.correct).toBe(1);
    expect(a.speaker).toEqual({ gold: 2, found: 0, predicted: 0, correct: 0 });
    expect(a.source).toEqual({ gold: 2, found: 1, predicted: 1, correct: 1 });
  });

  it('counts an attribution on a sentence nobody is quoted in as wrong', () => {
    const extra = claims().map((c) => (c.text.startsWith('New York state') ? { ...c, attributedTo: ['Spain'] } : c));
    const a = scorePage(TEXT, located(), extra).attributions;
    expect(a.predicted).toBe(2);
    expect(a.correct).toBe(1);
    expect(a.wrong).toEqual([{ claim: 'New York state now has more cases than Spain.', predicted: ['Spain'], gold: [] }]);
  });

  it('counts claims that overlap boilerplate', () => {
    expect(scorePage(TEXT, located(), claims()).boilerplate).toEqual({
      claims: 1,
      examples: ['Media playback is unsupported on your device'],
    });
  });
});

describe('summarise', () => {
  it('adds pages up into precision, recall, F1, accuracy within 161 km and time', () => {
    const score = scorePage(TEXT, located(), []);
    const perfect = scorePage(TEXT, located(), [
      claim('New York state now has more cases than Spain.', {
        places: [
          { name: 'New York', lat: 43, lon: -75.5, geonameId: 5128638 },
          { name: 'España', lat: 40.4, lon: -3.7, country: 'ES' },
        ],
      }),
    ]);
    const s = summarise([
      { score, ms: 10 },
      { score: perfect, ms: 30 },
    ]);
    expect(s.toponyms).toMatchObject({ gold: 10, predicted: 2, precision: 1, recall: 0.2, f1: 0.333, accuracy161: 1, medianErrorKm: 0 });
    expect(s.attributions).toMatchObject({ gold: 4, predicted: 0, precision: null, recall: 0 });
    expect(s.ms).toEqual({ median: 20, max: 30 });
    expect(s.boilerplateClaims).toBe(0);
  });
});

describe('placeNames', () => {
  it('takes a qualified gazetteer name for the bare toponym, so a wrong resolution is not a missed name', () => {
    const wa = PLACES.get('us-wa')!;
    expect(placeNames({ name: 'Washington, D.C.', lat: 38.9, lon: -77, country: 'US', geonameId: 4140963 }, 'Washington', wa)).toBe(true);
    expect(resolutionErrorKm({ name: 'Washington, D.C.', lat: 38.9, lon: -77, country: 'US', geonameId: 4140963 }, wa)).toBeGreaterThan(
      3000,
    );
    expect(placeNames({ name: 'York', lat: 53.96, lon: -1.08, geonameId: 2633352 }, 'New York', PLACES.get('us-ny')!)).toBe(false);
  });
});

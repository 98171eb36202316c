import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { extractClaims } from '../../../functions/lib/core/claims/extract.js';
import { decodeVenues, isLiveuamapUrl } from '../../../functions/lib/core/claims/liveuamap.js';
import type { ExtractionInput } from '../../../functions/lib/core/claims/types.js';
import { createFakePlaces } from '../../fixtures/claims/fake-places.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/claims/${name}`, import.meta.url), 'utf8');
const html = fixture('liveuamap.html');
const text = fixture('liveuamap.txt');
const encode = (value: string): Uint8Array => new TextEncoder().encode(value);
const base64 = (value: string): string => Buffer.from(value, 'utf8').toString('base64');

const responses: ExtractionInput['responses'] = [
  {
    url: 'https://syria.liveuamap.com/ajax/do?act=pts&curid=0&time=1733230000&last=0',
    contentType: 'text/html; charset=UTF-8',
    body: encode(base64(fixture('liveuamap-pts-base64.json'))),
  },
  {
    url: 'https://syria.liveuamap.com/ajax/do?act=pts&curid=0&time=1733231000&last=2002',
    contentType: 'application/json',
    body: encode(fixture('liveuamap-pts-plain.json')),
  },
  {
    url: 'https://syria.liveuamap.com/ajax/do?act=getFields&time=1733230000&resid=3',
    contentType: 'application/json',
    body: encode('{"fields":[{"id":1}]}'),
  },
  { url: 'https://syria.liveuamap.com/js/app.js', contentType: 'text/javascript', body: encode('var venues = [];') },
];

function extract(overrides: Partial<ExtractionInput> = {}) {
  const places = createFakePlaces();
  const result = extractClaims(
    { url: 'https://syria.liveuamap.com/en', html, text, rawHtml: html, responses, extractor: 'auto', ...overrides },
    { findPlaces: places.findPlaces },
  );
  return { ...result, calls: places.calls };
}

const result = extract();
const byId = (id: string) => result.claims.find((c) => c.externalId === id);

describe('Liveuamap pages', () => {
  it('is chosen for liveuamap.com hosts', () => {
    expect(result.extractor).toBe('liveuamap');
    expect(isLiveuamapUrl('https://liveuamap.com/')).toBe(true);
    expect(isLiveuamapUrl('https://notliveuamap.com/')).toBe(false);
  });

  it('merges ovens, base64 and plain XHR responses and the DOM feed into one event claim per id', () => {
    expect(result.claims.map((c) => c.externalId).sort()).toEqual(['2001', '2002', '2003', '2004', '2005']);
    expect(result.claims.every((c) => c.kind === 'event')).toBe(true);
  });

  it('takes eventTime from the unix timestamp, exactly', () => {
    expect(byId('2001')?.eventTime).toBe('2024-12-03T10:00:00.000Z');
    expect(byId('2002')?.eventTime).toBe('2024-12-03T09:00:00.000Z');
    expect(byId('2005')?.eventTime).toBe('2024-12-03T13:00:00.000Z');
  });

  it('never turns the relative "5 hours ago" into a time', () => {
    expect(byId('2004')?.eventTime).toBeUndefined();
  });

  it('uses the event coordinates as numbers, named after the location or the city', () => {
    expect(byId('2001')?.places).toEqual([{ name: 'Maar Shohur', lat: 35.2281, lon: 36.8592, featureClass: 'point' }]);
    expect(byId('2002')?.places).toEqual([{ name: 'Hama', lat: 35.1319, lon: 36.7578, featureClass: 'point' }]);
  });

  it('asks the gazetteer only for events without coordinates', () => {
    expect(byId('2004')?.places.map((p) => p.name)).toEqual(['Suran']);
    const lookups = result.calls.filter((c) => c.countryHint !== undefined).map((c) => c.text);
    expect(lookups).toEqual(['Suran']);
    expect(result.metadata.aboutCountry).toBe('SY');
  });

  it('keeps source link, category, id and the via handle', () => {
    expect(byId('2001')).toMatchObject({
      sourceLink: 'https://twitter.com/ThomasVLinge/status/1863967354210066717',
      category: 'flag-rebels',
      attributedTo: ['@ThomasVLinge'],
      lang: 'en',
    });
    expect(byId('2002')?.attributedTo).toEqual([]);
  });

  it('unescapes HTML in event names', () => {
    expect(byId('2002')?.text).toBe('Syrian army: "reinforcements have arrived in Hama"');
    expect(byId('2003')?.text).toBe("Clashes near Jabal Zayn al-'Abidin, north of Hama");
  });

  it('anchors on-screen events in the visible text and detaches the others', () => {
    expect(byId('2004')?.selector).toEqual({
      exact: 'Heavy shelling reported on Suran, north of Hama',
      prefix: 'academy\nHoms source\n5 hours ago\n',
      suffix: '\nSuran source\n4 hours ago\nClashe',
    });
    expect(byId('2002')?.selector).toEqual({ exact: byId('2002')?.text, prefix: '', suffix: '' });
  });

  it('reads ovens from the raw HTML alone and from the rendered HTML alone', () => {
    const withoutOvens = html.replace(/var ovens = '[^']*';/, '');
    const rawOnly = extract({ html: withoutOvens, rawHtml: html, responses: [] });
    expect(rawOnly.claims.find((c) => c.externalId === '2003')?.eventTime).toBe('2024-12-03T11:00:00.000Z');
    const renderedOnly = extract({ rawHtml: undefined, responses: [] });
    expect(renderedOnly.claims.find((c) => c.externalId === '2003')?.eventTime).toBe('2024-12-03T11:00:00.000Z');
    expect(renderedOnly.claims.map((c) => c.externalId).sort()).toEqual(['2001', '2003', '2004', '2005']);
  });

  it('falls back to the DOM feed alone', () => {
    const domOnly = extract({ html: html.replace(/var ovens = '[^']*';/, ''), rawHtml: undefined, responses: [] });
    expect(domOnly.claims).toHaveLength(4);
    expect(domOnly.claims.every((c) => c.eventTime === undefined)).toBe(true);
    expect(domOnly.claims.find((c) => c.externalId === '2005')?.sourceLink).toBe(
      'https://twitter.com/example_monitor/status/1864000000000000001',
    );
  });

  it('decodes feed payloads in every form the site used', () => {
    const envelope = JSON.stringify({ venues: [{ id: 1, name: 'x' }] });
    expect(decodeVenues(envelope)).toHaveLength(1);
    expect(decodeVenues(base64(envelope))).toHaveLength(1);
    expect(decodeVenues(`  ${base64(envelope).replace(/(.{20})/g, '$1\n')}  `)).toHaveLength(1);
    expect(decodeVenues(JSON.stringify([{ id: 1, name: 'x' }]))).toHaveLength(1);
    expect(decodeVenues(base64(encodeURIComponent(envelope)))).toHaveLength(1);
    expect(decodeVenues('<html>not json</html>')).toEqual([]);
    expect(decodeVenues('')).toEqual([]);
  });

  it('can be forced on a page that is not on liveuamap.com', () => {
    const forced = extract({ url: 'http://127.0.0.1:8080/map.html', extractor: 'liveuamap' });
    expect(forced.extractor).toBe('liveuamap');
    expect(forced.claims).toHaveLength(5);
  });
});

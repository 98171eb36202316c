import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { extractClaims } from '../../../functions/lib/core/claims/extract.js';
import type { ExtractedClaim } from '../../../functions/lib/core/claims/types.js';
import { createFakePlaces } from '../../fixtures/claims/fake-places.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/claims/${name}`, import.meta.url), 'utf8');
const text = fixture('wire-en.txt');
const result = extractClaims(
  { url: 'https://wire.example.com/world/syria-hama-2024-12-03/', html: fixture('wire-en.html'), text, responses: [], extractor: 'auto' },
  { findPlaces: createFakePlaces().findPlaces },
);
const claimStarting = (start: string): ExtractedClaim => {
  const claim = result.claims.find((c) => c.text.startsWith(start));
  if (!claim) throw new Error(`no claim starting with "${start}"`);
  return claim;
};

describe('English wire article', () => {
  it('takes metadata from meta tags when there is no JSON-LD', () => {
    expect(result.extractor).toBe('article');
    expect(result.metadata).toMatchObject({
      headline: 'Syrian rebels push toward Hama as army rushes in reinforcements',
      datePublished: '2024-12-03T16:05:00.000Z',
      dateModified: '2024-12-03T17:40:00.000Z',
      author: ['Maya Gebeily', 'Suleiman Al-Khalidi'],
      publisher: 'World Wire',
      lang: 'en',
      aboutCountry: 'SY',
    });
  });

  it('attributes "according to"-style and appositive "X, a monitor, said" sentences to the organisation', () => {
    expect(claimStarting('Rebel fighters were within').attributedTo).toEqual(['Syrian Observatory for Human Rights']);
  });

  it('credits the wire agency of the dateline', () => {
    expect(claimStarting('BEIRUT, Dec 3 (Reuters)').attributedTo).toEqual(['war monitor', 'Reuters']);
  });

  it('puts the cited source before the agency that reported it', () => {
    expect(claimStarting('Government forces had withdrawn').attributedTo).toEqual(['military source', 'AFP']);
  });

  it('normalises "an HTS spokesperson told Reuters" to the spokesperson and Reuters', () => {
    expect(claimStarting('An HTS spokesperson told Reuters').attributedTo).toEqual(['HTS spokesperson', 'Reuters']);
  });

  it('reads "said X" after a quotation and marks the sentence as a quote', () => {
    const claim = claimStarting('“We will not stop');
    expect(claim.kind).toBe('quote');
    expect(claim.attributedTo).toEqual(['Hassan Abdul Ghani']);
  });

  it('marks a sentence wrapped in quotation marks as a quote', () => {
    expect(claimStarting('“The regime is collapsing').kind).toBe('quote');
    expect(claimStarting('An HTS spokesperson').kind).toBe('statement');
  });

  it('does not split sentences after "U.S.", "Gen.", "Mr." or "St."', () => {
    expect(claimStarting('U.S. officials said').text).toBe(
      'U.S. officials said they were watching the situation closely and had no plans to change the posture of about 900 U.S. troops in eastern Syria.',
    );
    expect(claimStarting('Gen. Ali Mahmoud').attributedTo).toEqual(['Ali Mahmoud']);
    expect(claimStarting("Mr. Assad's government").attributedTo).toEqual(['SANA']);
    expect(claimStarting("Aid workers at St. Luke's").text).toMatch(/since Sunday\.$/);
    expect(result.claims.some((c) => /^(Ali|Assad|Luke)/.test(c.text))).toBe(false);
  });

  it('drops navigation, ads, picture credits, "Read more", credits, related stories and the footer', () => {
    const texts = result.claims.map((c) => c.text).join('\n');
    for (const chrome of [
      'Markets rallied',
      'Advertisement',
      'REUTERS/Mahmoud Hassano',
      'Read more',
      'Reporting by',
      'shot down 40 Russian drones',
      'quotes delayed',
      'All rights reserved',
      'By Maya',
    ]) {
      expect(texts).not.toContain(chrome);
    }
    expect(result.claims).toHaveLength(12);
  });

  it("makes the picture's caption a claim without its credit, with its places", () => {
    const caption = claimStarting('Rebel fighters ride on a truck');
    expect(caption.text).toBe('Rebel fighters ride on a truck near Hama, Syria, December 3, 2024.');
    expect(caption.kind).toBe('statement');
    expect(caption.attributedTo).toEqual([]);
    expect(caption.places.map((p) => p.name)).toEqual(['Hama', 'Syria']);
    expect(caption.selector.exact).toBe(caption.text);
    expect(caption.selector.suffix).toMatch(/^ REUTERS\/Mahmoud Hassano/);
  });

  it('locates every claim in the visible text', () => {
    for (const claim of result.claims) {
      expect(claim.selector.exact).toBe(claim.text);
      expect(text).toContain(claim.selector.prefix + claim.text + claim.selector.suffix);
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { extractClaims } from '../../../functions/lib/core/claims/extract.js';
import type { ExtractedClaim, ExtractionInput } from '../../../functions/lib/core/claims/types.js';
import { createFakePlaces } from '../../fixtures/claims/fake-places.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/claims/${name}`, import.meta.url), 'utf8');
const html = fixture('article-is.html');
const text = fixture('article-is.txt');

function extract(overrides: Partial<ExtractionInput> = {}) {
  const places = createFakePlaces();
  const result = extractClaims(
    { url: 'https://frettir.example.is/erlent/2024/12/03/hama', html, text, responses: [], extractor: 'auto', ...overrides },
    { findPlaces: places.findPlaces },
  );
  return { ...result, calls: places.calls };
}

const result = extract();
const claimStarting = (start: string): ExtractedClaim => {
  const claim = result.claims.find((c) => c.text.startsWith(start));
  if (!claim) throw new Error(`no claim starting with "${start}"`);
  return claim;
};

describe('Icelandic news article (seed)', () => {
  it('is read as an article with its NewsArticle metadata', () => {
    expect(result.extractor).toBe('article');
    expect(result.metadata).toMatchObject({
      headline: 'Uppreisnarmenn sækja að Hama úr tveimur áttum',
      datePublished: '2024-12-03T14:32:00.000Z',
      dateModified: '2024-12-03T16:05:00.000Z',
      author: ['Jón Jónsson'],
      publisher: 'Fréttavefurinn',
      lang: 'is',
      aboutCountry: 'SY',
    });
  });

  it('attributes the Reuters source sentence to a Reuters source and to Reuters', () => {
    const claim = claimStarting('Heimildarmaður Reuters segir');
    expect(claim.attributedTo).toEqual(['Reuters source', 'Reuters']);
    expect(claim.kind).toBe('statement');
  });

  it('attributes the AP sentence to the HTS spokesperson first and AP as the relay', () => {
    expect(claimStarting('AP fréttaveitan hefur eftir talsmanni HTS').attributedTo).toEqual(['HTS spokesperson', 'AP']);
  });

  it('resolves "Talsmaðurinn sagði" to the spokesperson named earlier', () => {
    expect(claimStarting('Talsmaðurinn sagði').attributedTo).toContain('HTS spokesperson');
  });

  it('credits AP journalists to AP and carries the attribution into the reported-speech sentence after it', () => {
    expect(claimStarting('Blaðamenn AP hafa eftir').attributedTo).toEqual(['forsvarsmönnum hjálparsamtaka', 'AP']);
    expect(claimStarting('Þá hafi þúsundir').attributedTo).toEqual(['forsvarsmönnum hjálparsamtaka', 'AP']);
  });

  it('attributes what the Kurds "segjast" to the Syrian Democratic Forces', () => {
    expect(claimStarting('Sýrlenskir Kúrdar').attributedTo).toEqual(['SDF']);
  });

  it('leaves unattributed statements and passive "sagðir" sentences without attribution', () => {
    expect(claimStarting('Nú eru uppreisnarmenn sagðir').attributedTo).toEqual([]);
    expect(claimStarting('Undanfarin ár hafa litlar').attributedTo).toEqual([]);
  });

  it('extracts the embedded tweet as one post with author, handle, date and URL', () => {
    const posts = result.claims.filter((c) => c.kind === 'post');
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.author).toEqual({ name: 'Thomas van Linge', handle: '@ThomasVLinge' });
    expect(post.attributedTo).toEqual(['@ThomasVLinge']);
    expect(post.eventTime?.slice(0, 10)).toBe('2024-12-03');
    expect(post.sourceLink).toBe('https://twitter.com/ThomasVLinge/status/1863967354210066717');
    expect(post.externalId).toBe(post.sourceLink);
    expect(post.lang).toBe('en');
    expect(post.text).toMatch(/^#Syria: rebel forces are now inside the village of Maar Shohur/);
    expect(post.text).toContain('pic.twitter.com/gpt1OGASQT');
  });

  it('does not repeat the post as article sentences', () => {
    const mentions = result.claims.filter((c) => c.text.includes('Maar Shohur'));
    expect(mentions.map((c) => c.kind)).toEqual(['post']);
  });

  it("keeps navigation, the picture's credit, related links, share buttons and the footer out of the claims", () => {
    const texts = result.claims.map((c) => c.text).join('\n');
    for (const chrome of [
      'Veðurstofan',
      'Forsíða',
      'Mynd',
      'Ghaith Alsayed',
      'Tengdar fréttir',
      'Loftárásir gerðar á Idlib',
      'ber ábyrgð',
      'Allur réttur',
      'Deila frétt',
      'Auglýsing',
    ]) {
      expect(texts).not.toContain(chrome);
    }
  });

  it('splits paragraphs into sentences and keeps the subheading', () => {
    expect(claimStarting('Það er önnur borg').text).toBe('Það er önnur borg sem liggur á milli Hama og Damaskus, höfuðborgar Sýrlands.');
    expect(claimStarting('Aðrir hafa einnig sótt fram').text).toBe('Aðrir hafa einnig sótt fram');
    expect(result.claims.filter((c) => c.kind === 'statement')).toHaveLength(22);
  });

  it("makes the picture's caption a claim, without its credit, between the byline and the body", () => {
    const caption = claimStarting('Uppreisnarmenn á leið');
    expect(caption.text).toBe('Uppreisnarmenn á leið til Hama.');
    expect(caption.lang).toBe('is');
    expect(caption.places.map((p) => p.name)).toEqual(['Hama']);
    expect(caption.selector.suffix.startsWith(' Mynd: AP')).toBe(true);
    const order = result.claims.map((c) => c.text);
    expect(order.indexOf(caption.text)).toBe(order.indexOf('Uppreisnarmenn sækja að Hama úr tveimur áttum') + 1);
  });

  it('labels sentences with the page language', () => {
    expect(new Set(result.claims.filter((c) => c.kind === 'statement').map((c) => c.lang))).toEqual(new Set(['is']));
  });

  it('anchors every claim in the visible text with a TextQuoteSelector', () => {
    for (const claim of result.claims) {
      const { exact, prefix, suffix } = claim.selector;
      expect(claim.text).toBe(exact);
      expect(text).toContain(prefix + exact + suffix);
      expect(prefix.length).toBeLessThanOrEqual(32);
      expect(suffix.length).toBeLessThanOrEqual(32);
    }
    const tweet = result.claims.find((c) => c.kind === 'post')!;
    expect(tweet.selector.exact).toContain('\n\nThis means');
  });

  it('orders claims as they appear on the page', () => {
    const offsets = result.claims.map((c) => text.indexOf(c.selector.prefix + c.selector.exact));
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('finds places per claim with the page country as hint, including inflected names', () => {
    expect(claimStarting('Það er önnur borg').places.map((p) => p.name)).toEqual(['Hama', 'Damascus', 'Syria']);
    expect(claimStarting('Heimildarmaður Reuters').places.map((p) => p.name)).toEqual(['Hama', 'Iraq', 'Iran']);
    const perClaim = result.calls.filter((c) => c.countryHint !== undefined);
    expect(perClaim.length).toBe(result.claims.length);
    expect(new Set(perClaim.map((c) => c.countryHint))).toEqual(new Set(['SY']));
  });

  it('finds the post in the raw HTML when the rendered DOM has the widget iframe instead', () => {
    const rendered = html.replace(
      /<blockquote class="twitter-tweet"[\s\S]*?<\/blockquote>/,
      '<div class="twitter-tweet twitter-tweet-rendered"><iframe title="X Post" src="about:blank"></iframe></div>',
    );
    const renderedText = text.replace(/#Syria: rebel[\s\S]*?December 3, 2024\n\n/, '');
    const { claims } = extract({ html: rendered, rawHtml: html, text: renderedText });
    const post = claims.find((c) => c.kind === 'post');
    expect(post?.author?.handle).toBe('@ThomasVLinge');
    expect(post?.selector).toEqual({ exact: post?.text, prefix: '', suffix: '' });
  });

  it('runs in well under a second', () => {
    const started = performance.now();
    extract();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

import { describe, it, expect } from 'vitest';
import { extractClaims } from '../../../functions/lib/core/claims/extract.js';
import type { ExtractionResult } from '../../../functions/lib/core/claims/types.js';

const URL_OF_PAGE = 'https://news.example.com/world/2024/12/03/hama-offensive';
const BODY = `<article><h1>Rebels advance on Hama</h1>
<p>Rebel fighters advanced towards the city of Hama on Tuesday after taking several villages, residents said.</p>
<p>Government forces sent reinforcements to the front line overnight, according to the state news agency SANA.</p>
<p>Thousands of families have fled the fighting in the countryside north of the city since the weekend.</p></article>`;

function page(head: string, options: { lang?: string; body?: string } = {}): string {
  const lang = options.lang === undefined ? '' : ` lang="${options.lang}"`;
  return `<!doctype html><html${lang}><head><title>Rebels advance on Hama | Example News</title>${head}</head><body>${options.body ?? BODY}</body></html>`;
}

const jsonLd = (value: unknown): string => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;

function extract(html: string, url = URL_OF_PAGE): ExtractionResult {
  return extractClaims({ url, html, text: '', responses: [], extractor: 'auto' }, { findPlaces: () => [] });
}

describe('metadata: JSON-LD shapes', () => {
  it('reads a Yoast-style @graph and resolves @id references for author and publisher', () => {
    const { extractor, metadata } = extract(
      page(
        jsonLd({
          '@context': 'https://schema.org',
          '@graph': [
            { '@type': 'WebPage', '@id': URL_OF_PAGE, url: URL_OF_PAGE, name: 'Rebels advance on Hama | Example News' },
            {
              '@type': 'NewsArticle',
              '@id': `${URL_OF_PAGE}#article`,
              isPartOf: { '@id': URL_OF_PAGE },
              mainEntityOfPage: { '@id': URL_OF_PAGE },
              headline: 'Rebels advance on Hama',
              datePublished: '2024-12-03T10:15:00+02:00',
              dateModified: '2024-12-03T12:00:00+02:00',
              author: [{ '@id': 'https://news.example.com/#/schema/person/1' }, { '@id': 'https://news.example.com/#/schema/person/2' }],
              publisher: { '@id': 'https://news.example.com/#organization' },
              inLanguage: 'en-US',
            },
            { '@type': 'Person', '@id': 'https://news.example.com/#/schema/person/1', name: 'Lina Haddad' },
            { '@type': 'Person', '@id': 'https://news.example.com/#/schema/person/2', givenName: 'Omar', familyName: 'Khalil' },
            { '@type': 'Organization', '@id': 'https://news.example.com/#organization', name: 'Example News' },
          ],
        }),
      ),
    );
    expect(extractor).toBe('article');
    expect(metadata).toEqual({
      headline: 'Rebels advance on Hama',
      datePublished: '2024-12-03T08:15:00.000Z',
      dateModified: '2024-12-03T10:00:00.000Z',
      author: ['Lina Haddad', 'Omar Khalil'],
      publisher: 'Example News',
      lang: 'en',
    });
  });

  it('reads a top-level array of nodes', () => {
    const { metadata } = extract(
      page(
        jsonLd([
          { '@context': 'https://schema.org', '@type': 'Organization', name: 'Example News' },
          {
            '@context': 'https://schema.org',
            '@type': 'NewsArticle',
            headline: 'From the array',
            datePublished: '2024-12-03',
            author: { '@type': 'Person', name: 'Lina Haddad' },
          },
        ]),
      ),
    );
    expect(metadata).toMatchObject({ headline: 'From the array', datePublished: '2024-12-03T00:00:00.000Z', author: ['Lina Haddad'] });
  });

  it('accepts an object @context, vocabulary-prefixed types and keys', () => {
    const { extractor, metadata } = extract(
      page(
        jsonLd({
          '@context': { '@vocab': 'http://schema.org/', schema: 'http://schema.org/' },
          '@type': 'http://schema.org/NewsArticle',
          'schema:headline': 'Prefixed headline',
          datePublished: { '@value': '2024-12-06T22:00:40.000Z', '@type': 'DateTime' },
          author: [
            { '@type': 'Person', name: 'Stella Kim' },
            { '@type': 'Person', name: 'Jennifer Jett' },
          ],
        }),
      ),
    );
    expect(extractor).toBe('article');
    expect(metadata).toMatchObject({
      headline: 'Prefixed headline',
      datePublished: '2024-12-06T22:00:40.000Z',
      author: ['Stella Kim', 'Jennifer Jett'],
    });
  });

  it.each(['ReportageNewsArticle', 'AnalysisNewsArticle', 'Article', 'BlogPosting'])('treats %s as an article', (type) => {
    const result = extract(page(jsonLd({ '@context': 'https://schema.org', '@type': type, headline: 'Typed' })));
    expect(result.extractor).toBe('article');
    expect(result.metadata.headline).toBe('Typed');
  });

  it('treats a type list that contains an article type as an article', () => {
    expect(extract(page(jsonLd({ '@type': ['CreativeWork', 'ReportageNewsArticle'], headline: 'Listed' }))).extractor).toBe('article');
  });

  it('prefers the article whose mainEntityOfPage is this page over related-article teasers', () => {
    const { metadata } = extract(
      page(
        jsonLd([
          {
            '@type': 'NewsArticle',
            headline: 'Related: Aleppo falls',
            datePublished: '2024-11-30T09:00:00Z',
            mainEntityOfPage: 'https://news.example.com/world/aleppo',
          },
          {
            '@type': 'NewsArticle',
            headline: 'Rebels advance on Hama',
            datePublished: '2024-12-03T09:00:00Z',
            mainEntityOfPage: { '@type': 'WebPage', '@id': `${URL_OF_PAGE}/` },
          },
        ]),
      ),
    );
    expect(metadata).toMatchObject({ headline: 'Rebels advance on Hama', datePublished: '2024-12-03T09:00:00.000Z' });
  });

  it('finds the article as the mainEntity of a WebPage', () => {
    const { extractor, metadata } = extract(
      page(jsonLd({ '@type': 'WebPage', mainEntity: { '@type': 'NewsArticle', headline: 'Main entity', author: 'Newsroom staff' } })),
    );
    expect(extractor).toBe('article');
    expect(metadata).toMatchObject({ headline: 'Main entity', author: ['Newsroom staff'] });
  });

  it('does not treat a section front (CollectionPage with an ItemList of articles) as an article', () => {
    const result = extract(
      page(
        jsonLd({
          '@type': 'CollectionPage',
          mainEntity: {
            '@type': 'ItemList',
            itemListElement: [{ '@type': 'ListItem', item: { '@type': 'NewsArticle', headline: 'Teaser' } }],
          },
        }),
      ),
    );
    expect(result.extractor).toBe('page');
  });

  it('parses sloppy JSON-LD (comments wrapper, trailing commas) and unescapes HTML entities', () => {
    const script = `<script type="application/ld+json"><!--
      {"@type": "NewsArticle", "headline": "Assad&#8217;s forces &amp; allies regroup", "author": {"@type": "Person", "name": "Lina Haddad",},}
    --></script>`;
    expect(extract(page(script)).metadata).toMatchObject({ headline: 'Assad’s forces & allies regroup', author: ['Lina Haddad'] });
  });

  it('reads JSON-LD from the raw HTML when scripts removed it from the rendered DOM', () => {
    const raw = page(jsonLd({ '@type': 'NewsArticle', headline: 'Only in the raw HTML', datePublished: '2024-12-03T10:00:00Z' }));
    const result = extractClaims(
      { url: URL_OF_PAGE, html: page(''), rawHtml: raw, text: '', responses: [], extractor: 'auto' },
      { findPlaces: () => [] },
    );
    expect(result.extractor).toBe('article');
    expect(result.metadata).toMatchObject({ headline: 'Only in the raw HTML', datePublished: '2024-12-03T10:00:00.000Z' });
  });

  it('uses the longer og:title when the JSON-LD headline was truncated', () => {
    const head = `${jsonLd({ '@type': 'NewsArticle', headline: 'Rebels advance on Hama as government forces…' })}
      <meta property="og:title" content="Rebels advance on Hama as government forces send reinforcements north">`;
    expect(extract(page(head)).metadata.headline).toBe('Rebels advance on Hama as government forces send reinforcements north');
  });
});

describe('metadata: meta tags only', () => {
  it.each([
    ['article:published_time', '<meta property="article:published_time" content="2024-12-03T10:00:00+01:00">', '2024-12-03T09:00:00.000Z'],
    ['itemprop=datePublished on a meta', '<meta itemprop="datePublished" content="2024-12-03T09:00:00Z">', '2024-12-03T09:00:00.000Z'],
    ['name=date', '<meta name="date" content="2024-12-03 09:00:00">', '2024-12-03T09:00:00.000Z'],
    ['name=pubdate (compact)', '<meta name="pubdate" content="20241203T090000Z">', '2024-12-03T09:00:00.000Z'],
    ['DC.date', '<meta name="DC.date" content="2024-12-03">', '2024-12-03T00:00:00.000Z'],
    ['DC.date.issued', '<meta name="DC.date.issued" content="2024-12-03T09:00:00-05:00">', '2024-12-03T14:00:00.000Z'],
    ['parsely-pub-date', '<meta name="parsely-pub-date" content="2024-12-03T09:00:00Z">', '2024-12-03T09:00:00.000Z'],
    ['sailthru.date', '<meta name="sailthru.date" content="Tue, 03 Dec 2024 09:00:00 -0500">', '2024-12-03T14:00:00.000Z'],
    [
      'parsely-page JSON',
      `<meta name="parsely-page" content='{"title":"x","pub_date":"2024-12-03T09:00:00Z"}'>`,
      '2024-12-03T09:00:00.000Z',
    ],
  ])('normalises %s to ISO 8601 UTC', (_name, head, expected) => {
    expect(extract(page(head)).metadata.datePublished).toBe(expected);
  });

  it('reads <time datetime> inside the article, and itemprop on a time element', () => {
    const timed = BODY.replace('<h1>', '<time datetime="2024-12-03T09:30:00+03:00">3 December</time><h1>');
    expect(extract(page('', { body: timed })).metadata.datePublished).toBe('2024-12-03T06:30:00.000Z');
    const itemprop = BODY.replace('<h1>', '<time itemprop="datePublished" datetime="2024-12-03T07:00:00Z">3 Dec</time><h1>');
    expect(extract(page('', { body: itemprop })).metadata.datePublished).toBe('2024-12-03T07:00:00.000Z');
  });

  it('prefers the most specific source, and a later time on the same day over a bare date', () => {
    const head = `${jsonLd({ '@type': 'NewsArticle', datePublished: '2024-12-03' })}
      <meta property="article:published_time" content="2024-12-03T10:00:00+02:00">
      <meta name="date" content="2024-12-01T00:00:00Z">`;
    expect(extract(page(head)).metadata.datePublished).toBe('2024-12-03T08:00:00.000Z');
    const conflicting = `${jsonLd({ '@type': 'NewsArticle', datePublished: '2024-12-03T10:00:00Z' })}
      <meta property="article:published_time" content="2024-12-04T10:00:00Z">`;
    expect(extract(page(conflicting)).metadata.datePublished).toBe('2024-12-03T10:00:00.000Z');
  });

  it('ignores dates that are not dates', () => {
    expect(extract(page('<meta name="date" content="yesterday">')).metadata.datePublished).toBeUndefined();
    expect(extract(page('<meta name="date" content="2024-02-30">')).metadata.datePublished).toBeUndefined();
  });

  it('takes authors from name=author, skipping profile URLs in article:author', () => {
    const head =
      '<meta property="article:author" content="https://www.facebook.com/examplenews"><meta name="author" content="By Lina Haddad">';
    expect(extract(page(head)).metadata.author).toEqual(['Lina Haddad']);
  });

  it('treats og:type article as an article and anything else as a page', () => {
    expect(extract(page('<meta property="og:type" content="article">')).extractor).toBe('article');
    expect(extract(page('<meta property="og:type" content="website">')).extractor).toBe('page');
  });

  it('takes the language from JSON-LD inLanguage, html lang or og:locale, in that order', () => {
    expect(extract(page(jsonLd({ '@type': 'NewsArticle', inLanguage: 'is-IS' }), { lang: 'en' })).metadata.lang).toBe('is');
    expect(extract(page('', { lang: 'de-AT' })).metadata.lang).toBe('de');
    expect(extract(page('<meta property="og:locale" content="fr_FR">')).metadata.lang).toBe('fr');
  });

  it('falls back to the <title> and Readability when nothing else names the headline', () => {
    expect(extract(page('', { body: BODY.replace('<h1>Rebels advance on Hama</h1>', '') })).metadata.headline).toBe(
      'Rebels advance on Hama',
    );
  });
});

describe('ClaimReview', () => {
  const review = (extra: Record<string, unknown> = {}): string =>
    jsonLd({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://factcheck.example.org/hama-video',
      claimReviewed: 'A video shows rebels inside Hama on 1 December.',
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Organization', name: 'Example Channel' }, datePublished: '2024-12-01' },
      author: { '@type': 'Organization', name: 'Fact Check Example' },
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
      ...extra,
    });

  it('becomes one statement claim with the review and the claimant', () => {
    const { claims } = extract(page(review()));
    const reviewed = claims.filter((c) => c.review);
    expect(reviewed).toHaveLength(1);
    expect(reviewed[0]).toMatchObject({
      kind: 'statement',
      text: 'A video shows rebels inside Hama on 1 December.',
      attributedTo: ['Example Channel'],
      review: { claimReviewed: 'A video shows rebels inside Hama on 1 December.', rating: 'False', reviewer: 'Fact Check Example' },
    });
  });

  it('uses ratingValue when there is no alternateName, and works inside a @graph', () => {
    const graph = `<script type="application/ld+json">${JSON.stringify({
      '@graph': [
        {
          '@type': 'ClaimReview',
          claimReviewed: 'Hama has fallen.',
          reviewRating: { '@type': 'Rating', ratingValue: 2 },
          author: { '@id': '#org' },
          itemReviewed: { '@type': 'Claim', author: [{ '@type': 'Person', name: 'A. Poster' }] },
        },
        { '@id': '#org', '@type': 'Organization', name: 'Checkers' },
      ],
    })}</script>`;
    const claim = extract(page(graph)).claims.find((c) => c.review);
    expect(claim?.review).toEqual({ claimReviewed: 'Hama has fallen.', rating: '2', reviewer: 'Checkers' });
    expect(claim?.attributedTo).toEqual(['A. Poster']);
  });

  it('has no attribution when the reviewed item names no author', () => {
    const claim = extract(page(review({ itemReviewed: { '@type': 'Claim' } }))).claims.find((c) => c.review);
    expect(claim?.attributedTo).toEqual([]);
  });
});

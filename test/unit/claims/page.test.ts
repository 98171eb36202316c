import { describe, it, expect } from 'vitest';
import { extractClaims } from '../../../functions/lib/core/claims/extract.js';

const html = `<!doctype html><html><head><title>Situation report</title></head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About the organisation and its many regional programmes</a></li></ul></nav></header>
<div role="banner">Emergency appeal: donate now to help families fleeing the fighting in Hama</div>
<main>
  <h1>Situation report: northern Syria</h1>
  <h2>Displacement has continued around Hama</h2>
  <h3>Key figures</h3>
  <p>More than 50,000 people have been displaced from the Hama countryside since 27 November, according to the UN humanitarian office. Most have moved north towards Idlib.</p>
  <ul>
    <li>Short item</li>
    <li>Two hospitals in the area stopped working after they were damaged by shelling on Monday.</li>
  </ul>
  <div>Some loose div text that is not a paragraph but still says that things happened.</div>
  <p hidden>A hidden paragraph that says the report was retracted by its authors.</p>
</main>
<aside><p>Related: the UN said last week that aid convoys were blocked at the border.</p></aside>
<footer><p>This report was produced by the information unit and is updated every week.</p></footer>
</body></html>`;

const text = `Home
About the organisation and its many regional programmes
Emergency appeal: donate now to help families fleeing the fighting in Hama
Situation report: northern Syria
Displacement has continued around Hama
Key figures
More than 50,000 people have been displaced from the Hama countryside since 27 November, according to the UN humanitarian office. Most have moved north towards Idlib.

Short item
Two hospitals in the area stopped working after they were damaged by shelling on Monday.
Some loose div text that is not a paragraph but still says that things happened.
Related: the UN said last week that aid convoys were blocked at the border.
This report was produced by the information unit and is updated every week.`;

describe('generic pages', () => {
  const result = extractClaims(
    { url: 'https://reliefweb.example.org/report/1', html, text, responses: [], extractor: 'auto' },
    { findPlaces: () => [] },
  );

  it('takes sentences from headings, paragraphs and long list items only, skipping verbless headings', () => {
    expect(result.extractor).toBe('page');
    expect(result.claims.map((c) => c.text)).toEqual([
      'Displacement has continued around Hama',
      'More than 50,000 people have been displaced from the Hama countryside since 27 November, according to the UN humanitarian office.',
      'Most have moved north towards Idlib.',
      'Two hospitals in the area stopped working after they were damaged by shelling on Monday.',
    ]);
  });

  it('attributes sentences with the same lexicon as articles', () => {
    expect(result.claims[1]!.attributedTo).toEqual(['UN humanitarian office']);
  });

  it('labels claims by detected language when the page declares none', () => {
    expect(result.metadata.lang).toBeUndefined();
    expect(result.claims[1]!.lang).toBe('en');
  });

  it('can be forced on an article', () => {
    const article = `<html lang="en"><head><meta property="og:type" content="article"></head><body>${html}</body></html>`;
    expect(
      extractClaims({ url: 'https://x.example/', html: article, text, responses: [], extractor: 'page' }, { findPlaces: () => [] })
        .extractor,
    ).toBe('page');
  });
});

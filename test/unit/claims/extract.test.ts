import { describe, it, expect } from 'vitest';
import { chooseExtractor, extractClaims } from '../../../functions/lib/core/claims/extract.js';
import type { ExtractionInput } from '../../../functions/lib/core/claims/types.js';

const input = (overrides: Partial<ExtractionInput>): ExtractionInput => ({
  url: 'https://example.org/page',
  html: '<html><body></body></html>',
  text: '',
  responses: [],
  extractor: 'auto',
  ...overrides,
});

describe('chooseExtractor', () => {
  it('keeps an explicit choice', () => {
    expect(chooseExtractor('https://syria.liveuamap.com/', 'page', () => true)).toBe('page');
    expect(chooseExtractor('https://example.org/', 'article', () => false)).toBe('article');
  });

  it('picks liveuamap for liveuamap.com and its subdomains, without looking at the page', () => {
    const looked: string[] = [];
    const declares = (): boolean => {
      looked.push('page');
      return true;
    };
    expect(chooseExtractor('https://liveuamap.com/en', 'auto', declares)).toBe('liveuamap');
    expect(chooseExtractor('https://israelpalestine.liveuamap.com/', 'auto', declares)).toBe('liveuamap');
    expect(looked).toEqual([]);
  });

  it('picks article when the page declares one, else page', () => {
    expect(chooseExtractor('https://example.org/', 'auto', () => true)).toBe('article');
    expect(chooseExtractor('https://liveuamap.com.evil.example/', 'auto', () => false)).toBe('page');
  });
});

describe('extractClaims', () => {
  it('reads a hostile 300 KB paragraph of 5,000 attributed sentences, each a claim attributed as if alone', () => {
    const sentences = Array.from({ length: 5_000 }, (_, i) => `Colonel Ahmed Nour said on day ${i} that the road was open.`);
    const page = (text: string) =>
      extractClaims(input({ html: `<html><body><main><p>${text}</p></main></body></html>`, text }), { findPlaces: () => [] });
    const [alone] = page(sentences[4_999]!).claims;
    expect(alone?.attributedTo).toEqual(['Colonel Ahmed Nour']);
    const claims = page(sentences.join(' ')).claims;
    expect(claims).toHaveLength(5_000);
    expect(claims[4_999]).toMatchObject({ text: sentences[4_999], attributedTo: alone!.attributedTo });
  });

  it('returns no claims for an empty page', () => {
    expect(extractClaims(input({}), { findPlaces: () => [] })).toEqual({ extractor: 'page', metadata: { author: [] }, claims: [] });
  });

  it('survives markup that is not HTML at all', () => {
    const result = extractClaims(input({ html: '\u0000<<<>>> {"a":1} <script>var ovens = "!!!";</script>' }), { findPlaces: () => [] });
    expect(result.claims).toEqual([]);
    const forced = extractClaims(input({ html: 'var ovens = "%%%";', extractor: 'liveuamap' }), { findPlaces: () => [] });
    expect(forced.claims).toEqual([]);
  });

  it('is deterministic and leaves its input untouched', () => {
    const html =
      '<html lang="en"><body><p>Rebels entered the city on Tuesday, according to Reuters.</p><p>Government forces withdrew overnight, the army said.</p></body></html>';
    const request = input({
      html,
      text: 'Rebels entered the city on Tuesday, according to Reuters.\nGovernment forces withdrew overnight, the army said.',
    });
    const copy = structuredClone(request);
    const first = extractClaims(request, { findPlaces: () => [] });
    const second = extractClaims(request, { findPlaces: () => [] });
    expect(second).toEqual(first);
    expect(request).toEqual(copy);
    expect(first.claims.map((c) => c.attributedTo)).toEqual([['Reuters'], ['army']]);
  });

  it('drops a sentence repeated on the page (a pull quote) but keeps it anchored at its first place', () => {
    const html =
      '<html lang="en"><body><article><p>The city will fall within days, the commander said.</p><p>Residents were leaving in large numbers.</p><p>The city will fall within days, the commander said.</p></article></body></html>';
    const text =
      'The city will fall within days, the commander said.\nResidents were leaving in large numbers.\nThe city will fall within days, the commander said.';
    const { claims } = extractClaims(input({ html, text }), { findPlaces: () => [] });
    expect(claims.map((c) => c.text)).toEqual([
      'The city will fall within days, the commander said.',
      'Residents were leaving in large numbers.',
    ]);
    expect(claims[0]!.selector.prefix).toBe('');
  });

  it('anchors a headline repeated in the page header at its copy beside the article body', () => {
    const html =
      '<html lang="en"><head><meta property="og:type" content="article"><meta property="og:title" content="Floods cut the river road to Ghent"></head><body>' +
      '<header><div class="sticky">Floods cut the river road to Ghent</div></header>' +
      '<nav>Home World Sport</nav><article><h1>Floods cut the river road to Ghent</h1>' +
      '<p>Water covered the road for three days after the dyke gave way near the old mill.</p>' +
      '<p>Engineers said repairs would take a week.</p></article></body></html>';
    const text =
      'Floods cut the river road to Ghent\nHome World Sport\nFloods cut the river road to Ghent\n' +
      'Water covered the road for three days after the dyke gave way near the old mill.\nEngineers said repairs would take a week.';
    const { claims } = extractClaims(input({ html, text }), { findPlaces: () => [] });
    const headline = claims.find((c) => c.text === 'Floods cut the river road to Ghent');
    expect(headline?.selector.prefix.endsWith('Home World Sport\n')).toBe(true);
    expect(claims.map((c) => c.text)[0]).toBe('Floods cut the river road to Ghent');
  });

  it('credits a paragraph that is only a quotation to the speaker quoted just before, across a caption between them', () => {
    const paragraphs = [
      '“The water is rising every year,” says Ana Costa, a rice farmer from the delta.',
      'Flooded fields surround the village school for most of the spring.',
      '“We have lost two harvests already. Nobody in the capital listens to us.”',
      'The regional council has promised new dykes by the end of the decade.',
      'Engineers began surveying the river banks last month.',
      'Funding for the work has not yet been approved by parliament.',
      '“It is too late for this year.”',
    ];
    const html = `<html lang="en"><body><article>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const { claims } = extractClaims(input({ html, text: paragraphs.join('\n') }), { findPlaces: () => [] });
    const claim = (start: string) => claims.find((c) => c.text.startsWith(start))!;
    expect(claim('“We have lost').attributedTo).toEqual(['Ana Costa']);
    expect(claim('“We have lost').attribution?.cue).toBe('quote continued');
    // Three paragraphs on, with nobody quoted in between, the quotation stays unattributed.
    expect(claim('“It is too late').attributedTo).toEqual([]);
  });

  it('credits the answers of a question-and-answer interview to the interviewee the headline names', () => {
    const html =
      '<html lang="ar"><body><article><h1>الخبير الاقتصادي سامي حداد لـ«المدينة»: الأسعار سترتفع في الربيع المقبل</h1>' +
      '<p>أجرت الصحيفة هذا الحوار مع الخبير في مكتبه بالعاصمة يوم الاثنين الماضي.</p>' +
      '<p>*ما الذي ينتظر الأسواق في الأشهر المقبلة؟<br>-الأسواق تواجه ضغوطا كبيرة بسبب ارتفاع تكاليف الطاقة والنقل.</p>' +
      '<p>والحكومة لم تتخذ أي إجراء حتى الآن لحماية المستهلكين من الغلاء.</p></article></body></html>';
    const text =
      'الخبير الاقتصادي سامي حداد لـ«المدينة»: الأسعار سترتفع في الربيع المقبل\nأجرت الصحيفة هذا الحوار مع الخبير في مكتبه بالعاصمة يوم الاثنين الماضي.\n' +
      '*ما الذي ينتظر الأسواق في الأشهر المقبلة؟\n-الأسواق تواجه ضغوطا كبيرة بسبب ارتفاع تكاليف الطاقة والنقل.\nوالحكومة لم تتخذ أي إجراء حتى الآن لحماية المستهلكين من الغلاء.';
    const { claims } = extractClaims(input({ html, text }), { findPlaces: () => [] });
    const claim = (start: string) => claims.find((c) => c.text.includes(start))!;
    expect(claim('الأسعار سترتفع').attribution?.speaker).toContain('سامي حداد');
    expect(claim('الأسواق تواجه').attribution).toMatchObject({ cue: 'interview answer' });
    expect(claim('الأسواق تواجه').attributedTo[0]).toContain('سامي حداد');
    // The answer goes on in the next paragraph; the introduction and the question are nobody's words.
    expect(claim('والحكومة لم تتخذ').attributedTo[0]).toContain('سامي حداد');
    expect(claim('أجرت الصحيفة').attributedTo).toEqual([]);
    expect(claim('ما الذي ينتظر').attributedTo).toEqual([]);
  });

  it('credits the items of a list to the speaker of the sentence that introduces it with a colon', () => {
    const html =
      '<html lang="en"><body><article><p>The minister opened the summit in the morning.</p><p>In her speech, Minister Clara Vos also said:</p>' +
      '<ul><li>Ports will reopen to cargo ships next month</li><li>The budget for flood defences will double by 2030</li><li>Harbour fees need a complete review before the summer season</li></ul>' +
      '<p>Delegates then left for the harbour tour.</p><ul><li>The tour boats carried about forty guests each</li></ul></article></body></html>';
    const text =
      'The minister opened the summit in the morning.\nIn her speech, Minister Clara Vos also said:\nPorts will reopen to cargo ships next month\n' +
      'The budget for flood defences will double by 2030\nHarbour fees need a complete review before the summer season\nDelegates then left for the harbour tour.\nThe tour boats carried about forty guests each';
    const { claims } = extractClaims(input({ html, text }), { findPlaces: () => [] });
    const claim = (start: string) => claims.find((c) => c.text.startsWith(start))!;
    expect(claim('Ports will reopen').attributedTo).toEqual(['Clara Vos']);
    expect(claim('The budget for flood').attributedTo).toEqual(['Clara Vos']);
    // An item completes the sentence that announces it: it needs no verb of its own.
    expect(claim('Harbour fees need').attributedTo).toEqual(['Clara Vos']);
    expect(claim('The tour boats').attributedTo).toEqual([]);
  });

  it('keeps an enumeration after a colon in one claim with the sentence that announces it', () => {
    const html =
      '<html lang="en"><body><article><p>The ferry operators rated the ports as follows:<br>1. Ostend<br>2. Calais<br>3. Dover</p>' +
      '<p>Passengers were not asked.</p></article></body></html>';
    const text = 'The ferry operators rated the ports as follows:\n1. Ostend\n2. Calais\n3. Dover\nPassengers were not asked.';
    const { claims } = extractClaims(input({ html, text }), { findPlaces: () => [] });
    expect(claims.map((c) => c.text)).toEqual([
      'The ferry operators rated the ports as follows:\n1. Ostend\n2. Calais\n3. Dover',
      'Passengers were not asked.',
    ]);
  });

  it('reads a section front (JSON-LD CollectionPage) as a page whose linked headlines and summaries are its claims', () => {
    const html =
      '<html lang="es"><head><meta property="og:type" content="article">' +
      '<script type="application/ld+json">{"@context":"https://schema.org","@type":"CollectionPage","name":"Portada"}</script></head><body><main>' +
      '<section><h2><a href="/a">Lo último</a></h2>' +
      '<article><h2><a href="/b">Valencia, la ciudad del arroz y del mar</a></h2><p><a href="/b">Los restaurantes del puerto abrieron sus terrazas durante todo el invierno.</a></p></article>' +
      '</section></main></body></html>';
    const text =
      'Lo último\nValencia, la ciudad del arroz y del mar\nLos restaurantes del puerto abrieron sus terrazas durante todo el invierno.';
    const result = extractClaims(input({ html, text }), { findPlaces: () => [] });
    expect(result.extractor).toBe('page');
    expect(result.claims.map((c) => c.text)).toEqual([
      'Valencia, la ciudad del arroz y del mar',
      'Los restaurantes del puerto abrieron sus terrazas durante todo el invierno.',
    ]);
  });

  it('makes the headline a claim as the page words it, when the metadata words it otherwise', () => {
    const html =
      '<html lang="en"><head><meta property="og:type" content="article"><meta property="og:title" content="Storm closes ring road around Ghent"></head><body>' +
      '<h1>Live: Storm closes the ring road around Ghent</h1><p>Police turned back drivers at every junction on Monday night.</p></body></html>';
    const text = 'Live: Storm closes the ring road around Ghent\nPolice turned back drivers at every junction on Monday night.';
    const { claims } = extractClaims(input({ html, text }), { findPlaces: () => [] });
    expect(claims.map((c) => c.text)).toEqual([
      'Live: Storm closes the ring road around Ghent',
      'Police turned back drivers at every junction on Monday night.',
    ]);
    expect(claims[0]!.selector.prefix).toBe('');
  });
});

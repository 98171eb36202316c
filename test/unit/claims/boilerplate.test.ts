import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../../functions/lib/core/claims/extract.js';
import { isBoilerplate, isClaimLike } from '../../../functions/lib/core/claims/sentences.js';
import { createFakePlaces } from '../../fixtures/claims/fake-places.js';

describe('boilerplate never becomes a claim', () => {
  it.each([
    ['en', 'Media playback is unsupported on your device'],
    ['ar', 'ترحب شبكة CNN بالنقاش الحيوي والمفيد، وكي لا نضطر في موقع CNN بالعربية إلى مراجعة التعليقات قبل نشرها.'],
    ['ar', 'ننصحك بمراجعة إرشادات الاستخدام للتعرف إليها جيداً.'],
    ['ar', 'الآراء الواردة أدناه لا تعبر عن رأي موقع CNN بالعربية، بل تعكس وجهات نظر أصحابها فقط.'],
    ['en', 'Comments are moderated and will appear after review by our team.'],
    ['en', 'Sign up for our daily newsletter to get the latest news from Syria.'],
    ['en', 'This website uses cookies to improve your experience of the news.'],
    ['en', '[Read: Why Tunisia, Arab Spring’s sole success story, suffers from Islamist violence]'],
    ['en', 'Continue reading the main story'],
    ['en', 'EST Updated with further clarification from NBC 4 New York.'],
    ['en', 'Heba Habib contributed to this report.'],
    ['en', 'Stella Kim is an NBC News freelance producer based in Seoul.'],
    ['en', 'Steven Mufson covers the White House.'],
    ['fr', 'Lire : Que sont les IMSI-catchers, ces valises qui espionnent les téléphones portables ?'],
    ['fr', 'Revivez le direct du vote à l’Assemblée avec vos questions.'],
    ['fr', 'Nous utilisons des cookies pour vous proposer des contenus adaptés.'],
    ['de', 'Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.'],
    ['de', 'Bitte beachten Sie unsere Netiquette beim Kommentieren der Artikel.'],
    ['es', 'Andrés Malamud es politólogo e investigador en la Universidad de Lisboa.'],
    ['es', 'Este sitio web utiliza cookies para mejorar la experiencia del lector.'],
    ['is', 'Vafrinn þinn styður ekki spilun myndbanda á þessari síðu.'],
    ['is', 'Skráðu þig á póstlista og fáðu fréttabréf sent vikulega.'],
  ])('%s: %s', (lang, sentence) => {
    expect(isBoilerplate(sentence)).toBe(true);
    expect(isClaimLike(sentence, lang)).toBe(false);
  });

  it.each([
    ['en', 'Rebels said they had entered Hama on Thursday, according to Reuters.'],
    ['en', 'Governor Andrew Cuomo said he took "solace" from this fact.'],
    ['fr', 'Le projet de loi sur le renseignement a été massivement approuvé à l’Assemblée.'],
    ['es', 'Andrés Malamud dijo que la solución no era violenta.'],
    ['ar', 'وقال المرصد إن المسلحين سيطروا على مستودعات الصواريخ قرب دمشق.'],
  ])('keeps prose: %s %s', (lang, sentence) => {
    expect(isBoilerplate(sentence)).toBe(false);
    expect(isClaimLike(sentence, lang)).toBe(true);
  });

  it('leaves out a paragraph that is all link, such as a related-story headline', () => {
    const html = `<!doctype html><html lang="en"><head><title>Hama falls</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Hama falls"}</script></head><body><article>
      <h1>Hama falls</h1>
      <p>Rebels entered the city of Hama on Thursday after a week of fighting, residents said by telephone.</p>
      <p><a href="/news/123">Five things we learned from the interview with the commander</a></p>
      <p>The army said it had withdrawn its forces to protect civilians living in the city and its suburbs.</p>
      </article></body></html>`;
    const text =
      'Hama falls\nRebels entered the city of Hama on Thursday after a week of fighting, residents said by telephone.\nFive things we learned from the interview with the commander\nThe army said it had withdrawn its forces to protect civilians living in the city and its suburbs.';

    const { claims } = extractClaims(
      { url: 'https://news.example/hama', html, text, responses: [], extractor: 'article' },
      createFakePlaces(),
    );

    expect(claims.map((c) => c.text)).not.toContain('Five things we learned from the interview with the commander');
    expect(claims.some((c) => c.text.startsWith('The army said'))).toBe(true);
  });
});

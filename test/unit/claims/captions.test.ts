import { describe, expect, it } from 'vitest';
import { readCaptions, stripCredit } from '../../../functions/lib/core/claims/captions.js';
import { parseDocument } from '../../../functions/lib/core/claims/dom.js';
import { extractClaims } from '../../../functions/lib/core/claims/extract.js';
import { isClaimLike } from '../../../functions/lib/core/claims/sentences.js';
import { createFakePlaces } from '../../fixtures/claims/fake-places.js';

describe("a caption's credit is not part of its claim", () => {
  it.each([
    [
      'en',
      'Firefighters battle a blaze near Homs on Tuesday. (AP Photo/Hussein Malla)',
      'Firefighters battle a blaze near Homs on Tuesday.',
    ],
    [
      'en',
      'Displaced families wait at a checkpoint outside Aleppo. Photo: Reuters',
      'Displaced families wait at a checkpoint outside Aleppo.',
    ],
    ['en', 'Smoke rises over the old city of Hama on Sunday. REUTERS/Omar Sanadiki', 'Smoke rises over the old city of Hama on Sunday.'],
    ['en', 'A convoy crosses the Euphrates near Raqqa Credit: AFP/Getty Images', 'A convoy crosses the Euphrates near Raqqa'],
    ['en', 'Volunteers sort aid parcels in Idlib. Photograph: Ali Haj Suleiman for the Guardian', 'Volunteers sort aid parcels in Idlib.'],
    [
      'en',
      'Residents return to Homs after the fighting.Delil Souleiman / AFP - Getty Images',
      'Residents return to Homs after the fighting.',
    ],
    ['en', 'A girl walks through a camp near Azaz (Getty Images)', 'A girl walks through a camp near Azaz'],
    ['en', 'Image caption Rescuers search the rubble of a building in Latakia', 'Rescuers search the rubble of a building in Latakia'],
    ['fr', 'Légende : Des secouristes fouillent les décombres à Lattaquié', 'Des secouristes fouillent les décombres à Lattaquié'],
    ['is', 'Fjölskyldur bíða við landamærin að Tyrklandi. Mynd: AP / Omar Albam', 'Fjölskyldur bíða við landamærin að Tyrklandi.'],
    ['is', 'Reykur stígur upp yfir Aleppo eftir loftárás. Ljósmynd/Reuters', 'Reykur stígur upp yfir Aleppo eftir loftárás.'],
    [
      'fr',
      'Des habitants fuient les combats près de Hama, le 2 décembre. Crédit : AFP',
      'Des habitants fuient les combats près de Hama, le 2 décembre.',
    ],
    [
      'fr',
      'Un convoi militaire traverse Alep, le 1er décembre. (Photo Omar Haj Kadour. AFP)',
      'Un convoi militaire traverse Alep, le 1er décembre.',
    ],
    ['fr', 'Une manifestante devant la mairie de Lyon, samedi. © Sipa', 'Une manifestante devant la mairie de Lyon, samedi.'],
    [
      'de',
      'Helfer suchen in den Trümmern von Aleppo nach Überlebenden. Foto: dpa',
      'Helfer suchen in den Trümmern von Aleppo nach Überlebenden.',
    ],
    ['de', 'Ein Kämpfer steht vor einer Moschee in Idlib. (Bild: picture alliance / AA)', 'Ein Kämpfer steht vor einer Moschee in Idlib.'],
    [
      'es',
      'Manifestantes marchan por el centro de Madrid este domingo. Foto: EFE',
      'Manifestantes marchan por el centro de Madrid este domingo.',
    ],
    [
      'es',
      'Un soldado vigila un puesto de control en Homs. (Fotografía de Delil Souleiman para The New York Times)',
      'Un soldado vigila un puesto de control en Homs.',
    ],
    ['ar', 'نازحون يعبرون الحدود قرب إدلب. صورة: رويترز', 'نازحون يعبرون الحدود قرب إدلب.'],
    ['ar', 'دخان يتصاعد فوق مدينة حماة (تصوير: أ ف ب)', 'دخان يتصاعد فوق مدينة حماة'],
    ['ar', 'جنود في شوارع حلب. تصوير: عمر حاج قدور', 'جنود في شوارع حلب.'],
  ])('%s: %s', (_lang, caption, text) => {
    expect(stripCredit(caption)).toBe(text);
  });

  it.each([
    ['en', 'Photo: Reuters'],
    ['en', 'CreditKevin Frayer/Getty Images'],
    ['en', 'Photo Illustration by Andrew Myers for The New York Times'],
    ['is', 'Mynd: RÚV / Ragnar Visage'],
    ['fr', 'Crédit photo : AFP'],
    ['de', 'Bild: Hersteller'],
    ['es', 'CréditoIvor Prickett para The New York Times'],
    ['es', 'Foto: LA NACION'],
    ['ar', 'صورة: رويترز'],
  ])('%s: a caption that is only a credit says nothing: %s', (_lang, caption) => {
    expect(stripCredit(caption)).toBe('');
  });

  it.each([
    ['en', 'Fighters stand near Hama on Monday'],
    ['en', 'A photo of the president hangs in a shop in Damascus'],
    ['en', 'Image of Assad torn down in Hama'],
    ['en', 'Video shows rebels entering the city of Hama'],
    ['en', 'Smoke over Hama (left) and Homs (right)'],
    ['en', 'Rebels shelled the outskirts of Hama overnight (AFP counted 20 dead)'],
    ['en', 'Caption contest winners gather in Hama'],
    ['es', 'Leyenda del fútbol Diego Maradona en Buenos Aires'],
    ['is', 'Mynd af forsetanum hangir í verslun í Damaskus'],
    ['de', 'Foto von einem zerstörten Haus in Aleppo'],
    ['es', 'Imagen del presidente en una tienda de Damasco'],
    ['ar', 'صورة الرئيس في ساحة بدمشق'],
  ])('%s: keeps a caption without a credit whole: %s', (_lang, caption) => {
    expect(stripCredit(caption)).toBe(caption);
  });

  it.each([
    ['en', 'Photo: Fighters stand near Hama on Monday after the battle.'],
    ['is', 'Mynd: Uppreisnarmenn standa við Hama á mánudaginn.'],
    ['fr', 'Crédit : des combattants près de Hama lundi après la bataille.'],
    ['de', 'Foto: Kämpfer stehen am Montag nach der Schlacht bei Hama.'],
    ['es', 'Foto: combatientes cerca de Hama el lunes tras la batalla.'],
    ['ar', 'صورة: مقاتلون قرب حماة يوم الاثنين بعد المعركة.'],
  ])('%s: a sentence that opens with a credit label is no claim: %s', (lang, sentence) => {
    expect(isClaimLike(sentence, lang)).toBe(false);
  });
});

describe('a hostile caption', () => {
  it('strips the credit from a caption of 20,000 credit labels, looking for it only at the end', () => {
    const caption = `${'Photo: a '.repeat(20_000)}Fighters near Hama on Monday. Photo: Reuters`;
    const text = stripCredit(caption);
    expect(text.endsWith('Fighters near Hama on Monday.')).toBe(true);
    expect(text).not.toContain('Reuters');
  });

  it('strips nothing from a caption of 20,000 full stops and agency names that ends in prose', () => {
    const caption = `${'a. REUTERS '.repeat(20_000)}Fighters near Hama on Monday.`;
    expect(stripCredit(caption)).toBe(caption);
  });
});

describe('reading captions', () => {
  const captions = (body: string): string[] =>
    readCaptions(parseDocument(`<!doctype html><html><body>${body}</body></html>`)).map((block) => block.text);

  it('reads figcaptions and caption markup without credit elements or text only screen readers hear', () => {
    expect(
      captions(`
      <figure class="media has-caption"><img src="/a.jpg" alt="">
        <figcaption><span class="visually-hidden">Image caption</span> Rebels near Hama on Monday
          <span class="credit"><span class="sr-only">Credit</span>Omar Haj Kadour/AFP</span></figcaption></figure>
      <div class="wp-caption"><img src="/b.jpg" alt=""><p class="wp-caption-text">A market in Homs reopens after the fighting.</p></div>
      <figure><img src="/c.jpg" alt=""><figcaption><span itemprop="caption">Smoke over Aleppo</span>
        <span itemprop="copyrightHolder">Credit: Reuters</span></figcaption></figure>`),
    ).toEqual(['Rebels near Hama on Monday', 'A market in Homs reopens after the fighting.', 'Smoke over Aleppo']);
  });

  it('leaves out captions in navigation, asides and links, teasers of other pages, and captions that are only a credit', () => {
    expect(
      captions(`
      <nav><figure><img src="/n.jpg" alt=""><figcaption>Menu picture of Damascus at night</figcaption></figure></nav>
      <aside><figure><img src="/s.jpg" alt=""><figcaption>Related: the fall of Aleppo</figcaption></figure></aside>
      <a href="/story/1"><figure><img src="/t.jpg" alt=""><figcaption>Five things to know about Idlib</figcaption></figure></a>
      <div class="graphic"><a href="/graphics/map-of-syria"><img src="/m.jpg" alt=""></a><span class="pb-caption">Map: who controls Syria</span></div>
      <figure><a href="/images/full/hama.jpg"><img src="/hama.jpg" alt=""></a><figcaption>Hama seen from the citadel</figcaption></figure>
      <figure><img src="/d.jpg" alt=""><figcaption>Photo: Reuters</figcaption></figure>`),
    ).toEqual(['Hama seen from the citadel']);
  });
});

describe('captions as claims', () => {
  const html = `<!doctype html><html lang="en"><head><title>Rebels enter the city of Hama</title>
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"Rebels enter the city of Hama"}</script></head><body>
    <article><h1>Rebels enter the city of Hama</h1>
    <figure><img src="/hama.jpg" alt=""><figcaption>Fighters stand near Hama on Monday. (AP Photo/Omar Albam)</figcaption></figure>
    <p>Rebels entered the city of Hama on Thursday after a week of fighting, residents said by telephone.</p>
    <p>Foreign Minister Asaad Hassan said the government would talk to the rebels in Damascus next week.</p>
    <figure><img src="/homs.jpg" alt=""><figcaption>The minister said the road to Homs would reopen soon. Photo: Reuters</figcaption></figure>
    <figure class="hidden-caption"><img src="/x.jpg" alt=""><figcaption>A caption the page never shows about Aleppo</figcaption></figure>
    <p>The army said it had withdrawn its forces to protect civilians living in the city and its suburbs.</p>
    </article></body></html>`;
  const text = [
    'Rebels enter the city of Hama',
    'Fighters stand near Hama on Monday. (AP Photo/Omar Albam)',
    'Rebels entered the city of Hama on Thursday after a week of fighting, residents said by telephone.',
    'Foreign Minister Asaad Hassan said the government would talk to the rebels in Damascus next week.',
    'The minister said the road to Homs would reopen soon. Photo: Reuters',
    'The army said it had withdrawn its forces to protect civilians living in the city and its suburbs.',
  ].join('\n');
  const { claims } = extractClaims(
    { url: 'https://news.example/hama', html, text, responses: [], extractor: 'article' },
    createFakePlaces(),
  );

  it('makes the caption a claim without its credit, anchored where the page shows it', () => {
    const caption = claims.find((c) => c.text.startsWith('Fighters stand'));
    expect(caption?.text).toBe('Fighters stand near Hama on Monday.');
    expect(caption?.places.map((p) => p.name)).toEqual(['Hama']);
    expect(caption?.selector).toMatchObject({ exact: 'Fighters stand near Hama on Monday.', prefix: 'Rebels enter the city of Hama\n' });
    expect(caption?.selector.suffix.startsWith(' (AP Photo/Omar Albam)')).toBe(true);
    expect(claims.map((c) => c.text).slice(0, 3)).toEqual([
      'Rebels enter the city of Hama',
      'Fighters stand near Hama on Monday.',
      'Rebels entered the city of Hama on Thursday after a week of fighting, residents said by telephone.',
    ]);
  });

  it('never makes a credit, or a caption the text does not show, a claim', () => {
    const texts = claims.map((c) => c.text).join('\n');
    expect(texts).not.toMatch(/AP Photo|Omar Albam|Reuters|never shows/);
    for (const claim of claims) expect(text).toContain(claim.selector.prefix + claim.selector.exact + claim.selector.suffix);
  });

  it('attributes a caption to the person the body named by the role it gives', () => {
    const caption = claims.find((c) => c.text.startsWith('The minister said'));
    expect(caption?.text).toBe('The minister said the road to Homs would reopen soon.');
    expect(caption?.attributedTo[0]).toBe('Asaad Hassan');
  });

  it('reads captions on pages that are not articles too', () => {
    const page = `<!doctype html><html lang="de"><body><main>
      <h2>Lage in Syrien am Dienstag</h2>
      <p>Die Rebellen haben nach Angaben von Anwohnern die Stadt Hama eingenommen.</p>
      <figure><img src="/a.jpg" alt=""><figcaption>Kämpfer stehen am Stadtrand von Hama. Foto: dpa</figcaption></figure>
      </main></body></html>`;
    const shown =
      'Lage in Syrien am Dienstag\nDie Rebellen haben nach Angaben von Anwohnern die Stadt Hama eingenommen.\nKämpfer stehen am Stadtrand von Hama. Foto: dpa';
    const result = extractClaims(
      { url: 'https://lage.example/', html: page, text: shown, responses: [], extractor: 'page' },
      createFakePlaces(),
    );
    expect(result.claims.map((c) => c.text)).toContain('Kämpfer stehen am Stadtrand von Hama.');
    expect(result.claims.map((c) => c.text).join('\n')).not.toContain('dpa');
  });
});

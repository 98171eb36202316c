import { describe, expect, it } from 'vitest';
import { attributeClaim, carryVoice, createAttributionContext } from '../../../functions/lib/core/claims/attribution.js';
import type { Attribution } from '../../../functions/lib/core/claims/types.js';

/** Attributes the paragraphs of one page in order, as the extractor does: one context, paragraphs counted. */
function attributePage(lang: string, paragraphs: string[][]): { attributedTo: string[]; attribution?: Attribution }[] {
  const context = createAttributionContext();
  const out: { attributedTo: string[]; attribution?: Attribution }[] = [];
  for (const [index, sentences] of paragraphs.entries()) {
    context.paragraph = index;
    for (const sentence of sentences) out.push(attributeClaim(sentence, lang, context));
  }
  return out;
}

const last = (lang: string, paragraphs: string[][]) => attributePage(lang, paragraphs).at(-1)!;

describe('pronoun speakers resolve to the nearest preceding named speaker', () => {
  it('finds the speaker a sentence names without a cue (Bill de Blasio, then "he said")', () => {
    const result = last('en', [
      [
        'New York City Mayor Bill de Blasio visited the island earlier this week as the crisis deepened.',
        '"Obviously the place we have used historically is Hart Island," he said.',
      ],
    ]);

    expect(result.attributedTo).toEqual(['Bill de Blasio']);
    expect(result.attribution).toEqual({ speaker: 'Bill de Blasio', cue: 'said' });
  });

  it('looks back one paragraph, and no further', () => {
    const speaker = ['Presumptive Democratic White House nominee Joe Biden joined growing calls on Thursday for racial data.'];
    expect(last('en', [speaker, ['He said it had cast a spotlight on inequity.']]).attributedTo).toEqual(['Joe Biden']);
    expect(last('en', [speaker, ['The pandemic goes on.'], ['He said it had cast a spotlight on inequity.']]).attributedTo).toEqual([]);
  });

  it('prefers a later named person to an earlier attribution', () => {
    const result = last('en', [
      ['Health officials said the curve was flattening.', 'Governor Andrew Cuomo spoke in Albany.', 'He said the state was succeeding.'],
    ]);

    expect(result.attributedTo).toEqual(['Andrew Cuomo']);
  });

  it('reads a surname after an honorific, or opening a sentence, as the full name the page gave before', () => {
    const titled = last('en', [
      ['The visit was planned by Foreign Secretary Helen Marsh months ago.'],
      ['Mrs Marsh arrives in Nairobi on Monday.'],
      ['She said the talks would cover trade and security.'],
    ]);
    expect(titled.attributedTo).toEqual(['Helen Marsh']);

    const subject = last('en', [
      ['Aboard the trawler, skipper Tomas Lind checks the catch every morning.'],
      ['Lind, 30 years at sea, keeps a log of every haul.', '“The cod are moving north,” he said.'],
    ]);
    expect(subject.attributedTo).toEqual(['Tomas Lind']);
    // A single capitalised word nobody was named with is no one's surname.
    expect(last('en', [['Lisbon, the capital, was quiet.', '“It is calm,” he said.']]).attributedTo).toEqual([]);
  });

  it('credits reporting verbs that take an object: "accused … of", "described … as", "hailed"', () => {
    const page = attributePage('en', [
      ['Opposition leader Marta Ruiz spoke in parliament on Monday.'],
      ['In her speech, Ruiz accused the cabinet of hiding the deficit.'],
      ['Trade unions described the budget as a betrayal of workers.'],
      ['The exhibition described in the catalogue opens in May.'],
    ]);
    expect(page.map((r) => r.attributedTo)).toEqual([[], ['Marta Ruiz'], ['Trade unions'], []]);
  });

  it.each([
    ['fr', "L'Agence nationale de l'énergie (ANE), qui critique vivement ce calcul.", 'ANE'],
    ['en', 'Marco Bianchi, who said the talks had stalled, left on Friday.', 'Marco Bianchi'],
    ['fr', 'Cependant, comme l’a rappelé l’Insee, la croissance reste faible.', 'Insee'],
    ['fr', 'Les vols reprendront lundi, selon une source du Quai d’Orsay.', 'Quai d’Orsay'],
  ])('in %s, finds the speaker of a relative clause, an inverted cue or an elided name: %s', (lang, sentence, name) => {
    expect(last(lang, [[sentence]]).attributedTo.join(' ')).toContain(name);
  });

  it.each([
    ['en', 'Bus fares will rise in April, according to the Harbour Transit Authority.', 'Harbour Transit Authority'],
    ['fr', 'Les loyers ont encore augmenté, selon l’Observatoire national du logement (ONL).', 'ONL'],
    ['es', 'Las lluvias seguirán hasta el lunes, según el Servicio Meteorológico Nacional.', 'Servicio Meteorológico Nacional'],
  ])('in %s, a body that speaks is the organisation, not a speaker', (lang, sentence, body) => {
    const { attribution } = last(lang, [[sentence]]);
    expect(attribution?.organisation).toContain(body);
    expect(attribution?.speaker).toBeUndefined();
  });

  it('credits a report to the author the page named with it, later mentions of "the report" too', () => {
    const page = attributePage('en', [
      ['A survey published on Tuesday by the Coastal Housing Institute paints a bleak picture.'],
      ['Rents rose faster than wages in every port city.'],
      ['The survey also found that one in five tenants had moved twice in a year.'],
      ['Landlords disagree.'],
    ]);
    expect(page.map((r) => r.attribution?.organisation)).toEqual([undefined, undefined, 'Coastal Housing Institute', undefined]);
    expect(page[2]!.attribution?.cue).toBe('The survey also found');
    // With an act of the document in the same sentence, the naming sentence is the author's too.
    expect(last('en', [['A report by the Coastal Housing Institute warns that rents will keep rising.']]).attributedTo).toEqual([
      'Coastal Housing Institute',
    ]);
  });

  it('looks past a paragraph that only goes on quoting the speaker', () => {
    const context = createAttributionContext();
    context.paragraph = 0;
    attributeClaim('“We will rebuild the bridge,” Mayor Ida Berg said.', 'en', context);
    context.paragraph = 1;
    attributeClaim('“It will take two years.”', 'en', context);
    carryVoice(context);
    context.paragraph = 2;
    expect(attributeClaim('She said the state would pay half.', 'en', context).attributedTo).toEqual(['Ida Berg']);
  });

  it.each([
    ['is', ['Bjarni Benediktsson ræddi við fréttamenn í gær.', '„Við erum tilbúin,“ sagði hann.'], 'Bjarni Benediktsson', 'sagði'],
    ['fr', ['Le président Emmanuel Macron a reçu les chefs de partis.', '« Nous sommes prêts », a-t-il dit.'], 'Emmanuel Macron', 'dit'],
    [
      'de',
      ['Bundeskanzler Olaf Scholz traf am Montag in Kiew ein.', '„Wir stehen an der Seite der Ukraine“, sagte er.'],
      'Olaf Scholz',
      'sagte',
    ],
    ['es', ['El ministro Luis Caputo habló con la prensa.', '"No habrá devaluación", dijo.'], 'Luis Caputo', 'dijo'],
    ['ar', ['التقى الرئيس السوري بشار الأسد وفدا روسيا.', 'وقال إن الجيش سيستعيد المدينة.'], 'بشار الأسد', 'وقال'],
    ['en', ['Dr Anthony Fauci briefed the task force.', '"It looks more like 60,000," she said.'], 'Anthony Fauci', 'said'],
  ])('in %s', (lang, sentences, speaker, cue) => {
    const result = last(lang, [sentences]);

    expect(result.attributedTo).toEqual([speaker]);
    expect(result.attribution).toMatchObject({ speaker, cue });
  });
});

describe('attribution keeps the person, the role, the organisation and the outlet apart', () => {
  it('takes the name after the last title, the title as the role (BBC: "New York City Mayor Bill de Blasio indicated")', () => {
    const result = attributeClaim(
      'New York City Mayor Bill de Blasio indicated earlier this week that "temporary burials" might be necessary.',
      'en',
      createAttributionContext(),
    );
    expect(result).toEqual({
      attributedTo: ['Bill de Blasio'],
      attribution: { speaker: 'Bill de Blasio', role: 'mayor', cue: 'indicated' },
    });
  });

  it.each<[string, string, string[], Attribution]>([
    [
      'en',
      'Abu Mohammed al-Jolani, leader of Hayat Tahrir al-Sham, said in an interview with CNN that the offensive would go on.',
      ['Abu Mohammed al-Jolani', 'HTS', 'CNN'],
      { speaker: 'Abu Mohammed al-Jolani', role: 'leader', organisation: 'HTS', outlet: 'CNN', cue: 'said' },
    ],
    [
      'en',
      'Dr Anthony Fauci, a key member of the White House\'s coronavirus task force, told NBC News\' Today show the final number "looks more like 60,000".',
      ['Anthony Fauci', 'NBC News'],
      { speaker: 'Anthony Fauci', outlet: 'NBC News', cue: 'told' },
    ],
    [
      'en',
      'Burial operations have increased, said Department of Correction spokesman Jason Kersten.',
      ['Jason Kersten', 'Department of Correction'],
      { speaker: 'Jason Kersten', role: 'spokesperson', organisation: 'Department of Correction', cue: 'said' },
    ],
    [
      'en',
      'Governor Andrew Cuomo said he took "solace" from this fact.',
      ['Andrew Cuomo'],
      { speaker: 'Andrew Cuomo', role: 'governor', cue: 'said' },
    ],
    [
      'en',
      'An HTS spokesperson told Reuters that Homs would be next.',
      ['HTS spokesperson', 'Reuters'],
      { role: 'spokesperson', organisation: 'HTS', outlet: 'Reuters', cue: 'told' },
    ],
    [
      'is',
      'AP fréttaveitan hefur eftir talsmanni HTS að sóknin haldi áfram.',
      ['HTS spokesperson', 'AP'],
      { role: 'spokesperson', organisation: 'HTS', outlet: 'AP', cue: 'hefur eftir' },
    ],
    [
      'fr',
      "Un responsable du HTS a déclaré à l'AFP que Homs était la prochaine cible.",
      ['HTS official', 'AFP'],
      { role: 'official', organisation: 'HTS', outlet: 'AFP', cue: 'a déclaré' },
    ],
    [
      'de',
      'Ein Sprecher der HTS sagte in einem Interview mit Reuters, Homs sei das nächste Ziel.',
      ['HTS spokesperson', 'Reuters'],
      { role: 'spokesperson', organisation: 'HTS', outlet: 'Reuters', cue: 'sagte' },
    ],
    [
      'es',
      'El portavoz de HTS dijo en una entrevista con EFE que Homs sería el próximo objetivo.',
      ['HTS spokesperson', 'EFE'],
      { role: 'spokesperson', organisation: 'HTS', outlet: 'EFE', cue: 'dijo' },
    ],
    [
      'ar',
      'قال المتحدث باسم هيئة تحرير الشام في مقابلة مع رويترز إن القوات ستدخل حمص.',
      ['HTS spokesperson', 'Reuters'],
      { role: 'spokesperson', organisation: 'HTS', outlet: 'Reuters', cue: 'قال' },
    ],
  ])('%s: %s', (lang, sentence, attributedTo, attribution) => {
    const result = attributeClaim(sentence, lang, createAttributionContext());

    expect(result.attributedTo).toEqual(attributedTo);
    expect(result.attribution).toEqual(attribution);
  });

  it('gives no attribution to a sentence without a cue', () => {
    expect(attributeClaim('Rebels entered Hama on Thursday.', 'en', createAttributionContext())).toEqual({ attributedTo: [] });
  });
});

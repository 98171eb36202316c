import { describe, it, expect } from 'vitest';
import { attributeSentence, createAttributionContext } from '../../../functions/lib/core/claims/attribution.js';
import { canonicalOrganisation } from '../../../functions/lib/core/claims/organisations.js';

const attribute = (lang: string, sentence: string): string[] => attributeSentence(sentence, lang);

/** Attributes sentences in order with one context, as the extractor does for one page. */
const attributeAll = (lang: string, sentences: string[]): string[][] => {
  const context = createAttributionContext();
  return sentences.map((sentence) => attributeSentence(sentence, lang, context));
};

describe('attribution: English', () => {
  it.each([
    [
      'Rebels entered Hama on Thursday, according to the Syrian Observatory for Human Rights, a Britain-based war monitor.',
      ['Syrian Observatory for Human Rights'],
    ],
    ['Turkish Foreign Minister Hakan Fidan said on Tuesday that Ankara was not involved.', ['Hakan Fidan']],
    ['“Damascus is next,” said Abu Mohammed al-Joulani, the HTS leader.', ['Abu Mohammed al-Joulani']],
    ['A rebel commander told Reuters that the offensive would continue.', ['rebel commander', 'Reuters']],
    ['Hama will fall within days, the commander says.', ['commander']],
    ['The army said it had redeployed troops, the state news agency SANA reported.', ['army', 'SANA']],
    ['Government forces withdrew from the city, AFP reported, citing a military source.', ['military source', 'AFP']],
    ['Gen. John Smith told The Associated Press that the situation was fluid.', ['John Smith', 'AP']],
    ['The Syrian Observatory, a Britain-based war monitor, said 20 civilians were killed.', ['Syrian Observatory for Human Rights']],
    ['An official told reporters the road was closed.', ['official']],
  ])('%s', (sentence, expected) => {
    expect(attribute('en', sentence)).toEqual(expected);
  });

  it('ignores passives ("were said to") and cue words inside quotations', () => {
    expect(attribute('en', 'Rebels were said to be advancing on the city.')).toEqual([]);
    expect(attribute('en', 'He called the claim “what the regime said last week” and moved on.')).toEqual([]);
  });

  it('reads "pledged to", "vowed to" as the speaker committing, "said to be" as a passive', () => {
    expect(attribute('en', 'Finance Minister Sara Holm pledged to cut the deficit by half.')).toEqual(['Sara Holm']);
    expect(attribute('en', 'The mayor vowed to rebuild the bridge.')).toEqual(['mayor']);
    expect(attribute('en', 'The convoy was said to have crossed the border.')).toEqual([]);
  });

  it('resolves "he said" to the speaker of the sentence before', () => {
    expect(attributeAll('en', ['An HTS spokesperson told Reuters that Homs would be next.', '“Then Damascus,” he said.'])).toEqual([
      ['HTS spokesperson', 'Reuters'],
      ['HTS spokesperson', 'Reuters'],
    ]);
  });

  it('does not resolve a pronoun without a recent speaker', () => {
    expect(attributeAll('en', ['“It is over,” he said.'])).toEqual([[]]);
  });
});

describe('attribution: Icelandic', () => {
  it('records "X hefur eftir Y" as Y (speaker) via X, normalising the agency and the spokesperson', () => {
    expect(attribute('is', 'AP fréttaveitan hefur eftir talsmanni HTS að þegar Hama falli, sé Homs næst.')).toEqual([
      'HTS spokesperson',
      'AP',
    ]);
  });

  it('reads "Heimildarmaður X segir" as a source of X', () => {
    expect(attribute('is', 'Heimildarmaður Reuters segir sveitir frá Írak taka þátt í vörnum Hama.')).toEqual([
      'Reuters source',
      'Reuters',
    ]);
  });

  it.each([
    ['Að sögn talsmanns HTS er sóknin hafin.', ['HTS spokesperson']],
    ['Samkvæmt Reuters féllu tugir manna í árásinni.', ['Reuters']],
    ['Utanríkisráðherrann segir stöðuna alvarlega.', ['Utanríkisráðherrann']],
    ['Stöðan er alvarleg, sagði Abu Mohammed al-Joulani í gær.', ['Abu Mohammed al-Joulani']],
    ['Nú eru uppreisnarmenn sagðir sækja að borginni.', []],
  ])('%s', (sentence, expected) => {
    expect(attribute('is', sentence)).toEqual(expected);
  });

  it('resolves "Talsmaðurinn" and verb-second "sagði talsmaðurinn" to the spokesperson named before', () => {
    expect(
      attributeAll('is', [
        'AP fréttaveitan hefur eftir talsmanni HTS að Homs sé næst.',
        'Það er önnur borg á milli Hama og Damaskus.',
        'Talsmaðurinn sagði höfuðborgina eiga að falla á eftir Homs.',
        'Í gær sagði talsmaðurinn að borgin væri fallin.',
      ]),
    ).toEqual([['HTS spokesperson', 'AP'], [], ['HTS spokesperson', 'AP'], ['HTS spokesperson', 'AP']]);
  });

  it('continues attribution into the next sentence when it is in reported speech (subjunctive)', () => {
    expect(
      attributeAll('is', [
        'Blaðamenn AP hafa eftir forsvarsmönnum hjálparsamtaka að borgarar hafi fallið.',
        'Þá hafi þúsundir þurft að flýja.',
        'Matarskortur er á svæðinu.',
      ]),
    ).toEqual([['forsvarsmönnum hjálparsamtaka', 'AP'], ['forsvarsmönnum hjálparsamtaka', 'AP'], []]);
  });
});

describe('attribution: French', () => {
  it.each([
    ["Selon l'AFP, les rebelles sont entrés à Hama.", ['AFP']],
    ['« Nous prendrons Homs », a déclaré le porte-parole du HTS.', ['HTS spokesperson']],
    ['Le ministre a dit que la situation était grave.', ['ministre']],
    ["Un responsable du HTS a déclaré à l'AFP que Homs était la prochaine cible.", ['HTS official', 'AFP']],
    ["L'Observatoire syrien des droits de l'homme (OSDH) a affirmé que 20 civils ont été tués.", ['Syrian Observatory for Human Rights']],
    ["D'après Reuters, l'armée s'est retirée.", ['Reuters']],
  ])('%s', (sentence, expected) => {
    expect(attribute('fr', sentence)).toEqual(expected);
  });

  it('resolves "a-t-il ajouté" to the previous speaker', () => {
    expect(
      attributeAll('fr', ['« Homs est la prochaine », a déclaré le porte-parole du HTS.', '« Puis Damas », a-t-il ajouté.'])[1],
    ).toEqual(['HTS spokesperson']);
  });
});

describe('attribution: German', () => {
  it.each([
    ['Laut Reuters sind die Rebellen in Hama.', ['Reuters']],
    ['Ein Sprecher der HTS sagte, Homs sei das nächste Ziel.', ['HTS spokesperson']],
    ['Am Dienstag sagte ein Sprecher der Armee, die Lage sei stabil.', ['Armee spokesperson']],
    [
      'Nach Angaben der Syrischen Beobachtungsstelle für Menschenrechte wurden 20 Menschen getötet.',
      ['Syrian Observatory for Human Rights'],
    ],
    ['Nach Angaben von Aktivisten wurden mehrere Dörfer eingenommen.', ['Aktivisten']],
    ['Den Rebellen zufolge ist Hama umzingelt.', ['Rebellen']],
    ['Die Lage sei unübersichtlich, so ein Sprecher der Vereinten Nationen.', ['Vereinten Nationen spokesperson']],
  ])('%s', (sentence, expected) => {
    expect(attribute('de', sentence)).toEqual(expected);
  });
});

describe('attribution: Spanish', () => {
  it.each([
    ['Según Reuters, los rebeldes entraron en Hama.', ['Reuters']],
    ['El portavoz de HTS dijo que Homs sería el próximo objetivo.', ['HTS spokesperson']],
    ['"Tomaremos Damasco", dijo a Reuters un comandante rebelde.', ['comandante rebelde', 'Reuters']],
    ['El Observatorio Sirio de Derechos Humanos afirmó que murieron 20 civiles.', ['Syrian Observatory for Human Rights']],
    ['La agencia EFE informó de nuevos combates en Homs.', ['EFE']],
  ])('%s', (sentence, expected) => {
    expect(attribute('es', sentence)).toEqual(expected);
  });
});

describe('attribution: Arabic', () => {
  it.each([
    ['قال المتحدث باسم هيئة تحرير الشام إن القوات ستدخل حمص.', ['HTS spokesperson']],
    ['وفقا لوكالة رويترز، دخل المسلحون مدينة حماة.', ['Reuters']],
    ['وفقاً للمرصد السوري لحقوق الإنسان، قتل 20 مدنيا.', ['Syrian Observatory for Human Rights']],
    ['بحسب المرصد السوري لحقوق الإنسان، قتل 20 مدنيا.', ['Syrian Observatory for Human Rights']],
    ['نقلا عن مصدر عسكري، انسحبت القوات من المدينة.', ['مصدر عسكري']],
    ['وقال قائد ميداني لرويترز إن الهجوم بدأ.', ['قائد ميداني', 'Reuters']],
    ['ذكرت وكالة سانا أن الجيش أرسل تعزيزات.', ['SANA']],
    ['وفقا لـ رويترز، دخل المسلحون مدينة حماة.', ['Reuters']],
    ['وفقاً لـ"المرصد السوري لحقوق الإنسان"، قتل 20 مدنيا.', ['Syrian Observatory for Human Rights']],
    ['قالت وكالة الأنباء السورية (سانا) إن الجيش أرسل تعزيزات.', ['SANA']],
  ])('%s', (sentence, expected) => {
    expect(attribute('ar', sentence)).toEqual(expected);
  });

  it('attributes a verb without a subject ("وقال إن") to the previous speaker', () => {
    expect(attributeAll('ar', ['قال المتحدث باسم هيئة تحرير الشام إن القوات ستدخل حمص.', 'وقال إن المعارك مستمرة.'])[1]).toEqual([
      'HTS spokesperson',
    ]);
  });
});

describe('attribution: unknown language', () => {
  it('tries every lexicon', () => {
    expect(attribute('und', 'Rebels entered Hama, according to Reuters.')).toEqual(['Reuters']);
  });
});

describe('known organisations', () => {
  it.each([
    ['Associated Press', 'AP'],
    ['the Associated Press', undefined],
    ['Agence France-Presse', 'AFP'],
    ['Agence France Presse', 'AFP'],
    ['Deutsche Presse-Agentur', 'dpa'],
    ['SOHR', 'Syrian Observatory for Human Rights'],
    ['Hayat Tahrir al-Sham', 'HTS'],
    ['Al-Jazeera', 'Al Jazeera'],
    ['رويترز', 'Reuters'],
    ['ap', undefined],
    ['sana', undefined],
  ])('%s → %s', (name, canonical) => {
    expect(canonicalOrganisation(name)).toBe(canonical);
  });
});

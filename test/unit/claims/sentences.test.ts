import { describe, it, expect } from 'vitest';
import { isClaimLike, isDirectQuote, splitSentences } from '../../../functions/lib/core/claims/sentences.js';

describe('splitSentences', () => {
  it.each([
    [
      'en',
      'Mr. Smith met Gen. Jones in the U.S. on Monday. He said it was fine.',
      ['Mr. Smith met Gen. Jones in the U.S. on Monday.', 'He said it was fine.'],
    ],
    [
      'en',
      'Dr. Haddad works at St. Mary’s hospital. John F. Kennedy was not there.',
      ['Dr. Haddad works at St. Mary’s hospital.', 'John F. Kennedy was not there.'],
    ],
    [
      'en',
      'Lt. Col. Ahmed Saleh confirmed it. The U.N. Security Council met later.',
      ['Lt. Col. Ahmed Saleh confirmed it.', 'The U.N. Security Council met later.'],
    ],
    ['is', 'Þar voru t.d. Rússar o.fl. hópar. Næsta setning kemur hér.', ['Þar voru t.d. Rússar o.fl. hópar.', 'Næsta setning kemur hér.']],
    ['is', 'Fundurinn var m.a. um Sýrland. Hann hófst kl. 14 í gær.', ['Fundurinn var m.a. um Sýrland.', 'Hann hófst kl. 14 í gær.']],
    [
      'de',
      'Das ist z.B. ein Test. Nr. 5 steht auf der Liste. Am 3. Dezember kam er.',
      ['Das ist z.B. ein Test.', 'Nr. 5 steht auf der Liste.', 'Am 3. Dezember kam er.'],
    ],
    ['fr', 'M. Dupont est arrivé. Mme Martin aussi.', ['M. Dupont est arrivé.', 'Mme Martin aussi.']],
    ['es', 'El Sr. García lo dijo. La Sra. López no. EE.UU. lo negó.', ['El Sr. García lo dijo.', 'La Sra. López no.', 'EE.UU. lo negó.']],
    [
      'ar',
      'قال المتحدث إن القوات دخلت المدينة. وأضاف أن المعارك مستمرة؟ نعم.',
      ['قال المتحدث إن القوات دخلت المدينة.', 'وأضاف أن المعارك مستمرة؟', 'نعم.'],
    ],
  ])('%s: %s', (lang, paragraph, expected) => {
    expect(splitSentences(paragraph, lang)).toEqual(expected);
  });

  it('keeps a multi-sentence quotation with its attribution', () => {
    expect(splitSentences('“We will take Homs. Then Damascus,” he said. The next day was quiet.', 'en')).toEqual([
      '“We will take Homs. Then Damascus,” he said.',
      'The next day was quiet.',
    ]);
  });

  it('moves a closing guillemet back to the sentence it closes', () => {
    expect(splitSentences('Il a dit « Bonjour. » Ensuite il est parti.', 'fr')).toEqual(['Il a dit « Bonjour. »', 'Ensuite il est parti.']);
  });

  it('breaks at line breaks', () => {
    expect(splitSentences('First line without stop\nSecond line here.', 'en')).toEqual(['First line without stop', 'Second line here.']);
  });

  it('works without a known language', () => {
    expect(splitSentences('One sentence here. Another one.', 'und')).toEqual(['One sentence here.', 'Another one.']);
  });

  it('splits a hostile 200 KB paragraph of 20,000 sentences into all of them, losing no character', () => {
    const paragraph = Array.from({ length: 20_000 }, (_, i) => `Report ${i} came in.`).join(' ');
    const sentences = splitSentences(paragraph, 'en');
    expect(sentences).toHaveLength(20_000);
    expect(sentences[12_345]).toBe('Report 12345 came in.');
    expect(sentences.join(' ')).toBe(paragraph);
  });

  it('cuts a long paragraph without spaces into whole characters', () => {
    const paragraph = `a${'😀'.repeat(10_000)}`;
    const sentences = splitSentences(paragraph, 'en');
    expect(sentences.length).toBeGreaterThan(1);
    // A lone surrogate would show as U+FFFD once encoded.
    expect(sentences.every((s) => !Buffer.from(s).toString().includes('\uFFFD'))).toBe(true);
    expect(sentences.join('')).toBe(paragraph);
  });

  it('splits a paragraph of ordinary length whole, rejoining a quotation that spans its sentences', () => {
    const quoted = `“${'We held the line. '.repeat(150)}We will hold it,” he said.`;
    expect(quoted.length).toBeGreaterThan(2_000);
    expect(splitSentences(`${quoted} Then he left.`, 'en')).toEqual([quoted, 'Then he left.']);
  });
});

describe('isDirectQuote', () => {
  it.each([
    ['“We will take Homs,” he said.', true],
    ['"Hama is next."', true],
    ['„Homs kemur næst,“ sagði talsmaðurinn.', true],
    ['« Nous prendrons Homs », a déclaré le porte-parole.', true],
    ['He told reporters: “The city will fall within days.”', true],
    ['‚Wir kommen wieder‘, sagte er.', true],
    ['He called them “terrorists” in a speech on Tuesday.', false],
    ['Rebels entered the city on Tuesday.', false],
  ])('%s → %s', (sentence, expected) => {
    expect(isDirectQuote(sentence)).toBe(expected);
  });
});

describe('isClaimLike', () => {
  it.each([
    ['Rebels entered the city on Tuesday.', 'en'],
    ['Aðrir hafa einnig sótt fram', 'is'],
    ['Government forces were retreating from the northern villages', 'en'],
    ['قال المتحدث إن القوات دخلت المدينة', 'ar'],
  ])('accepts "%s"', (sentence, lang) => {
    expect(isClaimLike(sentence, lang)).toBe(true);
  });

  it.each([
    ['Read more: Who are the rebels?', 'en'],
    ['By Lina Haddad and Omar Khalil', 'en'],
    ['Reporting by Lina Haddad; Editing by Omar Khalil', 'en'],
    ['Photo: Reuters/Khalil Ashawi', 'en'],
    ['— Thomas van Linge (@ThomasVLinge) December 3, 2024', 'en'],
    ['Lesa meira um Sýrland hér', 'is'],
    ['Lire aussi : la chute d’Alep', 'fr'],
    ['© 2024 Example News. All rights reserved.', 'en'],
    ['Share', 'en'],
    ['Syria Civil War Live Map', 'en'],
    ['#Syria #Hama #Homs @someone', 'en'],
  ])('rejects "%s"', (sentence, lang) => {
    expect(isClaimLike(sentence, lang)).toBe(false);
  });

  it('accepts a verbless headline when the verb test is waived', () => {
    expect(isClaimLike('Syria Civil War Live Map', 'en', { requireVerb: false })).toBe(true);
  });
});

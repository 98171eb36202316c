import * as stopword from 'stopword';
import { fold } from './fold.js';

const STOPWORDS: Readonly<Record<string, readonly string[]>> = {
  en: stopword.eng,
  de: stopword.deu,
  fr: stopword.fra,
  es: stopword.spa,
  it: stopword.ita,
  pt: stopword.por,
  nl: stopword.nld,
  sv: stopword.swe,
  da: stopword.dan,
  nb: stopword.nob,
  no: stopword.nob,
  fi: stopword.fin,
  pl: stopword.pol,
  tr: stopword.tur,
  ru: stopword.rus,
  uk: stopword.ukr,
  ar: stopword.ara,
  fa: stopword.fas,
  he: stopword.heb,
};

/**
 * Words that are capitalised for grammar rather than as names, so capitalisation proves nothing:
 * German nouns that are also towns of 15,000+ ("die Lage", "der Zug", "am Ende", "nach Norden"), and
 * the Arabic name particles that open personal names ("Abu Mohammed al-Joulani").
 */
const ALWAYS_COMMON: Readonly<Record<string, readonly string[]>> = {
  '*': ['abu', 'bin', 'ibn', 'umm'],
  de: ['lage', 'zug', 'hof', 'most', 'ende', 'essen', 'halle', 'lauf', 'wetter', 'burg', 'norden'],
};

/**
 * Common words that are also towns of 15,000+ and that a sentence may open with: "Nice to see",
 * "Reading the report", "Mobile networks". Mid-sentence and capitalised they are taken as places.
 */
const SENTENCE_START_COMMON: Readonly<Record<string, readonly string[]>> = {
  en: [
    'nice',
    'mobile',
    'reading',
    'bath',
    'split',
    'orange',
    'march',
    'normal',
    'deal',
    'mission',
    'temple',
    'paradise',
    'spring',
    'sandy',
    'enterprise',
    'surprise',
    'union',
    'independence',
    'commerce',
    'hope',
    'victoria',
    'florence',
    'sale',
    'wells',
    'bury',
    'herne',
    'ely',
  ],
};

const cache = new Map<string, { anywhere: Set<string>; atSentenceStart: Set<string> }>();

function guard(lang: string): { anywhere: Set<string>; atSentenceStart: Set<string> } {
  let sets = cache.get(lang);
  if (!sets) {
    const anywhere = [...(ALWAYS_COMMON['*'] ?? []), ...(ALWAYS_COMMON[lang] ?? []), ...(STOPWORDS.en ?? []), ...(STOPWORDS[lang] ?? [])];
    const atSentenceStart = [...(SENTENCE_START_COMMON.en ?? []), ...(SENTENCE_START_COMMON[lang] ?? [])];
    sets = { anywhere: new Set(anywhere.map(fold)), atSentenceStart: new Set(atSentenceStart.map(fold)) };
    cache.set(lang, sets);
  }
  return sets;
}

/**
 * Whether a single capitalised word is more likely a common word than a place name: a function word
 * of the language or of English, a word on the guard lists, or, at the start of a sentence, a word the
 * same text also uses in lower case.
 */
export function isCommonWord(folded: string, lang: string, sentenceStart: boolean, lowercaseWords: ReadonlySet<string>): boolean {
  const { anywhere, atSentenceStart } = guard(lang);
  if (anywhere.has(folded)) return true;
  return sentenceStart && (atSentenceStart.has(folded) || lowercaseWords.has(folded));
}

import * as stopword from 'stopword';

/**
 * Icelandic is missing from the stopword package; these are its most frequent function words
 * (pronouns, prepositions, conjunctions, forms of "vera"/"hafa"), enough to keep search terms meaningful.
 */
const ICELANDIC = `að og í á sem er til um við með af en var eru það hann hún þeir þær þau ekki frá
 eftir fyrir hafa hefur hafði höfðu verið vera voru þess því þá nú einnig líka sig sér sín hans hennar
 þeirra þetta þessi þessa þessum þar hér ef þegar sé séu mun munu skal getur geta allt öll allir
 margir mörg nokkur nokkra eða heldur bæði hvort hver hvað hvar hvernig undir yfir milli gegn úr upp út
 inn niður hjá meðal síðan fram aftur þó þótt svo sá sú mikið mjög enn ekkert`.split(/\s+/);

const LISTS: Record<string, string[]> = {
  en: stopword.eng,
  fr: stopword.fra,
  de: stopword.deu,
  es: stopword.spa,
  ar: stopword.ara,
  ru: stopword.rus,
  uk: stopword.ukr,
  pt: stopword.por,
  it: stopword.ita,
  nl: stopword.nld,
  fi: stopword.fin,
  no: stopword.nob,
  nb: stopword.nob,
  sv: stopword.swe,
  tr: stopword.tur,
  is: ICELANDIC,
};

const folded = new Map<string, Set<string>>();
function stopwordsFor(lang: string): Set<string> {
  let set = folded.get(lang);
  if (!set) {
    set = new Set([...(LISTS[lang] ?? []), ...LISTS.en!].map(foldTerm));
    folded.set(lang, set);
  }
  return set;
}

/** Lowercase, strip diacritics and Arabic tatweel, so "Sýrlandi" and "syrlandi" are one term. */
export function foldTerm(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u0640]/g, '')
    .toLowerCase();
}

/** The significant words of a text: folded, stop words of its language removed, at least 3 characters. */
export function significantTerms(text: string, lang: string, max = 40): string[] {
  const stops = stopwordsFor(lang);
  const terms = new Set<string>();
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
    const term = foldTerm(match[0]);
    if (term.length < 3 || stops.has(term) || /^\d{1,2}$/.test(term)) continue;
    terms.add(term);
    if (terms.size >= max) break;
  }
  return [...terms];
}

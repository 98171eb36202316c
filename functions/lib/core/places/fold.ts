/** Letters that NFD does not decompose into a base letter plus marks. */
const LETTER_MAP: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ə: 'e',
  ة: 'ه',
  ى: 'ي',
};
const UNDECOMPOSED = new RegExp(`[${Object.keys(LETTER_MAP).join('')}]`, 'gu');

/** Apostrophe-like marks that transliterations use for ʿayn and hamza ("Dar‘ā", "Ra’s"). */
export const APOSTROPHES = "'’‘ʻʼʽʾʿ`´ʹ";
const APOSTROPHE_RUN = new RegExp(`[${APOSTROPHES}]`, 'gu');
const MARKS = /[\p{M}\u0640]/gu;
const SEPARATORS = /[\s\-‐‑–]+/gu;

/**
 * The comparison key of a name: diacritics and Arabic vowel signs removed, lower case, transliteration
 * apostrophes and full stops dropped, hyphens and runs of spaces turned into one space. "Dar‘ā" and "Daraa" differ, but
 * "Ḩamāh" becomes "hamah" and "Deir ez-Zor" becomes "deir ez zor".
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(UNDECOMPOSED, (c) => LETTER_MAP[c] ?? c)
    .replace(APOSTROPHE_RUN, '')
    .replace(/\./gu, '')
    .replace(SEPARATORS, ' ')
    .trim();
}

/** Arabic articles as romanised before a following word, assimilated forms included ("ash Shughūr"). */
export const ARTICLES: ReadonlySet<string> = new Set([
  'al',
  'el',
  'ar',
  'er',
  'as',
  'es',
  'ash',
  'esh',
  'ad',
  'ed',
  'at',
  'et',
  'az',
  'ez',
  'an',
  'en',
  'ath',
  'adh',
]);

function skeletonWord(word: string): string {
  return word
    .replace(/(.)\1+/gu, '$1')
    .replace(/ou|oo/gu, 'u')
    .replace(/ee/gu, 'i')
    .replace(/ei|ey|ay/gu, 'ai')
    .replace(/([aeiou])h$/u, '$1');
}

/**
 * A looser key for transliteration variants of a folded name: articles before another word are
 * dropped, doubled letters collapsed, common vowel spellings merged and a final "h" after a vowel
 * dropped. "Ar Raqqah" and "Raqqa" share "raqa"; "Jisr ash Shughūr" and "Jisr al-Shughur" share
 * "jisr shughur"; "Khan Sheikhoun" and "Khān Shaykhūn" share "khan shaikhun".
 */
export function skeleton(folded: string): string {
  const words = folded.split(' ');
  return words
    .filter((word, i) => i === words.length - 1 || !ARTICLES.has(word))
    .map(skeletonWord)
    .join(' ');
}

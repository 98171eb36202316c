import { franc } from 'franc';

/** franc's ISO 639-3 codes for the languages claims are labelled in, mapped to ISO 639-1. */
const FROM_639_3: Record<string, string> = {
  eng: 'en',
  fra: 'fr',
  deu: 'de',
  spa: 'es',
  arb: 'ar',
  por: 'pt',
  ita: 'it',
  nld: 'nl',
  rus: 'ru',
  ukr: 'uk',
  tur: 'tr',
  pes: 'fa',
  heb: 'he',
  pol: 'pl',
  ces: 'cs',
  dan: 'da',
  nob: 'no',
  swe: 'sv',
  fin: 'fi',
  ell: 'el',
  ron: 'ro',
  hun: 'hu',
  bul: 'bg',
  hrv: 'hr',
  srp: 'sr',
  kmr: 'ku',
  ckb: 'ku',
  urd: 'ur',
  hin: 'hi',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  ind: 'id',
  vie: 'vi',
  azj: 'az',
  hye: 'hy',
  kat: 'ka',
  bel: 'be',
};

const ALIASES: Record<string, string> = { iw: 'he', nb: 'no', nn: 'no', ji: 'yi', in: 'id', ara: 'ar', isl: 'is', ice: 'is' };

const FRANC_ONLY = Object.keys(FROM_639_3);

const ICELANDIC_WORDS = new Set([
  'og',
  'að',
  'í',
  'á',
  'er',
  'sem',
  'um',
  'við',
  'til',
  'það',
  'ekki',
  'hefur',
  'hafa',
  'var',
  'voru',
  'eru',
  'frá',
  'með',
  'fyrir',
  'eftir',
  'þá',
  'þar',
  'sé',
  'hann',
  'hún',
  'þeir',
  'verið',
  'hafi',
  'þess',
  'segir',
  'sagði',
  'einnig',
]);

/**
 * Normalises a language tag (`en-US`, `is_IS`, `pt-BR`, `ara`) to its ISO 639-1 primary subtag, or undefined
 * when the tag is empty, `und` or not a language code.
 */
export function normaliseLang(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const primary =
    tag
      .trim()
      .toLowerCase()
      .split(/[-_\s]/)[0] ?? '';
  if (!/^[a-z]{2,3}$/.test(primary) || primary === 'und' || primary === 'mul' || primary === 'zxx') return undefined;
  if (ALIASES[primary]) return ALIASES[primary];
  if (primary.length === 3) return FROM_639_3[primary];
  return primary;
}

/**
 * Guesses the language of a text: Icelandic by its letters and function words (franc's default build has
 * no Icelandic), else franc restricted to the languages above. Returns ISO 639-1 or `und`.
 */
export function detectLang(text: string): string {
  if (isIcelandic(text)) return 'is';
  const code = franc(text, { minLength: 12, only: FRANC_ONLY });
  return FROM_639_3[code] ?? 'und';
}

function isIcelandic(text: string): boolean {
  const hasThorn = /[þÞ]/.test(text);
  if (!hasThorn && !/[ðÐ]/.test(text)) return false;
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const hits = words.filter((word) => ICELANDIC_WORDS.has(word)).length;
  return hits >= 2 || (hasThorn && hits >= 1) || (hasThorn && words.length < 6);
}

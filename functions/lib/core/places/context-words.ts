import { isMonthName } from '../claims/dates.js';
import { fold } from './fold.js';

/**
 * Words around a place name that say what kind of place it is, folded, per language: "the state of
 * Washington", "Washington state", "la province d'Alep", "محافظة حلب". `before` words precede the name
 * (possibly with "of"/"de"), `after` words follow it.
 */
const REGION_WORDS: Readonly<Record<string, { before: readonly string[]; after: readonly string[] }>> = {
  en: {
    before: ['state', 'province', 'governorate', 'region', 'county', 'oblast', 'district', 'territory', 'states', 'provinces'],
    after: [
      'state',
      'province',
      'governorate',
      'region',
      'county',
      'oblast',
      'district',
      'territory',
      'countryside',
      'statewide',
      'gov',
      'governor',
      'legislature',
      'senator',
    ],
  },
  fr: { before: ['etat', 'province', 'gouvernorat', 'region', 'departement', 'oblast', 'district'], after: [] },
  de: { before: ['bundesstaat', 'provinz', 'gouvernement', 'region', 'bundesland', 'oblast', 'bezirk'], after: [] },
  es: { before: ['estado', 'provincia', 'gobernacion', 'region', 'departamento', 'oblast', 'distrito'], after: [] },
  ar: { before: ['محافظه', 'ولايه', 'اقليم', 'منطقه', 'مقاطعه', 'ريف'], after: [] },
  is: { before: [], after: ['riki', 'rikis', 'rikinu', 'fylki', 'fylkis', 'herad', 'heradi', 'heradinu'] },
};

/** Words that make the next or previous capitalised name a city ("city of Aleppo", "Aleppo city"). */
const CITY_WORDS: Readonly<Record<string, { before: readonly string[]; after: readonly string[] }>> = {
  en: { before: ['city', 'town', 'village', 'capital'], after: ['city', 'mayor'] },
  fr: { before: ['ville', 'capitale'], after: [] },
  de: { before: ['stadt', 'hauptstadt'], after: [] },
  es: { before: ['ciudad', 'capital', 'localidad'], after: [] },
  ar: { before: ['مدينه', 'بلده', 'العاصمه', 'قريه'], after: [] },
  is: { before: ['borginni', 'borgina', 'borgin', 'baenum', 'baeinn', 'hofudborginni'], after: ['borg', 'borgar'] },
};

/** Words before a name that make it a person's: "Mr Washington", "President Jackson". */
const TITLES = new Set(
  [
    'mr',
    'mrs',
    'ms',
    'dr',
    'sir',
    'lord',
    'lady',
    'president',
    'governor',
    'senator',
    'mayor',
    'general',
    'gen',
    'minister',
    'king',
    'queen',
    'prince',
    'princess',
    'pope',
    'saint',
    'st',
    'rep',
    'sen',
    'gov',
    'judge',
    'justice',
    'coach',
    'captain',
    'monsieur',
    'madame',
    'herr',
    'frau',
    'senor',
    'senora',
    'don',
    'dona',
    'president',
    'prasident',
    'presidente',
    // Arabic: president, king, prince, sheikh, minister, mister, doctor ("الرئيس بشار الأسد").
    'الرئيس',
    'الملك',
    'الأمير',
    'الشيخ',
    'الوزير',
    'السيد',
    'الدكتور',
  ].map(fold),
);

/** Heads of organisation names before "of": "University of New Mexico", "Bank of America". */
const ORGANISATION_HEADS = new Set(
  [
    'university',
    'college',
    'school',
    'institute',
    'bank',
    'museum',
    'church',
    'temple',
    'department',
    'ministry',
    'council',
    'court',
    'board',
    'office',
    'association',
    'society',
    'academy',
    'hospital',
    'times',
    'post',
    'center',
    'centre',
    'universite',
    'universitat',
    'universidad',
    'banque',
    'musee',
    'eglise',
    'iglesia',
    'museo',
  ].map(fold),
);

/**
 * Words that end an organisation's name after a place name: "US Air Force", "Washington Post",
 * "Chicago Department of Public Health", "Syrian Army". A place name in such a name is not a toponym.
 */
const ORGANISATION_TAILS = new Set(
  [
    'air',
    'force',
    'forces',
    'army',
    'navy',
    'university',
    'college',
    'times',
    'post',
    'herald',
    'tribune',
    'journal',
    'news',
    'department',
    'ministry',
    'court',
    'party',
    'airlines',
    'airways',
    'bank',
    'council',
    'police',
    'guard',
    'fc',
    'united',
    'institute',
    'museum',
    'stock',
    'exchange',
    'telegraph',
    'gazette',
    'daily',
    'supreme',
    'senate',
    'assembly',
    'parliament',
    'armee',
    'embassy',
    'embassies',
    'consulate',
    'armée',
    'ejército',
    'ejercito',
    'universität',
    'universidad',
    'université',
  ].map(fold),
);

/** Folded heads of names of the form "<head> of <place>" that name a body, not the place. */
const ORGANISATION_OF = new Set(
  [
    'university',
    'times',
    'department',
    'ministry',
    'bank',
    'museum',
    'council',
    'court',
    'college',
    'institute',
    'church',
    'government',
    'guard',
    'party',
    'army',
    'police',
    'forces',
    // Spanish, French, German, Icelandic heads of bodies named after a place ("Guardia Nacional de Texas").
    'universidad',
    'ministerio',
    'banco',
    'museo',
    'consejo',
    'tribunal',
    'instituto',
    'iglesia',
    'gobierno',
    'guardia',
    'partido',
    'ejército',
    'policía',
    'université',
    'ministère',
    'banque',
    'musée',
    'conseil',
    'cour',
    'institut',
    'église',
    'gouvernement',
    'garde',
    'parti',
    'armée',
    'universität',
    'ministerium',
    'háskóli',
  ].map(fold),
);

export function isOrganisationTail(folded: string): boolean {
  return ORGANISATION_TAILS.has(folded);
}

export function isOrganisationOf(folded: string): boolean {
  return ORGANISATION_OF.has(folded);
}

/**
 * Surnames the text gives with a title ("President Obama", "Mr. Bush", "Mme Taubira"), folded: such a
 * word names a person wherever it stands on the page.
 */
export function titledSurnames(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![\p{L}])(\p{L}+)\.?\s+(\p{Lu}[\p{Ll}'’-]+)(?:\s+(\p{Lu}[\p{Ll}'’-]+))?/gu)) {
    if (!TITLES.has(fold(match[1]!))) continue;
    found.push(fold(match[3] ?? match[2]!));
  }
  return found;
}

const calendar = new Map<string, Set<string>>();

/** Month and weekday names in `lang` and English, folded (from Intl, plus the date parser's own list). */
function calendarWords(lang: string): Set<string> {
  let words = calendar.get(lang);
  if (words) return words;
  words = new Set();
  for (const locale of new Set(['en', lang])) {
    try {
      const monthLong = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
      const monthShort = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
      const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) {
        const date = new Date(Date.UTC(2024, m, 15));
        words.add(fold(monthLong.format(date)));
        if (monthShort.format(date).length >= 4) words.add(fold(monthShort.format(date)));
      }
      for (let d = 0; d < 7; d++) words.add(fold(weekday.format(new Date(Date.UTC(2024, 0, 1 + d)))));
    } catch {
      // an unknown locale has no names of its own: English covers it
    }
  }
  calendar.set(lang, words);
  return words;
}

/** A month or weekday name in the language or in English ("March", "mars", "Dienstag"). */
export function isCalendarWord(word: string, lang: string): boolean {
  return calendarWords(lang).has(fold(word)) || isMonthName(word);
}

/** Whether the folded word marks a region (or, with `city`, a city) on the given side of a name. */
export function placeWord(folded: string, lang: string, kind: 'region' | 'city', side: 'before' | 'after'): boolean {
  const table = kind === 'region' ? REGION_WORDS : CITY_WORDS;
  return (table[lang]?.[side] ?? []).includes(folded) || (lang !== 'en' && (table.en?.[side] ?? []).includes(folded));
}

export function isTitle(folded: string): boolean {
  return TITLES.has(folded);
}

export function isOrganisationHead(folded: string): boolean {
  return ORGANISATION_HEADS.has(folded);
}

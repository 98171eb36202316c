import { findOrganisation, isOutlet } from './organisations.js';
import { isAbbreviation, quotedSpans } from './sentences.js';

/**
 * Attribution: who a sentence is attributed to, from a cue lexicon per language.
 *
 * Names are normalised so that the same voice gets the same label across languages:
 * - a known organisation gets its canonical name ("Associated Press", "AP fréttaveitan", "l'AFP" → "AP", "AFP");
 * - a role word (spokesperson, source, official, representative, in any supported language and
 *   inflection) becomes "<organisation> <role> <person>" with the role in English and singular: "an HTS
 *   spokesperson", "talsmanni HTS", "le porte-parole du HTS", "المتحدث باسم هيئة تحرير الشام" → "HTS
 *   spokesperson"; "Department of Correction spokesman Jason Kersten" → "Department of Correction
 *   spokesperson Jason Kersten"; "Heimildarmaður Reuters" → "Reuters source" (a source of an outlet
 *   also credits the outlet);
 * - journalists or the agency itself collapse to the outlet ("Blaðamenn AP" → "AP");
 * - a definite role word alone ("Talsmaðurinn", "the spokesman") or a pronoun ("he said") refers back to the
 *   last attribution with that role (pronouns: the last attribution within three sentences);
 * - "X, a description, said" credits X when X looks like a name;
 * - anything else is kept as written without leading articles (longer than eight words: its longest run
 *   of capitalised words).
 * The list puts speakers first and relays (the outlet that reports or quotes them) after.
 */

type Side = 'before' | 'after' | 'both';
type Role = 'speaker' | 'relay' | 'addressee';

interface Cue {
  pattern: RegExp;
  side: Side;
  role: Role;
  /** A second name on the other side ("X hefur eftir Y": X relays, Y speaks; "X told Y"). */
  second?: { side: 'before' | 'after'; role: Role };
  /** A case-sensitive test on the text after the cue (cue patterns are case-insensitive). */
  accept?: (after: string) => boolean;
}

interface LanguageCues {
  cues: Cue[];
  stopAfter: Set<string>;
  stopBefore: Set<string>;
  skip: Set<string>;
  determiners: Set<string>;
  definite: Set<string>;
  pronouns: Set<string>;
  conjunctions: Set<string>;
  /** Relative pronouns: a name read backwards that reaches one is inside a relative clause. */
  relative?: Set<string>;
  /** Words that introduce an addressee after a speech verb ("à l'AFP", "a Reuters", "gegenüber Reuters"). */
  addressee: Set<string>;
  /** A cue that is really a passive ("is said to"). */
  passive?: { before?: RegExp; after?: RegExp };
  /** Verb-second languages: "Í gær sagði talsmaðurinn" puts the speaker after the verb. */
  verbSecond?: boolean;
  /** Subjunctive forms that continue reported speech from the sentence before. */
  reportedSpeech?: RegExp;
  /** Speech verbs that may drop their subject (Arabic "وقال إن…": he said that…). */
  dropsSubject?: boolean;
  /** The organisation of a role follows it without a preposition (Icelandic genitive "talsmanni HTS"). */
  genitiveRole?: boolean;
}

const set = (words: string): Set<string> => new Set(words.split(/\s+/).filter(Boolean));

/**
 * A cue: alternatives separated by `|` (spaces match any whitespace), matched as whole words.
 * `followedBy` is a lookahead the text after the cue must match.
 */
function cue(words: string, side: Side, role: Role, extra: Partial<Cue> & { followedBy?: string } = {}): Cue {
  const { followedBy, ...rest } = extra;
  const body = words
    .split('|')
    .map((w) => w.trim().replace(/ /g, '\\s+'))
    .join('|');
  const after = followedBy ? `(?=${followedBy})` : '';
  return { pattern: new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${body})(?![\\p{L}\\p{M}\\p{N}])${after}`, 'giu'), side, role, ...rest };
}

const WEEKDAYS_EN = 'monday tuesday wednesday thursday friday saturday sunday';

/**
 * English verbs that are also adjectives ("confirmed cases", "the death toll announced in…") count as
 * cues only before "that", a pronoun, a time word, "citing", punctuation or the end of the sentence.
 */
const EN_VERB_CONTEXT = `\\s+(?:that|it|they|he|she|on|late|earlier|today|yesterday|citing|${WEEKDAYS_EN.replace(/ /g, '|')})(?![\\p{L}])|\\s*[,.:;"“”]|\\s*$`;

const LANGUAGES: Record<string, LanguageCues> = {
  en: {
    cues: [
      cue('according to', 'after', 'speaker'),
      cue('citing', 'after', 'speaker'),
      cue('quoted', 'before', 'relay', { second: { side: 'after', role: 'speaker' } }),
      cue('reported by|as reported by', 'after', 'relay'),
      cue('told', 'before', 'speaker', { second: { side: 'after', role: 'addressee' } }),
      cue('said|says|say|stated|added|warned|wrote|tweeted|insisted|explained|argued|asserted', 'both', 'speaker'),
      cue('claimed|claims|announced|confirmed|posted|alleged|noted|acknowledged|estimated|declared|maintained|denied', 'both', 'speaker', {
        followedBy: EN_VERB_CONTEXT,
      }),
      cue('reported|reports|reporting', 'both', 'relay', { followedBy: EN_VERB_CONTEXT }),
    ],
    stopAfter: set('that on in at as who which when while after before because if during from to with this these by late early earlier'),
    stopBefore: set('that and but while as which who because although though if when where so'),
    skip: set(`also later earlier previously recently has have had was were is are will would could may might then now had've
      yesterday today tonight on in last this week ${WEEKDAYS_EN}`),
    determiners: set('the a an its his her their our one two three some several another'),
    definite: set('the its his her their'),
    pronouns: set('he she it they'),
    conjunctions: set('and'),
    relative: set('who which'),
    addressee: set(''),
    passive: { before: /(?:^|\s)(is|are|was|were|be|been|being)\s+$/i, after: /^\s+to\s/i },
  },
  is: {
    cues: [
      cue('hefur eftir|hafa eftir|hafði eftir|höfðu eftir|hefðu eftir|hafi eftir|haft eftir|hefði eftir', 'before', 'relay', {
        second: { side: 'after', role: 'speaker' },
      }),
      cue('að sögn|samkvæmt|að mati|að því er fram kemur hjá|að því er fram kemur í', 'after', 'speaker'),
      cue(
        'segir|sagði|segja|sögðu|segist|sagðist|segjast|sögðust|fullyrðir|fullyrti|fullyrða|staðfestir|staðfesti|tilkynnti|tilkynnir|bætti við|bætir við|heldur fram|hélt fram|varar við|varaði við',
        'both',
        'speaker',
      ),
      cue('greinir frá|greindi frá|greina frá|greindu frá|hermir|hermdi|greinir|greindi', 'both', 'relay'),
    ],
    stopAfter: set(
      'að sem um í á við þegar því þar og en frá til með hafi sé séu hefði væri er eru var voru hefur hafa hafði höfðu verður verða varð urðu mun munu féll féllu',
    ),
    stopBefore: set('að sem en því þegar ef hvort'),
    skip: set(`þá nú einnig enn jafnframt ennfremur þó líka hefur hafa hafði höfðu hafi mun muni myndi gær í dag morgun
      fyrr síðar áður svo hins vegar meðal annars m.a. t.d. þannig ekki enda auk þess reyndar raunar`),
    determiners: set('hinn hin hið'),
    definite: set('hinn hin hið'),
    pronouns: set('hann hún það þeir þær þau'),
    conjunctions: set('og'),
    relative: set('sem'),
    addressee: set('við'),
    verbSecond: true,
    genitiveRole: true,
    reportedSpeech: /(?<![\p{L}])(hafi|sé|séu|hefðu|væri|væru|myndi|myndu|muni|geti|verði)(?![\p{L}])/iu,
  },
  fr: {
    cues: [
      cue("selon|d'après|d’après|de l'avis de|de source", 'after', 'speaker'),
      cue('citant|cité par', 'after', 'speaker'),
      cue(
        'a déclaré|ont déclaré|a dit|ont dit|a affirmé|ont affirmé|a indiqué|ont indiqué|a précisé|ont précisé|a expliqué|a assuré|ont assuré|a annoncé|ont annoncé|a confirmé|a ajouté|a souligné|a estimé|a raconté|a confié|a démenti|a averti|avait déclaré|avait indiqué|déclare|affirme|affirment|indique|indiquent|explique|assure|précise|estime|annonce|confirme|ajoute|souligne|dit|disent',
        'both',
        'speaker',
      ),
      cue(
        'a-t-il déclaré|a-t-elle déclaré|a-t-il dit|a-t-elle dit|a-t-il affirmé|a-t-elle affirmé|a-t-il ajouté|a-t-elle ajouté|a-t-il précisé|a-t-elle précisé|a-t-il expliqué|a-t-elle expliqué|ont-ils déclaré|ont-ils dit|déclare-t-il|déclare-t-elle|explique-t-il|explique-t-elle|ajoute-t-il|ajoute-t-elle|selon lui|selon elle|selon eux',
        'after',
        'speaker',
      ),
      cue('a rapporté|ont rapporté|rapporte|rapportent|a annoncé|rapportait', 'both', 'relay'),
    ],
    stopAfter: set(
      'que qui dont lors dans en sur après avant mardi lundi mercredi jeudi vendredi samedi dimanche ce cette cet ces pour par',
    ),
    stopBefore: set('que qui dont et mais alors tandis car lorsque quand si'),
    skip: set(
      "aussi également encore déjà ensuite enfin lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd’hui aujourd'hui soir matin ainsi pourtant toutefois",
    ),
    determiners: set("le la les l' l’ un une des du de d' d’ ce cette son sa ses leur leurs"),
    definite: set("le la les l' l’"),
    pronouns: set('il elle ils elles lui eux'),
    conjunctions: set('et'),
    relative: set('qui'),
    addressee: set('à au aux'),
  },
  de: {
    cues: [
      cue(
        'laut|nach Angaben von|nach Angaben der|nach Angaben des|nach Angaben|Angaben von|Angaben der|Angaben des|unter Berufung auf|nach Informationen von|nach Informationen der|nach Informationen des|nach Darstellung von|nach Darstellung der|nach Darstellung des',
        'after',
        'speaker',
      ),
      cue('zufolge', 'before', 'speaker'),
      cue('(?<=,\\s*)so', 'after', 'speaker', { accept: (after) => /^\s+(?:der|die|das|ein|eine|einer|\p{Lu})/u.test(after) }),
      cue(
        'sagte|sagten|sagt|sagen|erklärte|erklärten|erklärt|betonte|betonten|betont|teilte mit|teilten mit|bestätigte|bestätigten|bestätigt|warnte|warnten|behauptete|behauptet|behaupten|meinte|fügte hinzu|schrieb|schreibt|versicherte|kündigte an',
        'both',
        'speaker',
      ),
      cue('berichtete|berichteten|berichtet|berichten|meldete|meldeten|meldet|melden', 'both', 'relay'),
    ],
    stopAfter: set(
      'dass am im in auf bei vor seit mit über es sei seien habe hätten werde würden gegenüber zu zum zur ist sind war waren hat haben hatte hatten wird werden wurde wurden soll sollen kann können',
    ),
    stopBefore: set('dass und aber während weil obwohl wenn als wie denn'),
    skip: set(
      'am im auch zudem außerdem jedoch dann bereits hat haben hatte hatten wurde heute gestern es nun jetzt weiter montag dienstag mittwoch donnerstag freitag samstag sonntag abend morgen vormittag nachmittag',
    ),
    determiners: set('der die das den dem des ein eine einer einem eines einen'),
    definite: set('der die das den dem des'),
    pronouns: set('er sie'),
    conjunctions: set('und'),
    addressee: set('gegenüber'),
    verbSecond: true,
    reportedSpeech: /(?<![\p{L}])(sei|seien|habe|hätten|werde|würden|könne|müsse|solle)(?![\p{L}])/iu,
  },
  es: {
    cues: [
      cue('según|de acuerdo con|de acuerdo a|conforme a', 'after', 'speaker'),
      cue('citando a|citando|citado por', 'after', 'speaker'),
      cue(
        'dijo|dijeron|afirmó|afirmaron|declaró|declararon|aseguró|aseguraron|señaló|señalaron|indicó|indicaron|explicó|explicaron|añadió|agregó|sostuvo|anunció|confirmó|advirtió|denunció|dice|dicen|afirma|afirman|asegura|aseguran|señala|indica|explica|ha dicho|han dicho|ha afirmado|ha asegurado|ha declarado',
        'both',
        'speaker',
      ),
      cue('informó|informaron|informa|reportó|reporta|publicó', 'both', 'relay'),
    ],
    stopAfter: set('que en durante tras ante este esta este por para con sobre el'),
    stopBefore: set('que y pero mientras aunque porque cuando si'),
    skip: set('también además ya luego hoy ayer lunes martes miércoles jueves viernes sábado domingo ha han había'),
    determiners: set('el la los las un una unos unas del al lo su sus'),
    definite: set('el la los las del al'),
    pronouns: set('él ella ellos ellas'),
    conjunctions: set('y'),
    relative: set('quien quienes'),
    addressee: set('a al'),
  },
  ar: {
    cues: [
      cue(
        '[وف]?(?:قال|قالت|أكد|أكدت|اكد|اكدت|أضاف|أضافت|اضاف|اضافت|أعلن|أعلنت|اعلن|اعلنت|صرح|صرحت|أوضح|أوضحت|اوضح|زعم|زعمت|نفى|نفت|أشار|أشارت)',
        'after',
        'speaker',
      ),
      cue('[وف]?(?:أفاد|أفادت|افاد|افادت|ذكر|ذكرت|نقل|نقلت|أوردت|أورد)', 'after', 'relay'),
      cue('[وف]?(?:بحسب|حسب)', 'after', 'speaker'),
      cue('وفقا|وفقاً|طبقا|طبقاً', 'after', 'speaker'),
      cue('(?:نقلا|نقلاً)\\s+عن', 'after', 'speaker'),
      cue('(?<=(?:نقل|نقلت)\\s[^،.]{1,80}?)عن', 'after', 'speaker'),
    ],
    stopAfter: set('إن ان أن بأن على إلى الى الذي التي الذين يوم اليوم أمس خلال عبر بعد قبل حول عن'),
    stopBefore: set('و'),
    skip: set('أيضا أيضاً كما لـ ل'),
    determiners: set(''),
    definite: set(''),
    pronouns: set('هو هي هم'),
    conjunctions: set('و'),
    addressee: set(''),
    dropsSubject: true,
  },
};

interface RoleEntry {
  role: string;
  forms: string[];
  /** Forms that carry a definite article (Icelandic suffix, Arabic al-). */
  definite?: string[];
}

const ROLES: RoleEntry[] = [
  {
    role: 'spokesperson',
    forms: [
      'spokesperson',
      'spokesman',
      'spokeswoman',
      'spokespeople',
      'spokesmen',
      'spokeswomen',
      'talsmaður',
      'talsmann',
      'talsmanni',
      'talsmanns',
      'talsmenn',
      'talsmönnum',
      'talsmanna',
      'talskona',
      'talskonu',
      'porte-parole',
      'sprecher',
      'sprecherin',
      'sprechers',
      'portavoz',
      'portavoces',
      'vocero',
      'vocera',
      'متحدث',
      'متحدثة',
      'ناطق',
      'ناطقة',
    ],
    definite: [
      'talsmaðurinn',
      'talsmanninn',
      'talsmanninum',
      'talsmannsins',
      'talsmennirnir',
      'talskonan',
      'talskonunni',
      'المتحدث',
      'المتحدثة',
      'الناطق',
    ],
  },
  {
    role: 'source',
    forms: [
      'source',
      'sources',
      'heimildarmaður',
      'heimildarmann',
      'heimildarmanni',
      'heimildarmanns',
      'heimildarmenn',
      'heimildarmönnum',
      'heimildarmanna',
      'heimild',
      'heimildir',
      'heimildum',
      'heimilda',
      'quelle',
      'quellen',
      'fuente',
      'fuentes',
      'مصدر',
      'مصادر',
    ],
    definite: ['heimildarmaðurinn', 'heimildarmanninum', 'heimildarmanninn', 'heimildarmannsins', 'المصدر', 'المصادر'],
  },
  {
    role: 'official',
    forms: [
      'official',
      'officials',
      'embættismaður',
      'embættismanni',
      'embættismenn',
      'embættismönnum',
      'embættismanna',
      'responsable',
      'responsables',
      'beamter',
      'beamte',
      'beamten',
      'funcionario',
      'funcionarios',
      'funcionaria',
      'مسؤول',
      'مسؤولون',
      'مسؤولين',
      'مسئول',
    ],
    definite: ['embættismaðurinn', 'المسؤول'],
  },
  {
    role: 'representative',
    forms: [
      'representative',
      'representatives',
      'fulltrúi',
      'fulltrúa',
      'fulltrúar',
      'fulltrúum',
      'forsvarsmaður',
      'forsvarsmann',
      'forsvarsmanni',
      'forsvarsmenn',
      'forsvarsmönnum',
      'forsvarsmanna',
      'représentant',
      'représentants',
      'vertreter',
      'vertreterin',
      'representante',
      'representantes',
      'ممثل',
    ],
    definite: ['fulltrúinn', 'forsvarsmaðurinn', 'forsvarsmennirnir'],
  },
  {
    role: 'outlet',
    forms: [
      'reporter',
      'reporters',
      'journalist',
      'journalists',
      'correspondent',
      'correspondents',
      'agency',
      'blaðamaður',
      'blaðamenn',
      'blaðamönnum',
      'blaðamanna',
      'blaðamanni',
      'fréttamaður',
      'fréttamenn',
      'fréttamönnum',
      'fréttaritari',
      'fréttaveita',
      'fréttaveitan',
      'fréttaveitunni',
      'fréttaveitunnar',
      'fréttaveitu',
      'fréttastofa',
      'fréttastofan',
      'fréttastofunni',
      'fréttastofunnar',
      'fréttastofu',
      'journaliste',
      'journalistes',
      'correspondant',
      'agence',
      'nachrichtenagentur',
      'korrespondent',
      'reporterin',
      'periodista',
      'periodistas',
      'corresponsal',
      'agencia',
      'مراسل',
      'وكالة',
      'لوكالة',
      'news',
    ],
    definite: ['blaðamaðurinn', 'fréttaveitan', 'fréttastofan', 'الوكالة'],
  },
];

const ROLE_BY_FORM = new Map<string, { role: string; definite: boolean }>();
for (const entry of ROLES) {
  for (const form of entry.forms) ROLE_BY_FORM.set(form, { role: entry.role, definite: false });
  for (const form of entry.definite ?? []) ROLE_BY_FORM.set(form, { role: entry.role, definite: true });
}

/** Words that join a role to its organisation: "spokesman for HTS", "porte-parole du HTS", "المتحدث باسم". */
const CONNECTORS = set("for of from at with the du de des d' d’ la le les der des von vom del de la باسم عن في");

const GENERIC = set('reporters journalists media press reporter journalist the it this people');

/** A wire dateline: "BEIRUT, Dec 3 (Reuters) -", "DAMASCUS, Syria (AP) —". */
const DATELINE = /^\s*[^()\s][^()]{1,50}?\(([^()]{2,40})\)\s*[-–—]{1,2}\s/u;

/** Attributions seen so far in one page, so that "the spokesman" and "he" can be resolved. */
export interface AttributionContext {
  position: number;
  entries: { position: number; names: string[]; roles: string[] }[];
}

/** A fresh context for one page. */
export function createAttributionContext(): AttributionContext {
  return { position: 0, entries: [] };
}

interface Hit {
  names: string[];
  role: Role;
  index: number;
  roles: string[];
}

interface Resolved {
  names: string[];
  roles: string[];
  /** The phrase was a pronoun: the subject is found, even when nothing earlier resolves it. */
  pronoun?: boolean;
  /** A proper name picked out of a long phrase: a guess. */
  weak?: boolean;
}

/**
 * Who the sentence is attributed to, in language `lang` (ISO 639-1; other languages try every lexicon).
 * Speakers come first, then the outlets that relay them. Pass the same context for the sentences of one
 * page, in order, to resolve "the spokesman", pronouns and reported-speech continuations.
 */
export function attributeSentence(sentence: string, lang: string, context: AttributionContext = createAttributionContext()): string[] {
  context.position += 1;
  const tables = LANGUAGES[lang] ? [LANGUAGES[lang]!] : Object.values(LANGUAGES);
  const quotes = quotedSpans(sentence);
  const hits: Hit[] = [];
  for (const table of tables) {
    for (const entry of table.cues) {
      for (const match of sentence.matchAll(entry.pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (quotes.some((q) => start > q.start && end < q.end)) continue;
        if (table.passive?.before?.test(sentence.slice(0, start)) || table.passive?.after?.test(sentence.slice(end))) continue;
        if (entry.accept && !entry.accept(sentence.slice(end))) continue;
        collectHits(sentence, start, end, entry, table, context, hits, lang);
      }
    }
  }
  const dateline = DATELINE.exec(sentence);
  const agency = dateline ? findOrganisation(dateline[1]!) : undefined;
  if (agency?.outlet && agency.length === dateline![1]!.trim().length)
    hits.push({ names: [agency.name], role: 'relay', index: 0, roles: [] });
  let names = orderNames(hits);
  const roles = [...new Set(hits.flatMap((h) => h.roles))];
  if (names.length === 0) {
    const table = LANGUAGES[lang];
    const last = context.entries[context.entries.length - 1];
    if (table?.reportedSpeech && last && last.position === context.position - 1 && table.reportedSpeech.test(sentence)) {
      names = [...last.names];
      roles.push(...last.roles);
    }
  }
  if (names.length > 0) context.entries.push({ position: context.position, names, roles });
  return names;
}

function collectHits(
  sentence: string,
  start: number,
  end: number,
  entry: Cue,
  table: LanguageCues,
  context: AttributionContext,
  hits: Hit[],
  lang: string,
): void {
  const push = (resolved: Resolved | undefined, role: Role, index: number): void => {
    if (!resolved || resolved.names.length === 0) return;
    if (role === 'addressee') {
      const outlets = resolved.names.filter((n) => findOrganisation(n));
      if (outlets.length) hits.push({ names: outlets, role: 'relay', index, roles: [] });
      return;
    }
    hits.push({ names: resolved.names, role, index, roles: resolved.roles });
  };
  const firstWord = /^[^\p{L}\p{N}]*([\p{L}\p{N}.]+)/u.exec(sentence)?.[1] ?? '';
  const rate = (resolved: Resolved | undefined): number => score(resolved, firstWord);
  /** The phrase right before the cue, then up to two comma-separated phrases before it ("X, a monitor, said"). */
  const segments = (): (Resolved | undefined)[] => {
    const found: (Resolved | undefined)[] = [];
    let position = start;
    for (let n = 0; n < 3; n++) {
      const phrase = phraseBefore(sentence, position, table, n > 0, lang);
      found.push(resolvePhrase(phrase.words, table, context));
      if (phrase.boundary <= 0 || !/[,،]/.test(sentence[phrase.boundary - 1] ?? '')) break;
      position = phrase.boundary;
    }
    return found;
  };
  /** "Jim Cantrell, founding member of SpaceX, said": the name before the comma beats a description. */
  const preferAppositive = (direct: Resolved, before: Resolved | undefined): boolean => {
    const directRate = rate(direct);
    const beforeRate = rate(before);
    if (directRate >= 2 || beforeRate < 1) return false;
    return beforeRate > directRate || (beforeRate === directRate && /^\p{Ll}/u.test(direct.names[0] ?? ''));
  };
  /** Among the comma-separated phrases before a cue that follows a comma, the name the appositives describe. */
  const appositive = (list: (Resolved | undefined)[]): Resolved | undefined => {
    let chosen: Resolved | undefined;
    for (const item of list) {
      if (!item) continue;
      if (!chosen) chosen = item;
      else if (preferAppositive(chosen, item)) chosen = item;
      else break;
    }
    return chosen;
  };
  const before = (): Resolved | undefined => {
    const [direct, ...earlier] = segments();
    return direct ?? appositive(earlier);
  };
  const after = (): { speaker?: Resolved; addressee?: Resolved } => {
    const split = splitAddressee(phraseAfter(sentence, end, table, lang), table);
    return {
      speaker: resolvePhrase(split.rest, table, context),
      addressee: split.addressee.length ? resolvePhrase(split.addressee, table, context) : undefined,
    };
  };

  if (entry.side === 'before') {
    push(before(), entry.role, start);
  } else if (entry.side === 'after') {
    const { speaker, addressee } = after();
    if (speaker) push(speaker, entry.role, end);
    else if (table.dropsSubject || /-t-|selon (lui|elle|eux)/i.test(sentence.slice(start, end)))
      push(resolvePronoun(context), entry.role, end);
    push(addressee, 'addressee', end);
  } else {
    const [direct, ...earlier] = segments();
    const previous = appositive(earlier);
    const { speaker, addressee } = after();
    let chosen: Resolved | undefined;
    if (direct?.pronoun) chosen = direct;
    else if (direct && (!table.verbSecond || rate(direct) >= rate(speaker))) chosen = direct;
    else if (speaker && rate(speaker) >= Math.max(1, rate(previous))) chosen = speaker;
    else if (direct) chosen = direct;
    else if (rate(previous) > rate(speaker) && rate(previous) >= 1) chosen = previous;
    else chosen = table.verbSecond && rate(speaker) < 1 ? previous : (speaker ?? previous);
    push(chosen, entry.role, chosen === speaker ? end : start);
    push(addressee, 'addressee', end);
  }
  if (entry.second) {
    if (entry.second.side === 'after') {
      const { speaker, addressee } = after();
      push(speaker, entry.second.role, end);
      push(addressee, 'addressee', end);
    } else {
      push(before(), entry.second.role, start);
    }
  }
}

/** 2: an organisation or a role; 1: a proper name (a capital other than the sentence's first word); 0: other words. */
function score(resolved: Resolved | undefined, firstWord: string): number {
  if (!resolved || resolved.names.length === 0) return -1;
  if (resolved.weak) return 0;
  if (resolved.roles.length > 0 || resolved.names.some((n) => findOrganisation(n))) return 2;
  const capitals = words(resolved.names.join(' ')).filter((w) => /^\p{Lu}/u.test(w) && w !== firstWord);
  return capitals.length > 0 ? 1 : 0;
}

function orderNames(hits: Hit[]): string[] {
  const byPosition = [...hits].sort((a, b) => a.index - b.index);
  const ordered = [...byPosition.filter((h) => h.role === 'speaker'), ...byPosition.filter((h) => h.role !== 'speaker')];
  const names: string[] = [];
  for (const hit of ordered) {
    for (const name of hit.names) {
      if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
    }
  }
  return names;
}

const BOUNDARY = new Set([...',;:!?()[]{}"“”«»„‹›—–|،؛؟\n']);

function isBoundary(text: string, index: number, lang: string): boolean {
  const ch = text[index] ?? '';
  if (BOUNDARY.has(ch)) return true;
  if (ch === '’' || ch === "'" || ch === '‘') {
    const prev = text[index - 1] ?? ' ';
    const next = text[index + 1] ?? ' ';
    return !(/\p{L}/u.test(prev) && /\p{L}/u.test(next));
  }
  if (ch === '.') {
    const next = text[index + 1] ?? ' ';
    if (!/\s/.test(next)) return false;
    const token = /(\S+)$/.exec(text.slice(0, index))?.[1] ?? '';
    return !isAbbreviation(token, lang);
  }
  return false;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function bare(word: string): string {
  return word
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/^[ld][’'](?=\p{L})/u, '');
}

function phraseBefore(
  sentence: string,
  index: number,
  table: LanguageCues,
  skipComma: boolean,
  lang: string,
): { words: string[]; boundary: number } {
  let i = index;
  while (i > 0 && /\s/.test(sentence[i - 1] ?? '')) i--;
  if (sentence[i - 1] === ')') {
    const open = sentence.lastIndexOf('(', i);
    if (open > 0 && i - open < 40) {
      i = open;
      while (i > 0 && /\s/.test(sentence[i - 1] ?? '')) i--;
    }
  }
  if (skipComma && (sentence[i - 1] === ',' || sentence[i - 1] === '،')) i--;
  let startAt = i;
  while (startAt > 0 && !isBoundary(sentence, startAt - 1, lang)) startAt--;
  const list = words(sentence.slice(startAt, i));
  const out: string[] = [];
  let stopped = false;
  for (let k = list.length - 1; k >= 0 && out.length < 9; k--) {
    const word = list[k]!;
    const key = bare(word);
    if (table.relative?.has(key)) return { words: [], boundary: startAt };
    const next = out[0];
    const joinsNames = table.conjunctions.has(key) && next !== undefined && /^\p{Lu}/u.test(next) && !table.determiners.has(bare(next));
    if (table.stopBefore.has(key) && !joinsNames) {
      stopped = !table.conjunctions.has(key);
      break;
    }
    out.unshift(word);
  }
  return { words: out, boundary: stopped ? -1 : startAt };
}

/**
 * The words after a cue, up to punctuation or a stop word. A quoted name right after the cue
 * (`وفقاً لـ"المرصد…"`, `according to "X"`) is read whole, and a short parenthesis that follows the
 * name ("وكالة الأنباء السورية (سانا)") is kept, as it often holds the acronym.
 */
function phraseAfter(sentence: string, index: number, table: LanguageCues, lang: string): string[] {
  const quoted = /^\s*(?:لـ?\s*)?["“«„]([^"”»“]{1,80})["”»“]/u.exec(sentence.slice(index));
  if (quoted) return words(quoted[1]!);
  let endAt = index;
  while (endAt < sentence.length && !isBoundary(sentence, endAt, lang)) endAt++;
  let text = sentence.slice(index, endAt);
  const parenthesis = /^\(([^()]{1,40})\)/.exec(sentence.slice(endAt));
  if (parenthesis) text += ` ${parenthesis[1]}`;
  const out: string[] = [];
  for (const word of words(text)) {
    const key = bare(word);
    if (table.stopAfter.has(key) && !table.addressee.has(key)) break;
    out.push(word);
    if (out.length >= 10) break;
  }
  return out;
}

/**
 * Separates an addressee from the speaker: "à l'AFP un responsable du HTS", "ein Sprecher gegenüber
 * Reuters", Arabic "لرويترز". Only known organisations count as addressees.
 */
function splitAddressee(list: string[], table: LanguageCues): { addressee: string[]; rest: string[] } {
  const at = list.findIndex((word) => table.addressee.has(bare(word)));
  if (at >= 0) {
    const addressee: string[] = [];
    let j = at + 1;
    for (; j < list.length; j++) {
      const word = list[j]!;
      if (addressee.length > 0 && table.determiners.has(bare(word)) && !/^[ld][’']\p{L}/iu.test(word)) break;
      addressee.push(word);
      if (findOrganisation(addressee.join(' '))) {
        j++;
        break;
      }
    }
    if (findOrganisation(addressee.join(' '))) return { addressee, rest: [...list.slice(0, at), ...list.slice(j)] };
    return { addressee: [], rest: list.slice(0, at) };
  }
  const arabic = list.findIndex((word) => /^ل/.test(word) && findOrganisation(word));
  if (arabic >= 0) return { addressee: [list[arabic]!], rest: list.filter((_, i) => i !== arabic) };
  return { addressee: [], rest: list };
}

function resolvePronoun(context: AttributionContext): Resolved | undefined {
  const last = context.entries[context.entries.length - 1];
  if (last && context.position - last.position <= 3) return { names: [...last.names], roles: [...last.roles] };
  return undefined;
}

function resolveRole(context: AttributionContext, role: string): Resolved | undefined {
  for (let i = context.entries.length - 1; i >= 0; i--) {
    const entry = context.entries[i]!;
    if (context.position - entry.position > 12) break;
    if (entry.roles.includes(role)) return { names: [...entry.names], roles: [...entry.roles] };
  }
  return undefined;
}

function roleOf(word: string): { role: string; definite: boolean } | undefined {
  const key = bare(word);
  const direct = ROLE_BY_FORM.get(key) ?? ROLE_BY_FORM.get(key.replace(/^[وفل]/, ''));
  if (direct) return direct;
  if (key.includes('-')) {
    for (const part of key.split('-')) {
      const found = ROLE_BY_FORM.get(part);
      if (found) return found;
    }
  }
  return undefined;
}

/** Turns the words around a cue into names (see the module comment for the normalisation). */
function resolvePhrase(input: string[], table: LanguageCues, context: AttributionContext): Resolved | undefined {
  let list = input.map((w) => w.replace(/^[^\p{L}\p{N}@#]+|[^\p{L}\p{N}.]+$/gu, '')).filter(Boolean);
  let definite = false;
  const first = list[0];
  if (first && /^[lL][’'](?=\p{L})/u.test(first)) {
    definite = true;
    list[0] = first.slice(2);
  }
  const trimEdges = (): void => {
    while (
      list.length &&
      (table.skip.has(bare(list[0]!)) || table.determiners.has(bare(list[0]!)) || table.conjunctions.has(bare(list[0]!)))
    ) {
      if (table.definite.has(bare(list[0]!))) definite = true;
      list = list.slice(1);
    }
    while (list.length && (table.skip.has(bare(list[list.length - 1]!)) || table.conjunctions.has(bare(list[list.length - 1]!)))) {
      list = list.slice(0, -1);
    }
  };
  trimEdges();
  if (list.length === 0) return undefined;
  if (list.length === 1 && table.pronouns.has(bare(list[0]!)))
    return { ...(resolvePronoun(context) ?? { names: [], roles: [] }), pronoun: true };

  const phrase = list.join(' ');
  const roleIndex = list.findIndex((w) => roleOf(w));
  const role = roleIndex >= 0 ? roleOf(list[roleIndex]!) : undefined;
  const organisation = findOrganisation(phrase);

  if (role) {
    const near = aroundRole(list, roleIndex, table);
    const orgName = organisation?.name ?? near.organisation;
    if (role.role === 'outlet') return orgName ? { names: [orgName], roles: [] } : undefined;
    if (orgName || near.person) {
      const names = [[orgName, role.role, near.person].filter(Boolean).join(' ')];
      if (role.role === 'source' && orgName && isOutlet(orgName)) names.push(orgName);
      return { names, roles: [role.role] };
    }
    if (role.definite || definite) {
      const resolved = resolveRole(context, role.role);
      if (resolved) return resolved;
    }
    return { names: [limit(list)], roles: [role.role] };
  }
  if (organisation) return { names: [organisation.name], roles: [] };
  if (GENERIC.has(bare(phrase))) return undefined;
  if (list.length > 8) {
    const proper = longestProperName(list);
    return proper ? { names: [proper], roles: [], weak: true } : undefined;
  }
  return { names: [limit(list)], roles: [] };
}

/**
 * The organisation and person around a role word: an acronym anywhere ("an HTS spokesperson"), capitalised
 * words before it ("Department of Correction spokesman"), after a connector ("spokesman for the Syrian
 * army", "Sprecher der Armee") or, in genitive languages, right after it ("talsmanni Hvíta hússins");
 * otherwise capitalised words right after the role name a person ("spokesman Jason Kersten").
 */
function aroundRole(list: string[], roleIndex: number, table: LanguageCues): { organisation?: string; person?: string } {
  const capital = (word: string | undefined): boolean => word !== undefined && /^\p{Lu}/u.test(word);
  const acronym = list.find((w, i) => i !== roleIndex && /^\p{Lu}[\p{Lu}\d]{1,5}$/u.test(w));
  const before: string[] = [];
  for (let i = roleIndex - 1; i >= 0; i--) {
    const word = list[i]!;
    if (capital(word)) before.unshift(word);
    else if (CONNECTORS.has(bare(word)) && capital(list[i - 1]) && before.length > 0) before.unshift(word);
    else break;
  }
  let i = roleIndex + 1;
  let connected = false;
  while (i < list.length && CONNECTORS.has(bare(list[i]!))) {
    connected = true;
    i++;
  }
  const after: string[] = [];
  for (; i < list.length && capital(list[i]); i++) after.push(list[i]!);
  const afterText = after.length ? after.join(' ') : undefined;
  if (connected || table.genitiveRole) return { organisation: acronym ?? (before.length ? before.join(' ') : afterText) };
  return { organisation: acronym ?? (before.length ? before.join(' ') : undefined), person: afterText };
}

function longestProperName(list: string[]): string | undefined {
  let best: string[] = [];
  let current: string[] = [];
  for (const word of list) {
    if (/^\p{Lu}/u.test(word)) current.push(word);
    else {
      if (current.length > best.length) best = current;
      current = [];
    }
  }
  if (current.length > best.length) best = current;
  return best.length ? best.join(' ') : undefined;
}

function limit(list: string[]): string {
  return list.slice(-8).join(' ');
}

import { findOrganisation, isOutlet } from './organisations.js';
import { type CueEntry, type CueRole, LEXICONS, type Lexicon, type RoleName } from './lexicon/index.js';
import { isAbbreviation, quotedSpans } from './sentences.js';
import type { Attribution } from './types.js';

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

type Role = CueRole;

interface Cue {
  pattern: RegExp;
  side: CueEntry['side'];
  role: Role;
  second?: CueEntry['second'];
  accept?: RegExp;
}

/** A language's lexicon compiled for matching: cue patterns and word sets. */
interface LanguageCues {
  cues: Cue[];
  stopAfter: Set<string>;
  stopBefore: Set<string>;
  skip: Set<string>;
  determiners: Set<string>;
  definite: Set<string>;
  pronouns: Set<string>;
  conjunctions: Set<string>;
  relative?: Set<string>;
  addressee: Set<string>;
  titles: Set<string>;
  honorifics: Set<string>;
  passive?: Lexicon['passive'];
  verbSecond?: boolean;
  reportedSpeech?: RegExp;
  dropsSubject?: boolean;
  genitiveRole?: boolean;
  documents?: { nouns: RegExp; reference: RegExp; verbs: RegExp };
}

const set = (words: string): Set<string> => new Set(words.split(/\s+/).filter(Boolean));

/** A cue's alternatives as one case-insensitive, whole-word pattern (see {@link CueEntry}). */
function compileCue(entry: CueEntry): Cue {
  const body = entry.words
    .split('|')
    .map((w) => w.trim().replace(/ /g, '\\s+'))
    .join('|');
  const after = entry.followedBy ? `(?=${entry.followedBy})` : '';
  const cue: Cue = {
    pattern: new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${body})(?![\\p{L}\\p{M}\\p{N}])${after}`, 'giu'),
    side: entry.side,
    role: entry.role,
  };
  if (entry.second) cue.second = entry.second;
  if (entry.accept) cue.accept = entry.accept;
  return cue;
}

function compile(lexicon: Lexicon): LanguageCues {
  const table: LanguageCues = {
    cues: lexicon.cues.map(compileCue),
    stopAfter: set(lexicon.stopAfter),
    stopBefore: set(lexicon.stopBefore),
    skip: set(lexicon.skip),
    determiners: set(lexicon.determiners),
    definite: set(lexicon.definite),
    pronouns: set(lexicon.pronouns),
    conjunctions: set(lexicon.conjunctions),
    addressee: set(lexicon.addressee),
    titles: set(lexicon.titles ?? ''),
    honorifics: set(lexicon.honorifics ?? ''),
  };
  if (lexicon.relative !== undefined) table.relative = set(lexicon.relative);
  if (lexicon.passive) table.passive = lexicon.passive;
  if (lexicon.verbSecond) table.verbSecond = true;
  if (lexicon.reportedSpeech) table.reportedSpeech = lexicon.reportedSpeech;
  if (lexicon.dropsSubject) table.dropsSubject = true;
  if (lexicon.genitiveRole) table.genitiveRole = true;
  if (lexicon.documents) {
    const { nouns, verbs } = lexicon.documents;
    table.documents = {
      nouns: new RegExp(`(?<![\\p{L}])(?:${nouns})(?![\\p{L}])`, 'iu'),
      reference: new RegExp(
        `(?<![\\p{L}])(?:the|this|that|its)\\s+(?:new\\s+)?(?:${nouns})(?:\\s+(?:also|further|then|later))?\\s+(?:${verbs})(?![\\p{L}])`,
        'iu',
      ),
      verbs: new RegExp(`(?<![\\p{L}])(?:${verbs})(?![\\p{L}])`, 'iu'),
    };
  }
  return table;
}

const LANGUAGES: Record<string, LanguageCues> = Object.fromEntries(
  Object.entries(LEXICONS).map(([code, lexicon]) => [code, compile(lexicon)]),
);

const ROLE_ORDER: RoleName[] = ['spokesperson', 'source', 'official', 'representative', 'leader', 'outlet'];

/** Role words of every language: a role is recognised whatever the sentence's language. */
const ROLE_BY_FORM = new Map<string, { role: string; definite: boolean }>();
for (const role of ROLE_ORDER) {
  const entries = Object.values(LEXICONS).map((lexicon) => lexicon.roles[role]);
  for (const entry of entries) for (const form of entry?.forms ?? []) ROLE_BY_FORM.set(form, { role, definite: false });
  for (const entry of entries) for (const form of entry?.definite ?? []) ROLE_BY_FORM.set(form, { role, definite: true });
}

/** Words that join a role to its organisation, in every language. */
const CONNECTORS = new Set(Object.values(LEXICONS).flatMap((lexicon) => [...set(lexicon.connectors)]));

const GENERIC = new Set(Object.values(LEXICONS).flatMap((lexicon) => [...set(lexicon.generic ?? '')]));

/** Words that make a name a body's, in every language (see {@link Lexicon.bodies}). */
const BODIES = new Set(Object.values(LEXICONS).flatMap((lexicon) => [...set(lexicon.bodies ?? '')]));

/** An acronym ("CNIL", "WTTC") or a name with a body's word in it ("Department of Conservation"). */
function namesBody(name: string): boolean {
  if (/^\p{Lu}[\p{Lu}\d&]{1,6}$/u.test(name)) return true;
  const parts = words(name);
  // "Observatoire national du logement ONL": a name that carries its acronym.
  return parts.some((w) => BODIES.has(bare(w)) || (parts.length > 1 && /^\p{Lu}[\p{Lu}\d&]{1,6}$/u.test(w)));
}

/** A wire dateline: "BEIRUT, Dec 3 (Reuters) -", "DAMASCUS, Syria (AP) —". */
const DATELINE = /^\s*[^()\s][^()]{1,50}?\(([^()]{2,40})\)\s*[-–—]{1,2}\s/u;

/** A name that looks like an outlet's even when it is not a known organisation ("NBC News", "Today show"). */
const OUTLET_NAME =
  /(?:^|\s)(?:News|Times|Post|Journal|TV|Television|Radio|Press|Network|Herald|Tribune|Gazette|Telegraph|Guardian|Daily|Magazine|Agency|Nachrichten|Zeitung|Presse|Diario|Noticias|Télévision|Radio)(?:\s|$)/u;

type Detail = Omit<Attribution, 'cue'>;

interface Entry {
  position: number;
  /** Paragraph (text block) of the page, when the caller counts them. */
  paragraph?: number;
  names: string[];
  roles: string[];
  detail?: Detail;
}

/**
 * What one page has said so far, so that "the spokesman", "he" and "hún" can be resolved: the
 * attributions, and the people named (as the subject of a sentence or after a title) even where no
 * cue credits them. Set `paragraph` to the text block's number before each sentence to limit pronouns
 * to the same paragraph and the one before.
 */
export interface AttributionContext {
  position: number;
  paragraph?: number;
  entries: Entry[];
  people: { position: number; paragraph?: number; name: string; title?: string }[];
  /** Full names (two words or more) the page has written so far, to complete a surname said alone. */
  names: string[];
  /** The author of the document ("report", "study") the page last named with its author. */
  document?: { author: string; position: number };
}

/** A fresh context for one page. */
export function createAttributionContext(): AttributionContext {
  return { position: 0, entries: [], people: [], names: [] };
}

interface Hit {
  names: string[];
  role: Role;
  index: number;
  roles: string[];
  detail?: Detail;
  cue: string;
}

interface Resolved {
  names: string[];
  roles: string[];
  detail?: Detail;
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
  return attributeClaim(sentence, lang, context).attributedTo;
}

/**
 * {@link attributeSentence} with the parts kept apart: `attributedTo` lists the speaker first, then
 * the organisation or outlet; `attribution` holds the speaker, role, organisation, outlet and cue.
 */
export function attributeClaim(
  sentence: string,
  lang: string,
  context: AttributionContext = createAttributionContext(),
): { attributedTo: string[]; attribution?: Attribution } {
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
        if (entry.accept && !entry.accept.test(sentence.slice(end))) continue;
        collectHits(sentence, start, end, entry, table, context, hits, lang);
      }
    }
  }
  const dateline = DATELINE.exec(sentence);
  const agency = dateline ? findOrganisation(dateline[1]!) : undefined;
  if (agency?.outlet && agency.length === dateline![1]!.trim().length)
    hits.push({ names: [agency.name], role: 'relay', index: 0, roles: [], detail: { outlet: agency.name }, cue: dateline![0].trim() });
  if (hits.length === 0) {
    const table = LANGUAGES[lang];
    const voiced = table?.documents ? documentVoice(sentence, table.documents, context) : undefined;
    if (voiced)
      hits.push({ names: [voiced.author], role: 'speaker', index: 0, roles: [], detail: { organisation: voiced.author }, cue: voiced.cue });
  }
  let names = orderNames(hits);
  const roles = [...new Set(hits.flatMap((h) => h.roles))];
  let attribution = mergeDetails(hits);
  if (attribution?.speaker && !attribution.organisation && !attribution.outlet && namesBody(attribution.speaker)) {
    // "according to the Department of Conservation": a body speaks, no person.
    attribution.organisation = attribution.speaker;
    delete attribution.speaker;
  }
  if (names.length === 0) {
    const table = LANGUAGES[lang];
    const last = context.entries[context.entries.length - 1];
    if (table?.reportedSpeech && last && last.position === context.position - 1 && table.reportedSpeech.exec(sentence)) {
      names = [...last.names];
      roles.push(...last.roles);
      attribution = { ...last.detail, cue: table.reportedSpeech.exec(sentence)?.[0] ?? '' };
    }
  }
  const entry: Entry = { position: context.position, names, roles };
  if (context.paragraph !== undefined) entry.paragraph = context.paragraph;
  if (attribution) entry.detail = detailOf(attribution);
  if (names.length > 0) context.entries.push(entry);
  rememberPeople(sentence, lang, context);
  return attribution && names.length > 0 ? { attributedTo: names, attribution } : { attributedTo: names };
}

/**
 * A document that speaks for its author: a sentence naming "a report … by the X Center" remembers X
 * as the author, and is X's when the document does something in it ("… by X calls that into
 * question"); later, "the report concluded", "the study found" is X's too (within 20 sentences).
 */
function documentVoice(
  sentence: string,
  documents: { nouns: RegExp; reference: RegExp; verbs: RegExp },
  context: AttributionContext,
): { author: string; cue: string } | undefined {
  const authored = documents.nouns.exec(sentence);
  if (authored) {
    const author =
      /\b(?:by|from)\s+(?:the\s+)?(\p{Lu}[\p{L}\p{M}'’.&-]*(?:\s+(?:(?:of|for|on|and|the)\s+)*\p{Lu}[\p{L}\p{M}'’.&-]*)*)/u.exec(
        sentence.slice(authored.index),
      );
    if (author) {
      const name = author[1]!.replace(/['’]s$/u, '');
      context.document = { author: name, position: context.position };
      const acts = documents.verbs.exec(sentence.slice(authored.index + author.index + author[0].length));
      return acts ? { author: name, cue: `${authored[0].trim()} ${acts[0]}` } : undefined;
    }
  }
  const reference = documents.reference.exec(sentence);
  if (!reference || !context.document || context.position - context.document.position > 20) return undefined;
  return { author: context.document.author, cue: reference[0].trim() };
}

function detailOf(attribution: Attribution): Detail {
  const { cue: _cue, ...detail } = attribution;
  return detail;
}

/** The parts of the first speaker, completed by the relays (organisation, outlet) after it. */
function mergeDetails(hits: Hit[]): Attribution | undefined {
  const ordered = [...hits].sort((a, b) => a.index - b.index);
  const primary = ordered.find((h) => h.role === 'speaker') ?? ordered[0];
  if (!primary) return undefined;
  const merged: Attribution = { ...primary.detail, cue: primary.cue };
  for (const hit of ordered) {
    if (hit === primary || !hit.detail) continue;
    if (!merged.outlet && hit.detail.outlet) merged.outlet = hit.detail.outlet;
    if (!merged.organisation && hit.detail.organisation && hit.detail.organisation !== merged.outlet)
      merged.organisation = hit.detail.organisation;
  }
  for (const key of ['speaker', 'role', 'organisation', 'outlet'] as const) if (!merged[key]) delete merged[key];
  return merged;
}

const PARTICLES = new Set(['de', 'da', 'del', 'van', 'von', 'der', 'bin', 'ibn', 'al', 'el', 'la', 'le', 'di', 'du', 'dos', 'das']);
/** Capitalised words that name places, bodies or things rather than people. */
const NOT_PERSON =
  /^(?:North|South|East|West|Northern|Southern|Eastern|Western|Upper|Lower|Great|House|Court|City|County|State|States|University|Department|Ministry|News|Times|Post|Party|Council|Army|Forces|Island|Street|Republic|Union|Nations|Agency|Office|Committee|Covid|Coronavirus|Supreme|United|Kingdom|Minister|Mayor|Governor|President|Senator|Dr|Mr|Mrs|Ms|Prof|The|This|That|These|Those|But|And|Or|If|As|Since|Although|Though|Because|Once|Until|Unless|Despite|During|From|To|By|Of|Over|Under|Then|So|Yet|Still|Now|Here|There|It|He|She|They|We|You|His|Her|Their|Its|Our|In|On|At|For|With|After|Before|When|While|Why|How|What|Where|Who)$/u;

/**
 * Remembers the first person a sentence names, for pronouns in the sentences after it: a run of two
 * to four capitalised words (particles such as "de" or "al" allowed inside) after a title or not,
 * without words that name places or bodies ("Bill de Blasio" in "New York City Mayor Bill de Blasio
 * indicated…"); or a surname alone after a title ("Mr Obama lands…") or as the sentence's subject
 * or anywhere else ("… — Bassi, 43 years a fisherman, keeps…"), read as the full name the page gave before. Languages
 * without capitals take the two words after a title.
 */
function rememberPeople(sentence: string, lang: string, context: AttributionContext): void {
  const lexicon = LEXICONS[lang];
  const titles = set(`${lexicon?.titles ?? ''} ${lexicon?.honorifics ?? ''}`);
  const capitals = /\p{Lu}/u.test(sentence);
  const people = capitals ? capitalisedPeople(sentence, titles) : [titledPerson(sentence, titles)].filter((p) => p !== undefined);
  for (const person of people) if (person.name.includes(' ')) context.names.push(person.name);
  const found = people.find((p) => p.name.includes(' ') || p.title);
  const remember = (name: string, title?: string): void => {
    const person: AttributionContext['people'][number] = { position: context.position, name };
    if (title) person.title = title;
    if (context.paragraph !== undefined) person.paragraph = context.paragraph;
    context.people.push(person);
  };
  // Untitled capitalised runs count only as the sentence's subject, and never in German, where
  // every noun is capitalised ("Große Aufregung"); elsewhere they are too often places ("South Sudan").
  if (found && (found.title || (lang !== 'de' && sentenceOpensWith(sentence, found.name)))) {
    remember(found.name.includes(' ') ? found.name : (knownFullName(found.name, context) ?? found.name), found.title);
    return;
  }
  if (!capitals || lang === 'de') return;
  // A surname standing alone, not inside a longer capitalised name ("Whole Foods").
  const alone = /(?<![\p{Lu}][\p{L}\p{M}'’.-]*\s)(?<![\p{L}\p{M}'’-])\p{Lu}[\p{L}\p{M}'’-]+(?![\p{L}\p{M}'’-])(?!\s+\p{Lu})/gu;
  for (const word of sentence.match(alone) ?? []) {
    const full = knownFullName(word.replace(/['’]s$/u, ''), context);
    if (full) {
      remember(full);
      return;
    }
  }
}

/**
 * The sentences of the paragraph just read go on quoting the last speaker (a paragraph that is only a
 * quotation): a pronoun in the next paragraph may still point to them.
 */
export function carryVoice(context: AttributionContext): void {
  const last = context.entries.at(-1);
  if (!last || context.paragraph === undefined || last.paragraph === undefined || context.paragraph - last.paragraph > 2) return;
  context.entries.push({ ...last, position: context.position, paragraph: context.paragraph });
}

/** A full name the page gave before that ends with this surname ("Wade Bassi" for "Bassi"). */
function knownFullName(surname: string, context: AttributionContext): string | undefined {
  return lastWithSurname(context.names, (n) => n, surname);
}

function sentenceOpensWith(sentence: string, name: string): boolean {
  return sentence.replace(/^[^\p{L}]+/u, '').startsWith(name);
}

/**
 * The people a sentence names, in order: runs of two to four capitalised words without place or body
 * words, and a single capitalised word right after a title (a surname: "Mr Obama").
 */
function capitalisedPeople(sentence: string, titles: Set<string>): { name: string; title?: string }[] {
  const tokens = sentence.split(/\s+/).map((w) => w.replace(/^[^\p{L}]+|[^\p{L}.-]+$/gu, '').replace(/['’]s$/u, ''));
  const people: { name: string; title?: string }[] = [];
  let run: string[] = [];
  let title: string | undefined;
  const take = (): void => {
    while (run.length && PARTICLES.has(run[run.length - 1]!)) run.pop();
    const capitals = run.filter((w) => /^\p{Lu}\p{Ll}/u.test(w));
    const clean = !run.some((w) => NOT_PERSON.test(w));
    if (clean && capitals.length >= 2 && capitals.length <= 4) people.push({ name: run.join(' '), ...(title ? { title } : {}) });
    else if (clean && title && run.length === 1 && capitals.length === 1) people.push({ name: run[0]!, title });
    run = [];
    title = undefined;
  };
  for (const token of tokens) {
    const bare = token.replace(/\.$/, '');
    if (titles.has(bare.toLowerCase()) || NOT_PERSON.test(bare)) {
      // What ran up to a title or a place word belongs to a place or a body ("New York City Mayor").
      run = [];
      title = titles.has(bare.toLowerCase()) ? bare.toLowerCase() : undefined;
      continue;
    }
    if (/^\p{Lu}\p{Ll}/u.test(token) && !/\.$/.test(token)) run.push(token);
    else if (run.length && PARTICLES.has(token)) run.push(token);
    else {
      if (/^\p{Lu}\p{Ll}/u.test(token)) run.push(token.replace(/\.$/, ''));
      take();
    }
  }
  take();
  return people;
}

function titledPerson(sentence: string, titles: Set<string>): { name: string; title: string } | undefined {
  const words = sentence.split(/\s+/).map((w) => w.replace(/[^\p{L}\p{M}]+/gu, ''));
  for (let i = 0; i < words.length; i++) {
    const title = words[i]!.replace(/^[وف]/u, '');
    if (!titles.has(title)) continue;
    let j = i + 1;
    while (j < words.length && /^ال\p{L}+ي(?:ة)?$/u.test(words[j]!)) j++;
    const name = words.slice(j, j + 2).filter(Boolean);
    if (name.length === 2) return { name: name.join(' '), title };
  }
  return undefined;
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
  const cue = sentence.slice(start, end);
  const push = (resolved: Resolved | undefined, role: Role, index: number): void => {
    if (!resolved || resolved.names.length === 0) return;
    if (role === 'addressee') {
      const outlets = resolved.names.filter((n) => findOrganisation(n) || OUTLET_NAME.test(n) || n === resolved.detail?.outlet);
      if (outlets.length) hits.push({ names: outlets, role: 'relay', index, roles: [], detail: { outlet: outlets[0]! }, cue });
      return;
    }
    const hit: Hit = { names: resolved.names, role, index, roles: resolved.roles, cue };
    if (resolved.detail) hit.detail = resolved.detail;
    hits.push(hit);
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
    return withAppositive(direct, earlier) ?? appositive(earlier);
  };
  /**
   * "Name, leader of Group, said": the description before the cue gives the role and organisation,
   * the name before it the speaker.
   */
  const withAppositive = (direct: Resolved | undefined, earlier: (Resolved | undefined)[]): Resolved | undefined => {
    // Right before a comma-led cue ("…, said") the description is the first earlier phrase.
    const description = direct ?? earlier[0];
    const person = direct ? earlier[0] : earlier[1];
    if (!description || !person || description.detail?.speaker || description.pronoun) return direct;
    const speaker = person.detail?.speaker;
    if (!(description.roles.length > 0 || description.detail?.organisation) || !speaker || !looksLikeName(speaker)) return direct;
    const detail: Detail = { ...description.detail, speaker };
    const names = [speaker, detail.organisation ?? detail.outlet].filter((n): n is string => !!n);
    return { names, roles: description.roles, detail };
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
    const [plain, ...earlier] = segments();
    const direct = nameLike(withAppositive(plain, earlier));
    const previous = appositive(earlier);
    const { speaker: next, addressee } = after();
    const speaker = nameLike(next);
    let chosen: Resolved | undefined;
    if (direct?.pronoun) chosen = direct;
    else if (direct && (!table.verbSecond || rate(direct) >= rate(speaker))) chosen = direct;
    else if (speaker && rate(speaker) >= Math.max(1, rate(previous))) chosen = speaker;
    else if (direct) chosen = direct;
    else if (rate(previous) > rate(speaker) && rate(previous) >= 1) chosen = previous;
    else chosen = table.verbSecond && rate(speaker) < 1 ? previous : (speaker ?? previous);
    if (!chosen && table.dropsSubject && quotedSpans(sentence).length > 0) chosen = resolvePronoun(context);
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

/**
 * Drops what reads as a clause rather than a name: a phrase of four or more words with no capital
 * (after its first word), no role, organisation or pronoun ("comes after health officials", "came the
 * integration of Prime" is kept only for its capital). Short noun phrases ("the company") stay.
 */
function nameLike(resolved: Resolved | undefined): Resolved | undefined {
  if (!resolved || resolved.pronoun || resolved.roles.length > 0 || resolved.detail?.organisation || resolved.detail?.outlet)
    return resolved;
  const words = (resolved.names[0] ?? '').split(/\s+/);
  if (words.length <= 3) return resolved;
  if (words.slice(1).some((w) => /^\p{Lu}/u.test(w)) && looksLikeName(resolved.detail?.speaker)) return resolved;
  // "White House press secretary Josh Earnest": the name that ends the phrase, the words before it its role.
  let start = words.length;
  while (start > 0 && (/^\p{Lu}/u.test(words[start - 1]!) || (PARTICLES.has(words[start - 1]!) && start < words.length))) start--;
  const name = words.slice(start).join(' ');
  if (words.length - start < 2 || !looksLikeName(name)) return undefined;
  const role = words.slice(0, start).join(' ').toLowerCase();
  return { names: [name], roles: [], detail: role ? { speaker: name, role } : { speaker: name } };
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
  if (skipComma && (sentence[i - 1] === ',' || sentence[i - 1] === '،')) {
    i--;
    // "La Commission nationale (CNIL), qui …": the acronym in brackets, else the name before it.
    const open = sentence[i - 1] === ')' ? sentence.lastIndexOf('(', i) : -1;
    const acronym = open > 0 ? /^\(\s*(\p{Lu}[\p{Lu}\d]{1,5})\s*\)$/u.exec(sentence.slice(open, i))?.[1] : undefined;
    if (acronym) return { words: [acronym], boundary: -1 };
    if (open > 0 && i - open < 40) {
      i = open;
      while (i > 0 && /\s/.test(sentence[i - 1] ?? '')) i--;
    }
  }
  let startAt = i;
  while (startAt > 0 && !isBoundary(sentence, startAt - 1, lang)) startAt--;
  const list = words(sentence.slice(startAt, i));
  const out: string[] = [];
  let stopped = false;
  for (let k = list.length - 1; k >= 0 && out.length < 9; k--) {
    const word = list[k]!;
    const key = bare(word);
    if (table.relative?.has(key)) {
      // "La Commission (CNIL), qui critique …", "Eric Reeves, who said …": the antecedent before the comma speaks.
      const at = sentence.lastIndexOf(word, i - 1);
      const comma = /[,،]\s*$/u.test(sentence.slice(0, at));
      if (comma && out.every((w) => table.skip.has(bare(w)))) return phraseBefore(sentence, at, table, true, lang);
      return { words: [], boundary: startAt };
    }
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

/**
 * The nearest preceding named speaker: the latest attribution or person named in the same paragraph or
 * the one before (within three sentences when the caller does not count paragraphs). Attributions to
 * a bare lower-case phrase ("government data") name nobody a pronoun can stand for.
 */
function resolvePronoun(context: AttributionContext): Resolved | undefined {
  const near = (item: { position: number; paragraph?: number }): boolean =>
    context.paragraph !== undefined && item.paragraph !== undefined
      ? item.paragraph >= context.paragraph - 1 && context.position - item.position <= 8
      : context.position - item.position <= 3;
  let entry: Entry | undefined;
  for (let i = context.entries.length - 1; i >= 0 && !entry; i--) {
    const candidate = context.entries[i]!;
    if (!near(candidate)) break;
    if (candidate.roles.length > 0 || candidate.names.some((n) => /\p{Lu}/u.test(n) || findOrganisation(n))) entry = candidate;
  }
  const person = lastPerson(context, 8, (p) => near(p) && p.position < context.position);
  if (person && (!entry || person.position > entry.position)) {
    return { names: [person.name], roles: [], detail: { speaker: person.name } };
  }
  if (!entry) return undefined;
  const resolved: Resolved = { names: [...entry.names], roles: [...entry.roles] };
  if (entry.detail) resolved.detail = { ...entry.detail };
  return resolved;
}

/** The last person named at most `within` sentences back that `test` accepts. */
function lastPerson(
  context: AttributionContext,
  within: number,
  test: (person: AttributionContext['people'][number]) => boolean,
): AttributionContext['people'][number] | undefined {
  for (let i = context.people.length - 1; i >= 0; i--) {
    const person = context.people[i]!;
    if (context.position - person.position > within) return undefined;
    if (test(person)) return person;
  }
  return undefined;
}

function resolveRole(context: AttributionContext, role: string): Resolved | undefined {
  for (let i = context.entries.length - 1; i >= 0; i--) {
    const entry = context.entries[i]!;
    if (context.position - entry.position > 12) break;
    if (entry.roles.includes(role)) {
      const resolved: Resolved = { names: [...entry.names], roles: [...entry.roles] };
      if (entry.detail) resolved.detail = { ...entry.detail };
      return resolved;
    }
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
  if (definite && list.length <= 2 && table.titles.has(bare(list[list.length - 1]!))) {
    // "the president said": the person last named with that title.
    const title = bare(list[list.length - 1]!);
    const person = lastPerson(context, 40, (p) => p.title === title);
    if (person) return { names: [person.name], roles: [], detail: { speaker: person.name, role: title } };
  }

  const phrase = list.join(' ');
  const roleIndex = list.findIndex((w) => roleOf(w));
  const role = roleIndex >= 0 ? roleOf(list[roleIndex]!) : undefined;
  const organisation = findOrganisation(phrase);

  if (role) {
    const near = aroundRole(list, roleIndex, table);
    const orgName = organisation?.name ?? near.organisation;
    if (role.role === 'outlet') {
      // "NBC News": a capitalised outlet word is part of the outlet's name.
      const roleWord = list[roleIndex]!;
      const outlet = !organisation && near.organisation && /^\p{Lu}/u.test(roleWord) ? `${near.organisation} ${roleWord}` : orgName;
      return outlet ? { names: [outlet], roles: [], detail: { outlet } } : undefined;
    }
    const body: Detail = orgName ? (isOutlet(orgName) ? { outlet: orgName } : { organisation: orgName }) : {};
    if (near.person) {
      const names = [near.person, orgName].filter((n): n is string => !!n);
      return { names, roles: [role.role], detail: { speaker: near.person, role: role.role, ...body } };
    }
    if (orgName) {
      const names = [`${orgName} ${role.role}`];
      if (role.role === 'source' && isOutlet(orgName)) names.push(orgName);
      return { names, roles: [role.role], detail: { role: role.role, ...body } };
    }
    if (role.definite || definite) {
      const resolved = resolveRole(context, role.role);
      if (resolved) return resolved;
    }
    return { names: [limit(list)], roles: [role.role], detail: { role: role.role } };
  }
  if (organisation) {
    return {
      names: [organisation.name],
      roles: [],
      detail: organisation.outlet ? { outlet: organisation.name } : { organisation: organisation.name },
    };
  }
  if (GENERIC.has(bare(phrase))) return undefined;
  if (list.length > 8) {
    const proper = longestProperName(list);
    return proper ? { names: [proper], roles: [], weak: true, detail: { speaker: proper } } : undefined;
  }
  return named(limit(list).split(' '), table, context);
}

/**
 * How far back, in people, speakers or names, a surname said alone is looked up. A page names its
 * people long before this many others; the bound keeps a hostile page of thousands of attributed
 * sentences linear.
 */
const NAME_LOOKBACK = 500;

/** The last of `items` (within NAME_LOOKBACK) whose name is a full name ending with this surname. */
function lastWithSurname<T>(items: readonly T[], nameOf: (item: T) => string | undefined, surname: string): string | undefined {
  for (let i = items.length - 1; i >= Math.max(0, items.length - NAME_LOOKBACK); i--) {
    const name = nameOf(items[i]!);
    if (name !== undefined && name !== surname && name.endsWith(` ${surname}`)) return name;
  }
  return undefined;
}

/** The full name, said before on the page, that ends with this surname: a person, else a speaker, else a name. */
function fullName(surname: string, context: AttributionContext): string | undefined {
  return (
    lastWithSurname(context.people, (p) => p.name, surname) ??
    lastWithSurname(context.entries, (e) => e.detail?.speaker, surname) ??
    lastWithSurname(context.names, (n) => n, surname)
  );
}

/** Two to five words, each capitalised or a name particle ("Bill de Blasio", "Abu Mohammed al-Jolani"). */
function looksLikeName(text: string | undefined): boolean {
  const parts = text?.split(/\s+/) ?? [];
  if (parts.length < 2 || parts.length > 5 || !/^\p{Lu}/u.test(parts[0]!)) return false;
  return parts.every((w) => /^\p{Lu}/u.test(w) || PARTICLES.has(w) || /^(?:al|el|ad|as|ash|an|ar|at|az)-\p{L}/u.test(w));
}

/**
 * A speaker named by their words: a leading title becomes the role and honorifics are dropped when a
 * capitalised name follows ("Governor Andrew Cuomo" → Andrew Cuomo, governor; "Dr Anthony Fauci" →
 * Anthony Fauci).
 */
function named(list: string[], table: LanguageCues, context: AttributionContext): Resolved {
  let rest = list;
  let role: string | undefined;
  // "New York City Mayor Bill de Blasio": the name follows the last title.
  const lastTitle = list.findLastIndex((w, i) => i > 0 && i < list.length - 1 && table.titles.has(bare(w).replace(/\.$/, '')));
  if (lastTitle > 0 && /^\p{Lu}/u.test(list[lastTitle + 1]!)) {
    role = bare(list[lastTitle]!).replace(/\.$/, '');
    rest = list.slice(lastTitle + 1);
  }
  while (rest.length > 1 && /^\p{Lu}/u.test(rest[1]!)) {
    const key = bare(rest[0]!).replace(/\.$/, '');
    if (table.honorifics.has(key)) rest = rest.slice(1);
    else if (table.titles.has(key)) {
      role = key;
      rest = rest.slice(1);
    } else break;
  }
  let speaker = rest.join(' ');
  if (rest.length === 1 && /^\p{Lu}/u.test(speaker)) {
    // "Dr Fauci", "Fauci": the surname of someone named in full before.
    speaker = fullName(speaker, context) ?? speaker;
    return { names: [speaker], roles: [], detail: role ? { speaker, role } : { speaker } };
  }
  const capitalised = /^\p{Lu}/u.test(speaker) && rest.length >= 2;
  if (!capitalised) return { names: [list.join(' ')], roles: [], detail: { speaker: list.join(' ') } };
  return { names: [speaker], roles: [], detail: role ? { speaker, role } : { speaker } };
}

/**
 * The organisation and person around a role word: an acronym anywhere ("an HTS spokesperson"), capitalised
 * words before it ("Department of Correction spokesman"), after a connector ("spokesman for the Syrian
 * army", "Sprecher der Armee") or, in genitive languages, right after it ("talsmanni Hvíta hússins");
 * otherwise capitalised words right after the role name a person ("spokesman Jason Kersten").
 */
function aroundRole(list: string[], roleIndex: number, table: LanguageCues): { organisation?: string; person?: string } {
  // "Quai d’Orsay": an elided particle before a capital belongs to the name.
  const capital = (word: string | undefined): boolean => word !== undefined && /^(?:[dl]['’])?\p{Lu}/u.test(word);
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

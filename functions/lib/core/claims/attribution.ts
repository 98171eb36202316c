import { findOrganisation, isOutlet } from './organisations.js';
import { type CueEntry, type CueRole, LEXICONS, type Lexicon, type RoleName } from './lexicon/index.js';
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
  passive?: Lexicon['passive'];
  verbSecond?: boolean;
  reportedSpeech?: RegExp;
  dropsSubject?: boolean;
  genitiveRole?: boolean;
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
  };
  if (lexicon.relative !== undefined) table.relative = set(lexicon.relative);
  if (lexicon.passive) table.passive = lexicon.passive;
  if (lexicon.verbSecond) table.verbSecond = true;
  if (lexicon.reportedSpeech) table.reportedSpeech = lexicon.reportedSpeech;
  if (lexicon.dropsSubject) table.dropsSubject = true;
  if (lexicon.genitiveRole) table.genitiveRole = true;
  return table;
}

const LANGUAGES: Record<string, LanguageCues> = Object.fromEntries(
  Object.entries(LEXICONS).map(([code, lexicon]) => [code, compile(lexicon)]),
);

const ROLE_ORDER: RoleName[] = ['spokesperson', 'source', 'official', 'representative', 'outlet'];

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
        if (entry.accept && !entry.accept.test(sentence.slice(end))) continue;
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

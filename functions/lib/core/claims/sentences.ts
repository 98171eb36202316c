import { opensWithCredit } from './captions.js';
import { isMonthName } from './dates.js';
import { LEXICONS } from './lexicon/index.js';

/**
 * Abbreviations after which a full stop does not end a sentence, per language, without the final dot.
 * Entries in lower case also match capitalised ("Nr." at the start of a sentence).
 */
const ABBREVIATIONS: Record<string, string[]> = {
  common: ['Dr', 'Prof', 'St', 'Gen', 'Nr', 'No', 'vs', 'ca', 'approx', 'e.g', 'i.e', 'U.S', 'U.K', 'U.N', 'E.U', 'U.S.A'],
  en: [
    'Mr',
    'Mrs',
    'Ms',
    'Messrs',
    'Lt',
    'Col',
    'Maj',
    'Capt',
    'Cpt',
    'Sgt',
    'Cpl',
    'Pvt',
    'Adm',
    'Cmdr',
    'Brig',
    'Gov',
    'Sen',
    'Rep',
    'Rev',
    'Hon',
    'Pres',
    'Amb',
    'Supt',
    'Insp',
    'Mt',
    'Ft',
    'Jr',
    'Sr',
    'Inc',
    'Ltd',
    'Co',
    'Corp',
    'Nos',
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Sept',
    'Oct',
    'Nov',
    'Dec',
    'Ave',
    'Blvd',
    'Rd',
    'Sq',
    'Dept',
    'Univ',
  ],
  is: [
    't.d',
    'o.fl',
    'þ.e',
    'þ.e.a.s',
    'm.a',
    'o.s.frv',
    'o.s.fr',
    'sbr',
    'nr',
    'skv',
    'u.þ.b',
    'f.Kr',
    'e.Kr',
    'kl',
    'bls',
    'o.þ.h',
    'þ.á.m',
    's.s',
    'a.m.k',
    'frh',
    'hr',
    'sr',
    'ath',
    'frk',
    'gr',
    'mgr',
    'tbl',
    'útg',
    'þ.m.t',
    'fv',
    'sl',
    'nk',
    'ma',
  ],
  de: [
    'z.B',
    'bzw',
    'd.h',
    'u.a',
    'v.a',
    'vgl',
    'Hr',
    'Fr',
    'Str',
    'Mio',
    'Mrd',
    'Jh',
    'o.ä',
    'u.ä',
    'i.d.R',
    'ggf',
    'evtl',
    'sog',
    'inkl',
    'zzgl',
    'Abs',
    'Art',
    'Bd',
    'Tel',
    'z.T',
    'u.U',
    's.o',
    's.u',
    'Oblt',
    'Hptm',
    'Bundesverf',
  ],
  fr: [
    'M',
    'MM',
    'Mme',
    'Mmes',
    'Mlle',
    'Mlles',
    'Pr',
    'Me',
    'Ste',
    'av',
    'apr',
    'J.-C',
    'cf',
    'éd',
    'p',
    'pp',
    'vol',
    'env',
    'Gén',
    'Col',
    'Cdt',
    'Lt',
    'Sgt',
  ],
  es: [
    'Sr',
    'Sra',
    'Srta',
    'Sres',
    'Dra',
    'Lic',
    'Ing',
    'Gral',
    'Cnel',
    'Tte',
    'Cap',
    'Sto',
    'Sta',
    'Ud',
    'Uds',
    'Vd',
    'EE.UU',
    'pág',
    'núm',
    'art',
    'av',
    'Avda',
    'aprox',
    'p.ej',
    'Excmo',
    'Excma',
  ],
  ar: [],
};

const EXACT = new Map<string, Set<string>>();
const FOLDED = new Map<string, Set<string>>();
for (const [lang, list] of Object.entries(ABBREVIATIONS)) {
  EXACT.set(lang, new Set(list));
  FOLDED.set(lang, new Set(list.filter((entry) => entry === entry.toLowerCase())));
}

/**
 * True when `token` (the word before a full stop, without that stop) is an abbreviation in `lang`:
 * a listed one, a single capital initial ("F" in "John F. Kennedy"), or a dotted acronym ("U.S", "z.B").
 */
export function isAbbreviation(token: string, lang: string): boolean {
  const word = token.replace(/^[^\p{L}\p{N}]+/u, '');
  if (!word) return false;
  if (/^\p{Lu}$/u.test(word)) return true;
  if (/^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(word) && !/^[ap]\.m$/i.test(word)) return true;
  for (const key of ['common', lang]) {
    if (EXACT.get(key)?.has(word) || FOLDED.get(key)?.has(word.toLowerCase())) return true;
  }
  return false;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string): Intl.Segmenter {
  const locale = lang && lang !== 'und' ? lang : 'en';
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    } catch {
      segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    }
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/**
 * Splits a paragraph into sentences: Unicode sentence boundaries (Intl.Segmenter, in the page's
 * language), then re-joined where the break follows an abbreviation, an initial, a dotted acronym or an
 * ordinal day before a month name ("3. Dezember"), where the next part starts in lower case, or where
 * a quotation opened in the sentence closes later in the paragraph. Closing quotes and brackets that the
 * segmenter pushed to the next sentence are moved back.
 */
export function splitSentences(paragraph: string, lang: string): string[] {
  if (paragraph.length <= LONG_PARAGRAPH) return splitPiece(paragraph, lang);
  return piecesOf(paragraph).flatMap((piece) => splitPiece(piece, lang));
}

/**
 * ICU's sentence iterator copies its whole input for every segment it returns, and the joining rules
 * below look at the rest of the paragraph, so both grow with the square of a paragraph's length: a
 * hostile page with one 200 KB paragraph of short sentences would take minutes and gigabytes. A
 * paragraph longer than LONG_PARAGRAPH is therefore split on its own into pieces of at most PIECE
 * characters, each ending after a sentence's end and its spaces where the piece has one, and the
 * pieces are split apart (a quotation or abbreviation across two pieces is not rejoined). Prose
 * paragraphs are far shorter, so they are split whole, as before.
 */
const LONG_PARAGRAPH = 8_000;
const PIECE = 1_000;

function piecesOf(paragraph: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (paragraph.length - start > PIECE) {
    const window = paragraph.slice(start, start + PIECE);
    let cut = 0;
    for (const match of window.matchAll(/[.!?…。؟]["”’»)\]]*\s+/gu)) {
      if (match.index + match[0].length < window.length) cut = match.index + match[0].length;
    }
    if (cut === 0) cut = window.search(/\s\S*$/u) + 1;
    // No space at all: a hard cut, not between the two halves of a surrogate pair.
    if (cut <= 0) cut = isHighSurrogate(window.charCodeAt(PIECE - 1)) ? PIECE - 1 : PIECE;
    pieces.push(paragraph.slice(start, start + cut));
    start += cut;
  }
  pieces.push(paragraph.slice(start));
  return pieces;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

function splitPiece(paragraph: string, lang: string): string[] {
  const parts = Array.from(segmenterFor(lang).segment(paragraph), (s) => s.segment);
  const sentences: string[] = [];
  for (let index = 0; index < parts.length; index++) {
    let part = parts[index] ?? '';
    const previous = sentences[sentences.length - 1];
    if (previous !== undefined) {
      const closing = /^([»”’"“)\]]+)(?=\s|$)/.exec(part);
      if (closing && hasOpenQuote(previous)) {
        sentences[sentences.length - 1] = previous + closing[1];
        part = part.slice(closing[1]!.length);
        if (!part.trim()) continue;
      }
      const joined = sentences[sentences.length - 1] ?? '';
      if (shouldJoin(joined, part, lang, parts.slice(index).join(''))) {
        sentences[sentences.length - 1] = joined + part;
        continue;
      }
    }
    sentences.push(part);
  }
  return sentences.map((s) => s.trim()).filter(Boolean);
}

function shouldJoin(previous: string, next: string, lang: string, rest: string): boolean {
  const before = previous.trimEnd();
  const after = next.trimStart();
  if (!after) return true;
  if (/\n\s*$/.test(previous)) return false;
  if (before.endsWith('.')) {
    const token = /(\S+)\.$/.exec(before)?.[1] ?? '';
    if (isAbbreviation(token, lang)) return true;
    const firstWord = /^\p{L}+\.?/u.exec(after)?.[0] ?? '';
    if (/(?:^|\s)\d{1,2}$/.test(token) && isMonthName(firstWord)) return true;
    if (/^\p{Ll}/u.test(after) && !/^\p{Ll}+[\p{Lu}\d]/u.test(after)) return true;
  }
  if (hasOpenQuote(before)) {
    const closer = expectedCloser(before);
    if (closer && rest.includes(closer)) return true;
  }
  return false;
}

function quoteStack(text: string): string[] {
  const stack: string[] = [];
  for (const ch of text) {
    const top = stack[stack.length - 1];
    if (ch === '„') stack.push('“”');
    else if (ch === '“') {
      if (top === '“”') stack.pop();
      else stack.push('”');
    } else if (ch === '”') {
      if (top === '”' || top === '“”') stack.pop();
    } else if (ch === '«') stack.push('»');
    else if (ch === '»') {
      if (top === '»') stack.pop();
    } else if (ch === '"') {
      if (top === '"') stack.pop();
      else stack.push('"');
    }
  }
  return stack;
}

function hasOpenQuote(text: string): boolean {
  return quoteStack(text).length > 0;
}

function expectedCloser(text: string): string | undefined {
  const top = quoteStack(text).pop();
  return top === '“”' ? '“' : top;
}

const QUOTED_SPANS = [
  /“([^”“]+)”/g,
  /„([^“”„]+)[“”]/g,
  /«([^»«]+)»/g,
  /"([^"]+)"/g,
  /‚([^‘’‚]+)[‘’]/g,
  /‘([^’‘]+)’/g,
  /»([^«»]+)«/g,
  /‹([^›‹]+)›/g,
  /「([^」]+)」/g,
];

/** The quoted stretches of a sentence (the text between the quotation marks), by position. */
export function quotedSpans(sentence: string): { start: number; end: number; text: string }[] {
  const spans: { start: number; end: number; text: string }[] = [];
  for (const pattern of QUOTED_SPANS) {
    for (const match of sentence.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (!spans.some((s) => start < s.end && end > s.start)) spans.push({ start, end, text: match[1] ?? '' });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * True when the sentence is a direct quotation: it opens or closes with a quotation of at least three
 * words (“ ” " " « » „ “ ‚ ‘ …), as in `“We will take Homs,” he said.` and `He said: “Homs is next.”`,
 * or at least 40% of it is quoted.
 */
export function isDirectQuote(sentence: string): boolean {
  const text = sentence.trim();
  const spans = quotedSpans(text);
  if (spans.length === 0) return false;
  const core = text.replace(/[\s.,;:!?…]+$/u, '');
  const wordsIn = (span: { text: string }): number => span.text.trim().split(/\s+/).length;
  const first = spans[0]!;
  const last = spans[spans.length - 1]!;
  if (first.start === 0 && wordsIn(first) >= 3) return true;
  if (last.end >= core.length && wordsIn(last) >= 3) return true;
  const quoted = spans.reduce((sum, s) => sum + s.end - s.start, 0);
  const longest = Math.max(...spans.map((s) => s.text.trim().split(/\s+/).length));
  return longest >= 3 && quoted >= text.length * 0.4;
}

const BOILERPLATE = new RegExp(
  [
    '^(read more|read also|see also|related( articles| stories| coverage)?|advertisement|sponsored|share (this|on)|follow us|sign up|subscribe|click here|watch:|listen:)',
    '^(lesa meira|sjá einnig|sjá líka|auglýsing|deila|fylgstu með)',
    '^(lire aussi|lire la suite|voir aussi|à lire aussi|publicité|partager|abonnez-vous)',
    '^(mehr zum thema|lesen sie auch|lesen sie mehr|anzeige|werbung|teilen|jetzt abonnieren)',
    '^(leer más|lea también|ver también|publicidad|compartir|suscríbete)',
    '^(اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|إعلان|شارك)',
    '^(published|updated|last updated|posted|birt|uppfært|publié|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado)\\b',
    '^((additional )?reporting|writing|editing|compiled|produced|translated) by\\b',
    "^(avec (l'?afp|afp|reuters|ap)|mit material von|con información de)\\b",
    '(©|copyright|all rights reserved|getty images|shutterstock)',
  ].join('|'),
  'iu',
);

const BYLINE =
  /^(by|eftir|par|von|por|di|door)\s+\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3}(\s*(,|and|og|et|und|y)\s*\p{Lu}[\p{L}.'’-]*(\s+\p{Lu}[\p{L}.'’-]*){0,3})*\s*$/u;
const POST_BYLINE = /^[—–-]\s*.+\(@[\w.]+\)/u;

const VERBISH: Record<string, RegExp> = {
  en: /(?<![\p{L}])(is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|can|could|may|might|must|shall|should|said|says|say|told|tells|\p{L}{3,}(ed|ing))(?![\p{L}])/iu,
  is: /(?<![\p{L}])(er|eru|var|voru|hefur|hafa|hafði|höfðu|hafi|hefði|hefðu|sé|séu|væri|væru|verður|verða|varð|urðu|mun|munu|muni|má|getur|geta|gat|gátu|segir|sagði|segja|sögðu|segjast|fer|fara|fór|fóru|kom|komu|eiga|á|átti|áttu|féll|féllu|\p{L}{2,}(aði|uðu|ðu|ði|tu|ist|ast|ust))(?![\p{L}])/iu,
  fr: /(?<![\p{L}])(est|sont|était|étaient|a|ont|avait|avaient|sera|seront|serait|fait|font|peut|peuvent|doit|va|vont|été|dit|\p{L}{3,}(é|ée|és|ées|ait|aient))(?![\p{L}])/iu,
  de: /(?<![\p{L}])(ist|sind|war|waren|hat|haben|hatte|hatten|wird|werden|wurde|wurden|kann|können|konnte|muss|müssen|soll|sollen|sei|seien|habe|sagte|sagten|sagt)(?![\p{L}])/iu,
  es: /(?<![\p{L}])(es|son|era|eran|fue|fueron|está|están|estaba|ha|han|había|habían|será|serán|puede|pueden|hay|dijo|\p{L}{3,}(ó|aron|ieron|aba|aban|ía|ían))(?![\p{L}])/iu,
};

const FURNITURE = Object.values(LEXICONS).flatMap((lexicon) => lexicon.boilerplate);

/**
 * Page furniture in any supported language (each lexicon's `boilerplate`): a sentence's detected
 * language may be wrong, and the patterns do not overlap with prose.
 */
export function isBoilerplate(sentence: string): boolean {
  return FURNITURE.some((pattern) => pattern.test(sentence));
}

/**
 * True when a sentence reads as a claim rather than page furniture: enough words and letters, not a
 * byline, caption, "Read more" link or embed signature, and either sentence-final punctuation or
 * verb-like words for its language (headings and list items often lack the full stop). `requireVerb:
 * false` skips that last test (for headlines, which are claims even without a verb).
 */
export function isClaimLike(sentence: string, lang: string, options: { requireVerb?: boolean } = {}): boolean {
  const text = sentence.trim();
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text)) return letters >= 10;
  if (letters < 15) return false;
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length < 4) return false;
  if (BOILERPLATE.test(text) || BYLINE.test(text) || opensWithCredit(text) || POST_BYLINE.test(text) || isBoilerplate(text)) return false;
  const markup = words.filter((w) => /^(#|@|https?:|pic\.twitter|www\.)/i.test(w)).length;
  if (markup * 2 > words.length) return false;
  // A closing credit in brackets ("… voraus. (bsc)", "(AFP)") does not hide the full stop before it.
  if (options.requireVerb === false || /[.!?؟。…]["'”’»)\]]*(?:\s*\([\p{L}\s/.,-]{1,20}\))?$/u.test(text)) return true;
  const verbish = VERBISH[lang];
  return verbish ? verbish.test(text) : words.length >= 6;
}

import { APOSTROPHES, fold } from './fold.js';

export interface Token {
  /** The word as written, after elision and possessive are cut off ("d'Alep" → "Alep"). */
  text: string;
  folded: string;
  start: number;
  end: number;
  /** Starts with a lower-case letter (never true in scripts without case, such as Arabic). */
  lower: boolean;
  /** Starts with an upper-case letter (never true in scripts without case). */
  capitalised: boolean;
  /** All upper case, as in acronyms ("HTS", "AP"). */
  upper: boolean;
  /** First word of the text or of a sentence, line or quotation. */
  sentenceStart: boolean;
  /** Only spaces, hyphens or apostrophes separate it from the next token, so a name may continue. */
  joinsNext: boolean;
  /** A hyphen follows directly, as after the article in "al-Bab". */
  hyphenNext: boolean;
  /** The characters between this token and the next. */
  separatorAfter?: string;
}

/** A word, or a dotted acronym read as one ("U.S.", "U.K."). */
const WORD = new RegExp(`(?:\\p{Lu}\\.){2,}|\\p{L}[\\p{L}\\p{M}\\p{N}]*(?:[${APOSTROPHES}]\\p{L}[\\p{L}\\p{M}\\p{N}]*)*`, 'gu');
const ELISION = new RegExp(`^(?:[dljnsctmDLJNSCTM]|[Qq]u|[Dd]ell|[Aa]ll|[Nn]ell|[Ss]ull|[Dd]all)[${APOSTROPHES}](?=\\p{Lu})`, 'u');
const POSSESSIVE = /['’]s$/u;
const JOINING = new RegExp(`^[ \\t\\u00a0\\-‐‑${APOSTROPHES}]+$`, 'u');
const HYPHEN = /^[-‐‑]$/u;
const SENTENCE_BREAK = /[.!?…:;"“”«»„—\n\r•]/u;
const LOWER = /^\p{Ll}/u;
const CAPITALISED = /^[\p{Lu}\p{Lt}]/u;
const UPPER = /^(?:\p{Lu}|\.)+$/u;

/** Part of a handle, an address or a URL ("@ThomasVLinge", "pic.twitter.com/gpt1"), not prose. */
function embedded(text: string, start: number): boolean {
  const before = text[start - 1];
  if (before === '@' || before === '_') return true;
  return (before === '.' || before === '/') && /[\p{L}\p{N}]/u.test(text[start - 2] ?? '');
}

/** Splits text into words (Unicode letters) with what place matching needs to know about each. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(WORD)) {
    let word = match[0];
    let start = match.index;
    const end = start + word.length;
    if (embedded(text, start)) {
      previousEnd = end;
      continue;
    }
    const elided = ELISION.exec(word);
    if (elided) {
      word = word.slice(elided[0].length);
      start += elided[0].length;
    }
    word = word.replace(POSSESSIVE, '');
    const separator = text.slice(previousEnd, start);
    const previous = tokens.at(-1);
    if (previous) {
      previous.separatorAfter = separator;
      // "Quai d’Orsay": an elided particle joins the name it belongs to.
      const gap = text.slice(previousEnd, match.index);
      previous.joinsNext = previous.end === previousEnd && (JOINING.test(separator) || (elided !== null && /^\s+$/u.test(gap)));
      previous.hyphenNext = previous.joinsNext && HYPHEN.test(separator);
    }
    tokens.push({
      text: word,
      folded: fold(word),
      start,
      end: start + word.length,
      lower: LOWER.test(word),
      capitalised: CAPITALISED.test(word),
      upper: word.length > 1 && UPPER.test(word),
      sentenceStart: tokens.length === 0 || SENTENCE_BREAK.test(separator),
      joinsNext: false,
      hyphenNext: false,
    });
    previousEnd = end;
  }
  return tokens;
}

import { escapeRegExp } from './dates.js';
import { type TextBlock, collapseSpace, collectBlocks, isChrome } from './dom.js';
import { LEXICONS } from './lexicon/index.js';

/**
 * Picture captions. A caption's own text is something the page asserts ("Fighters stand near Hama on
 * Monday"); its credit ("(AP Photo/Ted S. Warren)", "Photo: Reuters", "Mynd: AP / Name") is not.
 * Captions are read from the whole page before Readability (which drops most lead pictures), outside
 * navigation, asides, footers, forms and links, without the elements that hold their credit or that
 * only screen readers hear ("Media caption"), and without the credit forms of every lexicon.
 */

const FORMS = Object.values(LEXICONS).map((lexicon) => lexicon.credits);

/** `|`-separated alternatives of every lexicon as one regular-expression alternation, longest first. */
function alternation(lists: (string | undefined)[]): string {
  const words = new Set(lists.flatMap((list) => (list ?? '').split('|').map((word) => word.trim())).filter(Boolean));
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => escapeRegExp(word).replace(/ /g, '\\s+'))
    .join('|');
}

const LABELS = alternation(FORMS.map((f) => f.labels));
const LABEL = new RegExp(`(?<![\\p{L}\\p{N}])(?:${LABELS})`, 'giu');
/** A credit label at the start of a text (anchored: it runs on every sentence of a page). */
const OPENING_LABEL = new RegExp(`^(?:${LABELS})`, 'iu');
const SOURCES = `(?<![\\p{L}\\p{N}])(?:${alternation(FORMS.map((f) => f.sources))})(?![\\p{L}\\p{N}])`;
const SOURCE = new RegExp(SOURCES, 'u');
const EVERY_SOURCE = new RegExp(SOURCES, 'gu');
const PREFIXES = FORMS.flatMap((f) => (f.prefixes ?? '').split('|').map((word) => word.trim())).filter(Boolean);
/** "Image caption", "Media caption": words that open a caption; a single word ("Légende") only with a colon. */
const PREFIX = new RegExp(
  `^(?:(?:${alternation(PREFIXES.filter((word) => word.includes(' ')))})(?![\\p{L}\\p{N}])\\s*[:：]?|(?:${alternation(PREFIXES.filter((word) => !word.includes(' ')))})\\s*[:：])\\s*`,
  'iu',
);
const JOINS = new Set(FORMS.flatMap((f) => (f.joins ?? '').split(/\s+/)).filter(Boolean));

/** What may separate a credit's label from its names ("Photo: …", "Mynd/…", "Photo | …", "© …"). */
const SEPARATOR = /^\s*(?:[:：|/©]|[-–—]\s)\s*/u;
/** Two names joined by a slash, the mark of a credit ("REUTERS/Name", "Name / AFP"). */
const SLASHED = /[\p{L}.]\s*\/\s*\p{L}/u;
/** Where the caption's last sentence ends and a credit may start (a full stop, also run on: "Thursday.Name"). */
const BREAK = /[.!?…]["”’»]?\s*|\s[-–—|]\s|\s(?=\p{Lu}{2,}[\p{Lu}.]*\s*\/)/gu;
const MAX_CREDIT_WORDS = 14;
/**
 * A credit is a label and at most MAX_CREDIT_WORDS names, so it starts within this many characters
 * of the caption's end. Only that tail is searched, which keeps a hostile caption of thousands of
 * labels or full stops linear to read rather than quadratic.
 */
const CREDIT_SPAN = 600;
/** Names in a script without capitals (Arabic) cannot be told from prose, so they must be short. */
const MAX_UNCASED_WORDS = 4;

/**
 * Whether `text` is nothing but the names of a credit: names (capitalised, or in a script without
 * capitals), slashes and dashes between them, and the words that join them ("for the Guardian").
 */
function isCreditNames(credit: string): boolean {
  if (credit.length > CREDIT_SPAN) return false;
  // A source counts as a name however it is written ("dpa", "picture alliance").
  const text = credit.replace(EVERY_SOURCE, 'Source');
  const tokens = text.split(/\s+/).filter(Boolean);
  if (tokens.length > MAX_CREDIT_WORDS) return false;
  if (!/\p{Lu}|\p{Lt}/u.test(text) && tokens.length > MAX_UNCASED_WORDS) return false;
  return tokens.every((token) => {
    const word = token.replace(/^[("'“‘«[]+|[)"'”’»\],;:.]+$/gu, '');
    if (word === '' || /^[/|&+©–—-]+$/u.test(word)) return true;
    if (JOINS.has(word)) return true;
    if (/^[\p{Lu}\p{Lt}\p{N}]/u.test(word)) return true;
    if (/^\p{L}/u.test(word) && !/^\p{Ll}/u.test(word)) return true;
    return /[/.]/u.test(word.slice(1, -1));
  });
}

/** Whether the text after a credit label makes the label a credit. `edge`: the label opens the caption or a sentence. */
function creditFollows(rest: string, edge: boolean): boolean {
  if (rest.trim() === '') return edge;
  const separator = SEPARATOR.exec(rest);
  if (separator) return isCreditNames(rest.slice(separator[0].length));
  // "CreditKevin Frayer/Getty Images": the label and the name run together.
  if (/^[\p{Lu}\p{Lt}]/u.test(rest)) return isCreditNames(rest);
  const names = rest.trimStart();
  if (!edge || !/^\s/u.test(rest)) return false;
  const first = names.split(/\s+/)[0] ?? '';
  return (/^[\p{Lu}\p{Lt}]/u.test(first) || JOINS.has(first)) && /\p{Lu}|\p{Lt}/u.test(names) && isCreditNames(names);
}

/** Where a labelled credit starts ("… Thursday Credit: STR/AFP", "… Hama. Mynd: AP / Name"), if the caption ends with one. */
function labelledCredit(text: string): number | undefined {
  // A label longer than 40 characters is none of the lexicons'; its names start within the span.
  LABEL.lastIndex = Math.max(0, text.length - CREDIT_SPAN - 40);
  for (let match = LABEL.exec(text); match; match = LABEL.exec(text)) {
    // Spaces are collapsed, so eight characters show whether a sentence or the caption ends here.
    const before = text.slice(Math.max(0, match.index - 8), match.index);
    const edge = (match.index <= 8 && before.trim() === '') || /(?:[.!?…]["”’»]?|\s[-–—|])\s*$/u.test(before);
    const rest = text.slice(match.index + match[0].length);
    // A letter right after the label is part of a longer word ("Photography", "Images"), unless capitalised.
    if (/^\p{Ll}/u.test(rest) || /^\p{N}/u.test(rest)) continue;
    if (creditFollows(rest, edge)) return match.index;
  }
  return undefined;
}

/** A credit in brackets at the end: "(AP Photo/Ted S. Warren)", "(Reuters)", "(Foto: Pixabay.com / name)". */
function bracketedCredit(text: string): number | undefined {
  const match = /\s*[([]([^()[\]]{1,120})[)\]]\s*$/u.exec(text);
  if (!match) return undefined;
  const inner = match[1]!.trim();
  const label = OPENING_LABEL.exec(inner);
  const labelled = label !== null && !/^\p{Ll}/u.test(inner.slice(label[0].length));
  const named = (SOURCE.test(inner) || SLASHED.test(inner)) && isCreditNames(inner);
  return labelled || named ? match.index : undefined;
}

/** A source named alone after the last sentence: "… 2024. REUTERS/Name", "… Thursday.Name / AFP - Getty Images". */
function namedCredit(text: string): number | undefined {
  BREAK.lastIndex = Math.max(0, text.length - CREDIT_SPAN);
  for (let match = BREAK.exec(text); match; match = BREAK.exec(text)) {
    const end = match.index + match[0].length;
    const tail = text.slice(end);
    if (tail && (SOURCE.test(tail) || SLASHED.test(tail)) && isCreditNames(tail))
      return /^[.!?…]/u.test(match[0]) ? match.index + match[0].trimEnd().length : match.index;
  }
  return undefined;
}

/**
 * A caption's text without its credit, in any supported language: a credit label and the names after
 * it ("Photograph: Name for the Guardian", "Crédit : AFP", "صورة: رويترز"), a credit in brackets, or
 * an agency or "Name/Agency" after the last sentence; and without an opening "Image caption" or
 * "Main image:". Empty when the caption is only a credit ("Photo: Reuters", "CreditName/Getty Images").
 */
export function stripCredit(caption: string): string {
  let text = collapseSpace(caption);
  for (let round = 0; round < 4 && text; round++) {
    const before = text;
    const unprefixed = text.replace(PREFIX, '');
    if (unprefixed) text = unprefixed;
    for (const find of [bracketedCredit, labelledCredit, namedCredit]) {
      const at = find(text);
      if (at !== undefined) text = text.slice(0, at);
    }
    text = text.replace(/[\s|/,;:–—-]+$/u, '').replace(/^[\s|/,;:–—-]+/u, '');
    if (text === before) break;
  }
  return text;
}

/** Whether a sentence opens with a credit label and a separator ("Photo: …", "Mynd/…", "صورة: …"). */
export function opensWithCredit(sentence: string): boolean {
  const label = OPENING_LABEL.exec(sentence);
  return label !== null && /^\s*[:：/|]/u.test(sentence.slice(label[0].length));
}

const CAPTION_CLASS = /(?:caption|legende|bildunterschrift)(?:[-_]+(?:text|container|content|body|title|wrapper|inner))?$/i;
const MEDIA_TAGS = new Set(['IMG', 'PICTURE', 'VIDEO', 'AUDIO', 'IFRAME', 'FIGURE', 'OBJECT', 'EMBED', 'CANVAS']);

/**
 * A caption element: `figcaption`, or the text of a caption by its class or `itemprop`
 * ("media-caption", "wp-caption-text", "pb-caption"), holding no picture itself (a `figure` or a
 * "wp-caption" box is the picture with its caption, not the caption).
 */
export function isCaption(element: Element): boolean {
  const tag = element.tagName.toUpperCase();
  if (tag === 'FIGCAPTION') return true;
  if (MEDIA_TAGS.has(tag)) return false;
  const itemprop = element.getAttribute('itemprop') ?? '';
  const className = element.getAttribute('class') ?? '';
  const named =
    /(?:^|\s)caption(?:\s|$)/i.test(itemprop) ||
    (/caption|legende|bildunterschrift/i.test(className) && className.split(/\s+/).some((token) => CAPTION_CLASS.test(token)));
  return named && !holdsMedia(element);
}

function holdsMedia(element: Element): boolean {
  for (let child = element.firstElementChild; child; child = child.nextElementSibling) {
    if (MEDIA_TAGS.has(child.tagName.toUpperCase()) || holdsMedia(child)) return true;
  }
  return false;
}

const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|svg|tiff?)(?:[?#]|$)/i;

/**
 * Whether the caption's box holds a picture that links to another page: the caption then names that
 * page (a related story or graphic, "Map: Flow of foreign fighters to Syria"), not a picture of this
 * one. A picture linked to its own image file is still this page's.
 */
function linksPictureAway(box: Element): boolean {
  for (let child = box.firstElementChild; child; child = child.nextElementSibling) {
    if (child.tagName.toUpperCase() === 'A' && child.hasAttribute('href') && !IMAGE_FILE.test(child.getAttribute('href') ?? '')) {
      if (holdsMedia(child)) return true;
    } else if (linksPictureAway(child)) return true;
  }
  return false;
}

const CREDIT_CLASS = /credit|copyright|byline|photographer|courtesy|(?:^|[-_])(?:source|author|rights)$/i;
const CREDIT_ITEMPROP = /copyrightHolder|copyrightNotice|creditText|author|creator|provider|sourceOrganization/i;
const SCREEN_READER_CLASS =
  /^(?:visually-?hidden|sr-only|screen-?reader-?(?:text|only)|off-?screen|a11y-hidden|u-vh|is-hidden|hidden|hide|element-invisible)$/i;

/** Inside a caption: the credit's element, or text only screen readers hear ("Media caption", "Credit"). */
function isCreditOrUnseen(element: Element): boolean {
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  if (CREDIT_ITEMPROP.test(element.getAttribute('itemprop') ?? '')) return true;
  const tokens = (element.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
  return tokens.some((token) => CREDIT_CLASS.test(token) || SCREEN_READER_CLASS.test(token));
}

/**
 * The captions of a page's pictures, in document order, as text blocks (tag `FIGCAPTION`) without
 * their credits; captions that are only a credit give none. Read before Readability rewrites the
 * document.
 */
export function readCaptions(document: Document): TextBlock[] {
  const root = document.body ?? document.documentElement;
  const captions: TextBlock[] = [];
  // Captions often share one parent (a story body of `p.caption`s), whose subtree is walked once.
  const linksAway = new Map<Element, boolean>();
  const parentLinksAway = (parent: Element): boolean => {
    let found = linksAway.get(parent);
    if (found === undefined) {
      found = linksPictureAway(parent);
      linksAway.set(parent, found);
    }
    return found;
  };
  const walk = (parent: Element): void => {
    for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
      if (isChrome(child) || (child.tagName.toUpperCase() === 'A' && child.hasAttribute('href'))) continue;
      if (!isCaption(child)) {
        walk(child);
        continue;
      }
      if (child.parentElement && parentLinksAway(child.parentElement)) continue;
      const text = stripCredit(
        collectBlocks(child, isCreditOrUnseen)
          .map((block) => block.text)
          .join(' '),
      );
      if (text) captions.push({ text, tag: 'FIGCAPTION' });
    }
  };
  if (root) walk(root);
  return captions;
}

import { parseHTML } from 'linkedom';

/** Embedded social posts; they become `post` claims and are removed before sentences are read. */
export const EMBED_SELECTOR = [
  'blockquote.twitter-tweet',
  'blockquote.twitter-video',
  'blockquote.bluesky-embed',
  'blockquote.mastodon-embed',
  'blockquote.telegram-post',
].join(', ');

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIALOG',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HGROUP',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);

const NEVER_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'SELECT', 'BUTTON', 'HEAD']);

const CHROME_TAGS = new Set(['NAV', 'FOOTER', 'ASIDE', 'FORM', 'DIALOG', 'MENU']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog']);

/**
 * Page furniture, never its content: navigation, the page's own header (not an article's), footers,
 * asides, forms, dialogs, menus, their ARIA roles, and hidden elements.
 */
export function isChrome(element: Element): boolean {
  const tag = element.tagName.toUpperCase();
  if (CHROME_TAGS.has(tag)) return true;
  if (tag === 'HEADER' && !element.closest('article, main')) return true;
  if (CHROME_ROLES.has((element.getAttribute('role') ?? '').toLowerCase())) return true;
  return element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true';
}

export interface TextBlock {
  text: string;
  /** Tag name of the innermost block element the text sits in (`P`, `H2`, `LI`…). */
  tag: string;
  /** Share of the block's letters that sit inside links: 1 for a related-story link, 0 for prose. */
  linkShare?: number;
}

/**
 * Elements that never hold claims: scripts other than JSON-LD, styles, inline SVG, `noscript` (not
 * shown by a browser that runs scripts, and never read as text) and comments. Each ends at its first
 * closing tag. JSON-LD scripts are kept whole (a comment inside one is its text, not a comment).
 */
const INERT =
  /<script\b[^>]*>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<svg\b[^>]*>[\s\S]*?<\/svg\s*>|<noscript\b[^>]*>[\s\S]*?<\/noscript\s*>|<!--[\s\S]*?-->/gi;

const JSON_LD_OPEN = /^<script\b[^>]*ld\+json/i;

/**
 * Parses HTML into a DOM document (linkedom), without its scripts (JSON-LD kept), styles, inline SVG
 * and comments: they are most of a news page's markup and none of its text.
 */
export function parseDocument(html: string): Document {
  const lean = html.replace(INERT, (element) => (JSON_LD_OPEN.test(element) ? element : ''));
  const source = /<html[\s>]/i.test(lean) ? lean : `<!doctype html><html><head></head><body>${lean}</body></html>`;
  return parseHTML(source).document as unknown as Document;
}

/**
 * Splits the text under `root` into blocks at block-element boundaries, the way a browser lays it out:
 * `<br>` becomes a line break, runs of spaces collapse. Elements for which `skip` returns true are left out.
 */
export function collectBlocks(root: Node, skip: (element: Element) => boolean = () => false): TextBlock[] {
  const blocks: TextBlock[] = [];
  const stack: string[] = ['BODY'];
  let buffer = '';
  let linked = 0;
  const letters = (text: string): number => text.replace(/[^\p{L}\p{N}]/gu, '').length;
  const flush = (): void => {
    const text = tidyText(buffer);
    if (text) {
      const block: TextBlock = { text, tag: stack[stack.length - 1] ?? 'BODY' };
      if (linked > 0) block.linkShare = Math.min(1, linked / Math.max(1, letters(text)));
      blocks.push(block);
    }
    buffer = '';
    linked = 0;
  };
  const walk = (node: Node, inLink = false): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        // Line breaks in the source are spaces once laid out (outside <pre>); only <br> breaks a line.
        const raw = child.nodeValue ?? '';
        const value = stack.includes('PRE') ? raw : raw.replace(/\s+/g, ' ');
        buffer += value;
        if (inLink) linked += letters(value);
        continue;
      }
      if (child.nodeType !== 1) continue;
      const element = child as Element;
      const tag = element.tagName.toUpperCase();
      if (NEVER_TEXT.has(tag) || skip(element)) continue;
      if (tag === 'BR') {
        buffer += '\n';
        continue;
      }
      const link = inLink || (tag === 'A' && element.hasAttribute('href'));
      if (BLOCK_TAGS.has(tag)) {
        flush();
        stack.push(tag);
        walk(element, link);
        flush();
        stack.pop();
      } else {
        walk(element, link);
      }
    }
  };
  walk(root);
  flush();
  return blocks;
}

/** The laid-out text of an element: blocks joined by line breaks. */
export function elementText(root: Node, skip?: (element: Element) => boolean): string {
  return collectBlocks(root, skip)
    .map((block) => block.text)
    .join('\n');
}

/** Collapses spaces (keeping line breaks) and trims every line. */
function tidyText(text: string): string {
  return text
    .replace(/[^\S\n]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line, index, lines) => line !== '' || (index > 0 && lines[index - 1] !== ''))
    .join('\n')
    .trim();
}

/** Collapses all whitespace, line breaks included, to single spaces. */
export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  sbquo: '‚',
  bdquo: '„',
  middot: '·',
  bull: '•',
  copy: '©',
  reg: '®',
  deg: '°',
  eacute: 'é',
  egrave: 'è',
  aacute: 'á',
  oacute: 'ó',
  iacute: 'í',
  uacute: 'ú',
  ouml: 'ö',
  auml: 'ä',
  uuml: 'ü',
  szlig: 'ß',
  ccedil: 'ç',
  ntilde: 'ñ',
  thorn: 'þ',
  eth: 'ð',
  THORN: 'Þ',
  ETH: 'Ð',
  aelig: 'æ',
  AElig: 'Æ',
};

/** Decodes HTML character references (numeric and the common named ones). */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()] ?? match;
  });
}

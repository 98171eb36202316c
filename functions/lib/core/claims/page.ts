import { EMBED_SELECTOR, type TextBlock, collectBlocks } from './dom.js';

const CHROME_TAGS = new Set(['NAV', 'FOOTER', 'ASIDE', 'FORM', 'FIGCAPTION', 'DIALOG', 'MENU']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog']);
const CLAIM_TAGS = new Set(['H1', 'H2', 'H3', 'P', 'LI', 'BLOCKQUOTE']);
const MIN_LIST_ITEM = 40;

/**
 * Generic page text for pages that are neither articles nor Liveuamap: headings (h1–h3), paragraphs,
 * quotations and list items with enough text (at least 40 characters), outside navigation, headers and
 * footers of the page, asides, forms, hidden elements and embedded posts.
 */
export function readPageBlocks(document: Document): TextBlock[] {
  const root = document.body ?? document.documentElement;
  if (!root) return [];
  return collectBlocks(root, isChrome).filter(
    (block) => CLAIM_TAGS.has(block.tag) && (block.tag !== 'LI' || block.text.length >= MIN_LIST_ITEM),
  );
}

function isChrome(element: Element): boolean {
  const tag = element.tagName.toUpperCase();
  if (CHROME_TAGS.has(tag)) return true;
  if (tag === 'HEADER' && !element.closest('article, main')) return true;
  if (CHROME_ROLES.has((element.getAttribute('role') ?? '').toLowerCase())) return true;
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  return element.matches(EMBED_SELECTOR);
}

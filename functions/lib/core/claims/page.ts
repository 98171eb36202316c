import { isCaption } from './captions.js';
import { EMBED_SELECTOR, type TextBlock, collectBlocks, isChrome } from './dom.js';

const CLAIM_TAGS = new Set(['H1', 'H2', 'H3', 'P', 'LI', 'BLOCKQUOTE']);
const MIN_LIST_ITEM = 40;

/**
 * Generic page text for pages that are neither articles nor Liveuamap: headings (h1–h3), paragraphs,
 * quotations and list items with enough text (at least 40 characters), outside navigation, headers and
 * footers of the page, asides, forms, hidden elements, picture captions (read apart) and embedded posts.
 */
export function readPageBlocks(document: Document): TextBlock[] {
  const root = document.body ?? document.documentElement;
  if (!root) return [];
  return collectBlocks(root, (element) => isChrome(element) || isCaption(element) || element.matches(EMBED_SELECTOR)).filter(
    (block) => CLAIM_TAGS.has(block.tag) && (block.tag !== 'LI' || block.text.length >= MIN_LIST_ITEM),
  );
}

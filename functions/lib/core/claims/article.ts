import { Readability } from '@mozilla/readability';
import { isCaption } from './captions.js';
import { EMBED_SELECTOR, type TextBlock, collectBlocks } from './dom.js';
import type { ReadabilityHints } from './metadata.js';

const NOT_BODY = new Set(['ASIDE', 'NAV', 'FOOTER', 'FORM']);

/**
 * Readability on linkedom. Readability asks for elements by tag name hundreds of times per page
 * through `querySelectorAll`, which linkedom answers by compiling the selector anew each time; a plain
 * walk of the tree returns the same elements, in document order, in about half the time.
 */
class LinkedomReadability extends Readability<Element> {
  _getAllNodesWithTag(node: Element, tagNames: string[]): Element[] {
    const wanted = new Set(tagNames.map((tag) => tag.toLowerCase()));
    const found: Element[] = [];
    const walk = (parent: Element): void => {
      for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
        if (wanted.has(child.localName)) found.push(child);
        walk(child);
      }
    };
    walk(node);
    return found;
  }

  /** Links and image sources are never read from the article body, so they are not resolved. */
  _fixRelativeUris(): void {}
}

/**
 * The article body as text blocks, found by Readability (so navigation, ads, footers and related-story
 * rails are left out), plus what Readability inferred about the page. Embedded posts are removed first
 * (they become `post` claims; `embeds: false` says there are none left) and picture captions are
 * skipped (`readCaptions` reads them, with or without Readability). Readability rewrites the document,
 * so read everything else from it before calling this. Returns no blocks when Readability finds no article.
 */
export function readArticleBody(document: Document, options: { embeds?: boolean } = {}): { blocks: TextBlock[]; hints: ReadabilityHints } {
  if (options.embeds !== false) for (const embed of [...document.querySelectorAll(EMBED_SELECTOR)]) embed.remove();
  let parsed: ReturnType<Readability<Element>['parse']> = null;
  try {
    parsed = new LinkedomReadability(document, { serializer: (node) => node as Element, keepClasses: true }).parse();
  } catch {
    parsed = null;
  }
  if (!parsed) return { blocks: [], hints: {} };
  const hints: ReadabilityHints = {
    title: parsed.title,
    byline: parsed.byline,
    publishedTime: parsed.publishedTime,
    siteName: parsed.siteName,
    lang: parsed.lang,
  };
  const blocks = parsed.content
    ? collectBlocks(parsed.content, (element) => NOT_BODY.has(element.tagName.toUpperCase()) || isCaption(element))
    : [];
  return { blocks, hints };
}

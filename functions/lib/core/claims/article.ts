import { Readability } from '@mozilla/readability';
import { EMBED_SELECTOR, type TextBlock, collectBlocks } from './dom.js';
import type { ReadabilityHints } from './metadata.js';

const NOT_BODY = new Set(['FIGCAPTION', 'ASIDE', 'NAV', 'FOOTER', 'FORM']);

/**
 * The article body as text blocks, found by Readability (so navigation, ads, footers and related-story
 * rails are left out), plus what Readability inferred about the page. Embedded posts are removed first
 * (they become `post` claims) and figure captions are skipped. Readability rewrites the document, so read
 * everything else from it before calling this. Returns no blocks when Readability finds no article.
 */
export function readArticleBody(document: Document): { blocks: TextBlock[]; hints: ReadabilityHints } {
  for (const embed of [...document.querySelectorAll(EMBED_SELECTOR)]) embed.remove();
  let parsed: ReturnType<Readability<Element>['parse']> = null;
  try {
    parsed = new Readability<Element>(document, { serializer: (node) => node as Element }).parse();
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
  const blocks = parsed.content ? collectBlocks(parsed.content, (element) => NOT_BODY.has(element.tagName.toUpperCase())) : [];
  return { blocks, hints };
}

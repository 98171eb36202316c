import { EMBED_SELECTOR, collapseSpace, elementText } from './dom.js';
import { normaliseDate } from './dates.js';
import { normaliseLang } from './language.js';

export interface EmbeddedPost {
  platform: 'twitter' | 'bluesky' | 'mastodon' | 'telegram';
  text: string;
  lang?: string;
  authorName?: string;
  /** `@handle` (Bluesky and Mastodon handles keep their domain). */
  handle?: string;
  /** ISO 8601 UTC. */
  date?: string;
  /** The post's own URL, without tracking parameters. */
  url?: string;
}

const STATUS_LINK: Record<EmbeddedPost['platform'], RegExp> = {
  twitter: /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/[^/]+\/status(?:es)?\/\d+/i,
  bluesky: /^https?:\/\/bsky\.app\/profile\/[^/]+\/post\/[\w]+/i,
  mastodon: /^https?:\/\/[^/]+\/@[^/]+\/\d+/i,
  telegram: /^https?:\/\/t\.me\/[^/]+\/\d+/i,
};

/**
 * Embedded posts (`blockquote.twitter-tweet`, Bluesky, Mastodon and Telegram embed blockquotes) that
 * still carry their text: the post text, author name and handle from the "— Name (@handle) Date" line,
 * the date, and the post URL (the last status link). Embeds without text (already replaced by an
 * iframe) are skipped.
 */
export function findEmbeddedPosts(document: Document): EmbeddedPost[] {
  const posts: EmbeddedPost[] = [];
  for (const element of document.querySelectorAll(EMBED_SELECTOR)) {
    const post = readPost(element);
    if (post && !posts.some((p) => (p.url && p.url === post.url) || p.text === post.text)) posts.push(post);
  }
  return posts;
}

function readPost(element: Element): EmbeddedPost | undefined {
  const className = element.getAttribute('class') ?? '';
  const platform: EmbeddedPost['platform'] = /bluesky/.test(className)
    ? 'bluesky'
    : /mastodon/.test(className)
      ? 'mastodon'
      : /telegram/.test(className)
        ? 'telegram'
        : 'twitter';
  const paragraphs = [...element.querySelectorAll('p')];
  const text = paragraphs
    .map((p) => elementText(p))
    .filter(Boolean)
    .join('\n\n');
  if (!text) return undefined;

  const lastParagraph = paragraphs[paragraphs.length - 1];
  let signature = '';
  if (lastParagraph) {
    for (let node = lastParagraph.nextSibling; node; node = node.nextSibling) signature += node.textContent ?? '';
  }
  signature = collapseSpace(signature);
  const post: EmbeddedPost = { platform, text };
  const lang = normaliseLang(paragraphs.find((p) => p.getAttribute('lang'))?.getAttribute('lang'));
  if (lang) post.lang = lang;

  const byline = /^[—–-]?\s*(.*?)\s*\(\s*(@[\w.@-]+)\s*\)\s*(.*)$/su.exec(signature);
  if (byline) {
    if (byline[1]) post.authorName = byline[1];
    post.handle = byline[2]!;
  } else if (signature) {
    const named = /^[—–-]?\s*(.+?)\s*(?:\(|$)/.exec(signature);
    if (named?.[1]) post.authorName = named[1];
  }

  const links = [...element.querySelectorAll('a[href]')]
    .map((a) => ({ href: a.getAttribute('href') ?? '', text: collapseSpace(a.textContent ?? '') }))
    .filter((a) => STATUS_LINK[platform].test(a.href));
  const status = links[links.length - 1];
  if (status) post.url = cleanUrl(status.href);
  else {
    const embedUrl = element.getAttribute('data-embed-url') ?? element.getAttribute('cite');
    if (embedUrl && /^https?:/i.test(embedUrl)) post.url = cleanUrl(embedUrl.replace(/\/embed\/?$/, ''));
  }
  const date = normaliseDate(status?.text) ?? normaliseDate(byline?.[3]) ?? normaliseDate(signature.replace(/^.*\)\s*/, ''));
  if (date) post.date = date;
  if (!post.handle && post.url) {
    const handle = /\.com\/([^/]+)\/status/.exec(post.url)?.[1] ?? /\/profile\/([^/]+)\//.exec(post.url)?.[1];
    if (handle && !handle.startsWith('did:')) post.handle = `@${handle}`;
  }
  return post;
}

function cleanUrl(href: string): string {
  try {
    const url = new URL(href);
    url.search = '';
    url.hash = '';
    return url.href;
  } catch {
    return href;
  }
}

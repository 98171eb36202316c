import type { Extractor } from '../sources.js';
import type {
  Attribution,
  ClaimKind,
  ExtractedClaim,
  ExtractionInput,
  ExtractionResult,
  PageMetadata,
  Place,
  PlaceFinder,
} from './types.js';
import { readArticleBody } from './article.js';
import { readCaptions } from './captions.js';
import { attributeClaim, carryVoice, createAttributionContext } from './attribution.js';
import { type ClaimReviewEntry, findClaimReviews } from './claim-review.js';
import { normaliseDate } from './dates.js';
import { EMBED_SELECTOR, type TextBlock, collapseSpace, parseDocument } from './dom.js';
import { type JsonLd, collectJsonLdScripts, parseJsonLd } from './json-ld.js';
import { detectLang, normaliseLang } from './language.js';
import { findLiveuamapEvents, isLiveuamapUrl } from './liveuamap.js';
import { declaresArticle, declaresCollection, fillFromReadability, readMetadata } from './metadata.js';
import { readPageBlocks } from './page.js';
import { type EmbeddedPost, findEmbeddedPosts } from './posts.js';
import { type TextLocator, createTextLocator, detachedSelector } from './quote-selector.js';
import { isClaimLike, isDirectQuote, splitSentences } from './sentences.js';
import { similarity } from '../claim-history.js';

type Draft = Omit<ExtractedClaim, 'selector' | 'places' | 'lang'> & {
  lang?: string;
  /** Coordinates the page gave (Liveuamap); when absent, places come from the gazetteer. */
  places?: Place[];
  /** What to look places up in, when not the claim text. */
  placeText?: string;
  /** Sentences are located in reading order; other claims anywhere in the text. */
  sequential?: boolean;
  /** The headline added from the metadata: anchored at its last copy before the body, not in the body's flow. */
  leading?: boolean;
  /** A picture's caption: a claim only where the page's text shows it. */
  caption?: boolean;
};

/**
 * Which extractor runs: an explicit choice wins; `auto` picks `liveuamap` on liveuamap.com hosts,
 * `article` when the page declares an article (JSON-LD Article or any `*Article` type, or `og:type`
 * article), else `page`.
 */
export function chooseExtractor(url: string, requested: Extractor, declaresArticlePage: () => boolean): Exclude<Extractor, 'auto'> {
  if (requested !== 'auto') return requested;
  if (isLiveuamapUrl(url)) return 'liveuamap';
  return declaresArticlePage() ? 'article' : 'page';
}

/**
 * Extracts the claims a captured page makes (pure: no I/O).
 * - Articles: sentences of the Readability body (and the headline), kind `quote` for direct quotations,
 *   attributed with the cue lexicon; picture captions without their credits; embedded posts as
 *   `post`; ClaimReview JSON-LD as reviewed statements.
 * - Liveuamap: one `event` per event id, from `var ovens`, `ajax/do?act=pts` responses and the DOM feed.
 * - Other pages: headings, paragraphs, list items and captions, treated like article sentences.
 * Every claim carries a TextQuoteSelector into `input.text` and its text is the exact substring there
 * when found (a caption that is not found is no claim). Places come from `deps.findPlaces` with `metadata.aboutCountry` as the tie-breaker:
 * the country most often found in the headline and the first three text blocks (for Liveuamap, the
 * headline and the region subdomain), ties going to the one mentioned first.
 */
export function extractClaims(input: ExtractionInput, deps: { findPlaces: PlaceFinder }): ExtractionResult {
  const document = parseDocument(input.html);
  const jsonLd = parseJsonLd(collectJsonLdScripts(document, input.rawHtml));
  const extractor = chooseExtractor(input.url, input.extractor, () => declaresArticle(document, jsonLd, input.url));
  const metadata = readMetadata(document, jsonLd, input.url);
  const { drafts, countryTexts } =
    extractor === 'liveuamap' ? liveuamapDrafts(input, document, metadata) : documentDrafts(input, document, jsonLd, metadata, extractor);
  const aboutCountry = findAboutCountry(deps.findPlaces, countryTexts, metadata.lang ?? 'und');
  if (aboutCountry) metadata.aboutCountry = aboutCountry;
  return { extractor, metadata, claims: finishClaims(drafts, input.text, deps.findPlaces, aboutCountry) };
}

interface Drafts {
  drafts: Draft[];
  /** Texts that say which country the page is about. */
  countryTexts: string[];
}

function liveuamapDrafts(input: ExtractionInput, document: Document, metadata: PageMetadata): Drafts {
  const lang = metadata.lang ?? liveuamapPathLang(input.url);
  const drafts = findLiveuamapEvents(input, document).map((event) => {
    const draft: Draft = {
      text: event.name,
      kind: 'event',
      attributedTo: event.viaSource ? [`@${event.viaSource.replace(/^@/, '')}`] : [],
      externalId: event.id,
    };
    if (lang) draft.lang = lang;
    const eventTime = event.timestamp !== undefined ? normaliseDate(event.timestamp) : undefined;
    if (eventTime) draft.eventTime = eventTime;
    if (event.source) draft.sourceLink = event.source;
    if (event.category) draft.category = event.category;
    if (event.lat !== undefined && event.lon !== undefined) {
      draft.places = [{ name: event.location ?? `${event.lat}, ${event.lon}`, lat: event.lat, lon: event.lon, featureClass: 'point' }];
    } else if (event.location) {
      draft.placeText = event.location;
    }
    return draft;
  });
  return { drafts, countryTexts: [metadata.headline ?? '', regionOf(input.url)] };
}

function documentDrafts(
  input: ExtractionInput,
  document: Document,
  jsonLd: JsonLd,
  metadata: PageMetadata,
  extractor: 'article' | 'page',
): Drafts {
  const posts = collectPosts(document, input.html, input.rawHtml);
  const heading = pageHeading(document);
  const captions = readCaptions(document);
  let blocks: HeadedBlock[];
  if (extractor === 'article') {
    const body = readArticleBody(document, { embeds: false });
    fillFromReadability(metadata, body.hints);
    blocks = body.blocks.length > 0 ? body.blocks : readPageBlocks(parseDocument(input.html));
  } else {
    blocks = readPageBlocks(document);
  }
  const headline = headlineOnPage(metadata.headline, heading, input.text);
  if (headline) {
    // An article's headline is a claim without a verb ("Storm closes ring road"); so is a page's,
    // when its main content does not hold it.
    const inBody = blocks.findIndex((b) => collapseSpace(b.text) === headline);
    if (inBody < 0) blocks = [{ text: headline, tag: 'H1', headline: true }, ...blocks];
    else if (extractor === 'article') blocks = blocks.map((b, i) => (i === inBody ? { ...b, headline: true } : b));
  }
  const drafts = [
    ...sentenceDrafts(blocks, metadata.lang, { teasers: extractor === 'page' && declaresCollection(jsonLd), captions }),
    ...posts.map(postDraft),
    ...findClaimReviews(jsonLd).map((r) => reviewDraft(r, metadata)),
  ];
  return {
    drafts,
    countryTexts: [
      metadata.headline ?? '',
      ...blocks
        .filter((b) => !b.headline)
        .slice(0, 3)
        .map((b) => b.text),
    ],
  };
}

type HeadedBlock = TextBlock & { headline?: boolean };

/** The text of the page's first `h1`, read before Readability rewrites the document. */
function pageHeading(document: Document): string | undefined {
  const h1 = document.querySelector('h1');
  const text = h1 ? collapseSpace(h1.textContent ?? '') : '';
  return text || undefined;
}

/**
 * The headline as the page shows it: the metadata's headline when the page text has it, else the
 * page's `h1` when it is the same headline worded for the page ("Coronavirus: New York ramps up mass
 * burials amid outbreak" for og:title "New York ramps up mass burials amid virus outbreak").
 */
function headlineOnPage(headline: string | undefined, heading: string | undefined, text: string): string | undefined {
  if (!headline) return undefined;
  const compact = (s: string) => s.replace(/\s+/g, '');
  if (text.includes(headline) || compact(text).includes(compact(headline))) return headline;
  if (heading && heading !== headline && similarity(heading, headline) >= 0.6) return heading;
  return headline;
}

/**
 * `teasers`: the page is a section front, whose stories are linked headlines and summaries: link
 * text is its content (elsewhere a paragraph of link text is a related-story link, left out).
 * `captions`: the page's picture captions, claims without a verb ("Fighters near Hama on Monday"),
 * read after the body so that "The president said …" under a picture finds the president the body
 * named (a pronoun never reaches into the body or another caption), and placed where the text shows them.
 */
function sentenceDrafts(
  blocks: HeadedBlock[],
  pageLang: string | undefined,
  options: { teasers?: boolean; captions?: TextBlock[] } = {},
): Draft[] {
  const splitLang =
    pageLang ??
    detectLang(
      blocks
        .slice(0, 6)
        .map((b) => b.text)
        .join(' '),
    );
  const context = createAttributionContext();
  const drafts: Draft[] = [];
  const spoken: Spoken[] = [];
  const interview = createInterview();
  /** "… also said:" before a list: the list's items are what was said. */
  let listIntro: Voice | undefined;
  /** The list items after a sentence ending with a colon complete it: they need no verb. */
  let announced = false;
  for (const [paragraph, block] of blocks.entries()) {
    context.paragraph = paragraph;
    if (!block.headline && !options.teasers && isLinkList(block)) continue;
    if (block.tag !== 'LI') {
      listIntro = undefined;
      announced = false;
    }
    const answers = interview.read(block);
    let lastVoice: Voice | undefined;
    for (const sentence of joinEnumerations(splitSentences(block.text, splitLang))) {
      const text = collapseSpace(sentence).replace(CLOSING_CREDIT, '$1');
      const lang = pageLang ?? detectLang(text);
      const answer = answers(sentence);
      // A headline needs no verb ("Los Ángeles, gloriosa capital del sushi"); on a section front every
      // heading of five words or more is one (shorter ones name the sections: "El brote de Coronavirus").
      const headline = block.headline || (options.teasers && /^H[1-3]$/.test(block.tag) && text.split(/\s+/).length >= 5);
      const requireVerb = !headline && !(announced && block.tag === 'LI');
      if (!isClaimLike(text, lang === 'und' ? splitLang : lang, { requireVerb })) continue;
      const kind: ClaimKind = isDirectQuote(text) ? 'quote' : 'statement';
      let { attributedTo, attribution } = attributeClaim(text, lang, context);
      const inherited = attributedTo.length > 0 ? undefined : answer ? interview.voice : block.tag === 'LI' ? listIntro : undefined;
      if (inherited)
        ({ attributedTo, attribution } = { attributedTo: [...inherited.attributedTo], attribution: { ...inherited.attribution } });
      const draft: Draft = { text, kind, lang, attributedTo, ...(attribution ? { attribution } : {}) };
      if (block.headline) draft.leading = true;
      else draft.sequential = true;
      drafts.push(draft);
      spoken.push({ draft, paragraph, quoted: kind === 'quote' || QUOTE_EDGE.test(text) });
      lastVoice = attribution?.speaker || attribution?.organisation ? { attributedTo, attribution } : undefined;
      if (paragraph === 0 || block.headline) interview.headline(lastVoice);
    }
    if (isOnlyQuotation(spoken.filter((item) => item.paragraph === paragraph))) carryVoice(context);
    if (block.tag !== 'LI' && /:\s*$/u.test(block.text)) announced = true;
    if (block.tag !== 'LI' && lastVoice && /:\s*$/u.test(block.text))
      listIntro = { ...lastVoice, attribution: { ...lastVoice.attribution, cue: `${lastVoice.attribution.cue}:` } };
  }
  continueQuotes(spoken);
  for (const [i, block] of (options.captions ?? []).entries()) {
    context.paragraph = blocks.length + 2 * (i + 1);
    for (const sentence of splitSentences(block.text, splitLang)) {
      const text = collapseSpace(sentence);
      const lang = pageLang ?? detectLang(text);
      if (!isClaimLike(text, lang === 'und' ? splitLang : lang, { requireVerb: false })) continue;
      const { attributedTo, attribution } = attributeClaim(text, lang, context);
      const kind: ClaimKind = isDirectQuote(text) ? 'quote' : 'statement';
      drafts.push({ text, kind, lang, attributedTo, ...(attribution ? { attribution } : {}), caption: true });
    }
  }
  return drafts;
}

interface Voice {
  attributedTo: string[];
  attribution: Attribution;
}

/** A question: opens with a question marker ("*", "Q:", "س:") or ends with a question mark. */
const QUESTION_LINE = /^\s*(?:[*•]|[Qqس]\s*[:：.])|[?؟]\s*$/u;
/** An answer: opens with a dash or an answer marker ("A:", "R :", "ج:"). */
const ANSWER_LINE = /^\s*(?:[-–—]|[AaRrج]\s*[:：])/u;

/**
 * A question-and-answer interview: once a page has shown a question line followed by an answer line
 * (a dash or "A:"), every answer, and every paragraph that goes on from one until the next question
 * or heading, is the words of the interviewee, the speaker the headline credits ("Name to Outlet:
 * …", `cue: "interview answer"`). Without a credited headline nothing is attributed.
 */
function createInterview(): {
  voice?: Voice;
  headline(voice: Voice | undefined): void;
  read(block: TextBlock): (sentence: string) => boolean;
} {
  let answering = false;
  let started = false;
  const state: { voice?: Voice; headline(voice: Voice | undefined): void; read(block: TextBlock): (sentence: string) => boolean } = {
    headline(voice) {
      if (voice && !state.voice) state.voice = { ...voice, attribution: { ...voice.attribution, cue: 'interview answer' } };
    },
    read(block) {
      if (/^H[1-6]$/.test(block.tag)) answering = false;
      const lines = block.text.split('\n');
      const answerLine: boolean[] = [];
      for (const [i, line] of lines.entries()) {
        if (ANSWER_LINE.test(line) && i > 0 && QUESTION_LINE.test(lines[i - 1]!)) started = true;
        if (QUESTION_LINE.test(line) && !ANSWER_LINE.test(line)) answering = false;
        else if (ANSWER_LINE.test(line) && (started || (i > 0 && QUESTION_LINE.test(lines[i - 1]!)))) answering = true;
        answerLine.push(answering && started);
      }
      if (!state.voice || !answerLine.some(Boolean)) return () => false;
      let from = 0;
      const starts = lines.map((line) => {
        const at = from;
        from += line.length + 1;
        return at;
      });
      let cursor = 0;
      return (sentence) => {
        const at = block.text.indexOf(sentence.trim(), cursor);
        if (at < 0) return false;
        cursor = at + 1;
        const line = starts.findLastIndex((start) => start <= at);
        return answerLine[line] ?? false;
      };
    },
  };
  return state;
}

/** Few enough words to be an item of an enumeration rather than a sentence ("2. Norway"). */
const ITEM_WORDS = 6;

/**
 * A sentence that ends with a colon and the short lines after it in the same paragraph ("The overall
 * rankings were as follows: 1. Finland 2. Norway …") are one claim: the items say nothing alone.
 */
function joinEnumerations(sentences: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const sentence = sentences[i]!;
    let j = i + 1;
    if (/:\s*$/u.test(sentence)) {
      while (
        j < sentences.length &&
        sentences[j]!.trim().split(/\s+/).length <= ITEM_WORDS &&
        !/[.!?…]["”»’]?\s*$/u.test(sentences[j]!.replace(/^\s*\d+\.\s*$/u, ''))
      )
        j++;
    }
    if (j - i > 2) {
      out.push(sentences.slice(i, j).join(' '));
      i = j - 1;
    } else out.push(sentence);
  }
  return out;
}

/** Initials or an agency in brackets after the last full stop ("… voraus. (bsc)", "… said. (AFP)"): a credit, not the claim. */
const CLOSING_CREDIT = /([.!?…]["'”’»]?)\s*\([\p{L}\s/.,-]{1,20}\)$/u;

/** Opens or closes with a quotation mark: part of a quotation that may run over several sentences. */
const QUOTE_EDGE = /^\s*["“”«»„‘’‚‹›]|["“”«»„’‹›]\s*[.,!?…]?\s*$/u;

interface Spoken {
  draft: Draft;
  paragraph: number;
  quoted: boolean;
}

/**
 * A quotation that runs over several sentences is the speaker's throughout: a quoted sentence with no
 * cue of its own takes the attribution of the nearest attributed sentence of the same quotation: later
 * in the paragraph (`"…. …," he said.`), earlier in it, or, for a paragraph that opens with a
 * quotation, the last attributed quotation of the paragraph before (`cue: "quote continued"`). A
 * paragraph that is nothing but a quotation goes on quoting the last speaker quoted within the two
 * paragraphs before it, when nobody else was credited in between. Paragraphs are counted among those
 * that hold claims, so a picture's caption between two does not separate them.
 */
function continueQuotes(list: Spoken[]): void {
  const attributed = (item: Spoken | undefined): boolean => item !== undefined && item.draft.attributedTo.length > 0;
  const inherit = (item: Spoken, from: Spoken): void => {
    item.draft.attributedTo = [...from.draft.attributedTo];
    item.draft.attribution = { ...(from.draft.attribution ?? {}), cue: 'quote continued' };
  };
  const rank = new Map<number, number>();
  for (const item of list) if (!rank.has(item.paragraph)) rank.set(item.paragraph, rank.size);
  const paragraphOf = (item: Spoken): number => rank.get(item.paragraph)!;
  const onlyQuotation = new Map<number, boolean>();
  for (const item of list) {
    if (!onlyQuotation.has(item.paragraph))
      onlyQuotation.set(item.paragraph, isOnlyQuotation(list.filter((other) => other.paragraph === item.paragraph)));
  }
  const source: (Spoken | undefined)[] = list.map(() => undefined);
  for (const [i, item] of list.entries()) {
    if (attributed(item) || !item.quoted) continue;
    let j = i + 1;
    while (j < list.length && list[j]!.paragraph === item.paragraph && list[j]!.quoted && !attributed(list[j])) j++;
    const after = list[j];
    if (after && after.paragraph === item.paragraph && attributed(after) && after.quoted) {
      source[i] = after;
      continue;
    }
    let k = i - 1;
    while (k >= 0 && list[k]!.paragraph === item.paragraph && list[k]!.quoted && !attributed(list[k])) k--;
    const opensParagraph = k < 0 || list[k]!.paragraph !== item.paragraph;
    if (onlyQuotation.get(item.paragraph) && opensParagraph) {
      // The last sentence anyone was credited with, within the two paragraphs before.
      while (k >= 0 && !attributed(list[k]) && paragraphOf(item) - paragraphOf(list[k]!) <= 2) k--;
    }
    const before = list[k];
    if (!before || !attributed(before) || !before.quoted) continue;
    const gap = paragraphOf(item) - paragraphOf(before);
    if (gap === 0 || (opensParagraph && (gap === 1 || (gap === 2 && onlyQuotation.get(item.paragraph))))) source[i] = before;
  }
  for (const [i, item] of list.entries()) {
    const from = source[i];
    if (from) inherit(item, from);
  }
}

/**
 * Whether a paragraph's sentences are one bare quotation: it opens with a quotation mark, closes with
 * one, and no sentence has a cue, nor a speech tag after its closing mark ("…,” she replied.") that
 * the lexicon may not know.
 */
function isOnlyQuotation(paragraph: Spoken[]): boolean {
  if (paragraph.length === 0 || !/^\s*["“”«„‘‚‹]/u.test(paragraph[0]!.draft.text)) return false;
  if (!/["”»’›]\s*[.!?…]?\s*$/u.test(paragraph.at(-1)!.draft.text)) return false;
  return paragraph.every(
    (item) => item.quoted && item.draft.attributedTo.length === 0 && !/[,.!?…]["”»’›]\s+\p{Ll}/u.test(item.draft.text),
  );
}

/**
 * A block that is (almost) all link text, such as a related-story headline or "Continue reading the
 * main story": navigation inside the article, not something the page claims.
 */
function isLinkList(block: HeadedBlock): boolean {
  return (block.linkShare ?? 0) >= 0.9 && block.text.length < 300;
}

function reviewDraft(review: ClaimReviewEntry, metadata: PageMetadata): Draft {
  const draft: Draft = {
    text: review.claimReviewed,
    kind: 'statement',
    attributedTo: review.claimAuthor ? [review.claimAuthor] : [],
    review: { claimReviewed: review.claimReviewed },
  };
  if (review.rating) draft.review!.rating = review.rating;
  if (review.reviewer) draft.review!.reviewer = review.reviewer;
  const lang = review.lang ?? metadata.lang;
  if (lang) draft.lang = lang;
  return draft;
}

function postDraft(post: EmbeddedPost): Draft {
  const draft: Draft = { text: post.text, kind: 'post', attributedTo: [post.handle ?? post.authorName].filter((n): n is string => !!n) };
  const author: { name?: string; handle?: string } = {};
  if (post.authorName) author.name = post.authorName;
  if (post.handle) author.handle = post.handle;
  if (author.name || author.handle) draft.author = author;
  if (post.date) draft.eventTime = post.date;
  if (post.url) {
    draft.sourceLink = post.url;
    draft.externalId = post.url;
  }
  draft.lang = post.lang ?? detectLang(post.text);
  return draft;
}

/** Class names that every embed of {@link EMBED_SELECTOR} carries: without them there is nothing to look for. */
const EMBED_MARKERS = /twitter-tweet|twitter-video|bluesky-embed|mastodon-embed|telegram-post/;

/** Posts in the rendered DOM, plus those only the raw HTML still has (embed scripts replace them with iframes). */
function collectPosts(document: Document, html: string, rawHtml: string | undefined): EmbeddedPost[] {
  if (!EMBED_MARKERS.test(html) && !(rawHtml && EMBED_MARKERS.test(rawHtml))) return [];
  const posts = findEmbeddedPosts(document);
  if (rawHtml && rawHtml !== html && EMBED_MARKERS.test(rawHtml)) {
    for (const post of findEmbeddedPosts(parseDocument(rawHtml))) {
      if (!posts.some((p) => (p.url && p.url === post.url) || p.text === post.text)) posts.push(post);
    }
  }
  for (const embed of [...document.querySelectorAll(EMBED_SELECTOR)]) embed.remove();
  return posts;
}

function finishClaims(drafts: Draft[], pageText: string, findPlaces: PlaceFinder, aboutCountry: string | undefined): ExtractedClaim[] {
  const locator = createTextLocator(pageText);
  let cursor = 0;
  const located: { claim: ExtractedClaim; at: number; end: number; sequential: boolean; leading: boolean; placeText?: string }[] = [];
  const seen = new Set<string>();
  for (const draft of drafts) {
    const { places: given, placeText, sequential, leading, caption, lang: draftLang, ...rest } = draft;
    const key = `${draft.kind}\u0000${draft.externalId ?? collapseSpace(draft.text)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const found = locator.locate(draft.text, sequential ? cursor : 0);
    if (caption && !found) continue;
    if (found && sequential) cursor = found.end;
    const text = found ? found.selector.exact : draft.text;
    const lang = draftLang ?? detectLang(text);
    const claim: ExtractedClaim = { ...rest, text, lang, places: given ?? [], selector: found ? found.selector : detachedSelector(text) };
    located.push({
      claim,
      at: found ? found.start : Number.MAX_SAFE_INTEGER,
      end: found ? found.end : Number.MAX_SAFE_INTEGER,
      sequential: !!sequential && !!found,
      leading: !!leading && !!found,
      ...(given ? {} : { placeText: placeText ?? collapseSpace(text) }),
    });
  }
  const body = located.find((entry) => entry.sequential);
  for (const entry of located) {
    if (!entry.leading || !body) continue;
    const before = locator.locateLast(entry.claim.text, -1, body.at);
    if (before) Object.assign(entry, { at: before.start, end: before.end, claim: { ...entry.claim, selector: before.selector } });
  }
  anchorNearNext(located, locator);
  placeClaims(located, findPlaces, aboutCountry);
  return located
    .map((entry, order) => ({ ...entry, order }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map((entry) => entry.claim);
}

/**
 * A sentence found first in the page's chrome (the headline repeated in a sticky header, a sentence
 * also shown in a teaser) is anchored at its last occurrence before the next sentence of the body
 * instead: the article's text runs on there, so that is where the reader sees it.
 */
function anchorNearNext(entries: { claim: ExtractedClaim; at: number; end: number; sequential: boolean }[], locator: TextLocator): void {
  let next: { at: number } | undefined;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (!entry.sequential) continue;
    if (next && next.at > entry.end) {
      const closer = locator.locateLast(entry.claim.text, entry.at, next.at);
      if (closer) {
        entry.at = closer.start;
        entry.end = closer.end;
        entry.claim.selector = closer.selector;
      }
    }
    next = entry;
  }
}

/** Looks up the places of every claim that has none from the page, one call per language when the finder resolves whole pages. */
function placeClaims(
  entries: { claim: ExtractedClaim; placeText?: string }[],
  findPlaces: PlaceFinder,
  aboutCountry: string | undefined,
): void {
  const byLang = new Map<string, { claim: ExtractedClaim; placeText: string }[]>();
  for (const { claim, placeText } of entries) {
    if (placeText === undefined) continue;
    const group = byLang.get(claim.lang) ?? [];
    group.push({ claim, placeText });
    byLang.set(claim.lang, group);
  }
  for (const [lang, group] of byLang) {
    const found = findPlaces.page
      ? findPlaces.page(
          group.map((g) => g.placeText),
          lang,
          aboutCountry,
        )
      : group.map((g) => findPlaces(g.placeText, lang, aboutCountry));
    for (const [i, { claim }] of group.entries()) claim.places = uniquePlaces(found[i] ?? []);
  }
}

function uniquePlaces(places: Place[]): Place[] {
  const unique: Place[] = [];
  for (const place of places) {
    if (!unique.some((p) => p.name === place.name && p.lat === place.lat && p.lon === place.lon)) unique.push(place);
  }
  return unique;
}

function findAboutCountry(findPlaces: PlaceFinder, texts: string[], lang: string): string | undefined {
  const counts = new Map<string, number>();
  for (const text of texts) {
    if (!text.trim()) continue;
    for (const place of findPlaces(text, lang)) {
      if (place.country) counts.set(place.country, (counts.get(place.country) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  for (const [country, count] of counts) if (best === undefined || count > counts.get(best)!) best = country;
  return best;
}

function liveuamapPathLang(url: string): string | undefined {
  try {
    return normaliseLang(/^\/([a-z]{2})(?:\/|$)/.exec(new URL(url).pathname)?.[1]);
  } catch {
    return undefined;
  }
}

function regionOf(url: string): string {
  try {
    const sub = new URL(url).hostname
      .toLowerCase()
      .replace(/\.?liveuamap\.com$/, '')
      .replace(/^www\.?/, '');
    return sub.replace(/[-.]/g, ' ');
  } catch {
    return '';
  }
}

import { normaliseLang } from './language.js';
import { type JsonLd, type JsonLdNode, namesOf, prop, resolve, stringOf, typesOf, walkNodes } from './json-ld.js';

export interface ClaimReviewEntry {
  claimReviewed: string;
  rating?: string;
  reviewer?: string;
  /** Who made the reviewed claim (`itemReviewed.author`). */
  claimAuthor?: string;
  lang?: string;
}

/**
 * Every schema.org ClaimReview in the page's JSON-LD, nested ones included: the claim reviewed, the
 * rating (`reviewRating.alternateName`, else its `ratingValue`), the reviewer (`author`) and who made the
 * claim (`itemReviewed.author`).
 */
export function findClaimReviews(jsonLd: JsonLd): ClaimReviewEntry[] {
  const reviews: ClaimReviewEntry[] = [];
  walkNodes(jsonLd, (node) => {
    if (!typesOf(node).includes('ClaimReview')) return;
    const item = resolve(prop(node, 'itemReviewed'), jsonLd) as JsonLdNode | undefined;
    const itemNode = item && typeof item === 'object' && !Array.isArray(item) ? item : undefined;
    const claimReviewed =
      stringOf(prop(node, 'claimReviewed')) ??
      (itemNode ? (stringOf(prop(itemNode, 'text')) ?? stringOf(prop(itemNode, 'name'))) : undefined);
    if (!claimReviewed || reviews.some((r) => r.claimReviewed === claimReviewed)) return;
    const entry: ClaimReviewEntry = { claimReviewed };
    const ratingNode = resolve(prop(node, 'reviewRating'), jsonLd);
    if (ratingNode && typeof ratingNode === 'object' && !Array.isArray(ratingNode)) {
      const rating = stringOf(prop(ratingNode as JsonLdNode, 'alternateName')) ?? stringOf(prop(ratingNode as JsonLdNode, 'ratingValue'));
      if (rating) entry.rating = rating;
    }
    const reviewer = namesOf(prop(node, 'author'), jsonLd)[0];
    if (reviewer) entry.reviewer = reviewer;
    const claimAuthor = itemNode ? namesOf(prop(itemNode, 'author'), jsonLd)[0] : undefined;
    if (claimAuthor) entry.claimAuthor = claimAuthor;
    const lang = normaliseLang(stringOf(prop(node, 'inLanguage')));
    if (lang) entry.lang = lang;
    reviews.push(entry);
  });
  return reviews;
}

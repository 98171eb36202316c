import type { Extractor } from '../sources.js';

export type ClaimKind = 'statement' | 'quote' | 'event' | 'post';

/** A place with coordinates, from the gazetteer or (for Liveuamap events) from the event itself. */
export interface Place {
  name: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2 of the country the place is in (or is). */
  country?: string;
  /** GeoNames id where the place came from GeoNames. */
  geonameId?: number;
  /**
   * What kind of place: a continent, a country, a first-level region (state, province, governorate),
   * a city or town, or a point the page gave (Liveuamap events).
   */
  featureClass?: 'continent' | 'country' | 'region' | 'city' | 'point';
}

/** W3C Web Annotation TextQuoteSelector into the snapshot's stored text artifact. */
export interface TextQuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

/**
 * Who a claim is attributed to, in parts: the person who said it, their role, the organisation they
 * speak for and the outlet that relays them, and the cue words that mark the attribution ("said",
 * "according to", "hefur eftir").
 */
export interface Attribution {
  speaker?: string;
  role?: string;
  organisation?: string;
  outlet?: string;
  cue: string;
}

export interface ExtractedClaim {
  text: string;
  kind: ClaimKind;
  /** ISO 639-1 code, or `und` when unknown. */
  lang: string;
  /** The speaker first, then the organisation or outlet. */
  attributedTo: string[];
  /** The same voice in parts, when a cue attributes the claim. */
  attribution?: Attribution;
  places: Place[];
  eventTime?: string;
  /** The original report behind the claim: an embedded post's URL, a Liveuamap event's source link. */
  sourceLink?: string;
  /** Liveuamap category (svimg / picpath icon). */
  category?: string;
  /** An id the page gives the claim (Liveuamap event id, post URL). */
  externalId?: string;
  author?: { name?: string; handle?: string };
  review?: { claimReviewed?: string; rating?: string; reviewer?: string };
  selector: TextQuoteSelector;
}

export interface PageMetadata {
  headline?: string;
  datePublished?: string;
  dateModified?: string;
  author: string[];
  publisher?: string;
  lang?: string;
  /** ISO 3166-1 alpha-2 of the country the page is mostly about, used to break place-name ties. */
  aboutCountry?: string;
}

export interface ExtractionInput {
  url: string;
  /** The rendered DOM (html artifact). */
  html: string;
  /** The visible text (text artifact): selectors point into this string. */
  text: string;
  /** The raw main-document payload as served, before scripts ran (for `var ovens` and JSON-LD). */
  rawHtml?: string;
  /** Network responses seen during capture (for Liveuamap `ajax/do?act=pts`). */
  responses: { url: string; contentType: string; body: Uint8Array }[];
  extractor: Extractor;
}

export interface ExtractionResult {
  extractor: Exclude<Extractor, 'auto'>;
  metadata: PageMetadata;
  claims: ExtractedClaim[];
}

/**
 * Finds the places each text of one page mentions, resolved together (the page's country and its other
 * places weigh on each name); `countryHint` is the country the page is about.
 */
export type PagePlaceFinder = (texts: readonly string[], lang: string, countryHint?: string) => Place[][];

/**
 * Finds the places a text mentions, in the given language; `countryHint` breaks ties. `page`, when
 * given, resolves all the claims of a page at once.
 */
export interface PlaceFinder {
  (text: string, lang: string, countryHint?: string): Place[];
  page?: PagePlaceFinder;
}

import type { TextQuoteSelector } from './types.js';

const CONTEXT = 32;
const IGNORABLE = /[\s\u00ad\u200b-\u200d\u2060\ufeff]/;

interface Located {
  selector: TextQuoteSelector;
  /** Offsets of `exact` in the text. */
  start: number;
  end: number;
}

/** Finds claim texts in a page's visible text, whitespace-insensitively. */
export interface TextLocator {
  /**
   * Locates `needle`, preferring the first occurrence at or after `from` (an offset into the text) and
   * falling back to the first occurrence anywhere. Returns undefined when the text does not contain it.
   */
  locate(needle: string, from?: number): Located | undefined;
  /** The last occurrence of `needle` that starts after `after` and ends by `before` (offsets into the text). */
  locateLast(needle: string, after: number, before: number): Located | undefined;
}

/**
 * Builds a locator over `text`. Matching ignores whitespace (and soft hyphens, zero-width characters)
 * on both sides, so a claim read from the DOM is found in innerText however lines were broken;
 * `exact` is always the original substring of `text`, and prefix/suffix are up to 32 characters around it.
 */
export function createTextLocator(text: string): TextLocator {
  let compact = '';
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (IGNORABLE.test(ch)) continue;
    compact += ch;
    positions.push(i);
  }
  const compactIndexOf = (offset: number): number => {
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (positions[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const keyOf = (needle: string): string => [...needle].filter((ch) => !IGNORABLE.test(ch)).join('');
  const located = (at: number, length: number): Located => {
    const start = positions[at]!;
    const end = positions[at + length - 1]! + 1;
    return {
      start,
      end,
      selector: {
        exact: text.slice(start, end),
        prefix: text.slice(wholeCharacterAt(text, Math.max(0, start - CONTEXT), 1), start),
        suffix: text.slice(end, wholeCharacterAt(text, Math.min(text.length, end + CONTEXT), -1)),
      },
    };
  };
  return {
    locate(needle, from = 0) {
      const key = keyOf(needle);
      if (!key) return undefined;
      let at = from > 0 ? compact.indexOf(key, compactIndexOf(from)) : -1;
      if (at < 0) at = compact.indexOf(key);
      return at < 0 ? undefined : located(at, key.length);
    },
    locateLast(needle, after, before) {
      const key = keyOf(needle);
      const limit = compactIndexOf(before) - key.length;
      if (!key || limit < 0) return undefined;
      const at = compact.lastIndexOf(key, limit);
      return at < 0 || positions[at]! <= after ? undefined : located(at, key.length);
    },
  };
}

/** Moves an offset off the middle of a surrogate pair (forward for a start, backward for an end). */
function wholeCharacterAt(text: string, offset: number, direction: 1 | -1): number {
  const code = text.charCodeAt(offset);
  const splitsPair = code >= 0xdc00 && code <= 0xdfff && offset > 0 && offset < text.length;
  return splitsPair ? offset + (direction === 1 ? 1 : -1) : offset;
}

/** The selector for a text that is not on the page: the text itself, without context. */
export function detachedSelector(text: string): TextQuoteSelector {
  return { exact: text, prefix: '', suffix: '' };
}

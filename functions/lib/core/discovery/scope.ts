import { URLPattern } from 'urlpattern-polyfill';
import { ValidationError } from '../errors.js';
import { siteOf } from './urls.js';

/** A compiled `include`/`exclude` pattern. */
interface UrlMatcher {
  pattern: string;
  test(url: string): boolean;
}

const REGEX_FORM = /^\/(.+)\/([dgimsuyv]*)$/s;
const MAX_PATTERN_LENGTH = 1_000;

/**
 * Compiles one pattern. `/…/flags` is a regular expression tested against the whole normalised URL
 * (`/\/world\//i`); anything else is WHATWG URLPattern syntax, where a pattern without a scheme
 * and host (`/world/*`) is resolved against the source's URL, so it means that path on the
 * source's own host. Throws a {@link ValidationError} naming the pattern if it does not compile.
 */
function compilePattern(pattern: string, base: string, path = 'include'): UrlMatcher {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) {
    throw new ValidationError(`${path}: a pattern must be 1 to ${MAX_PATTERN_LENGTH} characters`, [
      { path, message: 'empty or too long pattern' },
    ]);
  }
  const regex = REGEX_FORM.exec(pattern);
  if (regex) {
    try {
      const re = new RegExp(regex[1]!, regex[2]!.replace(/[gy]/g, ''));
      return { pattern, test: (url) => re.test(url) };
    } catch (err) {
      throw new ValidationError(`${path}: ${pattern} is not a valid regular expression: ${(err as Error).message}`, [
        { path, message: 'invalid regular expression' },
      ]);
    }
  }
  try {
    const compiled = /^[a-z][a-z0-9+.-]*:/i.test(pattern) ? new URLPattern(pattern) : new URLPattern(pattern, base);
    return { pattern, test: (url) => compiled.test(url) };
  } catch (err) {
    throw new ValidationError(`${path}: ${pattern} is not a valid URLPattern: ${(err as Error).message}`, [
      { path, message: 'invalid URLPattern' },
    ]);
  }
}

/** Where a source's discovery may go: its include/exclude patterns, or by default its own site. */
export interface Scope {
  /** Why a URL is out of scope, or undefined when it is in. */
  reject(url: string): string | undefined;
}

export function compileScope(sourceUrl: string, include: string[] = [], exclude: string[] = []): Scope {
  const includes = include.map((p, i) => compilePattern(p, sourceUrl, `include.${i}`));
  const excludes = exclude.map((p, i) => compilePattern(p, sourceUrl, `exclude.${i}`));
  const site = siteOf(sourceUrl);
  return {
    reject(url) {
      if (includes.length > 0) {
        if (!includes.some((m) => m.test(url))) return 'matches no include pattern';
      } else if (siteOf(url) !== site) {
        return `outside the source's site (${site})`;
      }
      const excluded = excludes.find((m) => m.test(url));
      return excluded ? `matches exclude pattern ${excluded.pattern}` : undefined;
    },
  };
}

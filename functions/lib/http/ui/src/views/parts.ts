import type { Claim } from '../api.js';
import { h, replace, time } from '../dom.js';

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function loading(what: string): HTMLElement {
  return h('p', { class: 'muted', role: 'status' }, `Loading ${what}…`);
}

export function failure(error: unknown): HTMLElement {
  return h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error));
}

export function badge(text: string, kind = text): HTMLElement {
  return h('span', { class: `badge badge-${kind.replace(/[^a-z]/g, '')}` }, text);
}

export function statusBadge(status: string): HTMLElement {
  return badge(status, status);
}

/** One claim in a list: its text links to the claim; then kind, status, who, where, source and time. */
export function claimCard(claim: Claim): HTMLElement {
  return h(
    'li',
    { class: 'claim' },
    h(
      'p',
      { class: 'claim-text', lang: claim.lang === 'und' ? undefined : claim.lang },
      h('a', { href: `#/claims/${claim.id}` }, claim.text),
    ),
    h(
      'p',
      { class: 'claim-meta' },
      badge(claim.kind),
      ' ',
      statusBadge(claim.status),
      ' ',
      time(claim.claimTime),
      claim.attributedTo.length ? [' · ', h('span', { class: 'who' }, `according to ${claim.attributedTo.join(', ')}`)] : null,
      claim.places.length ? [' · ', h('span', { class: 'where' }, claim.places.map((p) => p.name).join(', '))] : null,
      ' · ',
      h(
        'a',
        { href: `#/claims?url=${encodeURIComponent(claim.sourceUrl)}`, class: 'source', title: claim.sourceUrl },
        hostOf(claim.sourceUrl),
      ),
    ),
  );
}

export function definitionList(rows: [string, Node | string | null | undefined | false][]): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    rows
      .filter(([, value]) => value !== null && value !== undefined && value !== false)
      .map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

/**
 * Pages through `nextCursor` on demand: each call of the returned function fetches the next page and
 * `show`s it, with the "Load more" button disabled meanwhile and hidden once there is no next page.
 * A failure shows in `status` and is thrown, so the router can still tell a refused key.
 */
export function pager<P extends { nextCursor: string | null }>(
  signal: AbortSignal,
  status: HTMLElement,
  more: HTMLButtonElement,
  fetchPage: (cursor: string | null) => Promise<P>,
  show: (page: P, hasMore: boolean) => void,
): () => Promise<void> {
  let cursor: string | null = null;
  return async () => {
    more.disabled = true;
    try {
      const page = await fetchPage(cursor);
      if (signal.aborted) return;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      show(page, Boolean(cursor));
    } catch (error) {
      if (signal.aborted) return;
      replace(status, failure(error));
      throw error;
    } finally {
      more.disabled = false;
    }
  };
}

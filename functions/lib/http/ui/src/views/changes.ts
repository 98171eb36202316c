import { type Change, getJson, query } from '../api.js';
import { h, replace, time } from '../dom.js';
import { wordDiff } from '../diff-view.js';
import type { ViewContext } from './context.js';
import { searchForm } from './form.js';
import { badge, hostOf, loading, pager } from './parts.js';

/** One change: what happened to which claim, at which capture, with links to the claim and both captures. */
export function changeItem(change: Change, withPage = true): HTMLElement {
  return h(
    'li',
    { class: `change change-${change.type}` },
    h(
      'p',
      { class: 'claim-meta' },
      badge(change.type),
      ' ',
      time(change.capturedAt),
      withPage ? [' · ', h('span', { title: change.sourceUrl }, hostOf(change.sourceUrl))] : null,
    ),
    h(
      'p',
      { class: 'claim-text' },
      change.type === 'edited' && change.previousText !== undefined
        ? wordDiff(change.previousText, change.text)
        : change.type === 'removed'
          ? h('del', {}, change.text)
          : change.text,
    ),
    h(
      'p',
      { class: 'links' },
      h('a', { href: `#/claims/${change.claimId}` }, 'the claim'),
      change.previousVersionId ? [' · ', h('a', { href: `#/claims/${change.previousVersionId}` }, 'its earlier wording')] : null,
      ' · ',
      h('a', { href: `#/snapshots/${change.snapshotId}` }, 'this capture'),
      change.previousSnapshotId ? [' · ', h('a', { href: `#/snapshots/${change.previousSnapshotId}` }, 'the capture before')] : null,
    ),
  );
}

/** `#/changes?url=…` or `?source=…`: claims added, removed or edited between captures, newest first. */
export async function changesView(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const url = ctx.params.get('url') ?? '';
  const source = ctx.params.get('source') ?? '';
  const form = searchForm(ctx, {
    path: '/changes',
    label: 'Choose a page or a source',
    submit: 'Show changes',
    fields: [
      { name: 'url', label: 'Page URL', hint: 'https://…', wide: true },
      { name: 'source', label: 'or source id', hint: 'src_…' },
      { name: 'from', label: 'From', hint: '2024-12-01' },
      { name: 'to', label: 'To', hint: '2024-12-05' },
    ],
  });
  const list = h('ol', { class: 'changes', aria: { label: 'Changes, newest first' } });
  const status = h('div', {});
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Load more');
  replace(root, h('h1', { tabindex: -1 }, 'Changes'), form, status, list, more);
  if (!url && !source) {
    replace(status, h('p', { class: 'muted' }, 'Give a page URL or a source id, or pick a source under Sources.'));
    return;
  }
  replace(status, loading('changes'));
  let count = 0;
  const load = pager(
    ctx.signal,
    status,
    more,
    (cursor) =>
      getJson<{ changes: Change[]; nextCursor: string | null }>(
        `/changes${query({ url: source ? undefined : url, source: source || undefined, from: ctx.params.get('from'), to: ctx.params.get('to'), limit: 100, cursor })}`,
        ctx.signal,
      ),
    (page, hasMore) => {
      for (const change of page.changes) list.appendChild(changeItem(change));
      count += page.changes.length;
      replace(
        status,
        h(
          'p',
          { class: 'summary', role: 'status' },
          count
            ? `${count} change${count === 1 ? '' : 's'}${hasMore ? ' shown; more exist' : ''}, newest first.`
            : 'No changes recorded yet.',
        ),
      );
    },
  );
  more.addEventListener('click', () => load().catch(() => {}));
  await load();
}

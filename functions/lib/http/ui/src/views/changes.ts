import { type Change, getJson, query } from '../api.js';
import { h, replace, time } from '../dom.js';
import { wordDiff } from '../diff-view.js';
import { hashFor, type ViewContext } from './context.js';
import { badge, failure, hostOf, loading } from './parts.js';

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
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      aria: { label: 'Choose a page or a source' },
      on: {
        submit: (event) => {
          event.preventDefault();
          const data = new FormData(form);
          ctx.navigate(
            hashFor('/changes', {
              url: String(data.get('url') ?? '').trim(),
              source: String(data.get('source') ?? '').trim(),
              from: String(data.get('from') ?? '').trim(),
              to: String(data.get('to') ?? '').trim(),
            }),
          );
        },
      },
    },
    h(
      'div',
      { class: 'field wide' },
      h('label', { for: 'changes-url' }, 'Page URL'),
      h('input', { id: 'changes-url', name: 'url', type: 'text', value: url, placeholder: 'https://…' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'changes-source' }, 'or source id'),
      h('input', { id: 'changes-source', name: 'source', type: 'text', value: source, placeholder: 'src_…' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'changes-from' }, 'From'),
      h('input', { id: 'changes-from', name: 'from', type: 'text', value: ctx.params.get('from') ?? '', placeholder: '2024-12-01' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'changes-to' }, 'To'),
      h('input', { id: 'changes-to', name: 'to', type: 'text', value: ctx.params.get('to') ?? '', placeholder: '2024-12-05' }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Show changes')),
  );
  const list = h('ol', { class: 'changes', aria: { label: 'Changes, newest first' } });
  const status = h('div', {});
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Load more');
  replace(root, h('h1', { tabindex: -1 }, 'Changes'), form, status, list, more);
  if (!url && !source) {
    replace(status, h('p', { class: 'muted' }, 'Give a page URL or a source id, or pick a source under Sources.'));
    return;
  }
  replace(status, loading('changes'));
  let cursor: string | null = null;
  let count = 0;
  const load = async () => {
    more.disabled = true;
    try {
      const page = await getJson<{ changes: Change[]; nextCursor: string | null }>(
        `/changes${query({ url: source ? undefined : url, source: source || undefined, from: ctx.params.get('from'), to: ctx.params.get('to'), limit: 100, cursor })}`,
        ctx.signal,
      );
      for (const change of page.changes) list.appendChild(changeItem(change));
      count += page.changes.length;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      replace(
        status,
        h(
          'p',
          { class: 'summary', role: 'status' },
          count
            ? `${count} change${count === 1 ? '' : 's'}${cursor ? ' shown; more exist' : ''}, newest first.`
            : 'No changes recorded yet.',
        ),
      );
    } catch (error) {
      if (ctx.signal.aborted) return;
      replace(status, failure(error));
      throw error;
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => load().catch(() => {}));
  await load();
}

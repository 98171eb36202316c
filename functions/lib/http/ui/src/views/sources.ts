import { ApiError, getJson, query, type Source, type SourceItem } from '../api.js';
import { h, replace, time } from '../dom.js';
import type { ViewContext } from './context.js';
import { failure, loading, statusBadge } from './parts.js';

function itemsPanel(source: Source, signal: AbortSignal): HTMLElement {
  const box = h('div', { class: 'items' });
  const list = h('ol', { class: 'item-list' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'More items');
  let cursor: string | null = null;
  let loaded = false;
  const load = async () => {
    more.disabled = true;
    try {
      const page = await getJson<{ items: SourceItem[]; nextCursor: string | null }>(
        `/sources/${source.id}/items${query({ limit: 50, cursor })}`,
        signal,
      );
      if (!loaded && page.items.length === 0) list.replaceWith(h('p', { class: 'muted' }, 'No items yet.'));
      loaded = true;
      for (const item of page.items) {
        list.appendChild(
          h(
            'li',
            {},
            h(
              'p',
              {},
              item.latestSnapshotId
                ? h('a', { href: `#/snapshots/${item.latestSnapshotId}` }, item.title || item.url)
                : item.title || item.url,
            ),
            h(
              'p',
              { class: 'claim-meta' },
              statusBadge(item.status),
              ` ${item.captures} capture${item.captures === 1 ? '' : 's'}`,
              item.publishedAt ? [' · published ', time(item.publishedAt)] : null,
              ' · found ',
              time(item.discoveredAt),
              item.lastCapturedAt ? [' · last captured ', time(item.lastCapturedAt)] : null,
              item.nextCaptureAt ? [' · next ', time(item.nextCaptureAt)] : null,
              ' · ',
              h('a', { href: `#/changes?url=${encodeURIComponent(item.url)}` }, 'changes'),
            ),
          ),
        );
      }
      cursor = page.nextCursor;
      more.hidden = !cursor;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) replace(box, h('p', { class: 'muted' }, 'No items yet.'));
      else if (!signal.aborted) replace(box, failure(error));
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => void load());
  replace(box, list, more);
  void load();
  return box;
}

/** `#/sources`: each source with its schedule, last capture and status, and the articles it discovered. */
export async function sourcesView(root: HTMLElement, ctx: ViewContext): Promise<void> {
  replace(root, h('h1', { tabindex: -1 }, 'Sources'), loading('sources'));
  const { sources } = await getJson<{ sources: Source[] }>('/sources', ctx.signal);
  replace(
    root,
    h('h1', { tabindex: -1 }, 'Sources'),
    sources.length === 0
      ? h('p', { class: 'muted' }, 'No sources are registered. Add them to the sources file or with POST /sources.')
      : h(
          'ul',
          { class: 'sources' },
          sources.map((source) => {
            const itemsBox = h('div', {});
            const toggle = h(
              'button',
              {
                type: 'button',
                aria: { expanded: 'false' },
                on: {
                  click: () => {
                    const open = toggle.getAttribute('aria-expanded') === 'true';
                    toggle.setAttribute('aria-expanded', String(!open));
                    toggle.textContent = open ? 'Show items' : 'Hide items';
                    if (open) replace(itemsBox);
                    else replace(itemsBox, itemsPanel(source, ctx.signal));
                  },
                },
              },
              'Show items',
            );
            return h(
              'li',
              { class: 'source' },
              h('h2', {}, source.url),
              h(
                'p',
                { class: 'claim-meta' },
                h('code', {}, source.schedule),
                ` · ${source.extractor} · `,
                source.lastStatus ? statusBadge(source.lastStatus) : 'not captured yet',
                source.lastCaptureAt ? [' ', time(source.lastCaptureAt)] : null,
              ),
              h(
                'p',
                { class: 'links' },
                source.lastSnapshotId ? [h('a', { href: `#/snapshots/${source.lastSnapshotId}` }, 'last capture'), ' · '] : null,
                h('a', { href: `#/claims?source=${source.id}` }, 'claims'),
                ' · ',
                h('a', { href: `#/changes?source=${source.id}` }, 'changes'),
                ' · ',
                toggle,
              ),
              itemsBox,
            );
          }),
        ),
  );
}

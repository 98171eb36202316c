import { DISCOVERY_DEFAULTS } from '../../../../core/discovery/defaults.js';
import { type DiscoveryRun, getJson, type Item, type ItemStatus, query, type Source } from '../api.js';
import { h, replace, time } from '../dom.js';
import { hashFor, type ViewContext } from './context.js';
import { definitionList, failure, loading, pager, statusBadge } from './parts.js';

/** Every item status of `GET /sources/{id}/items`, with what it means to a reader. */
const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  due: 'due: to be captured now',
  waiting: 'waiting for its next recapture',
  resting: 'resting: recaptures done',
  refused: 'refused (robots.txt or address)',
  failed: 'failed: the latest capture failed',
};

/** Articles per page unless the address asks for another `limit` (1 to 500, as the API takes). */
const ITEMS_PAGE = 50;

function pageSize(params: URLSearchParams): number {
  const limit = Number(params.get('limit'));
  return Number.isInteger(limit) && limit >= 1 && limit <= 500 ? limit : ITEMS_PAGE;
}

const DISCOVER_MODES: Record<NonNullable<Source['discover']>, string> = {
  feed: 'its feed (RSS, Atom, JSON Feed)',
  sitemap: 'its sitemap',
  links: 'the links of the captured page',
  auto: 'the feeds the page advertises, else its links',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Puts the open source (and its filter) in the address, without reloading the view, so it can be shared. */
function rememberOpen(id: string | null, status: string | null, limit: number): void {
  const params = id ? { id, status: status ?? undefined, limit: limit === ITEMS_PAGE ? undefined : String(limit) } : {};
  history.replaceState(null, '', `${location.pathname}${hashFor('/sources', params)}`);
}

const defaulted = (text: string) => h('span', {}, text, h('span', { class: 'muted' }, ' (default)'));

/** A setting as the source gives it, else the default the pipeline applies, marked as such. */
function setting<T>(value: T | undefined, fallback: T, text: (value: T) => string): HTMLElement | string {
  return value === undefined ? defaulted(text(fallback)) : text(value);
}

function discoverySettings(source: Source): HTMLElement {
  const patterns = (list: string[]) =>
    h(
      'ul',
      { class: 'inline' },
      list.map((p) => h('li', {}, h('code', {}, p))),
    );
  return definitionList([
    ['Discovers from', source.discover ? DISCOVER_MODES[source.discover] : null],
    ['Include', source.include?.length ? patterns(source.include) : defaulted('the source’s own site')],
    ['Exclude', source.exclude?.length ? patterns(source.exclude) : null],
    ['Recaptures after', setting<readonly string[]>(source.recapture, DISCOVERY_DEFAULTS.recapture, (ladder) => ladder.join(', '))],
    ['New articles per run', setting(source.maxPerRun, DISCOVERY_DEFAULTS.maxPerRun, (n) => `at most ${n}`)],
    ['Citations', setting<boolean>(source.citations, DISCOVERY_DEFAULTS.citations, (on) => (on ? 'captured once' : 'not captured'))],
    ['robots.txt', setting<string>(source.robots, DISCOVERY_DEFAULTS.robots, (mode) => (mode === 'obey' ? 'obeyed' : 'ignored'))],
  ]);
}

function labelledList(label: string, lines: string[]): HTMLElement | null {
  if (lines.length === 0) return null;
  return h(
    'div',
    {},
    h('p', {}, label),
    h(
      'ul',
      { class: 'reasons' },
      lines.map((line) => h('li', {}, line)),
    ),
  );
}

/** `lastDiscovery`: when it ran, what it counted, why entries were skipped, and what went wrong. */
function lastDiscovery(run: DiscoveryRun | undefined): HTMLElement {
  if (!run) return h('p', { class: 'muted' }, 'No discovery run yet.');
  const reasons = Object.entries(run.skippedReasons ?? {}).sort((a, b) => b[1] - a[1]);
  return h(
    'div',
    { class: 'discovery-run' },
    h(
      'p',
      {},
      'Last run ',
      time(run.at),
      run.snapshotId ? [' over ', h('a', { href: `#/snapshots/${run.snapshotId}` }, 'this capture')] : null,
      ': ',
      h('strong', {}, `${run.found} found`),
      `, ${run.enqueued} enqueued, ${run.deferred} held for later runs, ${run.known} already known, ${run.skipped} skipped.`,
    ),
    run.error ? h('p', { class: 'error' }, `Error: ${run.error}`) : null,
    labelledList(
      'Skipped because:',
      reasons.map(([reason, n]) => `${reason}: ${n}`),
    ),
    labelledList('Problems:', run.problems ?? []),
    labelledList('Read:', run.documents ?? []),
  );
}

/** Links to a source's (or an article's) newest capture, its claims and its changes, then `extra`. */
function historyLinks(id: string, snapshotId: string | undefined, captureLabel: string, extra: HTMLElement | null = null): HTMLElement {
  return h(
    'p',
    { class: 'links' },
    snapshotId ? [h('a', { href: `#/snapshots/${snapshotId}` }, captureLabel), ' · '] : null,
    h('a', { href: `#/claims?source=${encodeURIComponent(id)}` }, 'claims'),
    ' · ',
    h('a', { href: `#/changes?source=${encodeURIComponent(id)}` }, 'changes'),
    extra ? [' · ', extra] : null,
  );
}

/** One discovered article: its feed title and URL as text, its status and capture times, and where to look next. */
function itemCard(item: Item): HTMLElement {
  return h(
    'li',
    { class: 'item' },
    h('p', { class: 'item-title' }, item.title || h('span', { class: 'muted' }, '(no title)')),
    h('p', { class: 'item-url' }, item.url),
    h(
      'p',
      { class: 'claim-meta' },
      statusBadge(item.status),
      ` ${plural(item.captures, 'capture')}`,
      item.publishedAt ? [' · published ', time(item.publishedAt)] : null,
      ' · found ',
      time(item.discoveredAt),
      item.lastCapturedAt ? [' · last captured ', time(item.lastCapturedAt)] : null,
      item.nextCaptureAt ? [' · next ', time(item.nextCaptureAt)] : null,
    ),
    item.error ? h('p', { class: 'error' }, item.error) : null,
    historyLinks(item.id, item.latestSnapshotId, 'latest capture'),
  );
}

/**
 * A source's articles, newest discovered first, filtered by status and paged through `nextCursor`.
 * Filtering reloads the list in place and records it in the address, so the view can be shared.
 */
function itemsPanel(source: Source, signal: AbortSignal, initialStatus: string | null, limit: number): HTMLElement {
  const selectId = `status-${source.id}`;
  const select = h(
    'select',
    { id: selectId, name: 'status' },
    h('option', { value: '' }, 'any'),
    Object.entries(ITEM_STATUS_LABELS).map(([value, label]) => {
      const option = h('option', { value }, label);
      if (value === initialStatus) option.selected = true;
      return option;
    }),
  );
  const summary = h('p', { class: 'summary', role: 'status', aria: { live: 'polite' } });
  const status = h('div', {});
  const list = h('ol', { class: 'item-list' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'More items');
  let load: () => Promise<void> = async () => {};
  let run = new AbortController();

  const start = (filter: string) => {
    // A page of the previous filter still loading must not land in the new list.
    run.abort();
    run = new AbortController();
    const runSignal = AbortSignal.any([signal, run.signal]);
    replace(list);
    replace(status, loading('items'));
    more.hidden = true;
    let shown = 0;
    load = pager(
      runSignal,
      status,
      more,
      (cursor) =>
        getJson<{ items: Item[]; nextCursor: string | null }>(
          `/sources/${encodeURIComponent(source.id)}/items${query({ status: filter, limit, cursor })}`,
          runSignal,
        ),
      (page, hasMore) => {
        replace(status);
        for (const item of page.items) list.appendChild(itemCard(item));
        shown += page.items.length;
        summary.textContent = shown
          ? `${plural(shown, 'article')} shown${hasMore ? '; more exist' : ''}, newest discovered first.`
          : filter
            ? `No articles are ${filter}.`
            : 'No articles discovered yet.';
      },
    );
    return load().catch(() => {});
  };

  const form = h(
    'form',
    {
      class: 'item-filter',
      aria: { label: `Filter the articles of ${source.url}` },
      on: {
        submit: (event) => {
          event.preventDefault();
          rememberOpen(source.id, select.value || null, limit);
          void start(select.value);
        },
      },
    },
    h('label', { for: selectId }, 'Status'),
    select,
    h('button', { type: 'submit' }, 'Filter'),
  );
  more.addEventListener('click', () => {
    const focusIndex = list.children.length;
    load().then(
      () => list.children[focusIndex]?.querySelector<HTMLElement>('a')?.focus(),
      () => {},
    );
  });
  void start(initialStatus ?? '');
  return h(
    'section',
    { class: 'items', aria: { label: `Articles found by ${source.url}` } },
    h('h3', {}, 'Articles'),
    form,
    summary,
    status,
    list,
    more,
  );
}

function sourceCard(source: Source, ctx: ViewContext, open: boolean): HTMLElement {
  const follows = Boolean(source.discover || source.lastDiscovery);
  const itemsBox = h('div', {});
  const toggle = h('button', { type: 'button', aria: { expanded: 'false', controls: `items-${source.id}` } }, 'Show items');
  const limit = pageSize(ctx.params);
  const show = (visible: boolean, status: string | null) => {
    toggle.setAttribute('aria-expanded', String(visible));
    toggle.textContent = visible ? 'Hide items' : 'Show items';
    if (visible) replace(itemsBox, itemsPanel(source, ctx.signal, status, limit));
    else replace(itemsBox);
  };
  toggle.addEventListener('click', () => {
    const visible = toggle.getAttribute('aria-expanded') !== 'true';
    show(visible, null);
    rememberOpen(visible ? source.id : null, null, limit);
  });
  itemsBox.id = `items-${source.id}`;
  if (open) show(true, ctx.params.get('status'));
  return h(
    'li',
    { class: 'source', id: `source-${source.id}` },
    // The router focuses a `data-focus` element after navigating, so a link to this source lands here.
    h('h2', open ? { tabindex: -1, data: { focus: '' } } : {}, source.url),
    h(
      'p',
      { class: 'claim-meta' },
      h('code', {}, source.schedule),
      ` · ${source.extractor} · `,
      source.lastStatus ? statusBadge(source.lastStatus) : 'not captured yet',
      source.lastCaptureAt ? [' ', time(source.lastCaptureAt)] : null,
    ),
    source.discover ? h('div', { class: 'discovery' }, h('h3', {}, 'Discovery'), discoverySettings(source)) : null,
    follows ? lastDiscovery(source.lastDiscovery) : null,
    historyLinks(source.id, source.lastSnapshotId, 'last capture', follows ? toggle : null),
    itemsBox,
  );
}

/**
 * `#/sources`: each source with its schedule, last capture and status, its discovery settings and
 * last run, and the articles it discovered. `#/sources?id=<source>&status=<status>&limit=<n>` opens
 * one source's articles, filtered, `n` to a page.
 */
export async function sourcesView(root: HTMLElement, ctx: ViewContext): Promise<void> {
  replace(root, h('h1', { tabindex: -1 }, 'Sources'), loading('sources'));
  const { sources } = await getJson<{ sources: Source[] }>('/sources', ctx.signal);
  const openId = ctx.params.get('id');
  const cards = sources.map((source) => sourceCard(source, ctx, source.id === openId));
  replace(
    root,
    h('h1', { tabindex: -1 }, 'Sources'),
    sources.length === 0
      ? h('p', { class: 'muted' }, 'No sources are registered. Add them to the sources file or with POST /sources.')
      : h('ul', { class: 'sources' }, cards),
    openId && !sources.some((s) => s.id === openId) ? failure(new Error(`No source ${openId} is registered.`)) : null,
  );
  root.querySelector<HTMLElement>('[data-focus]')?.focus();
}

import { type Claim, getJson, query } from '../api.js';
import { h, replace } from '../dom.js';
import { ClaimMap, type PlaceCount } from '../map.js';
import { parseBound, renderTimeline } from '../timeline.js';
import { hashFor, type ViewContext } from './context.js';
import { claimCard, failure, loading } from './parts.js';

/** Every filter of `GET /claims`, in the order the form shows them. */
export const CLAIM_FILTERS = [
  { name: 'place', label: 'Place', hint: 'Hama' },
  { name: 'q', label: 'Words', hint: 'spokesperson Homs' },
  { name: 'attributedTo', label: 'Attributed to', hint: 'Reuters' },
  { name: 'kind', label: 'Kind', options: ['statement', 'quote', 'event', 'post'] },
  { name: 'status', label: 'Status', options: ['present', 'removed'] },
  { name: 'from', label: 'From', hint: '2024-12-01' },
  { name: 'to', label: 'To', hint: '2024-12-05' },
  { name: 'url', label: 'Page URL', hint: 'https://…' },
  { name: 'source', label: 'Source id', hint: 'src_…' },
] as const;

export const PAGE_SIZE = 100;

function filterForm(ctx: ViewContext): HTMLFormElement {
  const fields = CLAIM_FILTERS.map((filter) => {
    const id = `filter-${filter.name}`;
    const value = ctx.params.get(filter.name) ?? '';
    const control =
      'options' in filter
        ? h(
            'select',
            { id, name: filter.name },
            h('option', { value: '' }, 'any'),
            filter.options.map((option) => {
              const element = h('option', { value: option }, option);
              if (option === value) element.selected = true;
              return element;
            }),
          )
        : h('input', { id, name: filter.name, type: 'text', value, placeholder: filter.hint, autocomplete: 'off' });
    return h('div', { class: 'field' }, h('label', { for: id }, filter.label), control);
  });
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      aria: { label: 'Filter claims' },
      on: {
        submit: (event) => {
          event.preventDefault();
          const data = new FormData(form);
          const params: Record<string, string> = {};
          for (const filter of CLAIM_FILTERS) {
            const value = String(data.get(filter.name) ?? '').trim();
            if (value) params[filter.name] = value;
          }
          ctx.navigate(hashFor('/claims', params));
        },
      },
    },
    fields,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
      h('a', { href: '#/claims', class: 'button' }, 'Clear'),
    ),
  );
  return form;
}

/**
 * `#/claims?…`: the search form (every filter is in the address, so a view can be shared), then a
 * map and a timeline of the claims loaded so far, then the list. Results come 100 at a time through
 * `nextCursor`, so a query matching 10,000 claims loads no more than the reader asks for.
 */
export async function claimsView(root: HTMLElement, ctx: ViewContext): Promise<void> {
  const active = CLAIM_FILTERS.filter((f) => ctx.params.get(f.name));
  const summary = h('p', { class: 'summary', role: 'status', aria: { live: 'polite' } }, '');
  const mapBox = h('div', { class: 'map', id: 'map', role: 'region', aria: { label: 'Map of the places the claims name' } });
  const timelineBox = h('div', { class: 'timeline', role: 'region', aria: { label: 'Timeline of claims' } });
  const list = h('ol', { class: 'claims', aria: { label: 'Claims' } });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Load more');
  const status = h('div', {}, loading('claims'));
  replace(
    root,
    h('h1', { tabindex: -1 }, 'Claims'),
    filterForm(ctx),
    active.length
      ? h(
          'p',
          { class: 'active-filters' },
          'Filtered by ',
          active.map((f, i) => [i ? ', ' : '', h('strong', {}, f.label.toLowerCase()), ` ${ctx.params.get(f.name)}`]),
        )
      : null,
    summary,
    h('div', { class: 'overview' }, mapBox, timelineBox),
    status,
    list,
    more,
  );

  const claims: Claim[] = [];
  let cursor: string | null = null;
  const map = new ClaimMap(mapBox, (place) => {
    const params = new URLSearchParams(ctx.params);
    params.set('place', place);
    ctx.navigate(hashFor('/claims', params));
  });
  ctx.onCleanup(() => map.destroy());

  const refresh = () => {
    const places = new Map<string, PlaceCount>();
    for (const claim of claims) {
      for (const p of claim.places) {
        const key = `${p.name}|${p.lat}|${p.lon}`;
        const entry = places.get(key) ?? { name: p.name, lat: p.lat, lon: p.lon, count: 0 };
        entry.count++;
        places.set(key, entry);
      }
    }
    map.setPlaces([...places.values()]);
    renderTimeline(
      timelineBox,
      claims.map((c) => Date.parse(c.claimTime)).filter((t) => !Number.isNaN(t)),
      { from: parseBound(ctx.params.get('from'), false), to: parseBound(ctx.params.get('to'), true) },
      (range) => {
        const params = new URLSearchParams(ctx.params);
        params.set('from', range.from);
        params.set('to', range.to);
        ctx.navigate(hashFor('/claims', params));
      },
    );
    summary.textContent =
      claims.length === 0
        ? 'No claims match.'
        : `${claims.length} claim${claims.length === 1 ? '' : 's'} shown${cursor ? '; more match' : ''}. The map and the timeline count the claims shown.`;
    more.hidden = !cursor;
  };

  const load = async () => {
    more.disabled = true;
    try {
      const filters: Record<string, string> = {};
      for (const f of CLAIM_FILTERS) {
        const value = ctx.params.get(f.name);
        if (value) filters[f.name] = value;
      }
      const page = await getJson<{ claims: Claim[]; nextCursor: string | null }>(
        `/claims${query({ ...filters, limit: PAGE_SIZE, cursor })}`,
        ctx.signal,
      );
      claims.push(...page.claims);
      cursor = page.nextCursor;
      for (const claim of page.claims) list.appendChild(claimCard(claim));
      replace(status);
      refresh();
    } catch (error) {
      if (ctx.signal.aborted) return;
      replace(status, failure(error));
      throw error;
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => {
    const focusIndex = claims.length;
    load().then(
      () => list.children[focusIndex]?.querySelector('a')?.focus(),
      () => {},
    );
  });
  await load();
}

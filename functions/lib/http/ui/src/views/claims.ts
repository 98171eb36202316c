import { type Claim, getJson, query } from '../api.js';
import { h, replace } from '../dom.js';
import { ClaimMap, type PlaceCount } from '../map.js';
import { parseBound, renderTimeline } from '../timeline.js';
import { hashFor, type ViewContext } from './context.js';
import { searchForm } from './form.js';
import { claimCard, loading, pager } from './parts.js';

/** Every filter of `GET /claims`, in the order the form shows them. */
const CLAIM_FILTERS = [
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

const PAGE_SIZE = 100;

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
    searchForm(ctx, { path: '/claims', label: 'Filter claims', fields: CLAIM_FILTERS, submit: 'Search', clear: true }),
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
  const map = new ClaimMap(mapBox, (place) => {
    const params = new URLSearchParams(ctx.params);
    params.set('place', place);
    ctx.navigate(hashFor('/claims', params));
  });
  ctx.onCleanup(() => map.destroy());

  const refresh = (hasMore: boolean) => {
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
        : `${claims.length} claim${claims.length === 1 ? '' : 's'} shown${hasMore ? '; more match' : ''}. The map and the timeline count the claims shown.`;
  };

  const filters: Record<string, string> = {};
  for (const f of CLAIM_FILTERS) {
    const value = ctx.params.get(f.name);
    if (value) filters[f.name] = value;
  }
  const load = pager(
    ctx.signal,
    status,
    more,
    (cursor) =>
      getJson<{ claims: Claim[]; nextCursor: string | null }>(`/claims${query({ ...filters, limit: PAGE_SIZE, cursor })}`, ctx.signal),
    (page, hasMore) => {
      claims.push(...page.claims);
      for (const claim of page.claims) list.appendChild(claimCard(claim));
      replace(status);
      refresh(hasMore);
    },
  );
  more.addEventListener('click', () => {
    const focusIndex = claims.length;
    load().then(
      () => list.children[focusIndex]?.querySelector('a')?.focus(),
      () => {},
    );
  });
  await load();
}

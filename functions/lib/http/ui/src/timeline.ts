import { h, replace } from './dom.js';

export interface Bucket {
  start: number;
  end: number;
  count: number;
  label: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_BUCKETS = 400;

export type Unit = 'hour' | 'day' | 'week' | 'month';

const labels: Record<Unit, Intl.DateTimeFormat> = {
  hour: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }),
  day: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  week: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  month: new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
};

/** The start of the bucket holding `t`: hours and days in UTC, weeks from Monday, calendar months. */
function floor(t: number, unit: Unit): number {
  if (unit === 'hour') return Math.floor(t / HOUR) * HOUR;
  const day = Math.floor(t / DAY) * DAY;
  if (unit === 'day') return day;
  if (unit === 'week') return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function next(start: number, unit: Unit): number {
  if (unit === 'hour') return start + HOUR;
  if (unit === 'day') return start + DAY;
  if (unit === 'week') return start + 7 * DAY;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * Claims per hour when the range spans three days or less, per day up to 120 days, per week up to
 * two years, else per month. The range is the selected `from`/`to` where given, else the span of
 * the claims; it keeps at most 400 buckets, counting back from its end.
 */
export function bucketize(times: number[], range: { from?: number; to?: number }): { unit: Unit; buckets: Bucket[] } {
  if (times.length === 0 && (range.from === undefined || range.to === undefined)) return { unit: 'day', buckets: [] };
  const lo = range.from ?? Math.min(...times);
  const hi = range.to ?? Math.max(...times);
  const span = hi - lo;
  const unit: Unit = span <= 3 * DAY ? 'hour' : span <= 120 * DAY ? 'day' : span <= 730 * DAY ? 'week' : 'month';
  const starts: number[] = [];
  for (let start = floor(lo, unit); start <= hi; start = next(start, unit)) starts.push(start);
  const kept = starts.slice(-MAX_BUCKETS);
  const buckets = kept.map((start) => ({
    start,
    end: next(start, unit) - 1,
    count: 0,
    label: `${unit === 'week' ? 'week of ' : ''}${labels[unit].format(new Date(start))}`,
  }));
  const indexOf = new Map(kept.map((start, i) => [start, i]));
  for (const t of times) {
    const i = indexOf.get(floor(t, unit));
    if (i !== undefined) buckets[i]!.count++;
  }
  return { unit, buckets };
}

/** The `from`/`to` a span of buckets stands for: whole days as dates, hours as UTC times. */
export function spanToRange(unit: Unit, first: Bucket, last: Bucket): { from: string; to: string } {
  if (unit !== 'hour') return { from: new Date(first.start).toISOString().slice(0, 10), to: new Date(last.end).toISOString().slice(0, 10) };
  return { from: `${new Date(first.start).toISOString().slice(0, 16)}Z`, to: new Date(last.end).toISOString() };
}

/** A `from`/`to` value as epoch milliseconds, for the timeline's range (a date alone covers its day). */
export function parseBound(value: string | null, end: boolean): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) ms = Date.parse(`${text}T00:00:00Z`) + (end ? 86_399_999 : 0);
  else if (/^\d{8}$/.test(text))
    ms = Date.parse(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}T00:00:00Z`) + (end ? 86_399_999 : 0);
  else ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Bars of claims per bucket. Dragging across bars (mouse, pen or touch) selects a span; a bar alone
 * is a button, so Enter or a click selects its own day or hour, and arrow keys move between bars.
 */
export function renderTimeline(
  container: HTMLElement,
  times: number[],
  range: { from?: number; to?: number },
  onSelect: (range: { from: string; to: string }) => void,
): void {
  const { unit, buckets } = bucketize(times, range);
  if (buckets.length === 0) {
    replace(container, h('p', { class: 'muted' }, 'No claims to place on the timeline.'));
    return;
  }
  const max = Math.max(1, ...buckets.map((b) => b.count));
  let anchor: number | undefined;
  let current: number | undefined;
  const bars = buckets.map((bucket, index) => {
    const bar = h('button', {
      type: 'button',
      class: bucket.count ? 'bar' : 'bar empty',
      title: `${bucket.label}: ${bucket.count} claim${bucket.count === 1 ? '' : 's'}`,
      aria: { label: `${bucket.label}: ${bucket.count} claim${bucket.count === 1 ? '' : 's'}` },
      data: { index: String(index) },
      tabindex: index === buckets.length - 1 ? 0 : -1,
    });
    const fill = h('span', { class: 'fill' });
    fill.style.height = `${(bucket.count / max) * 100}%`;
    bar.appendChild(fill);
    return bar;
  });
  const highlight = () => {
    const [a, b] = anchor === undefined || current === undefined ? [-1, -1] : [Math.min(anchor, current), Math.max(anchor, current)];
    bars.forEach((bar, i) => {
      bar.classList.toggle('selected', i >= a && i <= b);
    });
  };
  const finish = () => {
    if (anchor === undefined || current === undefined) return;
    const [a, b] = [Math.min(anchor, current), Math.max(anchor, current)];
    anchor = current = undefined;
    highlight();
    onSelect(spanToRange(unit, buckets[a]!, buckets[b]!));
  };
  const indexAt = (event: PointerEvent): number | undefined => {
    const target = document.elementFromPoint(event.clientX, event.clientY)?.closest<HTMLElement>('.bar');
    return target?.dataset.index === undefined ? undefined : Number(target.dataset.index);
  };
  const strip = h('div', {
    class: 'bars',
    role: 'group',
    aria: { label: `Claims per ${unit}; drag across bars to select a span` },
    on: {
      pointerdown: (event) => {
        const index = indexAt(event);
        if (index === undefined) return;
        event.preventDefault();
        anchor = current = index;
        strip.setPointerCapture(event.pointerId);
        highlight();
      },
      pointermove: (event) => {
        if (anchor === undefined) return;
        const index = indexAt(event);
        if (index !== undefined && index !== current) {
          current = index;
          highlight();
        }
      },
      pointerup: finish,
      pointercancel: () => {
        anchor = current = undefined;
        highlight();
      },
      keydown: (event) => {
        const index = Number((event.target as HTMLElement).dataset.index);
        if (Number.isNaN(index)) return;
        const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : undefined;
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(spanToRange(unit, buckets[index]!, buckets[index]!));
        } else if (next !== undefined && next >= 0 && next < bars.length) {
          event.preventDefault();
          bars[index]!.tabIndex = -1;
          bars[next]!.tabIndex = 0;
          bars[next]!.focus();
        }
      },
    },
  });
  for (const bar of bars) strip.appendChild(bar);
  const first = buckets[0]!;
  const last = buckets.at(-1)!;
  replace(
    container,
    strip,
    h('div', { class: 'axis' }, h('span', {}, first.label), h('span', {}, `per ${unit}`), h('span', {}, last.label)),
  );
}

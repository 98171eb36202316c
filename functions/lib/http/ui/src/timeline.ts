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

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const hourLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/**
 * Claims per day over the range, or per hour when it spans three days or less. The range is the
 * selected `from`/`to` where given, else the span of the claims; it is capped at 400 buckets,
 * counting back from its end.
 */
export function bucketize(times: number[], range: { from?: number; to?: number }): { unit: 'hour' | 'day'; buckets: Bucket[] } {
  if (times.length === 0 && (range.from === undefined || range.to === undefined)) return { unit: 'day', buckets: [] };
  const lo = range.from ?? Math.min(...times);
  const hi = range.to ?? Math.max(...times);
  const unit = hi - lo <= 3 * DAY ? 'hour' : 'day';
  const step = unit === 'hour' ? HOUR : DAY;
  const last = Math.floor(hi / step) * step;
  const first = Math.max(Math.floor(lo / step) * step, last - (MAX_BUCKETS - 1) * step);
  const buckets: Bucket[] = [];
  for (let start = first; start <= last; start += step) {
    const date = new Date(start);
    buckets.push({ start, end: start + step - 1, count: 0, label: (unit === 'hour' ? hourLabel : dayLabel).format(date) });
  }
  for (const t of times) {
    const i = Math.floor((t - first) / step);
    if (i >= 0 && i < buckets.length) buckets[i]!.count++;
  }
  return { unit, buckets };
}

/** The `from`/`to` a span of buckets stands for: whole days as dates, hours as UTC times. */
export function spanToRange(unit: 'hour' | 'day', first: Bucket, last: Bucket): { from: string; to: string } {
  if (unit === 'day')
    return { from: new Date(first.start).toISOString().slice(0, 10), to: new Date(last.start).toISOString().slice(0, 10) };
  return { from: `${new Date(first.start).toISOString().slice(0, 16)}Z`, to: new Date(last.end).toISOString() };
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

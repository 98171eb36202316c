import type { Snapshot } from './snapshot.js';
import { ValidationError } from './errors.js';

/** RFC 7089 datetimes are RFC 1123 dates in GMT. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

export function parseAcceptDatetime(value: string): Date {
  const date = new Date(value);
  if (!/GMT$/.test(value.trim()) || Number.isNaN(date.getTime())) {
    throw new ValidationError('Accept-Datetime must be an RFC 1123 date in GMT, e.g. "Tue, 03 Dec 2024 10:00:00 GMT"');
  }
  return date;
}

/**
 * The original URL named in a Memento path: everything after the route prefix, query string
 * included, percent-decoded when the client encoded the whole URL.
 */
export function originalFromPath(rest: string): string {
  let url = rest.replace(/^\/+/, '');
  if (/^https?%3A/i.test(url)) {
    try {
      url = decodeURIComponent(url);
    } catch {
      throw new ValidationError('the URL in the path is not valid percent-encoding');
    }
  }
  url = url.replace(/^(https?):\/(?!\/)/i, '$1://');
  return url;
}

/** The memento closest in time to `target` (ties go to the earlier one). Mementos are newest first. */
export function closestMemento(mementos: Snapshot[], target: Date): Snapshot | undefined {
  let best: Snapshot | undefined;
  let bestDistance = Infinity;
  for (const m of mementos) {
    const distance = Math.abs(new Date(m.capturedAt).getTime() - target.getTime());
    if (distance < bestDistance || (distance === bestDistance && best && m.capturedAt < best.capturedAt)) {
      best = m;
      bestDistance = distance;
    }
  }
  return best;
}

export interface MementoLinks {
  original: string;
  timegate: string;
  timemap: string;
  memento(snapshot: Snapshot): string;
}

/** An `application/link-format` TimeMap (RFC 7089 §5), oldest memento first. */
export function timemapLinkFormat(mementos: Snapshot[], links: MementoLinks): string {
  const ordered = [...mementos].sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
  const lines = [`<${links.original}>; rel="original"`];
  const self = [`<${links.timemap}>; rel="self"; type="application/link-format"`];
  if (ordered.length) {
    self.push(`from="${httpDate(ordered[0]!.capturedAt)}"`, `until="${httpDate(ordered.at(-1)!.capturedAt)}"`);
  }
  lines.push(self.join('; '));
  lines.push(`<${links.timegate}>; rel="timegate"`);
  ordered.forEach((m, i) => {
    const rel = [i === 0 ? 'first' : '', i === ordered.length - 1 ? 'last' : '', 'memento'].filter(Boolean).join(' ');
    lines.push(`<${links.memento(m)}>; rel="${rel}"; datetime="${httpDate(m.capturedAt)}"`);
  });
  return `${lines.join(',\n')}\n`;
}

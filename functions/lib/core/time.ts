import { ValidationError } from './errors.js';

const FOURTEEN = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses a query time: ISO 8601 (`2024-12-03`, `2024-12-03T10:00:00Z`; no zone means UTC) or a 4-to-14-digit
 * Memento/CDX timestamp (`20241203`, `20241203101500`). Returns ISO 8601 UTC.
 * `end` widens a partial timestamp to the end of its period, for `to=` bounds.
 */
export function parseQueryTime(value: string, name: string, end = false): string {
  const text = value.trim();
  const digits = FOURTEEN.exec(text);
  let date: Date | undefined;
  if (digits) {
    const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00'] = digits;
    date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
    const valid =
      date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d) && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60;
    if (!valid) date = undefined;
    else if (end) {
      const missing = 14 - text.length;
      if (missing > 0) date = endOfPeriod(date, text.length);
    }
  } else if (ISO.test(text)) {
    const [y, mo, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
    const calendar = new Date(Date.UTC(y, mo - 1, d));
    const realDay = calendar.getUTCMonth() === mo - 1 && calendar.getUTCDate() === d;
    const zoned = text.length === 10 ? `${text}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
    const parsed = new Date(zoned);
    if (realDay && !Number.isNaN(parsed.getTime())) {
      date = end && text.length === 10 ? new Date(parsed.getTime() + 86_399_999) : parsed;
    }
  }
  if (!date || Number.isNaN(date.getTime())) {
    throw new ValidationError(`${name} must be an ISO 8601 date or a 14-digit timestamp`, [
      { path: name, message: `"${value.slice(0, 40)}" is not a valid time` },
    ]);
  }
  return date.toISOString();
}

function endOfPeriod(start: Date, length: number): Date {
  const next = new Date(start);
  if (length <= 4) next.setUTCFullYear(next.getUTCFullYear() + 1);
  else if (length <= 6) next.setUTCMonth(next.getUTCMonth() + 1);
  else if (length <= 8) next.setUTCDate(next.getUTCDate() + 1);
  else if (length <= 10) next.setUTCHours(next.getUTCHours() + 1);
  else next.setUTCMinutes(next.getUTCMinutes() + 1);
  return new Date(next.getTime() - 1);
}

/** Validates an optional `from`/`to` pair; `from` after `to` is a client error. */
export function parseTimeRange(from?: string, to?: string): { from?: string; to?: string } {
  const f = from ? parseQueryTime(from, 'from') : undefined;
  const t = to ? parseQueryTime(to, 'to', true) : undefined;
  if (f && t && f > t) throw new ValidationError('from must not be after to', [{ path: 'from', message: 'after to' }]);
  return { from: f, to: t };
}

import { Cron } from 'croner';
import { ValidationError } from './errors.js';

/**
 * EventBridge Scheduler expressions, so one sources file drives both AWS and the local scheduler:
 * `rate(5 minutes)` and `cron(min hour day-of-month month day-of-week year)` (UTC).
 */
export type Schedule =
  | { kind: 'rate'; expression: string; everyMs: number }
  | { kind: 'cron'; expression: string; cron: Cron; years: string };

const RATE = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.+)\)$/;
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export function parseSchedule(expression: string): Schedule {
  const text = expression.trim();
  const rate = RATE.exec(text);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    const singular = unit.replace(/s$/, '') as keyof typeof UNIT_MS;
    if (value < 1) throw new ValidationError(`schedule "${text}": the rate must be at least 1`);
    if ((value === 1) !== (unit === singular)) {
      throw new ValidationError(`schedule "${text}": EventBridge wants "1 ${singular}" or "N ${singular}s"`);
    }
    return { kind: 'rate', expression: text, everyMs: value * UNIT_MS[singular] };
  }
  const cron = CRON.exec(text);
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) {
      throw new ValidationError(`schedule "${text}": cron() takes 6 fields: minutes hours day-of-month month day-of-week year`);
    }
    const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
    if (dom !== '?' && dow !== '?') {
      throw new ValidationError(`schedule "${text}": one of day-of-month or day-of-week must be "?"`);
    }
    if (dow !== '?' && /(^|[^#\d])([089]|\d{2,})/.test(dow)) {
      throw new ValidationError(`schedule "${text}": day-of-week numbers run 1-7 (Sunday is 1)`);
    }
    const pattern = [
      '0',
      withRange(min, 59),
      withRange(hour, 23),
      withRange(toCronerDay(dom), 31),
      withRange(month, 12),
      withRange(toCronerWeekday(dow), 6),
    ].join(' ');
    try {
      return { kind: 'cron', expression: text, cron: new Cron(pattern, { timezone: 'UTC', paused: true }), years: year };
    } catch (err) {
      throw new ValidationError(`schedule "${text}": ${(err as Error).message}`);
    }
  }
  throw new ValidationError(`schedule "${text}" is not rate(N unit) or cron(6 fields)`);
}

/** EventBridge's `start/step` (e.g. `0/15`) is croner's `start-max/step`. */
function withRange(field: string, max: number): string {
  return field
    .split(',')
    .map((part) => part.replace(/^(\d+)\/(\d+)$/, `$1-${max}/$2`))
    .join(',');
}

function toCronerDay(field: string): string {
  return field === '?' ? '*' : field;
}

/** EventBridge numbers weekdays 1-7 from Sunday; croner numbers them 0-6. The number after `#` is an ordinal. */
function toCronerWeekday(field: string): string {
  if (field === '?') return '*';
  return field.replace(/(^|[^#\d])(\d)/g, (_m, pre: string, d: string) => `${pre}${Number(d) - 1}`);
}

/** The year field: `*`, a year, `a-b`, `a/step`, `a-b/step`, `*\/step`, or a comma list of those. */
function yearAllowed(years: string, date: Date): boolean {
  const y = date.getUTCFullYear();
  return years.split(',').some((part) => {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    const [a, b] = range === '*' ? [1970, 2199] : range.split('-').map(Number);
    const low = a!;
    const high = b ?? (stepText === undefined ? low : 2199);
    return y >= low && y <= high && (y - low) % step === 0;
  });
}

/**
 * The scheduled slot at or before `now`: the idempotency key of a run, so a restart or a duplicate
 * delivery inside one slot captures once.
 */
export function currentSlot(schedule: Schedule, now: Date): Date {
  if (schedule.kind === 'rate') return new Date(Math.floor(now.getTime() / schedule.everyMs) * schedule.everyMs);
  let before = new Date(now.getTime() + 1);
  for (let i = 0; i < 1000; i++) {
    const prev = schedule.cron.previousRuns(1, before)[0];
    if (!prev) break;
    if (yearAllowed(schedule.years, prev)) return prev;
    before = prev;
  }
  return now;
}

/** The next time the schedule fires strictly after `after`, or undefined if it never will. */
export function nextRun(schedule: Schedule, after: Date): Date | undefined {
  if (schedule.kind === 'rate') {
    return new Date((Math.floor(after.getTime() / schedule.everyMs) + 1) * schedule.everyMs);
  }
  let from = after;
  for (let i = 0; i < 1000; i++) {
    const next = schedule.cron.nextRun(from);
    if (!next) return undefined;
    if (yearAllowed(schedule.years, next)) return next;
    from = next;
  }
  return undefined;
}

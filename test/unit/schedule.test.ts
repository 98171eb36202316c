import { describe, it, expect } from 'vitest';
import { ValidationError } from '../../functions/lib/core/errors.js';
import { currentSlot, nextRun, parseSchedule } from '../../functions/lib/core/schedule.js';

const at = (iso: string) => new Date(iso);

describe('parseSchedule: rate()', () => {
  it('parses plural units into milliseconds', () => {
    const schedule = parseSchedule('rate(5 minutes)');
    expect(schedule).toMatchObject({ kind: 'rate', expression: 'rate(5 minutes)', everyMs: 300_000 });
  });

  it('parses singular units when the value is 1', () => {
    expect(parseSchedule('rate(1 minute)')).toMatchObject({ kind: 'rate', everyMs: 60_000 });
    expect(parseSchedule('rate(1 hour)')).toMatchObject({ kind: 'rate', everyMs: 3_600_000 });
    expect(parseSchedule('rate(1 day)')).toMatchObject({ kind: 'rate', everyMs: 86_400_000 });
  });

  it('accepts surrounding whitespace and keeps the trimmed expression', () => {
    const schedule = parseSchedule('  rate(6 hours)  ');
    expect(schedule).toMatchObject({ kind: 'rate', expression: 'rate(6 hours)', everyMs: 6 * 3_600_000 });
  });

  it('refuses "rate(1 minutes)": EventBridge wants the singular for 1', () => {
    expect(() => parseSchedule('rate(1 minutes)')).toThrow(ValidationError);
    expect(() => parseSchedule('rate(1 minutes)')).toThrow(/1 minute/);
  });

  it('refuses a plural value with a singular unit', () => {
    expect(() => parseSchedule('rate(5 minute)')).toThrow(ValidationError);
  });

  it('refuses "rate(0 minutes)"', () => {
    expect(() => parseSchedule('rate(0 minutes)')).toThrow(ValidationError);
    expect(() => parseSchedule('rate(0 minutes)')).toThrow(/at least 1/);
  });

  it('refuses negative, fractional and unknown-unit rates', () => {
    for (const bad of ['rate(-1 minutes)', 'rate(1.5 hours)', 'rate(2 weeks)', 'rate(5)', 'rate(minutes)', 'every 5 minutes', '']) {
      expect(() => parseSchedule(bad), bad).toThrow(ValidationError);
    }
  });
});

describe('parseSchedule: cron()', () => {
  it('parses a 6-field EventBridge cron expression', () => {
    const schedule = parseSchedule('cron(0 12 ? * 2 *)');
    expect(schedule.kind).toBe('cron');
    expect(schedule.expression).toBe('cron(0 12 ? * 2 *)');
  });

  it('refuses a cron with 5 fields (Unix form)', () => {
    expect(() => parseSchedule('cron(0 12 * * 1)')).toThrow(ValidationError);
    expect(() => parseSchedule('cron(0 12 * * 1)')).toThrow(/6 fields/);
  });

  it('refuses a cron with 7 fields (Quartz seconds form)', () => {
    expect(() => parseSchedule('cron(0 0 12 ? * 2 *)')).toThrow(/6 fields/);
  });

  it('refuses a cron that sets both day-of-month and day-of-week', () => {
    expect(() => parseSchedule('cron(0 12 1 * 2 *)')).toThrow(ValidationError);
    expect(() => parseSchedule('cron(0 12 1 * 2 *)')).toThrow(/"\?"/);
  });

  it('refuses out-of-range fields as a ValidationError, not a croner error', () => {
    expect(() => parseSchedule('cron(61 * * * ? *)')).toThrow(ValidationError);
    expect(() => parseSchedule('cron(0 25 * * ? *)')).toThrow(ValidationError);
  });

  it('refuses something that is neither rate() nor cron()', () => {
    expect(() => parseSchedule('at(2024-12-03T10:00:00)')).toThrow(/not rate\(N unit\) or cron\(6 fields\)/);
  });

  it('accepts the EventBridge step form cron(0/15 * * * ? *) and fires every 15 minutes', () => {
    const schedule = parseSchedule('cron(0/15 * * * ? *)');
    expect(nextRun(schedule, at('2024-12-03T10:07:00Z'))?.toISOString()).toBe('2024-12-03T10:15:00.000Z');
  });
});

describe('EventBridge weekday numbering (1 = Sunday … 7 = Saturday)', () => {
  it('fires cron(0 12 ? * 2 *) on Mondays', () => {
    const schedule = parseSchedule('cron(0 12 ? * 2 *)');
    // Tuesday 3 December 2024
    const next = nextRun(schedule, at('2024-12-03T00:00:00Z'))!;
    expect(next.toISOString()).toBe('2024-12-09T12:00:00.000Z');
    expect(next.getUTCDay()).toBe(1);
  });

  it('fires day 1 on Sundays and day 7 on Saturdays', () => {
    const sunday = nextRun(parseSchedule('cron(0 12 ? * 1 *)'), at('2024-12-03T00:00:00Z'))!;
    const saturday = nextRun(parseSchedule('cron(0 12 ? * 7 *)'), at('2024-12-03T00:00:00Z'))!;
    expect(sunday.toISOString()).toBe('2024-12-08T12:00:00.000Z');
    expect(sunday.getUTCDay()).toBe(0);
    expect(saturday.toISOString()).toBe('2024-12-07T12:00:00.000Z');
    expect(saturday.getUTCDay()).toBe(6);
  });

  it('maps ranges and lists of weekday numbers (2-6 is Monday to Friday)', () => {
    const schedule = parseSchedule('cron(0 10 ? * 2-6 *)');
    // From Friday 6 December after 10:00, the next weekday run is Monday 9 December.
    expect(nextRun(schedule, at('2024-12-06T11:00:00Z'))?.toISOString()).toBe('2024-12-09T10:00:00.000Z');
    const list = parseSchedule('cron(0 10 ? * 2,4 *)');
    expect(nextRun(list, at('2024-12-03T00:00:00Z'))?.toISOString()).toBe('2024-12-04T10:00:00.000Z');
  });

  it('accepts weekday names (MON-FRI)', () => {
    const schedule = parseSchedule('cron(0 10 ? * MON-FRI *)');
    expect(nextRun(schedule, at('2024-12-07T00:00:00Z'))?.toISOString()).toBe('2024-12-09T10:00:00.000Z');
  });

  it('keeps the ordinal after # and maps only the weekday (2#1 is the first Monday)', () => {
    const schedule = parseSchedule('cron(0 10 ? * 2#1 *)');
    expect(nextRun(schedule, at('2024-12-03T00:00:00Z'))?.toISOString()).toBe('2025-01-06T10:00:00.000Z');
  });

  it('maps 6L to the last Friday of the month', () => {
    const next = nextRun(parseSchedule('cron(0 10 ? * 6L *)'), at('2024-12-01T00:00:00Z'))!;
    expect(next.toISOString()).toBe('2024-12-27T10:00:00.000Z');
    expect(next.getUTCDay()).toBe(5);
  });

  it('supports L in day-of-month (the last day, in a leap February)', () => {
    expect(nextRun(parseSchedule('cron(0 0 L * ? *)'), at('2024-02-03T00:00:00Z'))?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('currentSlot', () => {
  it('floors to the rate period for rate schedules', () => {
    const schedule = parseSchedule('rate(5 minutes)');
    expect(currentSlot(schedule, at('2024-12-03T10:07:42.123Z')).toISOString()).toBe('2024-12-03T10:05:00.000Z');
  });

  it('returns the instant itself when it is exactly on a rate boundary', () => {
    const schedule = parseSchedule('rate(1 hour)');
    expect(currentSlot(schedule, at('2024-12-03T10:00:00.000Z')).toISOString()).toBe('2024-12-03T10:00:00.000Z');
  });

  it('gives every instant inside one slot the same slot (the idempotency key)', () => {
    const schedule = parseSchedule('rate(6 hours)');
    const a = currentSlot(schedule, at('2024-12-03T06:00:01Z'));
    const b = currentSlot(schedule, at('2024-12-03T11:59:59Z'));
    expect(a.getTime()).toBe(b.getTime());
    expect(a.toISOString()).toBe('2024-12-03T06:00:00.000Z');
  });

  it('returns the latest cron run before the instant', () => {
    const schedule = parseSchedule('cron(0 12 ? * 2 *)');
    expect(currentSlot(schedule, at('2024-12-04T12:00:00Z')).toISOString()).toBe('2024-12-02T12:00:00.000Z');
  });

  it('returns the cron slot itself when the instant is exactly on it', () => {
    const schedule = parseSchedule('cron(0 12 ? * 2 *)');
    expect(currentSlot(schedule, at('2024-12-02T12:00:00.000Z')).toISOString()).toBe('2024-12-02T12:00:00.000Z');
  });

  it('honours the year field when choosing the current cron slot', () => {
    const schedule = parseSchedule('cron(0 0 1 1 ? 2023)');
    expect(currentSlot(schedule, at('2024-12-03T00:00:00Z')).toISOString()).toBe('2023-01-01T00:00:00.000Z');
  });
});

describe('nextRun', () => {
  it('returns the next rate boundary strictly after the instant', () => {
    const schedule = parseSchedule('rate(5 minutes)');
    expect(nextRun(schedule, at('2024-12-03T10:07:00Z'))?.toISOString()).toBe('2024-12-03T10:10:00.000Z');
    expect(nextRun(schedule, at('2024-12-03T10:10:00Z'))?.toISOString()).toBe('2024-12-03T10:15:00.000Z');
  });

  it('returns the next cron run strictly after the instant', () => {
    const schedule = parseSchedule('cron(30 8 * * ? *)');
    expect(nextRun(schedule, at('2024-12-03T08:30:00Z'))?.toISOString()).toBe('2024-12-04T08:30:00.000Z');
    expect(nextRun(schedule, at('2024-12-03T08:29:59Z'))?.toISOString()).toBe('2024-12-03T08:30:00.000Z');
  });

  it('skips to a future year named in the year field', () => {
    const schedule = parseSchedule('cron(0 0 1 1 ? 2030)');
    expect(nextRun(schedule, at('2024-12-03T00:00:00Z'))?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('honours year lists and ranges', () => {
    const list = parseSchedule('cron(0 0 1 1 ? 2026,2028)');
    expect(nextRun(list, at('2024-12-03T00:00:00Z'))?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    const range = parseSchedule('cron(15 10 ? * 6L 2019-2025)');
    expect(nextRun(range, at('2024-12-03T00:00:00Z'))?.toISOString()).toBe('2024-12-27T10:15:00.000Z');
  });

  it('returns undefined when every allowed year is in the past', () => {
    expect(nextRun(parseSchedule('cron(0 0 1 1 ? 2020)'), at('2024-12-03T00:00:00Z'))).toBeUndefined();
    expect(nextRun(parseSchedule('cron(15 10 ? * 6L 2019-2022)'), at('2024-12-03T00:00:00Z'))).toBeUndefined();
  });

  it('honours a year step such as 2025/2', () => {
    const schedule = parseSchedule('cron(0 0 1 1 ? 2025/2)');
    expect(nextRun(schedule, at('2025-06-01T00:00:00Z'))?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

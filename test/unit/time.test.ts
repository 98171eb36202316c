import { describe, it, expect } from 'vitest';
import { ValidationError } from '../../functions/lib/core/errors.js';
import { parseQueryTime, parseTimeRange } from '../../functions/lib/core/time.js';

describe('parseQueryTime: ISO 8601', () => {
  it('parses a date as the start of that day in UTC', () => {
    expect(parseQueryTime('2024-12-03', 'from')).toBe('2024-12-03T00:00:00.000Z');
  });

  it('parses a date-time with Z', () => {
    expect(parseQueryTime('2024-12-03T10:15:30Z', 'from')).toBe('2024-12-03T10:15:30.000Z');
  });

  it('converts an offset to UTC', () => {
    expect(parseQueryTime('2024-12-03T10:00:00+02:00', 'from')).toBe('2024-12-03T08:00:00.000Z');
  });

  it('keeps fractional seconds', () => {
    expect(parseQueryTime('2024-12-03T10:00:00.250Z', 'from')).toBe('2024-12-03T10:00:00.250Z');
  });

  it('widens a date to the last millisecond of the day when end is set', () => {
    expect(parseQueryTime('2024-12-03', 'to', true)).toBe('2024-12-03T23:59:59.999Z');
  });

  it('does not widen a full date-time', () => {
    expect(parseQueryTime('2024-12-03T10:00:00Z', 'to', true)).toBe('2024-12-03T10:00:00.000Z');
  });

  it('trims whitespace', () => {
    expect(parseQueryTime(' 2024-12-03 ', 'from')).toBe('2024-12-03T00:00:00.000Z');
  });
});

describe('parseQueryTime: 4-to-14-digit timestamps', () => {
  it.each([
    ['2024', '2024-01-01T00:00:00.000Z'],
    ['202412', '2024-12-01T00:00:00.000Z'],
    ['20241203', '2024-12-03T00:00:00.000Z'],
    ['2024120310', '2024-12-03T10:00:00.000Z'],
    ['202412031015', '2024-12-03T10:15:00.000Z'],
    ['20241203101530', '2024-12-03T10:15:30.000Z'],
  ])('parses %s as the start of its period', (input, expected) => {
    expect(parseQueryTime(input, 'from')).toBe(expected);
  });

  it.each([
    ['2024', '2024-12-31T23:59:59.999Z'],
    ['202402', '2024-02-29T23:59:59.999Z'],
    ['20241203', '2024-12-03T23:59:59.999Z'],
    ['2024120310', '2024-12-03T10:59:59.999Z'],
    ['202412031015', '2024-12-03T10:15:59.999Z'],
    ['20241203101530', '2024-12-03T10:15:30.000Z'],
  ])('widens %s to the end of its period when end is set', (input, expected) => {
    expect(parseQueryTime(input, 'to', true)).toBe(expected);
  });

  it('widens December into the next year boundary correctly', () => {
    expect(parseQueryTime('202312', 'to', true)).toBe('2023-12-31T23:59:59.999Z');
  });
});

describe('parseQueryTime: invalid input', () => {
  it.each(['20241301', '20240230', '20241203250000', '20241203106000', '20241203101560', '2024-13-01', '2024-12-03T10:60Z'])(
    'refuses the impossible time %s',
    (input) => {
      expect(() => parseQueryTime(input, 'from')).toThrow(ValidationError);
    },
  );

  it.each(['yesterday', '12/03/2024', '2024-1-3', '202', '2024120', '123456789012345', '', 'NaN'])(
    'refuses the unsupported form %j',
    (input) => {
      expect(() => parseQueryTime(input, 'from')).toThrow(ValidationError);
    },
  );

  it('names the parameter and quotes the value in the details', () => {
    try {
      parseQueryTime('20241301', 'to');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const e = err as ValidationError;
      expect(e.message).toMatch(/^to /);
      expect(e.details).toEqual([{ path: 'to', message: '"20241301" is not a valid time' }]);
    }
  });

  it('refuses the impossible ISO date 2024-02-30', () => {
    expect(() => parseQueryTime('2024-02-30', 'from')).toThrow(ValidationError);
  });
});

describe('parseTimeRange', () => {
  it('returns both bounds, widening to', () => {
    expect(parseTimeRange('2024-12-01', '2024-12-05')).toEqual({
      from: '2024-12-01T00:00:00.000Z',
      to: '2024-12-05T23:59:59.999Z',
    });
  });

  it('allows open bounds', () => {
    expect(parseTimeRange(undefined, undefined)).toEqual({ from: undefined, to: undefined });
    expect(parseTimeRange('20241201', undefined)).toEqual({ from: '2024-12-01T00:00:00.000Z', to: undefined });
    expect(parseTimeRange(undefined, '20241201')).toEqual({ from: undefined, to: '2024-12-01T23:59:59.999Z' });
  });

  it('allows from and to on the same day', () => {
    expect(parseTimeRange('2024-12-03', '2024-12-03')).toEqual({
      from: '2024-12-03T00:00:00.000Z',
      to: '2024-12-03T23:59:59.999Z',
    });
  });

  it('refuses from after to', () => {
    expect(() => parseTimeRange('2024-12-05', '2024-12-01')).toThrow(ValidationError);
    expect(() => parseTimeRange('2024-12-05', '2024-12-01')).toThrow(/from must not be after to/);
  });

  it('refuses an invalid bound', () => {
    expect(() => parseTimeRange('2024-12-01', '20241301')).toThrow(ValidationError);
  });
});

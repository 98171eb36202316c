import { describe, it, expect } from 'vitest';
import { normaliseDate } from '../../../functions/lib/core/claims/dates.js';

describe('normaliseDate', () => {
  it.each([
    ['2024-12-03T10:15:30Z', '2024-12-03T10:15:30.000Z'],
    ['2024-12-03T10:15:30+02:00', '2024-12-03T08:15:30.000Z'],
    ['2024-12-03T10:15:30+0200', '2024-12-03T08:15:30.000Z'],
    ['2024-12-03T10:15:30.250-05:00', '2024-12-03T15:15:30.250Z'],
    ['2015-07-24T05:36:09+01:00', '2015-07-24T04:36:09.000Z'],
    ['2021-11-01T10:52:50+0100', '2021-11-01T09:52:50.000Z'],
    ['2024-12-03 10:15:30', '2024-12-03T10:15:30.000Z'],
    ['2024-12-03', '2024-12-03T00:00:00.000Z'],
    ['20241203', '2024-12-03T00:00:00.000Z'],
    ['2024/12/03 10:15', '2024-12-03T10:15:00.000Z'],
    ['03.12.2024', '2024-12-03T00:00:00.000Z'],
    ['Tue, 03 Dec 2024 10:15:30 GMT', '2024-12-03T10:15:30.000Z'],
    ['Tue, 03 Dec 2024 10:15:30 -0500', '2024-12-03T15:15:30.000Z'],
    ['December 3, 2024', '2024-12-03T00:00:00.000Z'],
    ['Dec. 3, 2024 4:05 PM EST', '2024-12-03T21:05:00.000Z'],
    ['December 3, 2024 at 10:15 AM', '2024-12-03T10:15:00.000Z'],
    ['3 December 2024', '2024-12-03T00:00:00.000Z'],
    ['3. desember 2024 kl. 14:32', '2024-12-03T14:32:00.000Z'],
    ['3. Dezember 2024', '2024-12-03T00:00:00.000Z'],
    ['3 décembre 2024', '2024-12-03T00:00:00.000Z'],
    ['3 de diciembre de 2024', '2024-12-03T00:00:00.000Z'],
    ['٣ ديسمبر ٢٠٢٤', '2024-12-03T00:00:00.000Z'],
    ['1733220000', '2024-12-03T10:00:00.000Z'],
    ['1733220000000', '2024-12-03T10:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDate(input)).toBe(expected);
  });

  it('reads unix seconds and milliseconds given as numbers', () => {
    expect(normaliseDate(1733220000)).toBe('2024-12-03T10:00:00.000Z');
    expect(normaliseDate(1733220000000)).toBe('2024-12-03T10:00:00.000Z');
  });

  it.each(['', 'yesterday', '5 hours ago', '2024-02-30', '2024-13-01', '1800-01-01', 'December 2024', '12:30'])('rejects "%s"', (input) => {
    expect(normaliseDate(input)).toBeUndefined();
  });

  it('rejects values that are not strings or numbers', () => {
    expect(normaliseDate(null)).toBeUndefined();
    expect(normaliseDate({})).toBeUndefined();
    expect(normaliseDate(Number.NaN)).toBeUndefined();
  });
});

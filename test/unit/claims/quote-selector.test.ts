import { describe, it, expect } from 'vitest';
import { createTextLocator, detachedSelector } from '../../../functions/lib/core/claims/quote-selector.js';

const page =
  'Menu\nHome\n\nRebels entered   Hama on\nTuesday. The army said it had\u00a0withdrawn. Rebels entered Hama on Tuesday.\nFooter';

describe('TextQuoteSelector', () => {
  it('finds a claim whatever the whitespace and returns the exact substring of the page text', () => {
    const found = createTextLocator(page).locate('Rebels entered Hama on Tuesday.');
    expect(found?.selector.exact).toBe('Rebels entered   Hama on\nTuesday.');
    expect(found?.selector.prefix).toBe('Menu\nHome\n\n');
    expect(found?.selector.suffix).toBe(' The army said it had\u00a0withdrawn.');
  });

  it('matches across non-breaking spaces and missing spaces between blocks', () => {
    expect(createTextLocator(page).locate('The army said it had withdrawn.')?.selector.exact).toBe('The army said it had\u00a0withdrawn.');
    expect(createTextLocator('one\ntwo').locate('one two')?.selector.exact).toBe('one\ntwo');
  });

  it('prefers the occurrence after the given offset, and falls back to the first', () => {
    const locator = createTextLocator(page);
    const first = locator.locate('Rebels entered Hama on Tuesday.')!;
    const second = locator.locate('Rebels entered Hama on Tuesday.', first.end)!;
    expect(second.start).toBeGreaterThan(first.start);
    expect(second.selector.suffix).toBe('\nFooter');
    expect(locator.locate('Rebels entered Hama on Tuesday.', page.length)?.start).toBe(first.start);
  });

  it('keeps prefix and suffix to 32 characters', () => {
    const long = `${'x'.repeat(100)} needle here ${'y'.repeat(100)}`;
    const found = createTextLocator(long).locate('needle here')!;
    expect(found.selector.prefix).toHaveLength(32);
    expect(found.selector.suffix).toHaveLength(32);
  });

  it('never cuts a surrogate pair in prefix or suffix', () => {
    const emoji = '🔥'.repeat(20);
    const found = createTextLocator(`${emoji}needle${emoji}`).locate('needle')!;
    expect(found.selector.prefix).toBe('🔥'.repeat(16));
    expect(found.selector.suffix).toBe('🔥'.repeat(16));
    const odd = createTextLocator(`x${emoji}needle${emoji}x`).locate('needle')!;
    expect([...odd.selector.prefix].every((ch) => ch === '🔥')).toBe(true);
    expect([...odd.selector.suffix].every((ch) => ch === '🔥')).toBe(true);
  });

  it('returns nothing for text that is not on the page, and a detached selector can stand in', () => {
    expect(createTextLocator(page).locate('Not on the page')).toBeUndefined();
    expect(createTextLocator(page).locate('   ')).toBeUndefined();
    expect(detachedSelector('Not on the page')).toEqual({ exact: 'Not on the page', prefix: '', suffix: '' });
  });
});

import { describe, expect, it } from 'vitest';
import { foldTerm, significantTerms } from '../../functions/lib/core/terms.js';

describe('significant terms', () => {
  it('drops English stop words and short tokens', () => {
    expect(significantTerms('The rebels are advancing on Hama from the north', 'en')).toEqual(['rebels', 'advancing', 'hama', 'north']);
  });

  it('drops Icelandic function words and folds accents', () => {
    expect(significantTerms('Sveitir frá Írak taka þátt í vörnum Hama', 'is')).toEqual([
      'sveitir',
      'irak',
      'taka',
      'þatt',
      'vornum',
      'hama',
    ]);
  });

  it('folds case and diacritics so a query matches the stored term', () => {
    expect(foldTerm('Sýrlandi')).toBe('syrlandi');
    expect(foldTerm('ḨAMĀH')).toBe('hamah');
  });

  it('keeps years and drops one- and two-digit numbers', () => {
    expect(significantTerms('On 3 December 2024 Hama', 'en')).toEqual(['december', '2024', 'hama']);
  });
});

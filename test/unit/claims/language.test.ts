import { describe, it, expect } from 'vitest';
import { detectLang, normaliseLang } from '../../../functions/lib/core/claims/language.js';

describe('language', () => {
  it.each([
    ['en-US', 'en'],
    ['is_IS', 'is'],
    ['pt-BR', 'pt'],
    ['ara', 'ar'],
    ['iw', 'he'],
    ['und', undefined],
    ['', undefined],
    ['x-klingon', undefined],
  ])('normalises %s to %s', (tag, expected) => {
    expect(normaliseLang(tag)).toBe(expected);
  });

  it.each([
    ['Heimildarmaður Reuters segir sveitir frá Írak taka þátt í vörnum Hama.', 'is'],
    ['Rebels entered the city of Hama on Tuesday after days of fighting.', 'en'],
    ['Selon l’AFP, les rebelles sont entrés dans la ville de Hama mardi.', 'fr'],
    ['Laut Reuters sind die Rebellen am Dienstag in die Stadt Hama eingedrungen.', 'de'],
    ['Según Reuters, los rebeldes entraron en la ciudad de Hama el martes.', 'es'],
    ['قال المتحدث باسم الفصائل إن القوات دخلت مدينة حماة يوم الثلاثاء.', 'ar'],
    ['ok', 'und'],
  ])('detects the language of "%s"', (text, expected) => {
    expect(detectLang(text)).toBe(expected);
  });
});

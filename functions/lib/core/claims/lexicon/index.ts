import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { is } from './is.js';
import type { Lexicon } from './types.js';

export type { CueEntry, CueRole, Lexicon, RoleName } from './types.js';

/** Every supported language's lexicon, by ISO 639-1 code. A new language is one module plus one line here. */
export const LEXICONS: Readonly<Record<string, Lexicon>> = { en, is, fr, de, es, ar };

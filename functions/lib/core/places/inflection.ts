/** Shortest stem, in folded letters, that an inflection rule may leave behind. */
export const MIN_STEM = 4;

interface SuffixRules {
  /** Case endings, folded, tried longest first; `''` restores an ending dropped outright (accusative "Kænugarð"). */
  strip: readonly string[];
  /** Nominative endings put back on the stem ("Kænugarði" → "Kænugarð" + "ur"). */
  restore: readonly string[];
}

const SUFFIX_RULES: Readonly<Record<string, SuffixRules>> = {
  is: {
    strip: ['unum', 'anna', 'inum', 'inu', 'ins', 'inn', 'ina', 'num', 'um', 'ar', 'ir', 'ur', 'id', 'in', 'i', 's', 'a', 'u', ''],
    restore: ['', 'a', 'ur', 'i'],
  },
  de: { strip: ['ens', 'es', 'ns', 's', 'n'], restore: [''] },
  fi: {
    strip: [
      'issa',
      'ista',
      'illa',
      'ilta',
      'ille',
      'iksi',
      'iin',
      'ina',
      'in',
      'ssa',
      'sta',
      'lla',
      'lta',
      'lle',
      'ksi',
      'aan',
      'han',
      'hin',
      'seen',
      'na',
      'n',
      'a',
    ],
    restore: [''],
  },
  ru: {
    strip: ['ией', 'ии', 'ию', 'ой', 'ей', 'ом', 'ем', 'ам', 'ах', 'ою', 'ую', 'а', 'я', 'у', 'ю', 'е', 'ы', 'и', 'ь'],
    restore: ['', 'а', 'я', 'ия', 'ь', 'и'],
  },
  uk: {
    strip: ['ією', 'ії', 'ію', 'ою', 'ом', 'ем', 'ам', 'ах', 'а', 'я', 'у', 'ю', 'е', 'і', 'и', 'ь'],
    restore: ['', 'а', 'я', 'ія', 'ь'],
  },
};

/** Arabic clitics: conjunction, then preposition, then the article. */
const AR_CONJUNCTIONS = ['و', 'ف'];
const AR_PREPOSITIONS = ['ب', 'ل', 'ك'];
const AR_ARTICLE = 'ال';
const AR_MIN_CORE = 3;

function arabicLemmas(folded: string): string[] {
  const out = new Set<string>();
  const afterConjunction = [folded, ...AR_CONJUNCTIONS.filter((c) => folded.startsWith(c)).map((c) => folded.slice(c.length))];
  for (const a of afterConjunction) {
    const afterPreposition = [a, ...AR_PREPOSITIONS.filter((p) => a.startsWith(p)).map((p) => a.slice(p.length))];
    for (const b of afterPreposition) {
      if (b.startsWith('ل') && a.startsWith('لل')) out.add(AR_ARTICLE + b.slice(1));
      const core = b.startsWith(AR_ARTICLE) ? b.slice(AR_ARTICLE.length) : b;
      if (core.length < AR_MIN_CORE) continue;
      out.add(core);
      out.add(AR_ARTICLE + core);
    }
  }
  out.delete(folded);
  return [...out];
}

/** Whether `lang` has inflection rules here (otherwise only exact forms match). */
export function inflects(lang: string): boolean {
  return lang === 'ar' || lang in SUFFIX_RULES;
}

/**
 * Possible dictionary forms of a folded word in an inflecting language, the word itself excluded:
 * Icelandic "syrlandi" → "syrland", German "syriens" → "syrien", Arabic "وحماه" → "حماه", "الحماه".
 * Stems shorter than {@link MIN_STEM} are never produced.
 */
export function lemmas(folded: string, lang: string): string[] {
  if (lang === 'ar') return arabicLemmas(folded);
  const rules = SUFFIX_RULES[lang];
  if (!rules) return [];
  const out = new Set<string>();
  for (const ending of rules.strip) {
    if (!folded.endsWith(ending)) continue;
    const stem = folded.slice(0, folded.length - ending.length);
    if (stem.length < MIN_STEM) continue;
    for (const restored of rules.restore) out.add(stem + restored);
  }
  out.delete(folded);
  return [...out];
}

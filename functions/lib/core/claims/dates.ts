const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  // en, is, de, fr, es, pt, it, nl, ar
  [
    'january',
    'jan',
    'janúar',
    'januar',
    'jänner',
    'janvier',
    'janv',
    'enero',
    'ene',
    'janeiro',
    'gennaio',
    'januari',
    'يناير',
    'كانون الثاني',
  ],
  [
    'february',
    'feb',
    'febr',
    'febrúar',
    'februar',
    'février',
    'févr',
    'fevr',
    'febrero',
    'fevereiro',
    'fev',
    'febbraio',
    'februari',
    'فبراير',
    'شباط',
  ],
  ['march', 'mar', 'mars', 'märz', 'mär', 'mrz', 'marzo', 'março', 'maart', 'مارس', 'آذار'],
  ['april', 'apr', 'apríl', 'avril', 'avr', 'abril', 'abr', 'aprile', 'أبريل', 'ابريل', 'نيسان'],
  ['may', 'maí', 'mai', 'mayo', 'maio', 'maggio', 'mei', 'مايو', 'أيار'],
  ['june', 'jun', 'júní', 'juni', 'juin', 'junio', 'junho', 'giugno', 'يونيو', 'حزيران'],
  ['july', 'jul', 'júlí', 'juli', 'juillet', 'juil', 'julio', 'julho', 'luglio', 'يوليو', 'تموز'],
  ['august', 'aug', 'ágúst', 'août', 'aout', 'agosto', 'ago', 'augustus', 'أغسطس', 'اغسطس', 'آب'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre', 'setembro', 'set', 'settembre', 'سبتمبر', 'أيلول'],
  ['october', 'oct', 'október', 'okt', 'oktober', 'octobre', 'octubre', 'outubro', 'out', 'ottobre', 'أكتوبر', 'اكتوبر', 'تشرين الأول'],
  ['november', 'nov', 'nóvember', 'novembre', 'noviembre', 'novembro', 'نوفمبر', 'تشرين الثاني'],
  [
    'december',
    'dec',
    'desember',
    'des',
    'dezember',
    'dez',
    'décembre',
    'déc',
    'dic',
    'diciembre',
    'dezembro',
    'dicembre',
    'ديسمبر',
    'كانون الأول',
  ],
];
for (const [index, names] of MONTH_NAMES.entries()) {
  for (const name of names) MONTHS[name] = index + 1;
}
const MONTH_PATTERNS = Object.entries(MONTHS).map(([name, number]) => ({
  name,
  number,
  pattern: new RegExp(`(?<![\\p{L}])${escapeRegExp(name)}\\.?(?![\\p{L}])`, 'u'),
}));

/** True for a month name or abbreviation in a supported language ("desember", "Dez.", "diciembre"). */
export function isMonthName(word: string): boolean {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')] !== undefined;
}

const ZONES: Record<string, number> = {
  z: 0,
  utc: 0,
  gmt: 0,
  ut: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  cet: 60,
  cest: 120,
  bst: 60,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  jst: 540,
  aest: 600,
  aedt: 660,
};

const ISO_LIKE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{4})?$/i;
const SLASHED = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const DOTTED = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?:,?\s+(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$/;

/**
 * Normalises a date from page metadata or an embed to ISO 8601 UTC (`2024-12-03T10:00:00.000Z`).
 * Accepts ISO 8601 (with or without zone), compact `20241203`, `2024/12/03`, `03.12.2024`, unix seconds
 * or milliseconds, RFC 2822, and day-month-year text in en/is/de/fr/es/pt/it/nl/ar ("December 3, 2024",
 * "3. desember 2024", "3 de diciembre de 2024", "Tue, 03 Dec 2024 10:00:00 GMT").
 * A value without a zone is read as UTC; a date without a time is midnight UTC. Returns undefined when
 * the value is not a plausible date (years outside 1900–2100 included).
 */
export function normaliseDate(value: unknown): string | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const text = toLatinDigits(value).trim();
  if (!text) return undefined;
  if (/^\d{10}(\.\d+)?$/.test(text) || /^\d{13}$/.test(text)) return fromEpoch(Number(text));

  let m = ISO_LIKE.exec(text);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7], zoneOffset(m[8]));
  m = SLASHED.exec(text);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], undefined, zoneOffset(m[7]));
  m = COMPACT.exec(text);
  if (m) return build(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], undefined, zoneOffset(m[7]));
  m = DOTTED.exec(text);
  if (m) return build(+m[3]!, +m[2]!, +m[1]!, m[4], m[5], m[6], undefined, 0);
  return fromWords(text);
}

function build(
  year: number,
  month: number,
  day: number,
  hour?: string,
  minute?: string,
  second?: string,
  fraction?: string,
  offsetMinutes: number | undefined = 0,
): string | undefined {
  if (offsetMinutes === undefined) return undefined;
  const h = hour ? Number(hour) : 0;
  const mi = minute ? Number(minute) : 0;
  const s = second ? Number(second) : 0;
  const ms = fraction && /^\d+$/.test(fraction) ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || h > 23 || mi > 59 || s > 60) return undefined;
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  const time = Date.UTC(year, month - 1, day, h, mi, Math.min(s, 59), Math.min(ms, 999)) - offsetMinutes * 60_000;
  return new Date(time).toISOString();
}

function fromEpoch(value: number): string | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const ms = value < 1e11 ? value * 1000 : value;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  return year >= 1900 && year <= 2100 ? date.toISOString() : undefined;
}

function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

function fromWords(text: string): string | undefined {
  const lower = text.toLowerCase().replace(/[,]/g, ' ');
  let month: number | undefined;
  for (const { name, number, pattern } of MONTH_PATTERNS) {
    if (pattern.test(lower) && (month === undefined || name.length > 3)) month = number;
  }
  if (month === undefined) return undefined;
  const timeMatch = /(\d{1,2})[:h.](\d{2})(?:[:.](\d{2}))?\s*(a\.?\s?m\.?|p\.?\s?m\.?)?(?![\d])/i.exec(lower);
  let rest = timeMatch ? lower.replace(timeMatch[0], ' ') : lower;
  const yearMatch = /(?<!\d)(19\d{2}|20\d{2}|2100)(?!\d)/.exec(rest);
  if (!yearMatch) return undefined;
  rest = rest.replace(yearMatch[0], ' ');
  const dayMatch = /(?<![\d+-])(\d{1,2})(?:st|nd|rd|th|\.|º|er)?(?![\d:])/.exec(rest);
  if (!dayMatch) return undefined;
  let hour = timeMatch ? Number(timeMatch[1]) : 0;
  const meridiem = timeMatch?.[4]?.replace(/[.\s]/g, '');
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  const zoneMatch = /(?:^|[\s(])(z|utc|gmt|ut|[a-z]{3,4})?\s*([+-]\d{2}:?\d{2})?(?:\)|\s|$)/gi;
  let offset = 0;
  for (const zm of lower.matchAll(zoneMatch)) {
    if (zm[2]) {
      offset = zoneOffset(zm[2]) ?? 0;
      break;
    }
    if (zm[1] && ZONES[zm[1]] !== undefined) {
      offset = ZONES[zm[1]]!;
      break;
    }
  }
  return build(
    Number(yearMatch[1]),
    month,
    Number(dayMatch[1]),
    timeMatch ? String(hour) : undefined,
    timeMatch?.[2],
    timeMatch?.[3],
    undefined,
    offset,
  );
}

function toLatinDigits(text: string): string {
  return text.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/** Escapes a string for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

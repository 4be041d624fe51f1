// Over 300 lines: one reader of number forms (digits with either side's marks, scales, words, Roman numerals,
// ordinals, ranges), each form a small function over the same tokens.
/**
 * Numbers as a Spanish or an English text writes them, read into the values they may stand for.
 *
 * A number is read into every value it plausibly means, because the same digits mean different things on each side
 * and in different Spanish-speaking countries: "15.000" is 15,000 in Spain and 15 in English, "1,500" is 1.5 in
 * Spain and 1,500 in Mexico. A reading also knows whether it is written the Spanish way in an English text, which is
 * what the numbers check asks about the target ("15.000 → 15,000", "3,5 → 3.5", "1.º → 1st").
 */
import type { Span } from './types';

/** One value a written number may stand for. */
export interface Reading {
  value: number;
  /** The English target writes it as Spanish does ("15.000", "3,5", "1.º"): the check asks for the English form. */
  spanishForm?: boolean;
}

/** A number as written in a text. */
export interface WrittenNumber {
  span: Span;
  /** The number as written, with its ordinal mark ("1.º", "2nd") but without currency or unit. */
  raw: string;
  /** Every value it may stand for, the likeliest first. */
  readings: Reading[];
  ordinal: boolean;
  /** "22:30", "22.00 h": hours and minutes, compared on a 12-hour clock with English "10.30 p.m.". */
  time?: { hours: number; minutes: number };
}

export type Language = 'es' | 'en';

// A run of digits with the separators numbers use inside them: "15.000", "3,5", "1 000 000" (a space, no-break or
// thin, before each group of three), or a time written "20h45".
const DIGIT_RUN =
  /(?<![\d/])[1-3]\/[2-4](?![\d/])|(?<!\d)\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,]\d)|\d{1,2}h\d{2}(?!\d)|\d(?:[.,:\u00a0\u202f\u2009]?\d)*/gu;
// Digits that are part of a name or a formula: "CO2", "G20", "COVID-19", "A380", "H1N1". They are not quantities.
const IN_NAME = /(?:\p{L}|\p{Lu}-)$/u;
// ...and a capital right after the digits, as English writes the same codes the other way round ("Q3" → "3Q",
// newstest2012 dev; "3D", "5G"). K, M, B and T are scales ("$5M").
const NAME_AFTER = /^[AC-JLN-SU-Z](?![\p{L}\p{N}])/u;
const GROUP_SPACE = /[ \u00a0\u202f\u2009]/gu;

// Words after a number that multiply it: "1.500 millones" is 1.5 billion, "$5bn", "15 mil".
const SPANISH_SCALES: ReadonlyArray<[RegExp, number[]]> = [
  [/^\s*mil\s+millones\b/iu, [1e9]],
  [/^\s*(?:millones|millón|millon)\b/iu, [1e6]],
  [/^\s*millardos?\b/iu, [1e9]],
  // "billón" is a million millions in Spanish, but news borrows the English billion too.
  [/^\s*(?:billones|billón|billon)\b/iu, [1e12, 1e9]],
  [/^\s*mil\b/iu, [1e3]],
];
const ENGLISH_SCALES: ReadonlyArray<[RegExp, number[]]> = [
  [/^\s*thousands?\b|^k\b/iu, [1e3]],
  [/^\s*millions?\b|^mn?\b/iu, [1e6]],
  [/^\s*billions?\b|^bn\b/iu, [1e9]],
  [/^\s*trillions?\b|^tn\b/iu, [1e12]],
];

const SPANISH_ORDINAL = /^(?:\.?[ºª]|\.°|\.?(?:er|ra|ro|do|da|to|ta|vo|va|mo|ma)(?![\p{L}\p{N}]))/u;
const ENGLISH_ORDINAL = /^(?:st|nd|rd|th)(?![\p{L}\p{N}])/iu;
// Spanish ordinal marks left in an English text: "1.º", "2ª", "3.°".
const SPANISH_MARK = /^(?:\.?[ºª]|\.°)/u;

const int = (digits: string) => Number(digits);

// "una hora y media" is 1.5 hours (FLORES dev), "5 horas y media" 5.5, "two and a half years" 2.5.
const AND_A_HALF: Record<Language, RegExp> = {
  es: /^(?:\s+\p{L}+)?\s+y\s+medi[oa]\b/iu,
  en: /^(?:\s+\p{L}+)?\s+and\s+a\s+half\b/iu,
};

/** Whether the words after a number (at `end`) make it a half more: "5 horas y media", "two and a half". */
export function andAHalf(text: string, end: number, language: Language): boolean {
  return AND_A_HALF[language].test(text.slice(end, end + 24));
}

/** Values a run of digits and separators stands for in Spanish text, the likeliest first. */
function spanishReadings(run: string): Reading[] {
  const plain = run.replace(GROUP_SPACE, '');
  if (/^\d+$/u.test(plain)) return [{ value: int(plain) }];
  // 15.000, 1.234.567 (Spanish thousands); one group may also be a decimal point ("1.5 hectáreas" in Mexico).
  if (/^\d{1,3}(?:\.\d{3})+$/u.test(plain)) {
    const out: Reading[] = [{ value: int(plain.replace(/\./gu, '')) }];
    if (plain.split('.').length === 2) out.push({ value: Number(plain) });
    return out;
  }
  // 1.234,5: thousands and decimals.
  if (/^\d{1,3}(?:\.\d{3})+,\d+$/u.test(plain)) return [{ value: Number(plain.replace(/\./gu, '').replace(',', '.')) }];
  // 3,5 (decimal comma); "1,500" may also be Mexican thousands.
  if (/^\d+,\d+$/u.test(plain)) {
    const out: Reading[] = [{ value: Number(plain.replace(',', '.')) }];
    if (/^\d{1,3},\d{3}$/u.test(plain)) out.push({ value: int(plain.replace(',', '')) });
    return out;
  }
  // 1,234,567 or 1,234.5: the English way, as Mexico and the United States' Spanish press write.
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u.test(plain)) return [{ value: Number(plain.replace(/,/gu, '')) }];
  // 94.49, 1.5: a decimal point.
  if (/^\d+\.\d+$/u.test(plain)) return [{ value: Number(plain) }];
  return [];
}

/** Values a run stands for in English text, with the Spanish ways of writing it marked. */
function englishReadings(run: string): Reading[] {
  const plain = run.replace(GROUP_SPACE, '');
  if (/^\d+$/u.test(plain)) return [{ value: int(plain) }];
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u.test(plain)) return [{ value: Number(plain.replace(/,/gu, '')) }];
  if (/^\d{1,3}(?:\.\d{3})+$/u.test(plain)) {
    const thousands: Reading = { value: int(plain.replace(/\./gu, '')), spanishForm: true };
    // "1.500" is 1.5 in English, but three decimals are rare: more often Spanish thousands left as they were.
    return plain.split('.').length === 2 ? [{ value: Number(plain) }, thousands] : [thousands];
  }
  if (/^\d+\.\d+$/u.test(plain)) return [{ value: Number(plain) }];
  if (/^\d{1,3}(?:\.\d{3})+,\d+$/u.test(plain))
    return [{ value: Number(plain.replace(/\./gu, '').replace(',', '.')), spanishForm: true }];
  // 3,5: a Spanish decimal comma left in the English.
  if (/^\d+,\d+$/u.test(plain)) return [{ value: Number(plain.replace(',', '.')), spanishForm: true }];
  return [];
}

/** Hours and minutes when the run reads as a time of day: "22:30", "22.00 h", "10.30 p.m.". */
function timeOf(run: string, text: string, start: number, end: number): WrittenNumber['time'] {
  const hourOnly = /^\d{1,2}$/u.test(run) ? int(run) : undefined;
  if (hourOnly !== undefined) {
    // "a las 14 horas", "a las 14": an hour of the day.
    const unit = /^\s*(?:h\b|hs\b|horas\b|hrs?\b)/iu.test(text.slice(end, end + 8));
    const article = /\blas\s+$/iu.test(text.slice(Math.max(0, start - 6), start));
    return hourOnly <= 24 && (unit || article) ? { hours: hourOnly, minutes: 0 } : undefined;
  }
  // "0230 UTC": a 24-hour time written without a colon, as news agencies write it.
  const military = /^(0\d|1\d|2[0-3])([0-5]\d)$/u.exec(run);
  if (military && run.startsWith('0')) return { hours: int(military[1]!), minutes: int(military[2]!) };
  const match = /^(\d{1,2})[:.h](\d{2})$/u.exec(run);
  if (!match) return undefined;
  const hours = int(match[1]!);
  const minutes = int(match[2]!);
  if (hours > 24 || minutes > 59) return undefined;
  // A colon or an "h" always reads as a time; a period only with a unit of hours after it.
  if (/[:h]/u.test(run) || /^\s*(?:h\b|hs\b|horas\b|hrs?\b|[ap]\.?\s?m\b)/iu.test(text.slice(end, end + 8)))
    return { hours, minutes };
  return undefined;
}

/** A time on the hour also reads as its hour, on either clock: "las 22.00" is "10 p.m.". */
function timeReadings(time: NonNullable<WrittenNumber['time']>): Reading[] {
  if (time.minutes !== 0) return [];
  return [{ value: time.hours }, { value: time.hours % 12 === 0 ? 12 : time.hours % 12 }, { value: time.hours * 100 }];
}

function scalesAfter(text: string, end: number, language: Language): number[] {
  const after = text.slice(end, end + 16);
  for (const [pattern, scales] of language === 'es' ? SPANISH_SCALES : ENGLISH_SCALES) {
    if (pattern.test(after)) return scales;
  }
  return [];
}

/** "1.2.3" read as three numbers, each group of digits on its own. */
function groupsOf(raw: string, start: number): WrittenNumber[] {
  const out: WrittenNumber[] = [];
  let offset = start;
  for (const part of raw.split(/[.,:\u00a0\u202f\u2009]/u)) {
    if (part.length > 0) {
      out.push({
        span: { start: offset, end: offset + part.length },
        raw: part,
        readings: [{ value: int(part) }],
        ordinal: false,
      });
    }
    offset += part.length + 1;
  }
  return out;
}

/**
 * Every number written with digits in `text`, read as `language` writes numbers. Digits inside `skip` (URLs,
 * e-mail addresses, markup: another check looks after those) are left out.
 */
export function readNumbers(text: string, language: Language, skip: readonly Span[] = []): WrittenNumber[] {
  const out: WrittenNumber[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const start = match.index;
    // The run may end in a separator that belongs to the sentence: "en 2012." keeps "2012".
    const raw = match[0].replace(/[.,:]+$/u, '');
    const end = start + raw.length;
    if (skip.some((s) => start < s.end && end > s.start)) continue;
    if (IN_NAME.test(text.slice(Math.max(0, start - 2), start))) continue;
    const after = text.slice(end, end + 6);
    if (NAME_AFTER.test(after)) continue;
    if (/^\d\/\d$/u.test(raw)) {
      // "5 1/2 hours": a fraction ("cinco horas y media"), or two numbers ("3/2").
      const value = int(raw[0]!) / int(raw[2]!);
      if (value < 1) out.push({ span: { start, end }, raw, readings: [{ value }], ordinal: false });
      else out.push(...groupsOf(raw.replace('/', '.'), start));
      continue;
    }
    const time = timeOf(raw, text, start, end);
    let readings = time ? timeReadings(time) : language === 'es' ? spanishReadings(raw) : englishReadings(raw);
    if (!time && readings.length === 0) {
      out.push(...groupsOf(raw, start));
      continue;
    }
    let markEnd = end;
    let ordinal = false;
    if (/^\d+$/u.test(raw)) {
      const mark = (language === 'es' ? SPANISH_ORDINAL : ENGLISH_ORDINAL).exec(after);
      const spanishMark = language === 'en' ? SPANISH_MARK.exec(after) : null;
      const found = mark ?? spanishMark;
      if (found) {
        ordinal = true;
        markEnd = end + found[0].length;
        if (spanishMark) readings = readings.map((r) => ({ ...r, spanishForm: true }));
      }
    }
    const extra: Reading[] = [];
    if (!ordinal && readings[0] && andAHalf(text, markEnd, language)) extra.push({ value: readings[0].value + 0.5 });
    for (const scale of scalesAfter(text, markEnd, language)) {
      for (const r of readings) extra.push({ ...r, value: r.value * scale });
    }
    // Decades: "los años 90" and "the '90s" are the 1990s; "the 1990s" are "los 90".
    if (/^\d0$/u.test(raw) && (language === 'es' || /^'?s\b/u.test(after))) extra.push({ value: 1900 + int(raw) });
    if (language === 'en' && /^\d{3}0$/u.test(raw) && /^'?s\b/u.test(after)) extra.push({ value: int(raw) % 100 });
    out.push({
      span: { start, end: markEnd },
      raw: text.slice(start, markEnd),
      readings: [...readings, ...extra],
      ordinal,
      ...(time ? { time } : {}),
    });
  }
  return linkRanges(text, language === 'es' ? joinMillions(text, joinThousands(text, out)) : out);
}

/**
 * "5 millones 143 mil 312 dólares": the same Mexican way with millions, once the thousands are joined (5,143,312;
 * newstest2012 dev).
 */
function joinMillions(text: string, numbers: WrittenNumber[]): WrittenNumber[] {
  const out: WrittenNumber[] = [];
  for (let i = 0; i < numbers.length; i++) {
    const a = numbers[i]!;
    const b = numbers[i + 1];
    const rest = b?.readings[0]?.value ?? Infinity;
    const between = b ? text.slice(a.span.end, b.span.start) : '';
    if (b && /^\s+(?:millones|millón)\s+$/iu.test(between) && /^\d{1,3}$/u.test(a.raw) && rest < 1e6 && !b.ordinal) {
      out.push({
        span: { start: a.span.start, end: b.span.end },
        raw: text.slice(a.span.start, b.span.end),
        readings: [{ value: int(a.raw) * 1e6 + rest }],
        ordinal: false,
      });
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * "5 mil 352 pesos", "17 mil 280 millones": Mexican news writes thousands as a word between two numbers; the two
 * make one number (5,352; 17,280 million).
 */
function joinThousands(text: string, numbers: WrittenNumber[]): WrittenNumber[] {
  const out: WrittenNumber[] = [];
  for (let i = 0; i < numbers.length; i++) {
    const a = numbers[i]!;
    const b = numbers[i + 1];
    if (b && /^\s+mil\s+$/iu.test(text.slice(a.span.end, b.span.start)) && /^\d{1,3}$/u.test(b.raw)) {
      const thousands = (a.readings[0]?.value ?? 0) * 1000;
      const scaled = b.readings.slice(1).map((r) => ({ value: (r.value / int(b.raw)) * (thousands + int(b.raw)) }));
      out.push({
        span: { start: a.span.start, end: b.span.end },
        raw: text.slice(a.span.start, b.span.end),
        readings: [{ value: thousands + int(b.raw) }, ...scaled],
        ordinal: false,
      });
      i++;
    } else out.push(a);
  }
  return out;
}

/** "1990-95", "2010–11": the short end of a range stands for the full number too. */
function linkRanges(text: string, numbers: WrittenNumber[]): WrittenNumber[] {
  for (let i = 1; i < numbers.length; i++) {
    const a = numbers[i - 1]!;
    const b = numbers[i]!;
    if (!/^\s?[-–/]\s?$/u.test(text.slice(a.span.end, b.span.start))) continue;
    if (!/^\d+$/u.test(a.raw) || !/^\d+$/u.test(b.raw) || b.raw.length >= a.raw.length) continue;
    const first = int(a.raw);
    const base = 10 ** b.raw.length;
    const full = first - (first % base) + int(b.raw);
    if (full > first) b.readings.push({ value: full });
  }
  return numbers;
}

/** The reading of `b` that stands for a value `a` may stand for (times compare on a 12-hour clock), if any. */
export function sameNumber(a: WrittenNumber, b: WrittenNumber): Reading | undefined {
  if (a.time && b.time) {
    const sameClock = a.time.minutes === b.time.minutes && a.time.hours % 12 === b.time.hours % 12;
    return sameClock ? (b.readings[0] ?? { value: b.time.hours }) : undefined;
  }
  // a's likeliest reading first: "15.000" in Spanish is 15,000 before it is 15, whatever the English made of it.
  for (const ra of a.readings) {
    for (const rb of b.readings) if (close(ra.value, rb.value)) return rb;
  }
  return undefined;
}

function close(x: number, y: number): boolean {
  return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}

/** How English writes a Spanish number: "15.000" → "15,000", "3,5" → "3.5", "1.º" → "1st". */
export function englishForm(n: WrittenNumber): string {
  if (n.time) return `${n.time.hours}:${String(n.time.minutes).padStart(2, '0')}`;
  const value = n.readings[0]?.value ?? 0;
  if (n.ordinal) return `${value}${ordinalSuffix(value)}`;
  // A plain four-digit number (a year, "1500 metros") stays as written; written grouped, it is grouped in English.
  // "5 mil 352" is grouped too: English writes it "5,352".
  const grouped = value >= 10000 || /[.,\u00a0\u202f\u2009]\d{3}(?!\d)|\smil\s/u.test(n.raw);
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 20, useGrouping: grouped }).format(value);
}

function ordinalSuffix(value: number): string {
  const tens = value % 100;
  if (tens >= 11 && tens <= 13) return 'th';
  return ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[value % 10] ?? 'th';
}

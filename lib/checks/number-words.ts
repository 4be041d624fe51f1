/**
 * Numbers written as words ("seven", "veinticinco", "siglo XXI"). They never need a counterpart themselves, but a
 * number in digits on one side may be a word on the other ("siete años" → "7 years", "2.º" → "second"), so the
 * numbers check lets a word stand in for a missing number.
 */
import { andAHalf, type Language, type WrittenNumber } from './number-reading';

/** "one two three" with values 1, 2, 3: a table written as data, one group per line. */
function counting(words: string, from: number, step = 1): Array<[string, number]> {
  return words.split(' ').map((w, i) => [w, from + i * step]);
}
function valued(entries: string): Array<[string, number]> {
  return entries.split(' ').map((e) => {
    const [word, value] = e.split('=');
    return [word!, Number(value)];
  });
}

const ENGLISH = new Map<string, number>([
  ...counting('zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen', 0),
  ...counting('sixteen seventeen eighteen nineteen', 16),
  ...counting('twenty thirty forty fifty sixty seventy eighty ninety', 20, 10),
  ...counting('first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth', 1),
  ...counting('fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth', 14),
  ...counting('thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth', 30, 10),
  ...valued('hundred=100 hundreds=100 hundredth=100 thousand=1000 thousands=1000 million=1e6 millions=1e6'),
  ...valued('billion=1e9 billions=1e9 trillion=1e12 once=1 twice=2 single=1 double=2 triple=3 half=0.5'),
  ...valued('quarter=0.25 pair=2 couple=2 both=2'),
]);

const SPANISH = new Map<string, number>([
  ...valued('cero=0 un=1 uno=1 una=1 dos=2 tres=3 cuatro=4 cinco=5 seis=6 siete=7 ocho=8 nueve=9 diez=10'),
  ...counting('once doce trece catorce quince dieciséis diecisiete dieciocho diecinueve veinte', 11),
  ...valued('dieciseis=16 veintiuno=21 veintiún=21 veintiuna=21'),
  ...counting('veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve', 22),
  ...counting('treinta cuarenta cincuenta sesenta setenta ochenta noventa', 30, 10),
  ...valued('cien=100 ciento=100 cientos=100 doscientos=200 doscientas=200 trescientos=300 trescientas=300'),
  ...valued('cuatrocientos=400 cuatrocientas=400 quinientos=500 quinientas=500 seiscientos=600 seiscientas=600'),
  ...valued('setecientos=700 setecientas=700 ochocientos=800 ochocientas=800 novecientos=900 novecientas=900'),
  ...valued('mil=1000 miles=1000 millón=1e6 millones=1e6 billón=1e12 billones=1e12 millardo=1e9 millardos=1e9'),
  ...valued('primer=1 tercer=3'),
  // Ordinals agree with their noun: "los undécimos húsares" are the 11th Hussars (FLORES dev).
  ...ordinals('primer segund tercer cuart quint sext séptim octav noven décim undécim duodécim vigésim centésim'),
  ...valued('medio=0.5 media=0.5 mitad=0.5 par=2 doble=2 triple=3 ambos=2 ambas=2 dúo=2 trío=3'),
]);

/** "quint" → quinto, quinta, quintos, quintas = 5; the stems in order from 1 (then 20, 100). */
function ordinals(stems: string): Array<[string, number]> {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 100];
  return stems
    .split(' ')
    .flatMap((stem, i) => ['o', 'a', 'os', 'as'].map((end) => [stem + end, values[i]!] as [string, number]));
}

// Words that count in tens, dozens or hundreds: "tres décadas" is 30 years, "two dozen" 24.
const MULTIPLIERS = new Map<string, number>([
  ...valued('decade=10 decades=10 dozen=12 dozens=12 década=10 décadas=10 decenio=10 decenios=10 decena=10'),
  ...valued('decenas=10 docena=12 docenas=12 centenar=100 centenares=100'),
  // "dos siglos" is 200 years, "a century" 100.
  ...valued('siglo=100 siglos=100 milenio=1000 milenios=1000 century=100 centuries=100 millennium=1000'),
]);

// A fraction of a multiplier or a scale: "medio siglo" is 50 years (newstest2012 dev), "un cuarto de milenio" 250
// (FLORES dev), "half a million" 500,000.
const FRACTION_OF: Record<Language, RegExp> = {
  es: /\b(?:(?:un|una)\s+)?(medio|media|cuarto|tercio)\s+(?:de\s+)?(\p{L}+)/giu,
  en: /\b(half|quarter|third)\s+(?:of\s+)?(?:an?\s+)?(\p{L}+)/giu,
};
const FRACTIONS: Record<string, number> = { medio: 1 / 2, media: 1 / 2, cuarto: 1 / 4, tercio: 1 / 3 };
Object.assign(FRACTIONS, { half: 1 / 2, quarter: 1 / 4, third: 1 / 3 });
const SCALE_WORDS = new Map<string, number>([
  ...valued('mil=1000 millón=1e6 thousand=1000 million=1e6 billion=1e9 hora=1 hour=1 año=1 year=1'),
]);

// "the sixties": a decade, also of the 1900s.
const DECADES = new Map(counting('twenties thirties forties fifties sixties seventies eighties nineties', 20, 10));

const SCALES = new Set([1e3, 1e6, 1e9, 1e12]);
const WORD = /\p{L}+(?:-\p{L}+)*/gu;
// Roman numerals of kings, popes and centuries: "Felipe II", "siglo XXI" (uppercase only, and valid).
const ROMAN = /^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/u;
const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

function romanValue(word: string): number | undefined {
  if (word.length === 0 || word.length > 6 || word === 'I' || !ROMAN.test(word)) return undefined;
  let total = 0;
  for (let i = 0; i < word.length; i++) {
    const value = ROMAN_VALUES[word[i]!]!;
    const next = ROMAN_VALUES[word[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/** The values a word stands for (a multiplier as its negative, until combined), or none. */
function wordValues(word: string, language: Language): number[] {
  const table = language === 'en' ? ENGLISH : SPANISH;
  const lower = word.toLowerCase();
  const multiplier = MULTIPLIERS.get(lower);
  if (multiplier !== undefined) return [-multiplier];
  if (language === 'en') {
    const decade = DECADES.get(lower);
    if (decade !== undefined) return [decade, 1900 + decade];
    // "twenty-five", "twenty-first"
    const parts = lower.split('-').map((p) => table.get(p));
    if (parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined) return [parts[0] + parts[1]];
  }
  const value = table.get(lower);
  // "los noventa": the tens also name decades of the 1900s.
  if (value !== undefined)
    return language === 'es' && value >= 20 && value < 100 && value % 10 === 0 ? [value, 1900 + value] : [value];
  const roman = language === 'es' ? romanValue(word) : undefined;
  return roman === undefined ? [] : [roman];
}

/**
 * Numbers written in words in `text`: each run of number words ("two hundred", "treinta y cinco", "tres mil
 * millones") with every value it may stand for, the whole and each word alone.
 */
export function readNumberWords(text: string, language: Language): WrittenNumber[] {
  const out: WrittenNumber[] = [];
  let run: { start: number; end: number; values: number[][] } | null = null;
  const flush = () => {
    if (!run) return;
    const whole = combine(run.values.map((v) => v[0]!));
    const values = new Set<number>([whole, ...run.values.flat().map(Math.abs)]);
    if (andAHalf(text, run.end, language)) values.add(whole + 0.5);
    out.push({
      span: { start: run.start, end: run.end },
      raw: text.slice(run.start, run.end),
      readings: [...values].map((value) => ({ value })),
      ordinal: false,
    });
    run = null;
  };
  for (const match of text.matchAll(WORD)) {
    const values = wordValues(match[0], language);
    if (values.length === 0) {
      // "treinta y cinco", "two hundred and fifty": a conjunction inside a run keeps it going.
      if (!(run && /^(?:and|y)$/iu.test(match[0]))) flush();
      continue;
    }
    if (run && /[^\s-]/u.test(text.slice(run.end, match.index).replace(/\b(?:and|y)\b/giu, ''))) flush();
    run ??= { start: match.index, end: match.index, values: [] };
    run.values.push(values);
    run.end = match.index + match[0].length;
  }
  flush();
  for (const match of text.matchAll(FRACTION_OF[language])) {
    const fraction = FRACTIONS[match[1]!.toLowerCase()]!;
    const unit = match[2]!.toLowerCase();
    const of = MULTIPLIERS.get(unit) ?? SCALE_WORDS.get(unit);
    if (of === undefined) continue;
    const value = fraction * of;
    out.push({
      span: { start: match.index, end: match.index + match[0].length },
      raw: match[0],
      readings: [{ value }],
      ordinal: false,
    });
  }
  return out;
}

/** "two hundred fifty thousand" → 250,000, "mil millones" → 10^9: units add up, scales multiply what came before. */
function combine(values: number[]): number {
  let total = 0;
  let current = 0;
  let afterScale = false;
  for (const value of values) {
    if (value < 0) current = (current || 1) * -value;
    else if (value === 100) current = (current || 1) * 100;
    else if (SCALES.has(value)) {
      // "mil millones": a scale right after a scale multiplies the whole.
      if (afterScale && current === 0) total *= value;
      else total += (current || 1) * value;
      current = 0;
      afterScale = true;
      continue;
    } else current += value;
    afterScale = false;
  }
  return total + current;
}

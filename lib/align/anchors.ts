/**
 * Lexical anchors: the parts of a sentence that survive translation from Spanish to English more or less
 * unchanged, so a Spanish and an English sentence that share them are likely translations of each other.
 */

/** One anchor of a text: a normalized key and how much a match on it is worth. */
export interface Anchor {
  key: string;
  weight: number;
}

// Numbers are the strongest evidence (a date or an amount rarely repeats across neighbouring sentences); names
// next; cognate prefixes are plentiful but noisy; punctuation only breaks ties. Chosen by hand, checked on the
// newstest2012 and UD-PUD dev runs of bench/eval-align.ts.
const NUMBER_WEIGHT = 3;
const NAME_WEIGHT = 1.5;
const COGNATE_WEIGHT = 1;
const PUNCTUATION_WEIGHT = 1;
const COGNATE_PREFIX = 4;

// Frequent words of four letters or more (accents stripped) whose prefixes would otherwise match at random
// across the two languages ("para", "that"...), so they carry no evidence of a translation.
const STOPWORDS = new Set(
  (
    'para como pero esta este esto estos estas sobre entre desde cuando donde todo todos toda todas tambien porque ' +
    'segun hasta hace tiene tienen puede pueden sido sera habia hemos otro otra otros otras mismo misma cual cuales ' +
    'quien ellos ellas nuestro nuestra mucho muchos mucha muchas menos solo aunque sino pues ante bajo tras durante ' +
    'mientras despues antes ahora aqui alli entonces siempre nunca cada algo nada usted ustedes dijo estaba estan eran ' +
    'fueron haber hacer tener decir dice dicho aquel aquella esos esas siendo bien gran grande sean tenia hizo vez veces ' +
    'that with this from have which there their they them were been will would when what where about into than then ' +
    'some such more most other also only over very just said after before while these those each because could should ' +
    'being does make made like even many much here your whom upon shall must well still'
  ).split(' '),
);

const TOKEN = /\p{N}+(?:[.,]\p{N}+)*|\p{L}+(?:['’]\p{L}+)*|[?!()"«»“”]/gu;
const SENTENCE_OPENER = /[.!?¿¡:;«"“(—–-]\s*$/u;

function stripAccents(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * One canonical form for a number written the Spanish or the English way: a separator followed by exactly three
 * digits groups thousands (15.000, 15,000 → 15000); otherwise it is a decimal mark (3,5, 3.5 → 3.5).
 */
export function normalizeNumber(token: string): string {
  const groups = token.split(/[.,]/u);
  if (groups.length === 1) return token;
  const rest = groups.slice(1);
  if (rest.every((g) => g.length === 3)) return groups.join('');
  if (groups.length === 2) return `${groups[0]}.${groups[1]}`;
  // 1.234,5 or 1,234.5: the last separator is the decimal mark.
  return `${groups.slice(0, -1).join('')}.${groups[groups.length - 1]}`;
}

/** The anchors of a text in either language: numbers, capitalized names, cognate prefixes, telling punctuation. */
export function extractAnchors(text: string): Anchor[] {
  const anchors: Anchor[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const first = token.codePointAt(0) ?? 0;
    if (first >= 0x30 && first <= 0x39) {
      anchors.push({ key: `n:${normalizeNumber(token)}`, weight: NUMBER_WEIGHT });
      continue;
    }
    if (/^\p{N}/u.test(token)) {
      anchors.push({ key: `n:${token}`, weight: NUMBER_WEIGHT });
      continue;
    }
    if (!/^\p{L}/u.test(token)) {
      const mark = token === '?' ? '?' : token === '!' ? '!' : token === '(' || token === ')' ? '(' : '"';
      anchors.push({ key: `p:${mark}`, weight: PUNCTUATION_WEIGHT });
      continue;
    }
    const plain = stripAccents(token);
    const start = match.index;
    const capitalized = token[0] !== token[0]!.toLowerCase();
    // A capital after a sentence opener is grammar, not a name; a capital mid-sentence usually is a name.
    if (capitalized && start > 0 && !SENTENCE_OPENER.test(text.slice(Math.max(0, start - 3), start))) {
      anchors.push({ key: `N:${plain}`, weight: NAME_WEIGHT });
    }
    if (plain.length >= COGNATE_PREFIX && !STOPWORDS.has(plain)) {
      anchors.push({ key: `c:${plain.slice(0, COGNATE_PREFIX)}`, weight: COGNATE_WEIGHT });
    }
  }
  return anchors;
}

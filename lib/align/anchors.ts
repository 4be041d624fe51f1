/**
 * Lexical anchors: the parts of a sentence that survive translation from Spanish to English more or less
 * unchanged, so a Spanish and an English sentence that share them are likely translations of each other.
 */

/** One anchor of a text: a normalized key and how much a match on it is worth. */
export interface Anchor {
  readonly key: string;
  readonly weight: number;
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

// Numbers (group 1), words (group 2) or telling punctuation: which alternative matched says what the token is.
const TOKEN = /(\p{N}+(?:[.,]\p{N}+)*)|(\p{L}+(?:['’]\p{L}+)*)|[?!()"«»“”]/gu;
const SENTENCE_OPENER = /[.!?¿¡:;«"“(—–-]\s*$/u;
const ASCII = /^\p{ASCII}*$/u;

function stripAccents(word: string): string {
  // NFD leaves ASCII as it is and adds no marks to it: the common case skips both passes.
  if (ASCII.test(word)) return word.toLowerCase();
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

const PUNCTUATION: Readonly<Record<string, Anchor>> = Object.fromEntries(
  ['?', '!', '(', '"'].map((mark) => [mark, Object.freeze({ key: `p:${mark}`, weight: PUNCTUATION_WEIGHT })]),
);

/** A word's anchors as a name and as a cognate (null when too short or a stopword). */
interface WordForms {
  name: Anchor;
  cognate: Anchor | null;
}

// Distinct words remembered by one WordFormsCache: a text of only distinct words costs a map insert per word and no
// more memory than this (the map is emptied when full).
const WORD_FORMS_LIMIT = 50_000;

/**
 * Anchors of the words already seen, shared by every occurrence: a 5 MB paragraph is mostly the same few words,
 * and working out each occurrence's accents, key strings and anchor objects again kept the collector busy longer
 * than the work (issue 15: 5 s of a 10 s alignment). One cache per alignment, so nothing outlives the call.
 */
export class WordFormsCache {
  private readonly forms = new Map<string, WordForms>();

  /** The forms of `word` (as written), worked out on its first occurrence. */
  of(word: string): WordForms {
    let forms = this.forms.get(word);
    if (!forms) {
      const plain = stripAccents(word);
      forms = {
        name: Object.freeze({ key: `N:${plain}`, weight: NAME_WEIGHT }),
        cognate:
          plain.length >= COGNATE_PREFIX && !STOPWORDS.has(plain)
            ? Object.freeze({ key: `c:${plain.slice(0, COGNATE_PREFIX)}`, weight: COGNATE_WEIGHT })
            : null,
      };
      if (this.forms.size >= WORD_FORMS_LIMIT) this.forms.clear();
      this.forms.set(word, forms);
    }
    return forms;
  }
}

/**
 * The anchors of a text in either language: numbers, capitalized names, cognate prefixes, telling punctuation.
 * Anchors of the same word are the same (frozen) object; pass one `words` cache to share them across texts.
 */
export function extractAnchors(text: string, words: WordFormsCache = new WordFormsCache()): Anchor[] {
  const anchors: Anchor[] = [];
  // One match at a time: replace() with a function, or matchAll() spread into an array, first collect every match
  // of the text, and a 5 MB paragraph's million matches then outlive the young generation (seconds of collection).
  const tokens = new RegExp(TOKEN);
  for (let match = tokens.exec(text); match !== null; match = tokens.exec(text)) {
    const token = match[0];
    if (match[1] !== undefined) {
      const first = token.charCodeAt(0);
      const ascii = first >= 0x30 && first <= 0x39;
      anchors.push({ key: `n:${ascii ? normalizeNumber(token) : token}`, weight: NUMBER_WEIGHT });
      continue;
    }
    if (match[2] === undefined) {
      const mark = token === '?' ? '?' : token === '!' ? '!' : token === '(' || token === ')' ? '(' : '"';
      anchors.push(PUNCTUATION[mark]!);
      continue;
    }
    const { name, cognate } = words.of(token);
    const start = match.index;
    const capitalized = token[0] !== token[0]!.toLowerCase();
    // A capital after a sentence opener is grammar, not a name; a capital mid-sentence usually is a name.
    if (capitalized && start > 0 && !SENTENCE_OPENER.test(text.slice(Math.max(0, start - 3), start))) {
      anchors.push(name);
    }
    if (cognate !== null) anchors.push(cognate);
  }
  return anchors;
}

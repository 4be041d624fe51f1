// Over 300 lines: the segmenter is one left-to-right pass whose rules (abbreviations, initials, numbers, quotes,
// sentence starters) decide together at each candidate boundary; the word lists live in files of their own.
import {
  DOTTED_FINAL,
  MULTI_TOKEN_ABBREVIATIONS,
  abbreviationKind,
  cannotEndSentence,
  isNameParticle,
  isNeverAName,
  opensSentenceUnpunctuated,
  startsSentenceAfterLetter,
  startsSentenceAfterName,
  type AbbreviationKind,
} from './abbreviations';

/**
 * Spanish sentence segmentation.
 *
 * Intl.Segmenter proposes boundaries; Spanish rules decide. The segmenter alone (UAX #29) splits after every
 * "Sr.", "pág." or initial followed by a capital, and V8 ignores ICU's abbreviation suppressions. It also misses
 * boundaries Spanish needs: "es 2. 2 + 2 es 4." (UAX #29 looks ahead for a lowercase word), "Vale… Luego" (the
 * ellipsis character is not a terminator for it), and it breaks at every line break, which wrecks hard-wrapped text.
 *
 * Boundaries are only ever placed in whitespace: a sentence that would start with no space before it ("¿Qué?No",
 * "http://x.es/?q=1") is a typo or a URL, and never splitting inside a token is what keeps URLs and e-mail
 * addresses whole.
 *
 * (Over 300 lines on purpose: the rules are one decision procedure over the gap between two tokens, each with the
 * example that needs it; split into files they would no longer read as one.)
 */

interface Token {
  start: number;
  end: number;
  text: string;
}

/** What the word after a candidate boundary looks like, which is most of what decides a Spanish boundary. */
type Start = 'upper' | 'lower' | 'digit' | 'roman' | 'other';

// Closing punctuation that stays with the sentence it closes: «...demencia.» / (véase la pág. 5.)
const CLOSERS = new Set([')', ']', '}', '»', '”', '’', '"', "'", '›']);
// Opening punctuation that precedes the first word of a sentence: «Hola», ¿Qué?, —Dijo, (Véase ...)
const OPENERS = new Set(['(', '[', '{', '«', '“', '‘', '"', "'", '‹', '¿', '¡', '—', '–', '-']);
// Characters that start a list item at the beginning of a line. Dashes also start dialogue turns there.
const BULLETS = new Set(['•', '◦', '▪', '‣', '·', '●', '○', '■', '□', '*', '-', '–', '—']);
// Bullets that cannot be anything else, even in the middle of a line: "bien. • 2. Aliméntate".
const STRICT_BULLETS = new Set(['•', '◦', '▪', '‣', '●', '○', '■', '□']);
const LINE_BREAK = /[\n\r\u2028\u2029\u0085]/u;
const TERMINATORS = new Set(['.', '?', '!', '…']);
// A lone dash between sentences, or two hyphens typed for one ("bajas. -- La actriz ...", UD-GSD dev).
const DASH_TOKEN = /^(?:[-–—]|--)$/u;

let sentenceSegmenter: Intl.Segmenter | null | undefined;
const INTL_WINDOW = 1000;

function intlBoundaries(text: string): Set<number> {
  if (sentenceSegmenter === undefined) {
    // A runtime without Intl.Segmenter still gets the Spanish rules, which see every whitespace gap anyway.
    sentenceSegmenter =
      typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('es', { granularity: 'sentence' }) : null;
  }
  const boundaries = new Set<number>();
  if (!sentenceSegmenter) return boundaries;
  // V8's segment iterator slows down quadratically with the length of its input (a 100,000-character paragraph of
  // short segments takes seconds), so it is fed windows of about INTL_WINDOW characters, cut at whitespace. A window
  // edge hides at most the Intl verdict for one gap, which matters only for terminators the Spanish rules do not know.
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + INTL_WINDOW);
    if (end < text.length) {
      const space = text.slice(end, end + INTL_WINDOW).search(/\s/u);
      end = space >= 0 ? end + space : end + INTL_WINDOW;
      if (/[\uD800-\uDBFF]/u.test(text[end - 1] ?? '')) end++; // never cut a surrogate pair
      end = Math.min(end, text.length);
    }
    for (const { index } of sentenceSegmenter.segment(text.slice(start, end))) {
      if (index > 0) boundaries.add(start + index);
    }
    start = end;
  }
  return boundaries;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/gu)) {
    tokens.push({ start: match.index, end: match.index + match[0].length, text: match[0] });
  }
  return tokens;
}

function stripClosers(token: string): string {
  let end = token.length;
  while (end > 0 && CLOSERS.has(token[end - 1] ?? '')) end--;
  return token.slice(0, end);
}

function stripOpeners(token: string): { rest: string; question: boolean } {
  let i = 0;
  let question = false;
  while (i < token.length && OPENERS.has(token[i] ?? '')) {
    if (token[i] === '¿' || token[i] === '¡') question = true;
    i++;
  }
  return { rest: token.slice(i), question };
}

function classifyStart(token: string): Start {
  // The common case first: an ASCII lowercase letter is neither a bullet, an opener nor a Roman numeral.
  const code = token.charCodeAt(0);
  if (code >= 0x61 && code <= 0x7a) return 'lower';
  // A spaced hyphen or dash is not a bullet mid-line: "Bogotá, D.C. - Colombia" is one segment.
  if (STRICT_BULLETS.has(token[0] ?? '')) return 'upper';
  const { rest, question } = stripOpeners(token);
  const first = rest[0] ?? '';
  // ¿ and ¡ open a question or an exclamation, a sentence of its own unless its first word is lowercase, which
  // Spanish uses to continue the sentence: "Y entonces... ¿qué pasó?", "¿Vienes? ¿o no?".
  if (question) return /\p{Ll}/u.test(first) ? 'lower' : 'upper';
  if (/^[IVXLCDM]+(?![\p{L}\p{N}])/u.test(rest)) return 'roman';
  if (/\p{Lu}|\p{Lt}/u.test(first)) return 'upper';
  if (/\p{Ll}/u.test(first)) return 'lower';
  // Letters without case (CJK, Arabic...) cannot be told apart; treat them as a sentence start like a capital.
  if (/\p{L}/u.test(first)) return 'upper';
  if (/\p{Nd}/u.test(first)) return 'digit';
  // "$12", "€5": a currency amount starts like a number.
  if (/\p{Sc}/u.test(first) && /\p{Nd}/u.test(rest[1] ?? '')) return 'digit';
  return 'other';
}

function isUrlOrEmail(word: string): boolean {
  return word.includes('@') || word.includes('://') || /^www\./iu.test(word);
}

function isLineStart(text: string, tokens: Token[], i: number): boolean {
  const previous = tokens[i - 1];
  const token = tokens[i];
  if (!previous || !token) return true;
  return LINE_BREAK.test(text.slice(previous.end, token.start));
}

/**
 * "1." or "a)" at the start of a line, after a bullet, a colon or a finished sentence numbers a list item; the
 * item's text follows, so the period does not end a sentence ("• 1. Busca atención prenatal", "los pasos: 1.
 * Mezclar la harina. 2. Añadir agua"). Elsewhere "2." is a number ending a sentence: "1 + 1 es 2. Luego ...".
 */
function isListNumber(text: string, tokens: Token[], i: number): boolean {
  const token = tokens[i];
  if (!token || !/^(?:\d{1,3}|\p{L})[.)]$/u.test(token.text)) return false;
  if (isLineStart(text, tokens, i)) return true;
  const previous = stripClosers(tokens[i - 1]?.text ?? '');
  if (/[:.?!…]$/u.test(previous)) return true;
  // A dash or an asterisk is a bullet only at the start of a line: mid-line it is punctuation, and the number after
  // it may end the sentence ("cantón de Dijon - 1. Su humor ...", UD-GSD dev).
  return (
    STRICT_BULLETS.has(previous) || (previous.length === 1 && BULLETS.has(previous) && isLineStart(text, tokens, i - 1))
  );
}

/** Whether tokens[from..from+parts.length) spell parts exactly (closers ignored on the last one). */
function tokensSpell(tokens: Token[], from: number, parts: readonly string[]): boolean {
  for (let k = 0; k < parts.length; k++) {
    const token = tokens[from + k];
    if (!token) return false;
    let word = k === 0 ? stripOpeners(token.text).rest : token.text;
    // The last part may carry what follows the abbreviation: "EE. UU.," or the sentence's own period, "EE. UU..".
    if (k === parts.length - 1) {
      word = stripClosers(word).replace(/[,;:]$/u, '');
      // ...or a hyphen joining it to another word: "las relaciones EE. UU.-Europa".
      if (word.startsWith(`${parts[k]}-`) || word.startsWith(`${parts[k]}–`)) continue;
    }
    if (word !== parts[k] && !(k === parts.length - 1 && word === `${parts[k]}.`)) return false;
  }
  return true;
}

const MULTI_PARTS = MULTI_TOKEN_ABBREVIATIONS.map(({ form, kind }) => ({ parts: form.split(' '), kind }));

/**
 * For the gap after tokens[i]: 'inside' if the gap falls within a multi-token abbreviation ("EE. | UU."), its kind
 * if tokens[i] ends one, undefined otherwise.
 */
function multiTokenAbbreviation(tokens: Token[], i: number): AbbreviationKind | 'inside' | undefined {
  let ending: AbbreviationKind | undefined;
  for (const { parts, kind } of MULTI_PARTS) {
    for (let j = 1; j <= parts.length; j++) {
      // j = how many of the abbreviation's parts are on the left of the gap
      if (!tokensSpell(tokens, i - j + 1, parts.slice(0, j))) continue;
      if (j === parts.length) ending = kind;
      else if (tokensSpell(tokens, i + 1, parts.slice(j))) return 'inside';
    }
  }
  return ending;
}

/** The kind of abbreviation that `word` (the token without its final period) is, if it is one. */
function singleTokenAbbreviation(word: string, withPeriod: string): AbbreviationKind | undefined {
  // Initials precede a surname: "J. K. Rowling", "Miguel A. Pérez" (but see initialEndsSentence).
  if (/^\p{Lu}$/u.test(word)) return 'title';
  // Doubled capitals are Spanish plural abbreviations (EE. UU., FF. AA., CC. OO.); a lone one ends like "EE. UU.".
  if (/^(\p{Lu})\1$/u.test(word)) return 'final';
  if (/^(?:\p{L}{1,3}\.){2,}$/u.test(withPeriod)) {
    if (DOTTED_FINAL.has(withPeriod)) return 'final';
    // Two capitals written together are usually initials ("J.K. Rowling"); longer runs are acronyms ("la O.N.U."),
    // often part of a name ("Operación: M.A.L.I.C.I.A. Número 3 ...", UD-GSD dev).
    if (/^\p{Lu}\.\p{Lu}\.$/u.test(withPeriod)) return 'title';
    if (/^(?:p\.ej|i\.e|e\.g|v\.gr)\.$/iu.test(withPeriod)) return 'inner';
    return 'name';
  }
  // Ordinal and number signs: "N.º 5", "N°. 1026.253.553".
  if (/^(?:n|nro|núm)\.?[º°]$/iu.test(word)) return 'number';
  const known = abbreviationKind(word);
  if (known) return known;
  // Any other single lowercase letter: "s. XII", "p. 45", "t. 2".
  if (/^\p{Ll}$/u.test(word)) return 'number';
  return undefined;
}

// Words after which a capital letter with a period is an initial starting a name: "por J. Pérez", "y A. Gil".
const BEFORE_NAME = new Set(
  'a al con de del e el en entre la las los ni o para por según sin sobre u y que como'.split(' '),
);

/** The first word of a token, without the punctuation around it: "«Luego," → "Luego". */
function wordOf(token: string): string {
  return /^[\p{L}\p{M}]+/u.exec(stripOpeners(token).rest)?.[0] ?? '';
}

/**
 * A lone capital with a period is an initial when a surname follows ("John F. Kennedy", "dijo J. Pérez", "por A.
 * Gil"), and a letter that names something, which may end the sentence, when a word that opens sentences follows:
 * "la vitamina C. Después ...", "Felipe V. Luego ...". After a word that introduces a name ("por", "de", "según")
 * it is always an initial.
 */
function initialEndsSentence(tokens: Token[], i: number): boolean {
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  if (!previous || !next) return false;
  const word = stripClosers(previous.text).replace(/[,;:]$/u, '');
  if (word !== previous.text) return false; // "Kennedy, J. Pérez": a punctuated list of names
  // No sentence is a lone initial: after a finished sentence, a capital with a period opens the next one, as an
  // initial before a name or a stray letter ("...su poesía no épica. C. Mientras tanto, ...", UD-GSD dev).
  if (/[.?!…]$/u.test(word) && !/^\p{Lu}\.$/u.test(stripOpeners(word).rest)) return false;
  const { rest } = stripOpeners(word);
  const following = wordOf(next.text);
  if (/^\p{Ll}/u.test(rest)) return !BEFORE_NAME.has(rest.toLowerCase()) && startsSentenceAfterLetter(following);
  // After a name or another initial: "J. K. Rowling", "Felipe V. Luego".
  return startsSentenceAfterName(following);
}

/**
 * After an abbreviation, a parenthesis followed by a lowercase word or by punctuation is an aside inside the
 * sentence: "los EE. UU. (NBA) interrumpió ...", "en EE. UU. (Texas).".
 */
function parenthesisContinues(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1];
  if (!next?.text.startsWith('(')) return false;
  for (let k = i + 1; k < tokens.length && k <= i + 12; k++) {
    const token = tokens[k]!.text;
    // "(NBA) interrumpió", "(Texas).", "(NBA),": the aside is followed by more of the sentence or its punctuation.
    if (token.includes(')'))
      return /\)[.,;:?!…]+$/u.test(token) || classifyStart(tokens[k + 1]?.text ?? '') === 'lower';
    // A sentence ends inside the parenthesis: what follows it is another sentence.
    if (/[.?!…]$/u.test(stripClosers(token))) return false;
  }
  return false;
}

/**
 * Decision for a period at the end of tokens[i] ("Sr.", "2014.", "EE. UU."), given what starts the next token, and
 * when that token is a lone dash, what starts the one after it.
 */
function periodEndsSentence(
  text: string,
  tokens: Token[],
  i: number,
  left: string,
  next: Start,
  afterDash: Start | null,
): boolean {
  if (next === 'lower') return false;
  if (next === 'other' && afterDash !== 'upper') return false;
  const multi = multiTokenAbbreviation(tokens, i);
  if (multi === 'inside') return false;
  const word = stripOpeners(left.slice(0, -1)).rest;
  // Two periods ("los EE. UU..") are an abbreviation's period plus the sentence's own.
  if (word.endsWith('.')) return true;
  // A lowercase letter opening a parenthesis abbreviates what a date or a place follows: "(n. 23 de enero de
  // 1985)", "(f. Ciudad de México, 2004)" (nacido, fallecido; UD-GSD dev).
  if (/^\(\p{Ll}\.$/u.test(left)) return false;
  const kind = multi ?? (isUrlOrEmail(word) ? undefined : singleTokenAbbreviation(word, stripOpeners(left).rest));
  if (kind === undefined) {
    if (isListNumber(text, tokens, i)) return false;
    // "(1. FC Nürnberg)": a number opening a parenthesis numbers or names what follows.
    if (/^[([]\d{1,3}\.$/u.test(left)) return false;
    return true;
  }
  // A spaced dash after an abbreviation joins two parts of a name or an address: "Bogotá, D.C. - Colombia".
  if (next === 'other') return false;
  if (parenthesisContinues(tokens, i)) return false;
  if (kind === 'title' && /^\p{Lu}$/u.test(word)) return initialEndsSentence(tokens, i);
  switch (kind) {
    case 'title': {
      const before = stripOpeners(stripClosers(tokens[i - 1]?.text ?? '')).rest;
      // A title before an initial is a name: "la Sra. A., de 89 años", "el Dr. J. Pérez".
      if (/^\p{Lu}\.(?![\p{L}\p{N}])/u.test(stripOpeners(tokens[i + 1]?.text ?? '').rest)) return false;
      // A word that is never a name cannot be the one a title introduces: "ubicada en la Av. Éste al enterarse".
      if (next === 'upper' && isNeverAName(wordOf(tokens[i + 1]?.text ?? ''))) return true;
      // After a lowercase word or an article, a title introduces a name, whatever it looks like: "La Sra. Ha afirmó",
      // "con el Dr. No". ("Watson Sr. Ya": after a name, "Sr." is "senior" and may end the sentence.)
      // An acronym in capitals that happens to spell one ("del MS." for the Standard Model) is not a title.
      if (/\p{Ll}/u.test(word) && (/^\p{Ll}+$/u.test(before) || BEFORE_NAME.has(before.toLowerCase()))) return false;
      // A title or "Sr." (senior) after a name ends the sentence only before a word that opens one.
      return next === 'upper' && startsSentenceAfterName(wordOf(tokens[i + 1]?.text ?? ''));
    }
    case 'inner':
      return false;
    case 'number':
      return next === 'upper';
    case 'final':
      return next === 'upper' || next === 'roman';
    case 'name':
      return next === 'upper' && startsSentenceAfterName(wordOf(tokens[i + 1]?.text ?? ''));
  }
}

/**
 * Spanish writes a lowercase word after a semicolon, so a capitalized article, pronoun or connective there opens a
 * new sentence that the writer (or a join of two texts) left with a semicolon: "...publicado en 1535; De esta
 * manera, ...", "...de la edad; Vivo en Parla" (UD-GSD dev has 21 such boundaries). A capitalized name may follow a
 * semicolon inside a sentence ("Vilnius; Tallin, ...", newstest2012), so only words that are never names count, and
 * articles before a lowercase word.
 */
function semicolonEndsSentence(next: string, after: string | undefined): boolean {
  if (classifyStart(next) !== 'upper') return false;
  const word = wordOf(next);
  if (!/^\p{Lu}/u.test(word)) return false;
  if (startsSentenceAfterName(word)) return true;
  // An article or a preposition opens a name only before a capital or another particle ("El Salvador", "De la
  // Rúa"); before a lowercase word it opens a sentence: "...constante; Los temas del álbum ...".
  const following = wordOf(after ?? '');
  if (isNameParticle(word)) return /^\p{Ll}/u.test(following) && !isNameParticle(following);
  // Any other capitalized word, written alone (no comma: "Riga; Vilnius, Tallin y Sofía" lists names) and followed
  // by a lowercase word that is not a conjunction, opens a clause of its own: "...la edad; Vivo en Parla",
  // "...Lepturinae; Lothal se construyó" (UD-GSD dev; no news or FLORES dev line has one inside it).
  return (
    next === word &&
    after !== undefined &&
    after === following &&
    /^\p{Ll}+$/u.test(following) &&
    !CONJUNCTIONS.has(following)
  );
}

// Conjunctions that join names into one list after a semicolon: "Vilnius; Tallin y Sofía".
const CONJUNCTIONS = new Set(['y', 'e', 'o', 'u', 'ni']);

/** A capitalized word as written, with no opening punctuation before it (¿ ¡ « would open a sentence of its own). */
const BARE_CAPITALIZED = /^\p{Lu}[\p{L}\p{M}\p{N}]*(?![^,;:.?!…)\]»”’"'])/u;

/**
 * An ellipsis after a word no sentence ends on (a preposition, an article) holds that word in suspense, and a
 * capitalized word after it that does not open sentences goes on with the same sentence: "viajará hacia... Brasil,
 * en 2014". ("Fue a... Luego se arrepintió": a word that opens sentences still starts one.)
 */
function ellipsisSuspends(tokens: Token[], i: number, left: string): boolean {
  const token = tokens[i];
  const next = tokens[i + 1];
  if (!token || !next || token.text !== left || !BARE_CAPITALIZED.test(next.text)) return false;
  const attached = left.replace(/(?:\.\.\.|…)$/u, '');
  // "hacia..." or, with a space before the ellipsis, "hacia ...".
  const word = attached.length > 0 ? stripOpeners(attached).rest : (tokens[i - 1]?.text ?? '');
  return /^\p{L}+$/u.test(word) && cannotEndSentence(word) && !startsSentenceAfterName(wordOf(next.text));
}

// How far back exclamationInName looks for the ¡ that would open the exclamation: a bound keeps segmentation linear.
const EXCLAMATION_LOOKBACK = 40;

/**
 * Spanish opens every exclamation with ¡, so a capitalized word ending in ! with no ¡ before it in the sentence is
 * most often a name written with its !, which a capitalized word that does not open sentences goes on: "Go! Running
 * Tours, sucesora de Global Running Tours, ..." (FLORES dev), "Yahoo! Japan". ("Ganamos! Ahora ...", a sentence
 * whose writer left off the ¡, still ends: "Ahora" opens sentences.)
 */
function exclamationInName(tokens: Token[], i: number, left: string): boolean {
  const token = tokens[i];
  const next = tokens[i + 1];
  if (!token || !next || token.text !== left || !/^\p{Lu}[\p{L}\p{M}\p{N}]*!$/u.test(left)) return false;
  if (!BARE_CAPITALIZED.test(next.text) || startsSentenceAfterName(wordOf(next.text))) return false;
  for (let k = i - 1; k >= 0 && k >= i - EXCLAMATION_LOOKBACK; k--) {
    const before = tokens[k]!.text;
    // A ? or ! closes what came before ("¡Hola!" too); a period may not ("¡Gracias, Dr. Gil! Marta ...", "¡Fue
    // a... casa!"), and a ¡ found back past a sentence end only keeps the boundary, as it was without this rule.
    if (/[?!]$/u.test(stripClosers(before))) break;
    if (before.includes('¡')) return false;
  }
  return true;
}

/** Decision for the whitespace gap between tokens[i] and tokens[i + 1]. */
function isBoundary(text: string, tokens: Token[], i: number, intl: Set<number>): boolean {
  const token = tokens[i];
  const nextToken = tokens[i + 1];
  if (!token || !nextToken) return false;
  const gap = text.slice(token.end, nextToken.start);
  const left = stripClosers(token.text);
  const last = left[left.length - 1] ?? '';
  const lineBreak = LINE_BREAK.test(gap);
  if (last === ';' && !lineBreak) return semicolonEndsSentence(nextToken.text, tokens[i + 2]?.text);
  // Most gaps follow a plain word: settle them before the costlier look at the next token. After a terminator the
  // Spanish rules do not know ("。", "‼", "؟"), trust Intl.Segmenter.
  if (!lineBreak && !TERMINATORS.has(last)) {
    // Right after a lowercase word, with no punctuation at all: only a word that cannot go on a sentence. (Not after
    // a bracket or a quote, which may close a title the sentence goes on after: "El casting de la tele (Paraguay) Se
    // emite por ...", UD-GSD dev.)
    if (/\p{Ll}$/u.test(token.text) && opensSentenceUnpunctuated(nextToken.text, tokens[i + 2]?.text ?? ''))
      return true;
    return intl.has(nextToken.start) && !/[\p{L}\p{N},;:]/u.test(last);
  }
  const next = classifyStart(nextToken.text);
  // A lone dash after a finished sentence opens a dialogue turn or an interview's next question: "abiertos. - Por
  // favor, ¿cuál es ...?". The word after the dash decides, as it would without the dash.
  const afterDash =
    next === 'other' && DASH_TOKEN.test(nextToken.text) && tokens[i + 2] ? classifyStart(tokens[i + 2]!.text) : null;
  const opens = afterDash ?? next;

  let verdict: boolean | undefined;
  if (left.endsWith('...') || last === '…') {
    // An ellipsis may trail off inside a sentence ("y entonces... nada"); only a capital shows a new one.
    verdict = opens === 'upper' && !ellipsisSuspends(tokens, i, left);
  } else if (last === '?' || last === '!') {
    // "¿Dónde estás? —preguntó": in Spanish a lowercase word after ? or ! continues the same sentence.
    verdict = (opens === 'upper' || opens === 'digit' || opens === 'roman') && !exclamationInName(tokens, i, left);
  } else if (last === '.') {
    verdict = periodEndsSentence(text, tokens, i, left, next, afterDash);
  }

  if (lineBreak) {
    if (verdict) return true;
    // A blank line separates paragraphs, whatever the punctuation.
    if (/[\n\r\u2028\u2029\u0085][^\S\n\r]*[\n\r\u2028\u2029\u0085]/u.test(gap)) return true;
    // A line ending in a colon introduces the next line: a letter's "Señores:", a list's heading.
    if (last === ':' && (next === 'upper' || next === 'digit' || next === 'roman')) return true;
    // A line that starts a list item or a dialogue turn starts a segment.
    if (BULLETS.has(nextToken.text[0] ?? '') || /^(?:\d{1,3}|\p{L})[.)]$/u.test(nextToken.text)) return true;
    // A line with no letters or digits ("______", "* * *") is a separator, not part of a sentence.
    if (!hasWordChar(lineAround(text, token.end, -1)) || !hasWordChar(lineAround(text, nextToken.start, 1)))
      return true;
    // Otherwise the line was hard-wrapped: join it.
    return false;
  }
  return verdict ?? false;
}

function lineAround(text: string, position: number, direction: 1 | -1): string {
  if (direction < 0) {
    let start = position;
    while (start > 0 && !LINE_BREAK.test(text[start - 1] ?? '')) start--;
    return text.slice(start, position);
  }
  let end = position;
  while (end < text.length && !LINE_BREAK.test(text[end] ?? '')) end++;
  return text.slice(position, end);
}

function hasWordChar(line: string): boolean {
  return /[\p{L}\p{N}]/u.test(line);
}

/** Splits one Spanish paragraph into sentences; joining them with single spaces gives the paragraph back, modulo whitespace. */
export function splitSentences(paragraph: string): string[] {
  const text = typeof paragraph === 'string' ? paragraph : String(paragraph);
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  const intl = intlBoundaries(text);
  const sentences: string[] = [];
  let first = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (i < tokens.length - 1 && !isBoundary(text, tokens, i, intl)) continue;
    const start = tokens[first]?.start ?? 0;
    const end = tokens[i]?.end ?? text.length;
    // Line breaks inside a sentence come from hard wrapping; other runs of spaces are kept as written.
    sentences.push(text.slice(start, end).replace(/[^\S\n\r\u2028\u2029\u0085]*[\n\r\u2028\u2029\u0085]\s*/gu, ' '));
    first = i + 1;
  }
  return sentences;
}

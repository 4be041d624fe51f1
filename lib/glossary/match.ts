/**
 * A glossary compiled for matching. Each term and form is a sequence of word keys (stems, see stem.ts); a text
 * matches where consecutive words carry those keys. Entries are indexed by the keys of their first word, so a
 * text is matched in one pass whatever the size of the glossary.
 */
import type { Span } from '../checks/types';
import { type TermLanguage, foldAccents, wordKeys, wordsWithSpans } from './stem';
import type { GlossaryEntry, GlossaryIndex, TermOccurrence } from './types';

/** A word of a text; its keys are stemmed only when a term could start there or goes on through it. */
class KeyedWord {
  #keys: string[] | undefined;
  constructor(
    readonly word: string,
    readonly start: number,
    readonly end: number,
    readonly language: TermLanguage,
  ) {}
  get keys(): string[] {
    this.#keys ??= wordKeys(this.word, this.language);
    return this.#keys;
  }
  /** The first letters of the word as keys begin: lowercase, accents folded. */
  get prefix(): string {
    const head = this.word.slice(0, PREFIX).toLowerCase();
    // Plain ASCII, by far the commonest case, needs no Unicode normalization.
    for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) > 127) return foldAccents(head);
    return head;
  }
}

// A stem begins like its word (Snowball only cuts suffixes, and folds accents last), so a word whose first letters
// begin no term's first word needs no stemming.
const PREFIX = 3;

/** One way of writing a term: the key sets of its words, in order. */
type Pattern = ReadonlyArray<ReadonlySet<string>>;

interface Candidate {
  entry: number;
  pattern: Pattern;
}

function patternOf(phrase: string, language: TermLanguage): Pattern {
  return wordsWithSpans(phrase).map((w) => new Set(wordKeys(w.word, language)));
}

/** Index of patterns by the keys of their first word. */
class PatternIndex {
  readonly #byFirst = new Map<string, Candidate[]>();
  readonly #prefixes = new Set<string>();

  add(entry: number, pattern: Pattern): void {
    const first = pattern[0];
    if (!first) return;
    for (const key of first) {
      this.#prefixes.add(key.slice(0, PREFIX));
      const list = this.#byFirst.get(key);
      if (list) list.push({ entry, pattern });
      else this.#byFirst.set(key, [{ entry, pattern }]);
    }
  }

  /**
   * Orders each key's patterns longest first, so that the first pattern of an entry to match at a place is its
   * longest there. Once, after the last add: sorting at each add made a glossary whose terms share a first word
   * ("court of …", 20,000 times) quadratic to compile, seconds on the server.
   */
  seal(): this {
    for (const list of this.#byFirst.values()) list.sort((a, b) => b.pattern.length - a.pattern.length);
    return this;
  }

  /** Every match in a text: at each word, the longest pattern that starts there; matches never overlap. */
  find(words: readonly KeyedWord[]): TermOccurrence[] {
    const out: TermOccurrence[] = [];
    for (let i = 0; i < words.length;) {
      let best: Candidate | undefined;
      for (const key of this.#prefixes.has(words[i]!.prefix) ? words[i]!.keys : NO_KEYS) {
        for (const candidate of this.#byFirst.get(key) ?? NONE) {
          if (best && candidate.pattern.length <= best.pattern.length) break;
          if (matchesAt(words, i, candidate.pattern)) {
            best = candidate;
            break;
          }
        }
      }
      if (best) {
        const end = words[i + best.pattern.length - 1]!.end;
        out.push({ entry: best.entry, span: { start: words[i]!.start, end } });
        i += best.pattern.length;
      } else i++;
    }
    return out;
  }

  /** Every entry's own matches (one entry's match never hides another's), by entry. */
  findEach(words: readonly KeyedWord[]): Map<number, Span[]> {
    const byEntry = new Map<number, Span[]>();
    const next = new Map<number, number>(); // where an entry's next match may start, so its matches do not overlap
    for (let i = 0; i < words.length; i++) {
      for (const key of this.#prefixes.has(words[i]!.prefix) ? words[i]!.keys : NO_KEYS) {
        for (const { entry, pattern } of this.#byFirst.get(key) ?? NONE) {
          if ((next.get(entry) ?? 0) > i || !matchesAt(words, i, pattern)) continue;
          const span = { start: words[i]!.start, end: words[i + pattern.length - 1]!.end };
          const spans = byEntry.get(entry);
          if (spans) spans.push(span);
          else byEntry.set(entry, [span]);
          next.set(entry, i + pattern.length);
        }
      }
    }
    return byEntry;
  }
}

const NONE: readonly Candidate[] = [];
const NO_KEYS: readonly string[] = [];

function matchesAt(words: readonly KeyedWord[], i: number, pattern: Pattern): boolean {
  if (i + pattern.length > words.length) return false;
  for (let k = 1; k < pattern.length; k++) {
    const keys = words[i + k]!.keys;
    let ok = false;
    for (const key of keys) if (pattern[k]!.has(key)) ok = true;
    if (!ok) return false;
  }
  return true;
}

/** Words of a text with their keys; the last text of each language is kept, since checks ask about it repeatedly. */
function keyedWords(text: string, language: TermLanguage, cache: { text?: string; words?: KeyedWord[] }): KeyedWord[] {
  if (cache.text === text && cache.words) return cache.words;
  const words = wordsWithSpans(text).map((w) => new KeyedWord(w.word, w.start, w.end, language));
  cache.text = text;
  cache.words = words;
  return words;
}

/** Compiles glossary entries for matching Spanish source text and English target text. */
export function compileGlossary(entries: readonly GlossaryEntry[]): GlossaryIndex {
  const spanish = new PatternIndex();
  const english = new PatternIndex();
  const forbidden = new PatternIndex();
  entries.forEach((entry, i) => {
    for (const phrase of [entry.term, ...entry.forms]) spanish.add(i, patternOf(phrase, 'es'));
    for (const phrase of entry.english) english.add(i, patternOf(phrase, 'en'));
    for (const phrase of entry.forbidden) forbidden.add(i, patternOf(phrase, 'en'));
  });
  spanish.seal();
  english.seal();
  forbidden.seal();
  const spanishCache = {};
  const englishCache = {};
  // The English of one paragraph is asked about for each term its Spanish has: matched once, kept for the next asks.
  let lastEnglish: { text: string; english: Map<number, Span[]>; forbidden: Map<number, Span[]> } | undefined;
  return {
    entries,
    findInSpanish: (text) => spanish.find(keyedWords(text, 'es', spanishCache)),
    findInEnglish: (text, entry, which): Span[] => {
      if (lastEnglish?.text !== text) {
        const words = keyedWords(text, 'en', englishCache);
        lastEnglish = { text, english: english.findEach(words), forbidden: forbidden.findEach(words) };
      }
      return (which === 'english' ? lastEnglish.english : lastEnglish.forbidden).get(entry) ?? [];
    },
  };
}

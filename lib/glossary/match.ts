/**
 * A glossary compiled for matching. Each term and form is a sequence of word keys (stems, see stem.ts); a text
 * matches where consecutive words carry those keys. Entries are indexed by the keys of their first word, so a
 * text is matched in one pass whatever the size of the glossary.
 */
import type { Span } from '../checks/types';
import { type TermLanguage, wordKeys, wordsWithSpans } from './stem';
import type { GlossaryEntry, GlossaryIndex, TermOccurrence } from './types';

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

  add(entry: number, pattern: Pattern): void {
    const first = pattern[0];
    if (!first) return;
    for (const key of first) {
      const list = this.#byFirst.get(key);
      if (list) list.push({ entry, pattern });
      else this.#byFirst.set(key, [{ entry, pattern }]);
    }
  }

  /** Every match in a text: at each word, the longest pattern that starts there; matches never overlap. */
  find(words: ReadonlyArray<{ keys: string[]; start: number; end: number }>, only?: number): TermOccurrence[] {
    const out: TermOccurrence[] = [];
    for (let i = 0; i < words.length;) {
      let best: { entry: number; length: number } | undefined;
      const seen = new Set<Candidate>();
      for (const key of words[i]!.keys) {
        for (const candidate of this.#byFirst.get(key) ?? []) {
          if (seen.has(candidate) || (only !== undefined && candidate.entry !== only)) continue;
          seen.add(candidate);
          const { pattern } = candidate;
          if (best && pattern.length <= best.length) continue;
          if (i + pattern.length > words.length) continue;
          let ok = true;
          for (let k = 1; k < pattern.length && ok; k++) ok = words[i + k]!.keys.some((key) => pattern[k]!.has(key));
          if (ok) best = { entry: candidate.entry, length: pattern.length };
        }
      }
      if (best) {
        out.push({ entry: best.entry, span: { start: words[i]!.start, end: words[i + best.length - 1]!.end } });
        i += best.length;
      } else i++;
    }
    return out;
  }
}

/** Words of a text with their keys; the last text of each language is kept, since checks ask about it repeatedly. */
function keyedWords(text: string, language: TermLanguage, cache: { text?: string; words?: KeyedWord[] }): KeyedWord[] {
  if (cache.text === text && cache.words) return cache.words;
  const words = wordsWithSpans(text).map((w) => ({ ...w, keys: wordKeys(w.word, language) }));
  cache.text = text;
  cache.words = words;
  return words;
}
type KeyedWord = { word: string; start: number; end: number; keys: string[] };

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
  const spanishCache = {};
  const englishCache = {};
  return {
    entries,
    findInSpanish: (text) => spanish.find(keyedWords(text, 'es', spanishCache)),
    findInEnglish: (text, entry, which): Span[] =>
      (which === 'english' ? english : forbidden).find(keyedWords(text, 'en', englishCache), entry).map((o) => o.span),
  };
}

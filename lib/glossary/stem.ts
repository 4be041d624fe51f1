/**
 * Word keys for matching terms: lowercase, stemmed by the Snowball stemmers of Spanish and English (through
 * @orama/stemmers), so that "presidenta", "presidentes" and "Presidente" meet, as do "court" and "courts".
 */
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as spanishStemmer } from '@orama/stemmers/spanish';

export type TermLanguage = 'es' | 'en';

// Acute accents and diaeresis, but not the tilde of ñ: "año" and "ano" are different words.
const ACCENTS = /[\u0301\u0308]/gu;

/** The word without acute accents or diaeresis: "acción" → "accion", "pingüino" → "pinguino", "año" stays. */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(ACCENTS, '').normalize('NFC');
}

/**
 * The keys a word matches under: its stem, and the stem of the word without accents (the Snowball rules read the
 * accents, so "apelación" and a hurried "apelacion" stem apart; their accentless stems meet).
 */
export function wordKeys(word: string, language: TermLanguage): string[] {
  const cache = language === 'es' ? SPANISH_KEYS : ENGLISH_KEYS;
  const known = cache.get(word);
  if (known) return known;
  const lower = word.normalize('NFC').toLowerCase();
  const stem = language === 'es' ? spanishStemmer : englishStemmer;
  const keys = [...new Set([foldAccents(stem(lower)), foldAccents(stem(foldAccents(lower)))])];
  // Words repeat (a book has a few tens of thousands of distinct ones): stemming each once is what makes a
  // glossary cheap to check. Bounded, so that a hostile text of unique words cannot grow it without end.
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(word, keys);
  return keys;
}

const MAX_CACHED = 100_000;
const SPANISH_KEYS = new Map<string, string[]>();
const ENGLISH_KEYS = new Map<string, string[]>();

/** The words of a text with where they are: letters, with inner apostrophes and hyphens ("d'Or", "e-mail"). */
export function wordsWithSpans(text: string): Array<{ word: string; start: number; end: number }> {
  return Array.from(text.matchAll(/[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu), (m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Words that show a text is Spanish: function words that are not also English words ("el", "que", "para", but not
 * "a", "no", "me", "son" or "solo"), and any lowercase word with a letter English does not write (ñ, á).
 */

const MARKERS = new Set(
  [
    'el lo al que en un una unos unas por para es se su sus le les como más pero',
    'este esta estos estas ese esa esos esas aquel aquella muy sobre también hasta hay donde dónde quien',
    'quién desde todo toda todos todas nos durante ni contra otro otra otros otras ellos ellas esto eso',
    'antes algunos algunas qué cuál cómo cuando cuándo yo él tanto muchos muchas poco ella algo nosotros',
    'está están estaba fue fueron ser sido había tiene tienen porque entre ya así según mientras aunque',
    'además después cual cuales cuyo cuya hacia sino pues tras mismo misma nuestro nuestra vez cada',
  ]
    .join(' ')
    .split(' '),
);

// "de", "la", "los", "del", "y" also join the parts of names English keeps ("Bartolomé de las Casas", "Jardín de la
// Unión"), so they do not count.

/** Whether a word (as written) reads as Spanish rather than English. */
export function isSpanishMarker(word: string): boolean {
  const lower = word.toLowerCase();
  // Capitalized words with accents are names more often than not ("Álvarez", "Bogotá").
  return MARKERS.has(lower) || (word === lower && /[ñáéíóúü]/u.test(lower));
}

const MARKER_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{M}])(?:${[...MARKERS].join('|')}|\\p{Ll}*[ñáéíóúü]\\p{Ll}*)(?![\\p{L}\\p{M}])`,
  'giu',
);

/** How many Spanish markers a text has, counting up to `max` (one pass of one pattern, no word list built). */
export function countSpanishMarkers(text: string, max: number): number {
  let n = 0;
  for (const m of text.matchAll(MARKER_PATTERN)) {
    if (!isSpanishMarker(m[0])) continue;
    if (++n >= max) break;
  }
  return n;
}

/** The words of a text with where they are. */
export function wordsOf(text: string): Array<{ word: string; start: number; end: number }> {
  return Array.from(text.matchAll(/[\p{L}\p{M}]+(?:['’][\p{L}]+)?/gu), (m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

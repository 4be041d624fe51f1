/**
 * What the views of a paragraph work out from its source text alone, once per parse: the normalized keys of its
 * sentences and of the whole paragraph (translation memory and machine lookups), and its source hash. A parsed
 * document is kept and reused per file version (lib/content), so these live as long as that parse does; before,
 * every GET of a book normalized each of its sentences three times (about 0.3 s for Don Quijote here).
 */
import { createHash } from 'node:crypto';
import type { SourceParagraph } from '../content';
import { normalizeSentenceKey } from '../text/normalize';

interface Keys {
  sentences?: string[];
  paragraph?: string;
  sourceHash?: string;
}

const known = new WeakMap<SourceParagraph, Keys>();

function keysOf(p: SourceParagraph): Keys {
  let keys = known.get(p);
  if (!keys) {
    keys = {};
    known.set(p, keys);
  }
  return keys;
}

/** The cache keys of a paragraph's sentences (normalizeSentenceKey of each). */
export function sentenceKeysOf(p: SourceParagraph): string[] {
  const keys = keysOf(p);
  return (keys.sentences ??= p.sentences.map(normalizeSentenceKey));
}

/** The translation-memory key of the whole paragraph (normalized like sentence keys). */
export function paragraphKeyOfParagraph(p: SourceParagraph): string {
  const keys = keysOf(p);
  return (keys.paragraph ??= normalizeSentenceKey(p.text));
}

/** sourceHashOf(p.text): a hash of the source, insensitive to whitespace changes, as recorded with each revision. */
export function sourceHashOfParagraph(p: SourceParagraph): string {
  const keys = keysOf(p);
  return (keys.sourceHash ??= createHash('sha256').update(paragraphKeyOfParagraph(p)).digest('hex'));
}

/**
 * What to check of a document as the reader shows it: every paragraph that has English, with the sentences and
 * links its view already carries (so nothing is segmented or aligned twice).
 */
import type { ParagraphView } from './types';
import { normalizeSentenceKey } from '../text/normalize';
import type { CheckPair } from '../checks/types';

/** The pairs of a document's paragraph views, and which paragraphs have no English or test-model English. */
export function pairsOfViews(paragraphs: readonly ParagraphView[]): {
  pairs: CheckPair[];
  withoutEnglish: number[];
  testModel: number[];
} {
  const pairs: CheckPair[] = [];
  const withoutEnglish: number[] = [];
  const testModel: number[] = [];
  for (const p of paragraphs) {
    if (!p.target) {
      withoutEnglish.push(p.index);
      continue;
    }
    if (p.target.testModel) testModel.push(p.index);
    pairs.push({
      index: p.index,
      source: p.source,
      target: p.target.text,
      sourceSentences: p.sentences,
      targetSentences: p.target.sentences,
      alignment: p.target.alignment,
    });
  }
  return { pairs, withoutEnglish, testModel };
}

/** The translation-memory keys to look up for the consistency check: paragraphs and sentences, normalized. */
export function memoryKeysOf(pairs: readonly CheckPair[]): { paragraphs: string[]; sentences: string[] } {
  const sentences = new Set<string>();
  for (const p of pairs) for (const s of p.sourceSentences ?? []) sentences.add(normalizeSentenceKey(s));
  return { paragraphs: [...new Set(pairs.map((p) => normalizeSentenceKey(p.source)))], sentences: [...sentences] };
}

/**
 * The translation jobs' one way to call an engine: with scores when it can give them (translateScored), so each
 * output is cached with how sure the model was of it, and plain outputs from an engine that cannot.
 */
import type { MachineTranslationEntry } from '../store/types';
import type { ScoredTranslation, TranslateOptions, TranslationEngine } from './engine';

/** The engine's outputs for `sentences`, each with its score or null. */
export async function translateWithScores(
  engine: TranslationEngine,
  sentences: readonly string[],
  options: TranslateOptions,
): Promise<ScoredTranslation[]> {
  if (engine.translateScored) return engine.translateScored(sentences, options);
  return (await engine.translate(sentences, options)).map((text) => ({ text, score: null }));
}

/** The cache entry of one output (an absent output caches as blank, as before scores). */
export function machineEntry(sourceKey: string, output: ScoredTranslation | undefined): MachineTranslationEntry {
  const score = output?.score;
  return {
    sourceKey,
    target: output?.text ?? '',
    score: score ? { meanLogProb: score.meanLogProb, minLogProb: score.minLogProb } : null,
  };
}

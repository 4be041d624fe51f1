/**
 * The load-time safeguard of the cached-step rewrite (decoder/cached-step-decoder.ts). The rewrite has only met the
 * models this project generates (the real opus-mt weights cannot be downloaded where it was written), so before a
 * decoder thread uses the rewritten decoder it decodes one fixed sentence with it and with the merged decoder alone;
 * if their tokens differ, the thread keeps the merged decoder and the engine says so once (worker/decoder-pool.ts).
 */
import { greedyDecode } from './greedy-decode';
import type { GreedyModel, OrtSessionLike } from './greedy-model';

/** The sentence both decoders decode: news-like, about 30 tokens, nothing a tokenizer would find odd. */
export const PROBE_SENTENCE =
  'El Gobierno aprobó ayer una reforma que reduce los plazos de los juicios y amplía los derechos de los consumidores.';

/** The probe sentence as a decoder takes it: its token ids (end-of-sentence included) and its budget of new tokens. */
export interface Probe {
  ids: number[];
  budget: number;
}

/** Where the two decoders first disagree on the probe. */
export interface Disagreement {
  /** Index of the first generated token that differs (or the shorter one's length). */
  at: number;
  merged: number[];
  cached: number[];
}

/**
 * Decodes the probe with `model`'s merged decoder alone and with `cached` for the steps after the first; null when
 * both give the same tokens. Rejects with DecodeCancelled when `signal` aborts (the thread got work meanwhile).
 */
export async function cachedStepDisagreement(
  model: GreedyModel,
  cached: OrtSessionLike,
  probe: Probe,
  signal?: AbortSignal,
): Promise<Disagreement | null> {
  const merged = { ...model, cached: undefined };
  const [expected] = (await greedyDecode(merged, [probe.ids], [probe.budget], { signal })).tokens;
  const [actual] = (await greedyDecode({ ...model, cached }, [probe.ids], [probe.budget], { signal })).tokens;
  const a = expected ?? [];
  const b = actual ?? [];
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  return at === a.length && at === b.length ? null : { at, merged: a, cached: b };
}

import type { DecoderShape } from '../decoder/greedy-model';

/** A parsed JSON object (config.json, generation_config.json). */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
/** A number, or the first of an array of numbers (generation_config allows both for token ids). */
export const firstNumber = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined;

/**
 * What the greedy loop needs from a Marian model's config.json and generation_config.json, or null when the model
 * asks for something the loop does not do (multi-token bad words, a repetition penalty, a minimum length…): such a
 * model goes through transformers.js' own generate().
 */
export function decoderShapeOf(
  config: Record<string, unknown>,
  generation: Record<string, unknown>,
): DecoderShape | null {
  if (config.is_encoder_decoder === false) return null;
  const layers = numberOr(config.decoder_layers, 0);
  const heads = numberOr(config.decoder_attention_heads, 0);
  const dModel = numberOr(config.d_model, 0);
  const start = firstNumber(generation.decoder_start_token_id ?? config.decoder_start_token_id);
  const eos = firstNumber(generation.eos_token_id ?? config.eos_token_id);
  const pad = firstNumber(generation.pad_token_id ?? config.pad_token_id);
  if (!layers || !heads || !dModel || dModel % heads !== 0 || start === undefined || eos === undefined) return null;
  if (pad === undefined) return null;
  const badWords = Array.isArray(generation.bad_words_ids) ? generation.bad_words_ids : [];
  // Only single-token bad words are a plain ban; longer sequences would need transformers.js' own processor.
  if (!badWords.every((w) => Array.isArray(w) && w.length === 1 && typeof w[0] === 'number')) return null;
  for (const key of [
    'repetition_penalty',
    'no_repeat_ngram_size',
    'min_length',
    'min_new_tokens',
    'forced_bos_token_id',
  ]) {
    const value = generation[key];
    if (typeof value === 'number' && value !== (key === 'repetition_penalty' ? 1 : 0)) return null;
  }
  return {
    layers,
    heads,
    headDim: dModel / heads,
    decoderStartTokenId: start,
    eosTokenId: eos,
    padTokenId: pad,
    badTokenIds: (badWords as number[][]).map((w) => w[0]!),
  };
}

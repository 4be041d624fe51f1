/**
 * What the greedy loop (decoder/greedy-decode.ts) drives: an encoder and a merged decoder in the Xenova layout of
 * Marian models, seen through the few members of onnxruntime's sessions and tensors it uses, and how to tell that a
 * pair of sessions has that layout.
 */

import type { ExpSums } from './logit-scorer';

/** The part of an onnxruntime tensor this loop reads. */
export interface OrtTensorLike {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

/** The part of an onnxruntime InferenceSession this loop uses. */
export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensorLike>, fetches?: readonly string[]): Promise<Record<string, OrtTensorLike>>;
}

export type MakeTensor = (type: 'int64' | 'float32' | 'bool', data: unknown, dims: number[]) => OrtTensorLike;

/** What the loop needs to know about the model (from config.json and generation_config.json). */
export interface DecoderShape {
  layers: number;
  heads: number;
  headDim: number;
  decoderStartTokenId: number;
  eosTokenId: number;
  padTokenId: number;
  /** Tokens never generated (generation_config's single-token bad_words_ids). */
  badTokenIds: number[];
}

export interface GreedyModel {
  encoder: OrtSessionLike;
  decoder: OrtSessionLike;
  /**
   * The same decoder for the steps after the first, with the cache branch fixed (lib/mt/cached-step-decoder.ts): no
   * `use_cache_branch` input, no cross-attention outputs. Without it every step runs the merged decoder.
   */
  cached?: OrtSessionLike;
  shape: DecoderShape;
  tensor: MakeTensor;
  /** Sums of exp(logits) per row, for scores (decoder/logit-scorer.ts); without, the loop sums them itself. */
  expSums?: ExpSums;
}

/** The name of a cache input of the merged decoder. */
export const decoderPast = (layer: number, part: 'decoder' | 'encoder', kv: 'key' | 'value') =>
  `past_key_values.${layer}.${part}.${kv}`;
/** The name of a cache output of the merged decoder. */
export const present = (layer: number, part: 'decoder' | 'encoder', kv: 'key' | 'value') =>
  `present.${layer}.${part}.${kv}`;

/**
 * Whether the sessions are an encoder and a merged decoder with the inputs and outputs this loop drives (the Xenova
 * layout of Marian models). Anything else goes through transformers.js' own generate().
 */
export function supportsGreedyLoop(encoder: OrtSessionLike, decoder: OrtSessionLike, layers: number): boolean {
  const has = (names: readonly string[], wanted: string[]) => wanted.every((n) => names.includes(n));
  if (!has(encoder.inputNames, ['input_ids', 'attention_mask']) || !encoder.outputNames.includes('last_hidden_state'))
    return false;
  const inputs = ['input_ids', 'encoder_attention_mask', 'encoder_hidden_states', 'use_cache_branch'];
  const outputs = ['logits'];
  for (let l = 0; l < layers; l++) {
    for (const part of ['decoder', 'encoder'] as const) {
      for (const kv of ['key', 'value'] as const) {
        inputs.push(decoderPast(l, part, kv));
        outputs.push(present(l, part, kv));
      }
    }
  }
  return has(decoder.inputNames, inputs) && has(decoder.outputNames, outputs);
}

/** Whether `cached` can run the steps after the first for the loop: the cache inputs in, logits and self-attention out. */
export function supportsCachedStep(cached: OrtSessionLike, layers: number): boolean {
  const inputs = ['input_ids', 'encoder_attention_mask'];
  const outputs = ['logits'];
  for (let l = 0; l < layers; l++) {
    for (const kv of ['key', 'value'] as const) {
      inputs.push(decoderPast(l, 'decoder', kv), decoderPast(l, 'encoder', kv));
      outputs.push(present(l, 'decoder', kv));
    }
  }
  return (
    inputs.every((n) => cached.inputNames.includes(n)) &&
    !cached.inputNames.includes('use_cache_branch') &&
    outputs.every((n) => cached.outputNames.includes(n))
  );
}

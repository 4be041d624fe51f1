/**
 * What the engine uses of transformers.js 4.3: the tokenizer, and the translation pipeline for models the greedy loop
 * does not drive. Its environment (localModelPath, allowRemoteModels) is process-global, so loads go one at a time.
 */
import type { OrtSessionLike } from '../decoder/greedy-model';
import { EngineError } from '../errors';

/** The tokenizer's part the engine uses. */
export interface TextTokenizer {
  encode(text: string): number[];
  batch_decode(batch: number[][], options: { skip_special_tokens: boolean }): string[];
  model_max_length?: number;
}

/** A tensor of transformers.js (its `ort_tensor` is onnxruntime's own). */
export interface TransformersTensor {
  readonly dims: readonly number[];
  readonly data: unknown;
  readonly ort_tensor: unknown;
}

export type TensorClass = new (type: string, data: unknown, dims: number[]) => TransformersTensor;

/** transformers.js' translation pipeline, as far as the engine reaches into it. */
export interface TextPipeline {
  (texts: string[], options: Record<string, unknown>): Promise<Array<{ translation_text?: string }>>;
  tokenizer?: TextTokenizer;
  model?: {
    config?: Record<string, unknown>;
    generation_config?: Record<string, unknown>;
    sessions?: Record<string, OrtSessionLike>;
    generate(options: Record<string, unknown>): Promise<TransformersTensor>;
  };
  dispose(): Promise<void>;
}

/**
 * Greedy decoding, asked for explicitly. opus-mt's generation_config says num_beams 4, but transformers.js 4.x has
 * no beam search in generate(): it takes the first of the beam sampler's candidates, the most likely token, which is
 * what greedy decoding picks too. The beam sampler gets there through a TopK session run per sentence per step,
 * which costs a fifth of the decoding time here (bench:mt); tests/unit/mt/decoder/pipeline-greedy.test.ts checks the
 * outputs match.
 */
export const GREEDY = { num_beams: 1 } as const;

// Logged on every Marian load and not actionable here (the tokenizer is correct for opus-mt): filtered
// out during our own load only, so any other warning still gets through.
const MARIAN_NOISE = /MarianTokenizer` is not yet supported/;

/** Runs `fn` (a Marian pipeline load) without transformers.js' MarianTokenizer warning; other warnings get through. */
export async function withQuietMarianWarning<T>(fn: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && MARIAN_NOISE.test(args[0])) return;
    original(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = original;
  }
}

export type Transformers = typeof import('@huggingface/transformers');

/** transformers.js, set to read models from `modelsDir` only (never the network). */
export async function importTransformers(modelsDir: string): Promise<Transformers> {
  let transformers: Transformers;
  try {
    transformers = await import('@huggingface/transformers');
  } catch (err) {
    throw new EngineError('engine_failed', 'Cannot load @huggingface/transformers: run `npm install`.', { cause: err });
  }
  const { env } = transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir;
  return transformers;
}

let loadLock: Promise<unknown> = Promise.resolve();

/** Runs loads one after another: two engines pointing at different model folders never see each other's settings. */
export function oneLoadAtATime<T>(load: () => Promise<T>): Promise<T> {
  const run = loadLock.then(load);
  loadLock = run.catch(() => undefined);
  return run;
}

import type { ParaleloConfig } from '../config';
import { DEFAULT_BATCH_POLICY, planBatches } from './batching';
import { isTestModelId } from '../config';
import type { EngineInfo, TranslateOptions, TranslationEngine } from './engine';
import { EngineError } from './engine';
import { checkModelFiles, checkToError, wrapLoadError } from './model-files';
import type { ModelSpec } from './registry';
import { resolveModel } from './registry';
import type { Measure, Piece } from './split-long';
import { inputLimitFor, joinPieces, maxNewTokensFor, measureByChars, sanitizeForModel, splitLong } from './split-long';

/** The part of the configuration an engine needs (plain data, so it can cross into a worker). */
export type EngineConfig = Pick<ParaleloConfig, 'modelsDir' | 'modelId' | 'dtype' | 'allowTestModels'>;

/** One call into the model, reported to `onModelCall` (used by tests and benchmarks). */
export interface ModelCall {
  inputs: string[];
  /** Tokens per input as measured before the call (characters + 1 when no tokenizer). */
  inputTokens: number[];
  maxNewTokens: number;
  limit: number;
}

export interface TransformersEngineOptions {
  /** Most sentences per model call; batches hold sentences of similar length (lib/mt/batching.ts). Default 16. */
  batchSize?: number;
  /** Longest input sent to the model, in tokens; default from the model's positions (248 for opus-mt). */
  maxInputTokens?: number;
  /** Check file hashes against the manifest before loading (default true; sizes are always checked). */
  verifyHashes?: boolean;
  onModelCall?: (call: ModelCall) => void;
}

/** Timings and counters, for `model list`, logs and benchmarks. */
export interface EngineStats {
  loads: number;
  loadMs: number | null;
  modelCalls: number;
  inputTokens: number;
}

interface TextPipeline {
  (texts: string[], options: Record<string, unknown>): Promise<Array<{ translation_text?: string }>>;
  tokenizer?: { encode(text: string): number[]; model_max_length?: number };
  model?: { config?: Record<string, unknown> };
  dispose(): Promise<void>;
}

interface Loaded {
  pipe: TextPipeline;
  measure: Measure;
  limit: number;
  maxPositions: number;
}

/**
 * Greedy decoding, asked for explicitly. opus-mt's generation_config says num_beams 4, but transformers.js 4.x has
 * no beam search in generate(): it takes the first of the beam sampler's candidates, the most likely token, which is
 * what greedy decoding picks too. The beam sampler gets there through a TopK session run per sentence per step,
 * which costs a fifth of the decoding time here (bench:mt); tests/unit/mt/greedy.test.ts checks the outputs match.
 */
export const GREEDY = { num_beams: 1 } as const;

/** Checks the signal and throws EngineError('cancelled') if aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new EngineError('cancelled', 'Translation cancelled.', { cause: signal.reason });
  }
}

// transformers.js' env (localModelPath, allowRemoteModels) is process-global: loads are serialized so two
// engines pointing at different model folders never see each other's settings.
let loadLock: Promise<unknown> = Promise.resolve();

// Logged on every Marian load and not actionable here (the tokenizer is correct for opus-mt): filtered
// out during our own load only, so any other warning still gets through.
const MARIAN_NOISE = /MarianTokenizer` is not yet supported/;

async function withQuietMarianWarning<T>(fn: () => Promise<T>): Promise<T> {
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

/** A TranslationEngine over transformers.js' translation pipeline, run in this thread. */
export class TransformersEngine implements TranslationEngine {
  readonly info: EngineInfo;
  private readonly batchSize: number;
  private loading: Promise<Loaded> | null = null;
  private disposed = false;
  private readonly statsValue: EngineStats = { loads: 0, loadMs: null, modelCalls: 0, inputTokens: 0 };

  constructor(
    private readonly config: EngineConfig,
    private readonly options: TransformersEngineOptions = {},
  ) {
    this.info = { modelId: config.modelId, dtype: config.dtype, isTestModel: isTestModelId(config.modelId) };
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_POLICY.maxBatch));
  }

  /** Counters and the last load time. */
  stats(): EngineStats {
    return { ...this.statsValue };
  }

  ready(): Promise<void> {
    return this.load().then(() => undefined);
  }

  private load(): Promise<Loaded> {
    if (this.disposed) return Promise.reject(new EngineError('engine_failed', 'The engine was disposed.'));
    if (!this.loading) {
      this.loading = this.doLoad();
      // A failed load is not cached: the user may fetch the model and try again in the same process.
      this.loading.catch(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  private async doLoad(): Promise<Loaded> {
    const spec = resolveModel(this.config);
    const check = await checkModelFiles(spec, { hash: this.options.verifyHashes ?? true });
    const problem = checkToError(spec, check);
    if (problem) throw problem;
    const run = loadLock.then(() => this.loadPipeline(spec));
    loadLock = run.catch(() => undefined);
    return run;
  }

  private async loadPipeline(spec: ModelSpec): Promise<Loaded> {
    const started = performance.now();
    let transformers: typeof import('@huggingface/transformers');
    try {
      transformers = await import('@huggingface/transformers');
    } catch (err) {
      throw new EngineError('engine_failed', 'Cannot load @huggingface/transformers: run `npm install`.', {
        cause: err,
      });
    }
    const { env, pipeline } = transformers;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = this.config.modelsDir;
    let pipe: TextPipeline;
    try {
      pipe = (await withQuietMarianWarning(() =>
        pipeline('translation', spec.modelId, { dtype: spec.dtype }),
      )) as unknown as TextPipeline;
    } catch (err) {
      throw await wrapLoadError(err, spec);
    }
    const config = pipe.model?.config ?? {};
    const maxPositions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : 512;
    const tokenizer = pipe.tokenizer;
    const measure: Measure = tokenizer ? (text) => tokenizer.encode(text).length : measureByChars;
    const modelMax = typeof tokenizer?.model_max_length === 'number' ? tokenizer.model_max_length : Infinity;
    const limit = this.options.maxInputTokens ?? inputLimitFor(maxPositions, modelMax);
    this.statsValue.loads += 1;
    this.statsValue.loadMs = Math.round(performance.now() - started);
    return { pipe, measure, limit, maxPositions };
  }

  async translate(sentences: readonly string[], options: TranslateOptions = {}): Promise<string[]> {
    if (!Array.isArray(sentences) || sentences.some((s) => typeof s !== 'string')) {
      throw new EngineError('input_invalid', 'translate() expects an array of strings.');
    }
    const { signal } = options;
    throwIfCancelled(signal);
    const outputs: string[] = sentences.map(() => '');
    const clean = sentences.map(sanitizeForModel);
    // Blank inputs never reach the model, and an all-blank call never even loads it.
    if (clean.every((s) => s.length === 0)) return outputs;
    const { pipe, measure, limit, maxPositions } = await this.load();
    throwIfCancelled(signal);

    interface Job {
      sentence: number;
      piece: number;
      text: string;
      tokens: number;
    }
    const pieces: Piece[][] = [];
    const jobs: Job[] = [];
    clean.forEach((text, sentence) => {
      const split = text.length === 0 ? [] : splitLong(text, limit, measure);
      pieces[sentence] = split;
      split.forEach((p, piece) => jobs.push({ sentence, piece, text: p.text, tokens: measure(p.text) }));
    });
    // Padded batches decode until their longest member ends: similar lengths together waste the least.
    jobs.sort((a, b) => a.tokens - b.tokens);

    const results: string[][] = pieces.map((p) => p.map(() => ''));
    const ranges = planBatches(
      jobs.map((j) => j.tokens),
      maxPositions,
      { ...DEFAULT_BATCH_POLICY, maxBatch: this.batchSize },
    );
    for (const [start, end] of ranges) {
      throwIfCancelled(signal);
      const batch = jobs.slice(start, end);
      const inputTokens = batch.map((j) => j.tokens);
      const maxNewTokens = maxNewTokensFor(Math.max(...inputTokens), maxPositions);
      const inputs = batch.map((j) => j.text);
      this.options.onModelCall?.({ inputs, inputTokens, maxNewTokens, limit });
      let out: Array<{ translation_text?: string }>;
      try {
        out = await pipe(inputs, { ...GREEDY, max_new_tokens: maxNewTokens });
      } catch (err) {
        throw new EngineError('engine_failed', `Model ${this.info.modelId} failed on a batch: ${String(err)}`, {
          cause: err,
        });
      }
      this.statsValue.modelCalls += 1;
      this.statsValue.inputTokens += inputTokens.reduce((a, b) => a + b, 0);
      batch.forEach((job, i) => {
        results[job.sentence]![job.piece] = out[i]?.translation_text ?? '';
      });
    }
    throwIfCancelled(signal);
    pieces.forEach((p, sentence) => {
      if (p.length > 0) outputs[sentence] = joinPieces(p, results[sentence] ?? []);
    });
    return outputs;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const loading = this.loading;
    this.loading = null;
    if (!loading) return;
    try {
      const { pipe } = await loading;
      await pipe.dispose();
    } catch {
      // A load that failed has nothing to free.
    }
  }
}

/** Creates the in-process engine (the CLI uses it directly; the server goes through the worker). */
export function createTransformersEngine(
  config: EngineConfig,
  options?: TransformersEngineOptions,
): TransformersEngine {
  return new TransformersEngine(config, options);
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ParaleloConfig } from '../config';
import { DEFAULT_BATCH_POLICY, enginePolicy, planBatches } from './batching';
import { isTestModelId } from '../config';
import type { EngineInfo, TranslateOptions, TranslationEngine } from './engine';
import { EngineError } from './engine';
import { checkModelFiles, checkToError, wrapLoadError } from './model-files';
import {
  greedyDecode,
  supportsGreedyLoop,
  DecodeCancelled,
  type DecoderShape,
  type GreedyModel,
  type OrtSessionLike,
} from './greedy-decode';
import { DecoderPool } from './decoder-pool';
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
  /** Each input's own budget of new tokens, when the engine's greedy loop decodes them (else all get maxNewTokens). */
  budgets?: number[];
}

export interface TransformersEngineOptions {
  /**
   * Most sentences decoding at once; batches hold sentences of similar length (lib/mt/batching.ts). Default 32
   * (DEFAULT_BATCH_POLICY). With several decoder threads each batch gets its share (16 each for two).
   */
  batchSize?: number;
  /** Longest input sent to the model, in tokens; default from the model's positions (248 for opus-mt). */
  maxInputTokens?: number;
  /** Check file hashes against the manifest before loading (default true; sizes are always checked). */
  verifyHashes?: boolean;
  onModelCall?: (call: ModelCall) => void;
  /**
   * Decode with the engine's own greedy loop (lib/mt/greedy-decode.ts) when the model's layout allows it; false
   * always goes through transformers.js' generate(). Default true.
   */
  greedyLoop?: boolean;
  /**
   * Project root. When set, and the model's layout allows the greedy loop, the loop runs in a thread of its own
   * (lib/mt/decoder-entry.mjs under root) that loads the two ONNX sessions itself, and this engine loads only the
   * tokenizer: the loop's garbage is then collected over a small heap, not next to transformers.js (see
   * decoder-host.ts). Without it (or without that file) the loop runs in this thread over the pipeline's sessions.
   */
  root?: string;
  /**
   * In the decoder thread, run the steps after the first on the decoder rewritten for them (no `If`, no
   * cross-attention outputs: lib/mt/cached-step-decoder.ts). Default true; false keeps the merged decoder throughout.
   */
  cachedStep?: boolean;
  /**
   * How many decoder threads (with root): each holds its own copy of the model's sessions and decodes a batch at a
   * time; batches run side by side and a call's only batch is split over them (lib/mt/decoder-pool.ts). Default 1.
   */
  decoderThreads?: number;
}

/** Timings and counters, for `model list`, logs and benchmarks. */
export interface EngineStats {
  loads: number;
  loadMs: number | null;
  /**
   * How the loaded model decodes: in its own thread (`thread`), with the greedy loop in the engine's thread over the
   * pipeline's sessions (`loop`), or through transformers.js' generate() (`pipeline`); null before a load.
   */
  decoding: 'thread' | 'loop' | 'pipeline' | null;
  /** How many decoder threads hold the model (0 unless `decoding` is `thread`). */
  decoderThreads: number;
  modelCalls: number;
  inputTokens: number;
}

interface TextTokenizer {
  encode(text: string): number[];
  batch_decode(batch: number[][], options: { skip_special_tokens: boolean }): string[];
  model_max_length?: number;
}

interface TextPipeline {
  (texts: string[], options: Record<string, unknown>): Promise<Array<{ translation_text?: string }>>;
  tokenizer?: TextTokenizer;
  model?: {
    config?: Record<string, unknown>;
    generation_config?: Record<string, unknown>;
    sessions?: Record<string, OrtSessionLike>;
  };
  dispose(): Promise<void>;
}

interface Loaded {
  /** transformers.js' pipeline; null when the decoder thread holds the model and only the tokenizer is loaded here. */
  pipe: TextPipeline | null;
  tokenizer: TextTokenizer | undefined;
  measure: Measure;
  limit: number;
  maxPositions: number;
  /** The engine's own decoding loop over the pipeline's sessions, when the model has the layout it drives. */
  greedy: GreedyModel | null;
  /** The same loop in threads of its own (options.root), which then hold the model's sessions. */
  threads: DecoderPool | null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
const firstNumber = (value: unknown): number | undefined =>
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

/** The greedy loop's view of a loaded Marian pipeline, or null when its sessions or config are not the expected ones. */
function greedyModelOf(
  pipe: TextPipeline,
  Tensor: new (type: string, data: unknown, dims: number[]) => { ort_tensor: unknown },
): GreedyModel | null {
  const encoder = pipe.model?.sessions?.model;
  const decoder = pipe.model?.sessions?.decoder_model_merged;
  if (!encoder || !decoder || !pipe.tokenizer) return null;
  const shape = decoderShapeOf(pipe.model?.config ?? {}, pipe.model?.generation_config ?? {});
  if (!shape || !supportsGreedyLoop(encoder, decoder, shape.layers)) return null;
  return {
    encoder,
    decoder,
    shape,
    tensor: (type, data, dims) => new Tensor(type, data, dims).ort_tensor as ReturnType<GreedyModel['tensor']>,
  };
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

/** A TranslationEngine over transformers.js' translation pipeline, run in this thread. */
export class TransformersEngine implements TranslationEngine {
  readonly info: EngineInfo;
  private readonly batchSize: number;
  private loading: Promise<Loaded> | null = null;
  /** The decoder threads of the last load, if it has them. */
  private pool: DecoderPool | null = null;
  private disposed = false;
  private readonly statsValue: Omit<EngineStats, 'decoderThreads'> = {
    loads: 0,
    loadMs: null,
    decoding: null,
    modelCalls: 0,
    inputTokens: 0,
  };

  constructor(
    private readonly config: EngineConfig,
    private readonly options: TransformersEngineOptions = {},
  ) {
    this.info = { modelId: config.modelId, dtype: config.dtype, isTestModel: isTestModelId(config.modelId) };
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_POLICY.maxBatch));
  }

  /** Counters and the last load time. */
  stats(): EngineStats {
    // Threads after the first join the pool while it already serves.
    return { ...this.statsValue, decoderThreads: this.pool?.size ?? 0 };
  }

  ready(): Promise<void> {
    return this.load().then(() => undefined);
  }

  /**
   * Resolves once the loaded model decodes as fast as it will: its decoder threads have all joined and built their
   * decoders for the cached steps, which they do after the first request (lib/mt/decoder-pool.ts). Right away without
   * decoder threads, before any request, or when nothing is loaded (it never starts a load).
   */
  async settled(): Promise<void> {
    const loaded = await this.loading?.catch(() => null);
    await loaded?.threads?.settled();
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
    // The decoder thread (if any) loads the sessions while this thread imports transformers.js and the tokenizer.
    const decoder = this.startDecoderThread(spec);
    // Until it is awaited below, a failure is handled there, not reported as unhandled.
    decoder.catch(() => undefined);
    let transformers: typeof import('@huggingface/transformers');
    try {
      transformers = await import('@huggingface/transformers');
    } catch (err) {
      await (await decoder.catch(() => null))?.threads.dispose();
      throw new EngineError('engine_failed', 'Cannot load @huggingface/transformers: run `npm install`.', {
        cause: err,
      });
    }
    const { env, pipeline, Tensor } = transformers;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = this.config.modelsDir;
    const loaded =
      (await this.loadThreaded(spec, transformers, decoder)) ?? (await this.loadWithPipeline(spec, pipeline, Tensor));
    this.statsValue.loads += 1;
    this.statsValue.loadMs = Math.round(performance.now() - started);
    this.statsValue.decoding = loaded.threads ? 'thread' : loaded.greedy ? 'loop' : 'pipeline';
    this.pool = loaded.threads;
    return loaded;
  }

  private threadWanted(): boolean {
    return Boolean(this.options.root) && this.options.greedyLoop !== false;
  }

  /** Limits that follow from the model's config and tokenizer. */
  private limitsOf(config: Record<string, unknown>, tokenizer: TextTokenizer | undefined) {
    const maxPositions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : 512;
    const measure: Measure = tokenizer ? (text) => tokenizer.encode(text).length : measureByChars;
    const modelMax = typeof tokenizer?.model_max_length === 'number' ? tokenizer.model_max_length : Infinity;
    const limit = this.options.maxInputTokens ?? inputLimitFor(maxPositions, modelMax);
    return { maxPositions, measure, limit };
  }

  private async loadWithPipeline(
    spec: ModelSpec,
    pipeline: (typeof import('@huggingface/transformers'))['pipeline'],
    Tensor: unknown,
  ): Promise<Loaded> {
    let pipe: TextPipeline;
    try {
      pipe = (await withQuietMarianWarning(() =>
        pipeline('translation', spec.modelId, { dtype: spec.dtype }),
      )) as unknown as TextPipeline;
    } catch (err) {
      throw await wrapLoadError(err, spec);
    }
    const tokenizer = pipe.tokenizer;
    const greedy =
      this.options.greedyLoop === false ? null : greedyModelOf(pipe, Tensor as Parameters<typeof greedyModelOf>[1]);
    return { pipe, tokenizer, ...this.limitsOf(pipe.model?.config ?? {}, tokenizer), greedy, threads: null };
  }

  /**
   * Starts the decoder threads (options.root) and has each load the two sessions. Null when there is no root, the loop
   * is turned off, the config asks for what the loop does not do, or the sessions are not the layout it drives: the
   * pipeline is loaded instead. Rejects with the load error, wrapped, when a file cannot be read.
   */
  private async startDecoderThread(
    spec: ModelSpec,
  ): Promise<{ threads: DecoderPool; config: Record<string, unknown> } | null> {
    const root = this.options.root;
    if (!root || !this.threadWanted()) return null;
    const onnx = spec.files.filter((f) => f.endsWith('.onnx'));
    const encoderFile = onnx.find((f) => f.includes('encoder_model'));
    const decoderFile = onnx.find((f) => f.includes('decoder_model_merged'));
    if (!encoderFile || !decoderFile) return null;
    try {
      const read = async (file: string) =>
        JSON.parse(await readFile(path.join(/*turbopackIgnore: true*/ spec.dir, file), 'utf8')) as unknown;
      const [config, generation] = await Promise.all([read('config.json'), read('generation_config.json')]);
      if (!isObject(config) || !isObject(generation)) {
        throw new SyntaxError('config.json or generation_config.json is not a JSON object');
      }
      const shape = decoderShapeOf(config, generation);
      if (!shape) return null;
      const files = { encoder: path.join(spec.dir, encoderFile), decoder: path.join(spec.dir, decoderFile) };
      const onExit = () => {
        // The next call loads again (in new threads); the one in flight has already failed.
        this.loading = null;
      };
      const threads = await DecoderPool.start(root, files, shape, this.options.decoderThreads ?? 1, onExit, {
        cachedStep: this.options.cachedStep,
      });
      return threads ? { threads, config } : null;
    } catch (err) {
      throw await wrapLoadError(err, spec);
    }
  }

  /** The tokenizer, next to the decoder threads started by startDecoderThread; null if there are no such threads. */
  private async loadThreaded(
    spec: ModelSpec,
    transformers: typeof import('@huggingface/transformers'),
    decoder: ReturnType<TransformersEngine['startDecoderThread']>,
  ): Promise<Loaded | null> {
    if (!this.threadWanted()) return null;
    // The tokenizer loads while the thread is still loading the sessions (on a fallback to the pipeline it is dropped).
    const tokenizerLoad = withQuietMarianWarning(() => transformers.AutoTokenizer.from_pretrained(spec.modelId));
    const [thread, tokenizerLoaded] = await Promise.allSettled([decoder, tokenizerLoad]);
    const started = thread.status === 'fulfilled' ? thread.value : null;
    if (thread.status === 'rejected') throw thread.reason;
    if (!started) return null;
    if (tokenizerLoaded.status === 'rejected') {
      await started.threads.dispose();
      throw await wrapLoadError(tokenizerLoaded.reason, spec);
    }
    const tokenizer = tokenizerLoaded.value as unknown as TextTokenizer;
    return {
      pipe: null,
      tokenizer,
      ...this.limitsOf(started.config, tokenizer),
      greedy: null,
      threads: started.threads,
    };
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
    const { pipe, tokenizer, measure, limit, maxPositions, greedy, threads } = await this.load();
    throwIfCancelled(signal);

    interface Job {
      sentence: number;
      piece: number;
      text: string;
      tokens: number;
    }
    // Each text is tokenized once per call: to split it, to sort it, and as the greedy loop's input.
    const encoded = new Map<string, number[]>();
    const encode = (text: string): number[] => {
      let ids = encoded.get(text);
      if (!ids) {
        ids = tokenizer!.encode(text);
        encoded.set(text, ids);
      }
      return ids;
    };
    const count: Measure = tokenizer ? (text) => encode(text).length : measure;
    const pieces: Piece[][] = [];
    const jobs: Job[] = [];
    clean.forEach((text, sentence) => {
      const split = text.length === 0 ? [] : splitLong(text, limit, count);
      pieces[sentence] = split;
      split.forEach((p, piece) => jobs.push({ sentence, piece, text: p.text, tokens: count(p.text) }));
    });
    // Padded batches decode until their longest member ends: similar lengths together waste the least.
    jobs.sort((a, b) => a.tokens - b.tokens);

    const results: string[][] = pieces.map((p) => p.map(() => ''));
    const ranges = planBatches(
      jobs.map((j) => j.tokens),
      maxPositions,
      enginePolicy(this.batchSize, threads?.size ?? 1, options.priority === 'latency'),
    );
    // With several decoder threads, that many batches run side by side, and a call with fewer batches than threads has
    // them split over the threads: the reader's first paragraph is such a call. One batch failing stops the others.
    const lanes = threads && tokenizer ? Math.min(threads.size, ranges.length) : 1;
    const split = threads !== null && ranges.length < threads.size;
    const inner = new AbortController();
    const onAbort = () => inner.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const runBatch = async ([start, end]: [number, number]): Promise<void> => {
      throwIfCancelled(signal);
      const batch = jobs.slice(start, end);
      const inputTokens = batch.map((j) => j.tokens);
      const maxNewTokens = maxNewTokensFor(Math.max(...inputTokens), maxPositions);
      const inputs = batch.map((j) => j.text);
      let out: Array<{ translation_text?: string }>;
      try {
        if ((threads || greedy) && tokenizer) {
          const ids = inputs.map(encode);
          const budgets = ids.map((row) => maxNewTokensFor(row.length, maxPositions));
          this.options.onModelCall?.({ inputs, inputTokens, maxNewTokens, limit, budgets });
          const generated = threads
            ? await threads.decode(ids, budgets, { signal: inner.signal, split })
            : await greedyDecode(greedy!, ids, budgets, signal);
          out = tokenizer
            .batch_decode(generated, { skip_special_tokens: true })
            .map((text) => ({ translation_text: text }));
        } else if (pipe) {
          this.options.onModelCall?.({ inputs, inputTokens, maxNewTokens, limit });
          out = await pipe(inputs, { ...GREEDY, max_new_tokens: maxNewTokens });
        } else {
          throw new Error('no tokenizer was loaded');
        }
      } catch (err) {
        if (err instanceof DecodeCancelled) throwIfCancelled(signal);
        throw new EngineError('engine_failed', `Model ${this.info.modelId} failed on a batch: ${String(err)}`, {
          cause: err,
        });
      }
      this.statsValue.modelCalls += 1;
      this.statsValue.inputTokens += inputTokens.reduce((a, b) => a + b, 0);
      batch.forEach((job, i) => {
        results[job.sentence]![job.piece] = out[i]?.translation_text ?? '';
      });
    };
    try {
      let next = 0;
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < ranges.length) {
            try {
              await runBatch(ranges[next++]!);
            } catch (err) {
              inner.abort();
              throw err;
            }
          }
        }),
      );
    } finally {
      signal?.removeEventListener('abort', onAbort);
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
      const { pipe, threads } = await loading;
      await Promise.all([pipe?.dispose(), threads?.dispose()]);
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

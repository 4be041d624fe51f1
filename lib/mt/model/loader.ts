import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PROBE_SENTENCE, type Probe } from '../decoder/cached-step-check';
import type { Decoder } from '../decoder/decoder';
import { LoopDecoder } from '../decoder/loop-decoder';
import { PipelineDecoder } from '../decoder/pipeline-decoder';
import type { EngineConfig, EngineStats } from '../engine';
import { EngineError } from '../errors';
import { inputLimitFor, maxNewTokensFor } from '../translate/split-long';
import { DecoderPool } from '../worker/decoder-pool';
import type { CachedStepFault } from '../worker/protocol';
import { checkModelFiles, checkToError, wrapLoadError } from './model-files';
import { decoderShapeOf, isObject } from './model-shape';
import { resolveModel, type ModelSpec } from './registry';
import {
  importTransformers,
  oneLoadAtATime,
  withQuietMarianWarning,
  type TensorClass,
  type TextPipeline,
  type TextTokenizer,
  type Transformers,
} from './transformers';

/** How to load a model (the engine's options that concern loading). */
export interface LoadOptions {
  /**
   * Project root. When set, and the model's layout allows the greedy loop, the loop runs in threads of its own started
   * from under root (lib/mt/worker/), which load the two ONNX sessions themselves, and only the tokenizer is loaded
   * here: the loop's garbage is then collected over a small heap, not next to transformers.js (worker/decoder-host.ts).
   * Without it (or without the thread's entry file) the loop runs in this thread over the pipeline's sessions.
   */
  root?: string;
  /** Decode with the greedy loop when the layout allows it; false always goes through transformers.js' generate(). */
  greedyLoop?: boolean;
  /** In the decoder threads, run the steps after the first on the decoder rewritten for them (default true). */
  cachedStep?: boolean;
  /** For tests only: makes the cached-step decoder wrong, to show the safeguard (worker/protocol.ts). */
  cachedStepFault?: CachedStepFault;
  /** How many decoder threads (with root; default 1). */
  decoderThreads?: number;
  /** Longest input sent to the model, in tokens; default from the model's positions (248 for opus-mt). */
  maxInputTokens?: number;
  /** Check file hashes against the manifest before loading (default true; sizes are always checked). */
  verifyHashes?: boolean;
  /** Called if a decoder thread dies after the load (the call in flight has failed): the next call loads again. */
  onDecoderExit?: () => void;
}

/** A loaded model: its tokenizer, its limits, and the decoder the loader chose for it. */
export interface LoadedModel {
  tokenizer: TextTokenizer;
  /** A text's token ids as the decoder takes them, end-of-sentence included. */
  encode(text: string): number[];
  /** Longest input in tokens (longer ones are split). */
  limit: number;
  maxPositions: number;
  decoder: Decoder;
  decoding: NonNullable<EngineStats['decoding']>;
}

/** The sentence decoder threads check their cached-step decoder on (decoder/cached-step-check.ts), tokenized. */
function probeFor(tokenizer: TextTokenizer, maxPositions: number): Probe {
  const ids = tokenizer.encode(PROBE_SENTENCE);
  return { ids, budget: maxNewTokensFor(ids.length, maxPositions) };
}

/** Limits that follow from the model's config and tokenizer: its positions, and the longest input (split beyond). */
export function modelLimits(
  config: Record<string, unknown>,
  tokenizer: Pick<TextTokenizer, 'model_max_length'>,
  options: Pick<LoadOptions, 'maxInputTokens'> = {},
): { maxPositions: number; limit: number } {
  const maxPositions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : 512;
  const modelMax = typeof tokenizer.model_max_length === 'number' ? tokenizer.model_max_length : Infinity;
  return { maxPositions, limit: options.maxInputTokens ?? inputLimitFor(maxPositions, modelMax) };
}

const threadsWanted = (options: LoadOptions) => Boolean(options.root) && options.greedyLoop !== false;

/**
 * Starts the decoder threads (options.root) and has each load the two sessions. Null when there is no root, the loop
 * is turned off, the config asks for what the loop does not do, or the sessions are not the layout it drives: the
 * pipeline is loaded instead. Rejects with the load error, wrapped, when a file cannot be read.
 */
async function startThreads(
  spec: ModelSpec,
  options: LoadOptions,
  tokenizer: Promise<TextTokenizer>,
): Promise<{ pool: DecoderPool; config: Record<string, unknown> } | null> {
  const root = options.root;
  if (!root || !threadsWanted(options)) return null;
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
    const { maxPositions } = modelLimits(config, {}, options);
    const pool = await DecoderPool.start(root, files, shape, options.decoderThreads ?? 1, options.onDecoderExit, {
      probe: tokenizer.then((t) => probeFor(t, maxPositions)),
      cachedStep: options.cachedStep,
      cachedStepFault: options.cachedStepFault,
    });
    return pool ? { pool, config } : null;
  } catch (err) {
    throw await wrapLoadError(err, spec);
  }
}

/** The tokenizer, next to decoder threads already loading; null (threads ended) if they could not start. */
async function withThreads(
  spec: ModelSpec,
  transformers: Transformers,
  threads: ReturnType<typeof startThreads>,
  options: LoadOptions,
  giveTokenizer: (tokenizer: TextTokenizer) => void,
): Promise<LoadedModel | null> {
  // The tokenizer loads while the threads are still loading the sessions (on a fallback to the pipeline it is dropped).
  const tokenizerLoad = withQuietMarianWarning(() => transformers.AutoTokenizer.from_pretrained(spec.modelId));
  const [thread, tokenizerLoaded] = await Promise.allSettled([threads, tokenizerLoad]);
  if (thread.status === 'rejected') throw thread.reason;
  const started = thread.value;
  if (!started) return null;
  if (tokenizerLoaded.status === 'rejected') {
    await started.pool.dispose();
    throw await wrapLoadError(tokenizerLoaded.reason, spec);
  }
  const tokenizer = tokenizerLoaded.value as unknown as TextTokenizer;
  giveTokenizer(tokenizer);
  return {
    tokenizer,
    encode: (text) => tokenizer.encode(text),
    ...modelLimits(started.config, tokenizer, options),
    decoder: started.pool,
    decoding: 'thread',
  };
}

/** The prefix transformers.js' pipeline puts before every text of this model (T5-style models have one). */
function pipelinePrefix(config: Record<string, unknown>): string {
  const own = typeof config.prefix === 'string' ? config.prefix : '';
  const task = (config.task_specific_params as Record<string, { prefix?: unknown }> | undefined)?.translation?.prefix;
  return (typeof task === 'string' ? task : '') + own;
}

/** transformers.js' translation pipeline for the model (bench:mt's naive path uses it as it is); load errors wrapped. */
export async function loadTranslationPipeline(spec: ModelSpec, transformers: Transformers): Promise<TextPipeline> {
  try {
    return (await withQuietMarianWarning(() =>
      transformers.pipeline('translation', spec.modelId, { dtype: spec.dtype }),
    )) as unknown as TextPipeline;
  } catch (err) {
    throw await wrapLoadError(err, spec);
  }
}

/** The pipeline, decoded by the greedy loop over its sessions when they fit it, else by its own generate(). */
async function withPipeline(spec: ModelSpec, transformers: Transformers, options: LoadOptions): Promise<LoadedModel> {
  const pipe = await loadTranslationPipeline(spec, transformers);
  const { tokenizer, model } = pipe;
  if (!tokenizer || !model) {
    await pipe.dispose();
    throw new EngineError('engine_failed', `Model ${spec.modelId} loaded without a tokenizer or a model.`);
  }
  const Tensor = transformers.Tensor as unknown as TensorClass;
  const config = model.config ?? {};
  const loop = options.greedyLoop === false ? null : LoopDecoder.over(pipe, Tensor);
  const prefix = loop ? '' : pipelinePrefix(config);
  return {
    tokenizer,
    encode: (text) => tokenizer.encode(prefix + text),
    ...modelLimits(config, tokenizer, options),
    decoder: loop ?? new PipelineDecoder(pipe, model, Tensor),
    decoding: loop ? 'loop' : 'pipeline',
  };
}

/**
 * Loads the configured model, choosing how it decodes: in decoder threads of its own (with options.root), else the
 * greedy loop in this thread over the pipeline's sessions, else transformers.js' generate(). Checks the files first
 * (sizes, and hashes unless verifyHashes is false); rejects with an EngineError naming the file and the command.
 */
export async function loadModel(config: EngineConfig, options: LoadOptions = {}): Promise<LoadedModel> {
  const spec = resolveModel(config);
  const check = await checkModelFiles(spec, { hash: options.verifyHashes ?? true });
  const problem = checkToError(spec, check);
  if (problem) throw problem;
  return oneLoadAtATime(async () => {
    // The decoder threads (if any) load the sessions while this thread imports transformers.js and the tokenizer; the
    // probe sentence of their cached-step check is tokenized once the tokenizer is there.
    let giveTokenizer: (tokenizer: TextTokenizer) => void = () => {};
    const tokenizer = new Promise<TextTokenizer>((resolve) => (giveTokenizer = resolve));
    const threads = startThreads(spec, options, tokenizer);
    // Until it is awaited below, a failure is handled there, not reported as unhandled.
    threads.catch(() => undefined);
    let transformers: Transformers;
    try {
      transformers = await importTransformers(config.modelsDir);
    } catch (err) {
      await (await threads.catch(() => null))?.pool.dispose();
      throw err;
    }
    const threaded = threadsWanted(options)
      ? await withThreads(spec, transformers, threads, options, giveTokenizer)
      : null;
    return threaded ?? (await withPipeline(spec, transformers, options));
  });
}

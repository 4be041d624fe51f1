import { isTestModelId } from '../../config';
import { DecodeCancelled } from '../decoder/decoder';
import type { RowScore } from '../decoder/decoder';
import type {
  EngineConfig,
  EngineInfo,
  EngineStats,
  ScoredTranslation,
  TranslateOptions,
  TranslationEngine,
} from '../engine';
import { EngineError, throwIfCancelled } from '../errors';
import { loadModel, type LoadedModel, type LoadOptions } from '../model/loader';
import { DEFAULT_BATCH_POLICY, enginePolicy, planBatches } from './batching';
import { prepareInputs } from './prepare';
import { combineScores, runBatches } from './run-batches';
import { joinPieces, maxNewTokensFor, sanitizeForModel } from './split-long';

export type { EngineConfig, EngineStats } from '../engine';

/** One call into the model, reported to `onModelCall` (used by tests and benchmarks). */
export interface ModelCall {
  inputs: string[];
  /** Tokens per input as measured before the call. */
  inputTokens: number[];
  /** The largest budget of the call: what transformers.js' generate() decodes every row to. */
  maxNewTokens: number;
  limit: number;
  /** Each input's own budget of new tokens, which the greedy loop keeps to (2n + 16). */
  budgets: number[];
}

export interface TransformersEngineOptions extends Omit<LoadOptions, 'onDecoderExit'> {
  /**
   * Most sentences decoding at once; batches hold sentences of similar length (lib/mt/translate/batching.ts). Default
   * 32 (DEFAULT_BATCH_POLICY). With several decoder threads each batch gets its share (16 each for two).
   */
  batchSize?: number;
  onModelCall?: (call: ModelCall) => void;
  /**
   * For benchmarks: an input's budget of new tokens instead of 2n + 16 (within the model's positions still);
   * undefined keeps the default. bench:mt's realistic mode gives each sentence its reference translation's length,
   * where a random-weight model would otherwise decode every budget to its end. Batches are planned as ever.
   */
  budget?: (text: string) => number | undefined;
}

/**
 * The translation engine: transformers.js' tokenizer in this thread, decoding by whichever decoder the model loader
 * chose (lib/mt/model/loader.ts: the decoder threads, the greedy loop here, or the pipeline's generate()). A call
 * is sanitized, split where a sentence is longer than the model takes, tokenized once, sorted into batches of similar
 * lengths and decoded, as many batches side by side as the decoder has threads.
 */
export class TransformersEngine implements TranslationEngine {
  readonly info: EngineInfo;
  private readonly batchSize: number;
  private loading: Promise<LoadedModel> | null = null;
  /** What the last load gave, once it has. */
  private loaded: LoadedModel | null = null;
  private disposed = false;
  private readonly counters: Omit<EngineStats, 'decoding' | 'decoderThreads'> = {
    loads: 0,
    loadMs: null,
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

  stats(): EngineStats {
    const decoding = this.loaded?.decoding ?? null;
    // Threads after the first join the pool while it already serves.
    const decoderThreads = decoding === 'thread' ? (this.loaded?.decoder.size ?? 0) : 0;
    return { ...this.counters, decoding, decoderThreads };
  }

  ready(): Promise<void> {
    return this.load().then(() => undefined);
  }

  /**
   * Resolves once the loaded model decodes as fast as it will: its decoder threads have all joined and built their
   * decoders for the cached steps, which they do after the first request (lib/mt/worker/decoder-pool.ts). Right away
   * without decoder threads, before any request, or when nothing is loaded (it never starts a load).
   */
  async settled(): Promise<void> {
    const loaded = await this.loading?.catch(() => null);
    await loaded?.decoder.settled();
  }

  private load(): Promise<LoadedModel> {
    if (this.disposed) return Promise.reject(new EngineError('engine_failed', 'The engine was disposed.'));
    if (!this.loading) {
      const started = performance.now();
      const loading = loadModel(this.config, {
        ...this.options,
        // The next call loads again (in new threads); the one in flight has already failed.
        onDecoderExit: () => {
          if (this.loading === loading) this.loading = null;
        },
      });
      this.loading = loading;
      loading.then(
        (loaded) => {
          this.counters.loads += 1;
          this.counters.loadMs = Math.round(performance.now() - started);
          this.loaded = loaded;
        },
        // A failed load is not cached: the user may fetch the model and try again in the same process.
        () => {
          if (this.loading === loading) this.loading = null;
        },
      );
    }
    return this.loading;
  }

  async translate(sentences: readonly string[], options: TranslateOptions = {}): Promise<string[]> {
    return (await this.run(sentences, options, false)).map((t) => t.text);
  }

  /**
   * translate() with how sure the model was of each output (ScoredTranslation): each sentence's mean and minimum token
   * log-probability over all its pieces; null for a blank sentence or where the decoder gives none (transformers.js'
   * generate()). Scoring costs the decoder a little more time (README, decoding); translate() does not pay it.
   */
  translateScored(sentences: readonly string[], options: TranslateOptions = {}): Promise<ScoredTranslation[]> {
    return this.run(sentences, options, true);
  }

  private async run(
    sentences: readonly string[],
    options: TranslateOptions,
    scored: boolean,
  ): Promise<ScoredTranslation[]> {
    if (!Array.isArray(sentences) || sentences.some((s) => typeof s !== 'string')) {
      throw new EngineError('input_invalid', 'translate() expects an array of strings.');
    }
    const { signal } = options;
    throwIfCancelled(signal);
    const outputs: ScoredTranslation[] = sentences.map(() => ({ text: '', score: null }));
    const clean = sentences.map(sanitizeForModel);
    // Blank inputs never reach the model, and an all-blank call never even loads it.
    if (clean.every((s) => s.length === 0)) return outputs;
    const model = await this.load();
    throwIfCancelled(signal);
    const { decoder, limit, maxPositions } = model;

    const { pieces, jobs } = await prepareInputs(clean, model.encode, limit, signal);
    // Padded batches decode until their longest member ends: similar lengths together waste the least.
    jobs.sort((a, b) => a.ids.length - b.ids.length);

    const results: string[][] = pieces.map((p) => p.map(() => ''));
    const scores: (RowScore | null)[][] = pieces.map((p) => p.map(() => null));
    const ranges = planBatches(
      jobs.map((j) => j.ids.length),
      maxPositions,
      enginePolicy(this.batchSize, decoder.size, options.priority === 'latency'),
    );
    // With several decoder threads, that many batches run side by side, and a call with fewer batches than threads has
    // them split over the threads: the reader's first paragraph is such a call. One batch failing stops the others.
    const split = ranges.length < decoder.size;
    await runBatches(ranges, decoder.size, signal, async ([start, end], inner) => {
      throwIfCancelled(signal);
      const batch = jobs.slice(start, end);
      const ids = batch.map((j) => j.ids);
      const inputTokens = ids.map((row) => row.length);
      let texts: string[];
      let rowScores: RowScore[] | null;
      try {
        const budgets = batch.map((j) => {
          const own = this.options.budget?.(j.text) ?? maxNewTokensFor(j.ids.length, maxPositions);
          return Math.max(1, Math.min(own, maxPositions - 1));
        });
        const maxNewTokens = Math.max(...budgets);
        this.options.onModelCall?.({ inputs: batch.map((j) => j.text), inputTokens, maxNewTokens, limit, budgets });
        const decoded = await decoder.decode(ids, budgets, { signal: inner, split, scores: scored });
        texts = model.tokenizer.batch_decode(decoded.tokens, { skip_special_tokens: true });
        rowScores = decoded.scores;
      } catch (err) {
        if (err instanceof DecodeCancelled) throwIfCancelled(signal);
        throw new EngineError('engine_failed', `Model ${this.info.modelId} failed on a batch: ${String(err)}`, {
          cause: err,
        });
      }
      this.counters.modelCalls += 1;
      this.counters.inputTokens += inputTokens.reduce((a, b) => a + b, 0);
      batch.forEach((job, i) => {
        results[job.sentence]![job.piece] = texts[i] ?? '';
        scores[job.sentence]![job.piece] = rowScores?.[i] ?? null;
      });
    });
    throwIfCancelled(signal);
    pieces.forEach((p, sentence) => {
      if (p.length === 0) return;
      outputs[sentence] = {
        text: joinPieces(p, results[sentence] ?? []),
        score: scored ? combineScores(scores[sentence] ?? []) : null,
      };
    });
    return outputs;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const loading = this.loading;
    this.loading = null;
    if (!loading) return;
    try {
      await (await loading).decoder.dispose();
    } catch {
      // A load that failed has nothing to free.
    }
  }
}

/** Creates the engine (the CLI and the server's shared engine, lib/mt/shared-engine.ts). */
export function createTransformersEngine(
  config: EngineConfig,
  options?: TransformersEngineOptions,
): TransformersEngine {
  return new TransformersEngine(config, options);
}

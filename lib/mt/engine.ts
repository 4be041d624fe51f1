import type { ParaleloConfig } from '../config';

export type { EngineErrorCode, EngineErrorDetails } from './errors';
export { EngineError, isEngineError, throwIfCancelled } from './errors';

/** Options for one translate call. */
export interface TranslateOptions {
  /** Aborts the call between batches; already finished outputs are discarded. */
  signal?: AbortSignal;
  /**
   * 'latency': someone is waiting for all of these (the paragraph on screen): one batch where the size allows,
   * whatever the lengths, so they finish together as soon as the longest does. Default 'throughput': batches of
   * similar lengths (lib/mt/translate/batching.ts).
   */
  priority?: 'latency' | 'throughput';
}

/** Describes the model behind an engine, for labelling output. */
export interface EngineInfo {
  /** Model id as configured, e.g. "Xenova/opus-mt-es-en". */
  modelId: string;
  /** True for generated random-weight test models: their output must never be shown as a translation. */
  isTestModel: boolean;
  dtype: 'q8' | 'fp32';
}

/** The part of the configuration an engine needs (plain data: it crosses into threads and child processes). */
export type EngineConfig = Pick<ParaleloConfig, 'modelsDir' | 'modelId' | 'dtype' | 'allowTestModels'>;

/** Timings and counters, for `model list`, logs and benchmarks. */
export interface EngineStats {
  loads: number;
  loadMs: number | null;
  /**
   * How the loaded model decodes (lib/mt/model/loader.ts): in decoder threads of its own (`thread`), with the greedy
   * loop in the engine's thread over the pipeline's sessions (`loop`), or through transformers.js' generate()
   * (`pipeline`); null before a load.
   */
  decoding: 'thread' | 'loop' | 'pipeline' | null;
  /** How many decoder threads hold the model (0 unless `decoding` is `thread`). */
  decoderThreads: number;
  modelCalls: number;
  inputTokens: number;
}

/**
 * How sure the model was of one output, from the log-probabilities (natural log) of the tokens it chose, under its own
 * distribution: their mean and their minimum. Higher is surer; 0 would be certainty. Not a quality estimate: a
 * fluent wrong translation can score well. With a random-weight test model it means nothing.
 */
export interface TranslationScore {
  meanLogProb: number;
  minLogProb: number;
  /** Tokens scored (all pieces of a split sentence, end-of-sentence tokens included). */
  tokens: number;
}

/** An output with its score; `score` is null for a blank input or when the decoding cannot give one. */
export interface ScoredTranslation {
  text: string;
  score: TranslationScore | null;
}

/**
 * A machine translation engine: sentences in, one output per sentence out, same order. One implementation today
 * (lib/mt/translate/transformers-engine.ts, whose decoding is chosen by the model loader); every engine passes the
 * contract suite in tests/unit/mt/engine-suite.ts.
 */
export interface TranslationEngine {
  readonly info: EngineInfo;
  /** Loads the model if needed; resolves when ready or rejects with an EngineError. */
  ready(): Promise<void>;
  /** Translates each sentence; outputs[i] belongs to sentences[i]. Long inputs are split, never truncated. */
  translate(sentences: readonly string[], options?: TranslateOptions): Promise<string[]>;
  /**
   * The same outputs with their scores (optional: an engine that cannot score leaves it out). Costs a little decoding
   * time that translate() does not pay.
   */
  translateScored?(sentences: readonly string[], options?: TranslateOptions): Promise<ScoredTranslation[]>;
  /** Counters and the last load time. */
  stats(): EngineStats;
  /**
   * Resolves once the loaded model decodes as fast as it will (every decoder thread joined, its cached-step decoder
   * built); at once when nothing is loaded or nothing is left to wait for. Never starts a load.
   */
  settled(): Promise<void>;
  /** Frees the model and its threads. */
  dispose(): Promise<void>;
}

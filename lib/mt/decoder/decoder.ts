import type { Decoded } from './greedy-decode';

export type { Decoded, RowScore } from './greedy-decode';

/** How one batch is decoded. */
export interface DecodeOptions {
  /** Stops the decode between two decoder steps; it then rejects with DecodeCancelled. */
  signal?: AbortSignal;
  /**
   * The batch is all a caller waits for (a call of one batch, such as the reader's first paragraph): a decoder of
   * several threads splits its rows over them. Ignored by decoders of one.
   */
  split?: boolean;
  /** Also each row's token log-probabilities' mean and minimum (decoders that cannot give them answer null). */
  scores?: boolean;
}

/**
 * One way of decoding token ids into token ids (lib/mt/model/loader.ts picks one when it loads a model): the greedy
 * loop in decoder threads of its own (worker/decoder-pool.ts), the same loop in the engine's thread over the
 * pipeline's sessions (decoder/loop-decoder.ts), or transformers.js' own generate() (decoder/pipeline-decoder.ts).
 * The engine tokenizes, plans the batches and detokenizes; a decoder only decodes.
 */
export interface Decoder {
  /**
   * Greedy-decodes each row of token ids (its end-of-sentence token included) within its own budget of new tokens;
   * resolves with each row's generated ids, in the rows' order, the end-of-sentence token last, and their scores if
   * asked for and the decoder has them.
   */
  decode(inputs: number[][], budgets: number[], options?: DecodeOptions): Promise<Decoded>;
  /** How many batches it decodes side by side (its threads that hold the model; 1 in the engine's thread). */
  readonly size: number;
  /** Resolves once it decodes as fast as it will (threads that join later have joined); at once if nothing is left. */
  settled(): Promise<void>;
  /** Frees the sessions and threads; a decode in flight rejects. */
  dispose(): Promise<void>;
}

/** Thrown between two decoder steps when the caller's signal is aborted. */
export class DecodeCancelled extends Error {}

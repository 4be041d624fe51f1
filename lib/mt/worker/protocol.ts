import type { Probe } from '../decoder/cached-step-check';
import type { RowScore } from '../decoder/greedy-decode';
import type { DecoderShape } from '../decoder/greedy-model';

/** Makes the cached-step decoder wrong on purpose (its logits negated), to show the safeguard at work: tests only. */
export type CachedStepFault = 'invert-logits';

/** Messages from the engine to its decoder thread (lib/mt/worker/decoder-host.ts). */
export type DecoderRequest =
  | {
      type: 'load';
      encoder: string;
      decoder: string;
      shape: DecoderShape;
      /**
       * Also build the decoder rewritten for the steps after the first (lib/mt/decoder/cached-step-decoder.ts), once
       * the thread is idle: it is not needed for the first step, and building it blocks the thread for about a second.
       * It is used only once it decodes the probe (the `probe` message) as the merged decoder does.
       */
      cachedStep: boolean;
      cachedStepFault?: CachedStepFault;
      /**
       * onnxruntime's intra-op threads for each session; absent: onnxruntime's default (one per core). A pool of
       * decoder threads asks for 1 each: independent sentences on two cores go faster than one sentence's small
       * products split over two (lib/mt/worker/decoder-pool.ts).
       */
      intraOpThreads?: number;
    }
  /** The sentence the cached-step decoder must decode as the merged decoder does (lib/mt/decoder/cached-step-check.ts). */
  | { type: 'probe'; probe: Probe }
  | { type: 'decode'; id: number; inputs: number[][]; budgets: number[]; scores: boolean }
  | { type: 'cancel'; id: number }
  /** Stop what runs, free the sessions and end the thread. */
  | { type: 'close' };

/** Messages from the decoder thread back to the engine. */
export type DecoderResponse =
  | { type: 'loaded'; supported: boolean }
  /**
   * The cached-step decoder was built and checked (ready), or could not be built, or decoded the probe otherwise
   * (`mismatch`: the first token that differed): the merged decoder then runs every step.
   */
  | { type: 'cached-step'; ready: boolean; mismatch?: { at: number } }
  | { type: 'load-failed'; message: string; name: string }
  | { type: 'decoded'; id: number; outputs: number[][]; scores: RowScore[] | null }
  | { type: 'failed'; id: number; message: string; cancelled: boolean };

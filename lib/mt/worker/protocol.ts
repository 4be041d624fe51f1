import type { DecoderShape } from '../decoder/greedy-model';

/** Messages from the engine to its decoder thread (lib/mt/worker/decoder-host.ts). */
export type DecoderRequest =
  | {
      type: 'load';
      encoder: string;
      decoder: string;
      shape: DecoderShape;
      /**
       * Also build the decoder rewritten for the steps after the first (lib/mt/decoder/cached-step-decoder.ts), once the thread
       * is idle: it is not needed for the first step, and building it blocks the thread for about a second.
       */
      cachedStep: boolean;
      /**
       * onnxruntime's intra-op threads for each session; absent: onnxruntime's default (one per core). A pool of
       * decoder threads asks for 1 each: independent sentences on two cores go faster than one sentence's small
       * products split over two (lib/mt/worker/decoder-pool.ts).
       */
      intraOpThreads?: number;
    }
  | { type: 'decode'; id: number; inputs: number[][]; budgets: number[] }
  | { type: 'cancel'; id: number }
  /** Stop what runs, free the sessions and end the thread. */
  | { type: 'close' };

/** Messages from the decoder thread back to the engine. */
export type DecoderResponse =
  | { type: 'loaded'; supported: boolean }
  /** The cached-step decoder was built (ready) or could not be (the merged decoder runs every step). */
  | { type: 'cached-step'; ready: boolean }
  | { type: 'load-failed'; message: string; name: string }
  | { type: 'decoded'; id: number; outputs: number[][] }
  | { type: 'failed'; id: number; message: string; cancelled: boolean };

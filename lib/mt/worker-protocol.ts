import type { EngineErrorCode, EngineErrorDetails } from './engine';
import type { EngineConfig, EngineStats, TransformersEngineOptions } from './transformers-engine';

/** Messages from the client (main thread) to the worker host. */
export type HostRequest =
  | { type: 'init'; config: EngineConfig; options: Omit<TransformersEngineOptions, 'onModelCall'> }
  | { type: 'ready'; id: number }
  | { type: 'translate'; id: number; sentences: string[]; priority?: 'latency' | 'throughput' }
  | { type: 'cancel'; id: number }
  | { type: 'stats'; id: number }
  /** Answered when the engine has settled (TransformersEngine.settled), beside the queue, never blocking it. */
  | { type: 'settled'; id: number }
  | { type: 'dispose'; id: number };

/** An EngineError flattened for postMessage (class instances lose their prototype on the way). */
export interface WireError {
  code: EngineErrorCode;
  message: string;
  details: EngineErrorDetails;
}

/** Messages from the worker host back to the client. */
export type HostResponse =
  | { type: 'done'; id: number; outputs?: string[]; stats?: EngineStats }
  | { type: 'error'; id: number; error: WireError };

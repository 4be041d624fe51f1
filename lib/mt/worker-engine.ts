import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isTestModelId } from '../config';
import type { EngineInfo, TranslateOptions, TranslationEngine } from './engine';
import { EngineError } from './engine';
import type { EngineConfig, EngineStats, TransformersEngineOptions } from './transformers-engine';
import type { HostRequest, HostResponse, WireError } from './worker-protocol';

export interface WorkerEngineOptions extends Omit<TransformersEngineOptions, 'onModelCall'> {
  /** Project root: the worker entry is loaded from <root>/lib/mt/worker-entry.mjs at run time. */
  root: string;
}

interface Pending {
  resolve: (msg: Extract<HostResponse, { type: 'done' }>) => void;
  reject: (err: EngineError) => void;
}

const PREFIX = '[paralelo:mt] ';

function fromWire(error: WireError, cause?: unknown): EngineError {
  // Same code and details as in the worker; the prefix is re-added by the constructor.
  const message = error.message.startsWith(PREFIX) ? error.message.slice(PREFIX.length) : error.message;
  return new EngineError(error.code, message, { details: error.details, cause });
}

/** A TranslationEngine whose model lives in a worker thread, so translation never blocks the server's event loop. */
export class WorkerEngine implements TranslationEngine {
  readonly info: EngineInfo;
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private workersStarted = 0;
  private disposed = false;

  constructor(
    private readonly config: EngineConfig,
    private readonly options: WorkerEngineOptions,
  ) {
    this.info = { modelId: config.modelId, dtype: config.dtype, isTestModel: isTestModelId(config.modelId) };
  }

  /** Path of the worker's plain-JS entry, resolved from the project root (not from this bundled file). */
  static entryPath(root: string): string {
    return path.join(root, 'lib/mt/worker-entry.mjs');
  }

  private ensureWorker(): Worker {
    if (this.disposed) throw new EngineError('engine_failed', 'The engine was disposed.');
    if (this.worker) return this.worker;
    const worker = new Worker(WorkerEngine.entryPath(this.options.root));
    this.workersStarted += 1;
    worker.on('message', (msg: HostResponse) => this.onMessage(msg));
    worker.on('error', (err) => this.onCrash(worker, err));
    worker.on('exit', (code) => this.onCrash(worker, new Error(`worker exited with code ${code}`)));
    // The root goes along: the engine in the worker starts its decoder thread from it.
    const init: HostRequest = { type: 'init', config: this.config, options: this.options };
    worker.postMessage(init);
    this.worker = worker;
    worker.unref();
    return worker;
  }

  private onMessage(msg: HostResponse): void {
    const pending = this.pending.get(msg.id);
    if (!pending) return; // cancelled on this side already
    this.pending.delete(msg.id);
    this.updateRef();
    if (msg.type === 'done') pending.resolve(msg);
    else pending.reject(fromWire(msg.error));
  }

  private onCrash(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    // The next call starts a fresh worker (and loads the model again); everything in flight fails now.
    this.worker = null;
    const failures = [...this.pending.values()];
    this.pending.clear();
    for (const p of failures) {
      p.reject(
        new EngineError('engine_failed', `The translation worker stopped unexpectedly (${err.message}).`, {
          cause: err,
        }),
      );
    }
  }

  // Keep the process alive only while work is in flight, so a CLI or test that forgets dispose() still exits.
  private updateRef(): void {
    if (!this.worker) return;
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  private request(
    make: (id: number) => HostRequest,
    signal?: AbortSignal,
  ): Promise<Extract<HostResponse, { type: 'done' }>> {
    if (signal?.aborted) {
      return Promise.reject(new EngineError('cancelled', 'Translation cancelled.', { cause: signal.reason }));
    }
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (err) {
      return Promise.reject(err);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.updateRef();
        this.worker?.postMessage({ type: 'cancel', id } satisfies HostRequest);
        reject(new EngineError('cancelled', 'Translation cancelled.', { cause: signal?.reason }));
      };
      this.pending.set(id, {
        resolve: (msg) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(msg);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.updateRef();
      worker.postMessage(make(id));
    });
  }

  async ready(): Promise<void> {
    await this.request((id) => ({ type: 'ready', id }));
  }

  /** See TransformersEngine.settled: the model decodes as fast as it will from then on. */
  async settled(): Promise<void> {
    await this.request((id) => ({ type: 'settled', id }));
  }

  async translate(sentences: readonly string[], options: TranslateOptions = {}): Promise<string[]> {
    if (!Array.isArray(sentences) || sentences.some((s) => typeof s !== 'string')) {
      throw new EngineError('input_invalid', 'translate() expects an array of strings.');
    }
    const msg = await this.request(
      (id) => ({
        type: 'translate',
        id,
        sentences: [...sentences],
        ...(options.priority ? { priority: options.priority } : {}),
      }),
      options.signal,
    );
    return msg.outputs ?? [];
  }

  /** Counters from the worker (model loads, load time) plus how many workers this client started. */
  async stats(): Promise<EngineStats & { workersStarted: number }> {
    const msg = this.worker ? await this.request((id) => ({ type: 'stats', id })) : null;
    return {
      loads: 0,
      loadMs: null,
      decoding: null,
      decoderThreads: 0,
      modelCalls: 0,
      inputTokens: 0,
      ...(msg?.stats ?? {}),
      workersStarted: this.workersStarted,
    };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    const worker = this.worker;
    if (worker) {
      try {
        await this.request((id) => ({ type: 'dispose', id }));
      } catch {
        // Disposing a crashed worker: nothing left to free.
      }
    }
    this.disposed = true;
    this.worker = null;
    if (worker) {
      await worker.terminate();
    }
  }
}

/** Creates an engine client over a worker thread. */
export function createWorkerEngine(config: EngineConfig, options: WorkerEngineOptions): WorkerEngine {
  return new WorkerEngine(config, options);
}

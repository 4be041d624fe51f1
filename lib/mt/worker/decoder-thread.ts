import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { distBundle, hasTsx } from '../../dist-bundle.mjs';
import type { Probe } from '../decoder/cached-step-check';
import type { CachedStepFault, DecoderRequest, DecoderResponse } from './protocol';
import { DecodeCancelled, type Decoded } from '../decoder/decoder';
import type { DecoderShape } from '../decoder/greedy-model';

/** Why a decoder thread could not load the model: the error onnxruntime gave, to be wrapped with the file's name. */
export class DecoderLoadError extends Error {
  constructor(message: string, name: string) {
    super(message);
    // Keeps onnxruntime's own name (wrapLoadError reads it).
    this.name = name || 'Error';
  }
}

/** How a decoder thread is started. */
export interface DecoderThreadOptions {
  /** The sentence its cached-step decoder must decode as the merged decoder does (decoder/cached-step-check.ts). */
  probe: Probe | Promise<Probe>;
  /** Build and use the decoder rewritten for the steps after the first (default true). */
  cachedStep?: boolean;
  cachedStepFault?: CachedStepFault;
  /** Called when the cached-step decoder decoded the probe otherwise (the first differing token): it is not used. */
  onCachedStepMismatch?: (at: number) => void;
  intraOpThreads?: number;
}

interface Pending {
  resolve: (decoded: Decoded) => void;
  reject: (err: Error) => void;
}

/**
 * The engine's side of its decoder thread: a worker that holds only onnxruntime and the greedy loop
 * (lib/mt/worker/decoder-host.ts), so the loop's garbage is collected over a small heap. The engine keeps the tokenizer and
 * sends token ids; one request runs at a time.
 */
export class DecoderThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;

  /** Whether the steps after the first run on the rewritten decoder (lib/mt/decoder/cached-step-decoder.ts) by now. */
  cachedStep = false;
  private readonly cachedStepSettled: Promise<boolean>;
  private settleCachedStep: (ready: boolean) => void = () => {};

  private constructor(
    private readonly worker: Worker,
    private readonly onExit: (err: Error) => void,
    cachedStepRequested: boolean,
    private readonly onMismatch: (at: number) => void,
  ) {
    this.cachedStepSettled = new Promise<boolean>((resolve) => {
      this.settleCachedStep = resolve;
    });
    if (!cachedStepRequested) this.settleCachedStep(false);
    worker.on('message', (msg: DecoderResponse) => this.onMessage(msg));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the decoder thread exited with code ${code}`)));
  }

  /**
   * The file a thread starts from, under the project root: the host built ahead of time (dist/decoder-thread.mjs,
   * bin/build.mjs), or, when that is missing or older than its sources, the sources through tsx (worker/entry.mjs) if
   * tsx is installed; null when neither is there.
   */
  static entryPath(root: string): string | null {
    const bundle = distBundle(root, 'decoder-thread.mjs');
    if (bundle && (bundle.fresh || !hasTsx(root))) return bundle.file;
    const source = path.join(/*turbopackIgnore: true*/ root, 'lib/mt/worker/entry.mjs');
    if (hasTsx(root) && existsSync(source)) return source;
    return bundle?.file ?? null;
  }

  /**
   * Starts a thread and loads the two sessions in it. Resolves null when the thread cannot run here (no entry file
   * under root) or the sessions are not the layout the loop drives; rejects with DecoderLoadError when onnxruntime
   * cannot load a file. `onExit` is called if the thread dies later.
   */
  static async start(
    root: string,
    files: { encoder: string; decoder: string },
    shape: DecoderShape,
    onExit: (err: Error) => void,
    options: DecoderThreadOptions,
  ): Promise<DecoderThread | null> {
    const entry = DecoderThread.entryPath(root);
    if (!entry) return null;
    const worker = new Worker(entry);
    const answer = new Promise<DecoderResponse>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the decoder thread exited with code ${code} while loading`)));
    });
    const cachedStep = options.cachedStep ?? true;
    const load: DecoderRequest = {
      type: 'load',
      encoder: files.encoder,
      decoder: files.decoder,
      shape,
      cachedStep,
      ...(options.cachedStepFault ? { cachedStepFault: options.cachedStepFault } : {}),
      ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
    };
    worker.postMessage(load);
    let first: DecoderResponse;
    try {
      first = await answer;
    } catch (err) {
      await worker.terminate();
      throw err;
    }
    if (first.type === 'loaded' && first.supported) {
      const thread = new DecoderThread(worker, onExit, cachedStep, options.onCachedStepMismatch ?? (() => {}));
      worker.unref();
      // The thread uses its cached-step decoder only once it decodes this as the merged decoder does.
      if (cachedStep) {
        Promise.resolve(options.probe).then(
          (probe) => thread.post({ type: 'probe', probe }),
          () => {},
        );
      }
      return thread;
    }
    await worker.terminate();
    if (first.type === 'load-failed') throw new DecoderLoadError(first.message, first.name);
    return null;
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Greedy-decodes token ids in the thread (see greedyDecode); rejects with DecodeCancelled when `signal` aborts. */
  decode(
    inputs: number[][],
    budgets: number[],
    options: { signal?: AbortSignal; scores?: boolean } = {},
  ): Promise<Decoded> {
    const { signal } = options;
    if (this.dead) return Promise.reject(this.dead);
    if (signal?.aborted) return Promise.reject(new DecodeCancelled('cancelled'));
    const id = this.nextId++;
    return new Promise<Decoded>((resolve, reject) => {
      const onAbort = () => this.post({ type: 'cancel', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker.unref();
      };
      this.pending.set(id, {
        resolve: (decoded) => {
          done();
          resolve(decoded);
        },
        reject: (err) => {
          done();
          reject(err);
        },
      });
      this.worker.ref();
      this.post({ type: 'decode', id, inputs, budgets, scores: options.scores ?? false });
    });
  }

  private post(msg: DecoderRequest): void {
    if (!this.dead) this.worker.postMessage(msg);
  }

  /**
   * Resolves once the thread has built the cached-step decoder (true) or given up on it, was not asked for it, or died
   * (false). It is built when the thread has been idle a moment after its first decode (never before one).
   */
  cachedStepReady(): Promise<boolean> {
    return this.cachedStepSettled;
  }

  private onMessage(msg: DecoderResponse): void {
    if (msg.type === 'cached-step') {
      this.cachedStep = msg.ready;
      if (msg.mismatch) this.onMismatch(msg.mismatch.at);
      this.settleCachedStep(msg.ready);
      return;
    }
    if (msg.type !== 'decoded' && msg.type !== 'failed') return;
    const pending = this.pending.get(msg.id);
    if (!pending) return;
    if (msg.type === 'decoded') pending.resolve({ tokens: msg.outputs, scores: msg.scores });
    else pending.reject(msg.cancelled ? new DecodeCancelled(msg.message) : new Error(msg.message));
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = err;
    this.settleCachedStep(false);
    for (const p of [...this.pending.values()]) p.reject(err);
    this.onExit(err);
  }

  /**
   * Ends the thread: what runs is cancelled and the thread exits between two decoder steps (terminating it in the
   * middle of an onnxruntime run would abort the process). Terminated after `graceMs` if it has not exited by then.
   */
  async dispose(graceMs = 10_000): Promise<void> {
    if (this.dead) return;
    this.dead = new Error('the decoder thread was disposed');
    this.settleCachedStep(false);
    for (const p of [...this.pending.values()]) p.reject(this.dead);
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' } satisfies DecoderRequest);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    if ((await Promise.race([exited, late])) === 'late') await this.worker.terminate();
    clearTimeout(timer);
  }
}

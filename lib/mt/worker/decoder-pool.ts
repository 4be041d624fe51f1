import type { Decoded, Decoder, DecodeOptions, RowScore } from '../decoder/decoder';
import type { DecoderShape } from '../decoder/greedy-model';
import { DecoderThread, type DecoderThreadOptions } from './decoder-thread';
import { partitionRows } from './partition-rows';

/** Most rows of the first request a joining thread decodes to warm up: a paragraph's worth, not a whole batch. */
const WARM_ROWS = 4;

/**
 * The engine's decoder threads (lib/mt/worker/decoder-thread.ts): each holds its own onnxruntime sessions of the same model
 * and decodes one batch at a time. Several batches run side by side, and a batch with more rows than the pool has
 * threads can be split over them (`decode(..., { split: true })`), which is how the reader's first paragraph gets two
 * cores. Each thread then asks onnxruntime for one intra-op thread: for the small products of a decoder step at a few
 * rows, two sentences on two cores went faster than one sentence's products split over two (the bench paragraph's
 * three sentences: 0.55-0.69 s split over two threads of one onnxruntime thread each, 0.66-1.0 s in one thread of two).
 * Each more thread costs a copy of the sessions in memory (README, PARALELO_MT_THREADS).
 */
export class DecoderPool implements Decoder {
  private disposed = false;
  /**
   * The first request the pool decoded (at most WARM_ROWS of its rows): a thread that joins later decodes it once
   * before it takes work.
   */
  private firstRequest: { inputs: number[][]; budgets: number[] } | null = null;
  /** The threads after the first, loading one after another. */
  private growing: Promise<void> = Promise.resolve();
  /**
   * The thread loading or warming up to join, not in `threads` yet. dispose() ends it too: left alone, grow() would wait
   * on it (its warm-up decode, its cached-step build) while its worker is unref'd, a promise nothing keeps alive, and
   * the CLI's top-level await would end with Node's exit code 13.
   */
  private joining: DecoderThread | null = null;
  /** Settles when the first request has been decoded (or failed), or when the pool is disposed. */
  private readonly firstDone: Promise<void>;
  private settleFirst: () => void = () => {};

  private constructor(private readonly threads: DecoderThread[]) {
    this.firstDone = new Promise<void>((resolve) => {
      this.settleFirst = resolve;
    });
  }

  /**
   * Starts a pool of `size` threads (at least 1). Resolves as soon as the first has loaded. The others load once the
   * first request (the server's warm-up, or the first paragraph a person opened) has been decoded, one after another,
   * and join once each has decoded that request too (onnxruntime's first runs at a shape cost more) and built its
   * cached-step decoder. Loading them side
   * by side with the first made a model loaded on demand serve its first paragraph about 2 s later (bench:open,
   * PARALELO_PRELOAD=0): loading is CPU work on the same cores. Null when the loop cannot run here (see
   * DecoderThread.start); rejects with the first thread's load error. `onExit` is called once if a thread dies later;
   * the others are then ended too, so the engine's next load starts a whole pool again.
   */
  static async start(
    root: string,
    files: { encoder: string; decoder: string },
    shape: DecoderShape,
    size: number,
    onExit: (err: Error) => void = () => {},
    options: Pick<DecoderThreadOptions, 'probe' | 'cachedStep' | 'cachedStepFault'>,
  ): Promise<DecoderPool | null> {
    const count = Math.max(1, Math.floor(size));
    let pool: DecoderPool | null = null;
    let exited = false;
    const onThreadExit = (err: Error) => {
      if (exited) return;
      exited = true;
      void pool?.dispose();
      onExit(err);
    };
    // Every thread checks its own rewrite; if they disagree with the merged decoder, the pool says so once.
    let warned = false;
    const onCachedStepMismatch = (at: number) => {
      if (warned) return;
      warned = true;
      console.warn(
        `[paralelo:mt] ${files.decoder}: the decoder rewritten for the cached steps gave other tokens than the merged ` +
          `decoder on the probe sentence (from token ${at}); decoding with the merged decoder.`,
      );
    };
    const startThread = () =>
      DecoderThread.start(root, files, shape, onThreadExit, {
        ...options,
        onCachedStepMismatch,
        ...(count > 1 ? { intraOpThreads: 1 } : {}),
      });
    const first = await startThread();
    if (!first) return null;
    pool = new DecoderPool([first]);
    if (exited) {
      await pool.dispose();
      throw new Error('the decoder thread exited while the model was loading');
    }
    if (count > 1) pool.growing = pool.grow(count - 1, startThread);
    return pool;
  }

  /** Loads `more` threads one after another, each joining the pool once warmed up. */
  private async grow(more: number, startThread: () => Promise<DecoderThread | null>): Promise<void> {
    await this.firstDone;
    for (let i = 0; i < more && !this.disposed; i++) {
      let thread: DecoderThread | null = null;
      try {
        thread = await startThread();
        this.joining = thread;
        const warm = this.firstRequest;
        if (thread && warm && !this.disposed) {
          await thread.decode(warm.inputs, warm.budgets);
          // And its decoder for the cached steps, which it builds once idle after that: built after joining, it would
          // hold up the share of a paragraph sent to it for a second or so.
          await thread.cachedStepReady();
        }
      } catch (err) {
        this.joining = null;
        await thread?.dispose();
        if (this.disposed) return;
        // The first thread loaded the same files: this is rare (memory?), and decoding goes on without it.
        console.warn(
          `[paralelo:mt] a further decoder thread could not start (${err instanceof Error ? err.message : String(err)}); ` +
            `decoding goes on with ${this.threads.length}.`,
        );
        return;
      }
      this.joining = null;
      if (!thread) return;
      if (this.disposed) {
        await thread.dispose();
        return;
      }
      this.threads.push(thread);
    }
  }

  /**
   * Resolves once the pool is as fast as it gets: every thread asked for has joined (or failed to) and built its
   * cached-step decoder. Right away if no request has come yet (the other threads wait for the first).
   */
  async settled(): Promise<void> {
    if (!this.firstRequest) return;
    // The threads are unref'd while they wait or build (so a CLI that is done can exit): whoever awaits this keeps the
    // process alive meanwhile, as a call into the worker thread that held the engine used to.
    const keepAlive = setInterval(() => {}, 60_000);
    try {
      await this.growing;
      await this.cachedStepReady();
    } finally {
      clearInterval(keepAlive);
    }
  }

  get size(): number {
    return this.threads.length;
  }

  /** Whether every thread that has joined runs the steps after the first on the cached-step decoder by now. */
  get cachedStep(): boolean {
    return this.threads.every((t) => t.cachedStep);
  }

  /**
   * Resolves once every thread has built its cached-step decoder (true) or one has not (false). A thread builds it
   * after its first decode, so this waits until each has had one.
   */
  async cachedStepReady(): Promise<boolean> {
    const ready = await Promise.all(this.threads.map((t) => t.cachedStepReady()));
    return ready.every(Boolean);
  }

  /**
   * Greedy-decodes one batch (see greedyDecode) on the least busy thread, or, with `split`, over up to all threads at
   * once (partitionRows); the outputs are in the inputs' order either way.
   */
  async decode(inputs: number[][], budgets: number[], options: DecodeOptions = {}): Promise<Decoded> {
    if (!this.firstRequest) {
      this.firstRequest = { inputs: inputs.slice(0, WARM_ROWS), budgets: budgets.slice(0, WARM_ROWS) };
      try {
        return await this.decodeNow(inputs, budgets, options);
      } finally {
        this.settleFirst();
      }
    }
    return this.decodeNow(inputs, budgets, options);
  }

  private async decodeNow(inputs: number[][], budgets: number[], options: DecodeOptions): Promise<Decoded> {
    const { signal, scores } = options;
    const parts = options.split ? Math.min(this.threads.length, inputs.length) : 1;
    if (parts <= 1) return this.leastBusy().decode(inputs, budgets, { signal, scores });
    const groups = partitionRows(budgets, parts);
    // One group failing stops the others: their work would be thrown away.
    const inner = new AbortController();
    const onAbort = () => inner.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) inner.abort();
    try {
      const decoded = await Promise.all(
        groups.map((rows) =>
          this.leastBusy()
            .decode(
              rows.map((r) => inputs[r]!),
              rows.map((r) => budgets[r]!),
              { signal: inner.signal, scores },
            )
            .catch((err: unknown) => {
              inner.abort();
              throw err;
            }),
        ),
      );
      const tokens: number[][] = inputs.map(() => []);
      const rowScores: RowScore[] = [];
      groups.forEach((rows, g) =>
        rows.forEach((r, i) => {
          tokens[r] = decoded[g]!.tokens[i]!;
          const score = decoded[g]!.scores?.[i];
          if (score) rowScores[r] = score;
        }),
      );
      return { tokens, scores: scores ? rowScores : null };
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The thread with the fewest requests in flight (the first of them on a tie). */
  private leastBusy(): DecoderThread {
    return this.threads.reduce((best, t) => (t.inFlight < best.inFlight ? t : best));
  }

  /** Ends every thread (DecoderThread.dispose), the one still loading included. */
  async dispose(graceMs?: number): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.settleFirst();
    const joining = this.joining;
    await Promise.all([...this.threads, ...(joining ? [joining] : [])].map((t) => t.dispose(graceMs)));
    await this.growing;
  }
}

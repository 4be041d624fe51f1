import { DecoderThread } from './decoder-thread';
import { loopCost, type DecoderShape } from './greedy-decode';

/**
 * Splits a batch's rows (their budgets of new tokens) into at most `parts` groups that the greedy loop decodes in
 * about the same time, each group's rows in their original order; no group is empty. A group costs about a step per
 * decoder step plus a row-step per live row (a step at batch 1 took ~4 ms here, each more row ~2 ms: bench:mt), so
 * rows go longest first to the group they make the least costly (LPT scheduling).
 */
export function partitionRows(budgets: readonly number[], parts: number): number[][] {
  const count = Math.max(1, Math.min(Math.floor(parts), budgets.length));
  const groups: number[][] = Array.from({ length: count }, () => []);
  const cost = (rows: readonly number[]) => {
    const { steps, slots } = loopCost(rows.map((r) => budgets[r]!));
    return steps + slots;
  };
  const order = budgets.map((_, i) => i).sort((a, b) => budgets[b]! - budgets[a]! || a - b);
  for (const row of order) {
    let best = 0;
    let bestCost = Infinity;
    groups.forEach((group, g) => {
      // An empty group always takes the next row: every part gets work.
      const after = group.length === 0 ? -1 : cost([...group, row]);
      if (after < bestCost) {
        bestCost = after;
        best = g;
      }
    });
    groups[best]!.push(row);
  }
  return groups.filter((g) => g.length > 0).map((g) => g.sort((a, b) => a - b));
}

/**
 * The engine's decoder threads (lib/mt/decoder-thread.ts): each holds its own onnxruntime sessions of the same model
 * and decodes one batch at a time. Several batches run side by side, and a batch with more rows than the pool has
 * threads can be split over them (`decode(..., { split: true })`), which is how the reader's first paragraph gets two
 * cores. Each thread then asks onnxruntime for one intra-op thread: for the small products of a decoder step at a few
 * rows, two sentences on two cores went about 1.5x as fast as one sentence's products split over two.
 * Each more thread costs a copy of the sessions in memory (README, PARALELO_MT_THREADS).
 */
export class DecoderPool {
  private disposed = false;

  private constructor(private readonly threads: DecoderThread[]) {}

  /**
   * Starts `size` threads (at least 1) side by side; null when the loop cannot run here (see DecoderThread.start), and
   * the first load error when one fails (the others are ended). `onExit` is called once if a thread dies later; the
   * others are then ended too, so the engine's next load starts a whole pool again.
   */
  static async start(
    root: string,
    files: { encoder: string; decoder: string },
    shape: DecoderShape,
    size: number,
    onExit: (err: Error) => void = () => {},
    options: { cachedStep?: boolean } = {},
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
    const started = await Promise.allSettled(
      Array.from({ length: count }, () =>
        DecoderThread.start(root, files, shape, onThreadExit, {
          ...options,
          ...(count > 1 ? { intraOpThreads: 1 } : {}),
        }),
      ),
    );
    const threads = started.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed || threads.length < count) {
      await Promise.all(threads.map((t) => t.dispose()));
      if (failed) throw failed.reason;
      return null;
    }
    pool = new DecoderPool(threads);
    if (exited) {
      // A thread died while the others were still loading.
      await pool.dispose();
      throw new Error('a decoder thread exited while the model was loading');
    }
    return pool;
  }

  get size(): number {
    return this.threads.length;
  }

  /** Whether every thread runs the steps after the first on the cached-step decoder by now. */
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
  async decode(
    inputs: number[][],
    budgets: number[],
    options: { signal?: AbortSignal; split?: boolean } = {},
  ): Promise<number[][]> {
    const { signal } = options;
    const parts = options.split ? Math.min(this.threads.length, inputs.length) : 1;
    if (parts <= 1) return this.leastBusy().decode(inputs, budgets, signal);
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
              inner.signal,
            )
            .catch((err: unknown) => {
              inner.abort();
              throw err;
            }),
        ),
      );
      const outputs: number[][] = inputs.map(() => []);
      groups.forEach((rows, g) => rows.forEach((r, i) => (outputs[r] = decoded[g]![i]!)));
      return outputs;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The thread with the fewest requests in flight (the first of them on a tie). */
  private leastBusy(): DecoderThread {
    return this.threads.reduce((best, t) => (t.inFlight < best.inFlight ? t : best));
  }

  /** Ends every thread (DecoderThread.dispose). */
  async dispose(graceMs?: number): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all(this.threads.map((t) => t.dispose(graceMs)));
  }
}

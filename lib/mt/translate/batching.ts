import { maxNewTokensFor } from './split-long';

/** How inputs are grouped into padded model calls. */
export interface BatchPolicy {
  /** Most inputs in one call. */
  maxBatch: number;
  /**
   * Largest ratio between the longest and the shortest member's generation budget (2n + 16) in one batch. A padded
   * batch decodes until its longest member is done, so mixing very different lengths wastes decoder steps.
   */
  tolerance: number;
  /**
   * Most decoder slots in one batch: members × the longest member's budget. The decoder's caches grow with both, so
   * a batch of long sentences is kept smaller (32 budgets of 160 tokens; 10 of the 511 a 247-token input gets).
   * Default: no limit.
   */
  maxSlots?: number;
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = { maxBatch: 32, tolerance: 2, maxSlots: 32 * 160 };

/**
 * The policy the engine plans a call with: at most `batchSize` sentences decoding at once over `threads` decoder
 * threads, so each batch gets its share of the sentences and of the decoder slots (the decoders' caches, and with them
 * the memory, stay those of one full-size batch: bench:mt's peak RSS was 1.85 GB with full-size batches in two threads,
 * 1.51 GB with half-size ones, at the same tokens/s). A latency call (the reader's first paragraph) is one batch
 * whatever its lengths: rows leave the greedy loop's batch when done, so what it waits for is its longest sentence.
 */
export function enginePolicy(batchSize: number, threads: number, latency: boolean): BatchPolicy {
  const sharing = Math.max(1, Math.floor(threads));
  return {
    ...DEFAULT_BATCH_POLICY,
    maxBatch: Math.max(1, Math.ceil(batchSize / sharing)),
    maxSlots: (DEFAULT_BATCH_POLICY.maxSlots ?? Infinity) / sharing,
    tolerance: latency ? Infinity : DEFAULT_BATCH_POLICY.tolerance,
  };
}

/**
 * Splits inputs, already sorted by ascending token count, into consecutive batches of similar length:
 * returns [start, end) index ranges covering every input once, in order.
 */
export function planBatches(
  sortedTokens: readonly number[],
  maxPositions: number,
  policy: BatchPolicy = DEFAULT_BATCH_POLICY,
): [number, number][] {
  const maxBatch = Math.max(1, Math.floor(policy.maxBatch));
  const ranges: [number, number][] = [];
  let start = 0;
  while (start < sortedTokens.length) {
    const floor = maxNewTokensFor(sortedTokens[start] ?? 0, maxPositions);
    const maxSlots = policy.maxSlots ?? Infinity;
    let end = start + 1;
    while (end < sortedTokens.length && end - start < maxBatch) {
      // Sorted ascending: the member being added is the longest so far.
      const budget = maxNewTokensFor(sortedTokens[end] ?? 0, maxPositions);
      if (budget > floor * policy.tolerance || budget * (end - start + 1) > maxSlots) break;
      end += 1;
    }
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

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
}

export const DEFAULT_BATCH_POLICY: BatchPolicy = { maxBatch: 32, tolerance: 2 };

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
    let end = start + 1;
    while (
      end < sortedTokens.length &&
      end - start < maxBatch &&
      maxNewTokensFor(sortedTokens[end] ?? 0, maxPositions) <= floor * policy.tolerance
    ) {
      end += 1;
    }
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

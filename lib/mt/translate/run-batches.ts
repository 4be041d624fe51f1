import type { RowScore } from '../decoder/decoder';
import type { TranslationScore } from '../engine';

/**
 * Runs the batches `ranges` of one call, `lanes` at a time in order (a decoder of several threads decodes that many
 * side by side). The first that fails aborts the others' signal (their work would be thrown away) and rejects; the
 * caller's `signal` aborts them all.
 */
export async function runBatches(
  ranges: readonly [number, number][],
  lanes: number,
  signal: AbortSignal | undefined,
  run: (range: [number, number], inner: AbortSignal) => Promise<void>,
): Promise<void> {
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(lanes, ranges.length) }, async () => {
        while (next < ranges.length) {
          try {
            await run(ranges[next++]!, inner.signal);
          } catch (err) {
            inner.abort();
            throw err;
          }
        }
      }),
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** One sentence's score from its pieces' (weighted by their tokens); null if a piece has none. */
export function combineScores(pieces: readonly (RowScore | null)[]): TranslationScore | null {
  if (pieces.length === 0 || pieces.some((p) => p === null)) return null;
  const scored = pieces as RowScore[];
  const tokens = scored.reduce((n, p) => n + p.tokens, 0);
  return {
    meanLogProb: tokens > 0 ? scored.reduce((sum, p) => sum + p.mean * p.tokens, 0) / tokens : 0,
    minLogProb: Math.min(...scored.map((p) => p.min)),
    tokens,
  };
}

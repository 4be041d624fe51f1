/** Small order statistics for the benchmarks' timings (milliseconds). */

/** The q-quantile (0..1) of the values, by linear interpolation between the two nearest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Median, the 10th and 90th percentiles and the count, printed as `median 12.3 ms (p10 10.1, p90 15.0; n=40)`. */
export function spread(values: readonly number[]): string {
  const f = (n: number) => n.toFixed(1);
  return `median ${f(quantile(values, 0.5))} ms (p10 ${f(quantile(values, 0.1))}, p90 ${f(quantile(values, 0.9))}; n=${values.length})`;
}

/**
 * A 95% interval for median(b) - median(a), by resampling each with replacement (`rounds` times) with a seeded
 * generator: when it spans 0, the two cannot be told apart at this noise.
 */
export function medianDifferenceInterval(
  a: readonly number[],
  b: readonly number[],
  random: () => number,
  rounds = 2000,
): [number, number] {
  const resample = (v: readonly number[]) => Array.from(v, () => v[Math.floor(random() * v.length)]!);
  const diffs = Array.from({ length: rounds }, () => quantile(resample(b), 0.5) - quantile(resample(a), 0.5));
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)];
}

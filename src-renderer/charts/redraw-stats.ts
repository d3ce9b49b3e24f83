/** Median, p95, mean and count of a set of timings (ms), nearest-rank percentiles. */
export interface TimingSummary {
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
}

/** Nearest-rank percentile p (0–100) of sorted values; NaN when empty. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Summarise redraw timings for the benchmark report. */
export function summariseTimings(values: Float64Array): TimingSummary {
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (const v of sorted) total += v;
  return { count: sorted.length, mean: sorted.length === 0 ? Number.NaN : total / sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number) };
}

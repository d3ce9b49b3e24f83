import { COUNT, MAX, MIN, SHIFT, STATS_STRIDE, SUM, type WindowPool } from './window-pool';

/** What cityBand reads: the aggregator's open smallest windows, a ring of positions per series. */
export interface OpenSmallestWindows {
  readonly pool: WindowPool;
  /** Pool slot per (series, ring position), -1 when empty. */
  readonly ring: Int32Array;
  readonly ringStart: Float64Array;
  readonly ringSize: number;
  /** Series of every station that has one for the metric. */
  readonly series: Int32Array;
  readonly seriesCount: number;
}

/** Partial statistics of the newest open city-wide smallest window of one metric. */
export interface BandStatistics {
  start: number;
  count: number;
  mean: number;
  min: number;
  max: number;
}

/**
 * The newest open city-wide smallest window of one metric, summed from the stations' open windows
 * with that start (city windows themselves are only filled as station windows close). Cold path:
 * called once per UI frame, it scans ring positions of every station series of the metric.
 */
export function cityBand(open: OpenSmallestWindows): BandStatistics | null {
  const { pool, ring, ringStart, ringSize, series } = open;
  const stats = pool.stats;
  let newest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < open.seriesCount; i++) {
    const base = series[i]! * ringSize;
    for (let p = 0; p < ringSize; p++) if (ring[base + p]! >= 0 && ringStart[base + p]! > newest) newest = ringStart[base + p]!;
  }
  if (newest === Number.NEGATIVE_INFINITY) return null;
  let count = 0;
  let reference = Number.NaN;
  let shifted = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < open.seriesCount; i++) {
    const base = series[i]! * ringSize;
    for (let p = 0; p < ringSize; p++) {
      const slot = ring[base + p]!;
      if (slot < 0 || ringStart[base + p] !== newest) continue;
      const b = slot * STATS_STRIDE;
      const n = stats[b + COUNT]!;
      if (Number.isNaN(reference)) reference = stats[b + SHIFT]!;
      // Σ(x − reference) over this window = S1 + n·(K − reference).
      shifted += stats[b + SUM]! + n * (stats[b + SHIFT]! - reference);
      count += n;
      if (stats[b + MIN]! < min) min = stats[b + MIN]!;
      if (stats[b + MAX]! > max) max = stats[b + MAX]!;
    }
  }
  return { start: newest, count, mean: reference + shifted / count, min, max };
}

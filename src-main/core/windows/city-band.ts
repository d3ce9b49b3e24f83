import { P5, P95 } from './closed-windows';
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
  /**
   * No window starts after this one (the smallest window holding the newest event time), with its ring
   * position; NaN and -1 when unknown.
   */
  readonly newestPossibleStart: number;
  readonly newestPossiblePosition: number;
}

/** Partial statistics of the newest open city-wide smallest window of one metric. */
export interface BandStatistics {
  start: number;
  count: number;
  mean: number;
  min: number;
  max: number;
  /** 5th and 95th percentiles of the window so far (the live end of the chart's city band). */
  p5?: number;
  p95?: number;
}

/**
 * The newest open city-wide smallest window of one metric, summed from the stations' open windows
 * with that start (city windows themselves are only filled as station windows close). Cold path:
 * called once per UI frame, it scans ring positions of every station series of the metric. Its p5 and
 * p95 come from merging those windows into a scratch window, as the closed city window will be merged
 * when they close: the cost stays per frame (stations × sketch buckets), not per reading — a city sketch
 * fed value by value cost the live aggregate path about 30 % of its throughput.
 */
export function cityBand(open: OpenSmallestWindows, previous: BandStatistics | null = null, isRefresh = true): BandStatistics | null {
  const band = cityStatistics(open);
  // Between refreshes the previous percentiles stand while their window is still the newest.
  if (band !== null && !isRefresh && previous !== null && previous.start === band.start && previous.p5 !== undefined) return { ...band, p5: previous.p5, p95: previous.p95! };
  return band === null ? null : withPercentiles(open, band);
}

/** The newest open window's count, mean, min and max. */
function cityStatistics(open: OpenSmallestWindows): BandStatistics | null {
  const { ring, ringStart, ringSize, series } = open;
  // Usually some station already has a window at the newest possible start: then only that ring position
  // is read, not all of them (the ring spans the lateness: ~30 positions with partition skew allowed).
  const hinted = open.newestPossiblePosition >= 0 ? sumAt(open, open.newestPossibleStart, open.newestPossiblePosition, open.newestPossiblePosition + 1) : null;
  if (hinted !== null) return hinted;
  let newest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < open.seriesCount; i++) {
    const base = series[i]! * ringSize;
    for (let p = 0; p < ringSize; p++) if (ring[base + p]! >= 0 && ringStart[base + p]! > newest) newest = ringStart[base + p]!;
  }
  return newest === Number.NEGATIVE_INFINITY ? null : sumAt(open, newest, 0, ringSize);
}

/** Adds p5 and p95: the open windows starting at band.start merged into a scratch window. */
function withPercentiles(open: OpenSmallestWindows, band: BandStatistics): BandStatistics {
  const { pool, ring, ringStart, ringSize, series } = open;
  const hinted = band.start === open.newestPossibleStart && open.newestPossiblePosition >= 0;
  const from = hinted ? open.newestPossiblePosition : 0;
  const to = hinted ? from + 1 : ringSize;
  const scratch = pool.allocate(band.start);
  try {
    for (let i = 0; i < open.seriesCount; i++) {
      const base = series[i]! * ringSize;
      for (let p = from; p < to; p++) {
        const slot = ring[base + p]!;
        if (slot >= 0 && ringStart[base + p] === band.start) pool.merge(scratch, slot);
      }
    }
    return { ...band, p5: pool.quantile(scratch, P5), p95: pool.quantile(scratch, P95) };
  } finally {
    pool.release(scratch);
  }
}

/** Sums the open windows starting at `start` found in ring positions [from, to) of every series; null when none. */
function sumAt(open: OpenSmallestWindows, start: number, from: number, to: number): BandStatistics | null {
  const { pool, ring, ringStart, ringSize, series } = open;
  const stats = pool.stats;
  let count = 0;
  let reference = Number.NaN;
  let shifted = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < open.seriesCount; i++) {
    const base = series[i]! * ringSize;
    for (let p = from; p < to; p++) {
      const slot = ring[base + p]!;
      if (slot < 0 || ringStart[base + p] !== start) continue;
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
  return count === 0 ? null : { start, count, mean: reference + shifted / count, min, max };
}

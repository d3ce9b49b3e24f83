// Test support: a brute-force model of the window aggregator's specification, written independently
// of it (plain arrays, sorting, two-pass statistics), and a seeded PRNG for property-style tests.
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';

/** One metric value as the tests feed it. */
export interface Sample {
  stationId: string;
  metric: string;
  ts: number;
  value: number;
}

/** Exact statistics of one window. */
export interface ExactWindow {
  stationId: string;
  metric: string;
  sizeMs: number;
  start: number;
  values: number[];
  count: number;
  mean: number;
  min: number;
  max: number;
  stddev: number;
  /** The value at 0-based rank floor(0.95·(n−1)) of the sorted values: what the sketch approximates. */
  p95: number;
}

/** Result of running the specification by brute force. */
export interface ReferenceRun {
  late: number;
  watermark: number | null;
  /** Every window that has closed at the final watermark, keyed by windowKey. */
  closed: Map<string, ExactWindow>;
  /** Every window with data, closed or not. */
  all: Map<string, ExactWindow>;
}

/** Identity of a window. */
export function windowKey(stationId: string, metric: string, sizeMs: number, start: number): string {
  return `${stationId}|${metric}|${sizeMs}|${start}`;
}

/** The tests' shared seeded PRNG (mulberry32). */
export { seededRandom } from '../../../src-shared/test-support/seeded-random';

/**
 * Runs the specification: watermark = max ts − lateness (or `advanceTo` marks, given as samples with
 * metric null); a value is late when its smallest window [s, s + size0) has s + size0 ≤ watermark.
 */
export function runReference(samples: readonly (Sample | { advanceTo: number })[], sizesMs: readonly number[], latenessMs: number, includeCity: boolean): ReferenceRun {
  let maxTs = Number.NEGATIVE_INFINITY;
  let watermark = Number.NEGATIVE_INFINITY;
  let late = 0;
  const size0 = sizesMs[0]!;
  const groups = new Map<string, { stationId: string; metric: string; sizeMs: number; start: number; values: number[] }>();
  for (const sample of samples) {
    if ('advanceTo' in sample) {
      watermark = Math.max(watermark, sample.advanceTo);
      continue;
    }
    maxTs = Math.max(maxTs, sample.ts);
    watermark = Math.max(watermark, maxTs - latenessMs);
    if (Math.floor(sample.ts / size0) * size0 + size0 <= watermark) {
      late++;
      continue;
    }
    const owners = includeCity ? [sample.stationId, CITY_STATION_ID] : [sample.stationId];
    for (const stationId of owners) {
      for (const sizeMs of sizesMs) {
        const start = Math.floor(sample.ts / sizeMs) * sizeMs;
        const key = windowKey(stationId, sample.metric, sizeMs, start);
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { stationId, metric: sample.metric, sizeMs, start, values: [] }));
        group.values.push(sample.value);
      }
    }
  }
  const all = new Map<string, ExactWindow>();
  const closed = new Map<string, ExactWindow>();
  for (const [key, group] of groups) {
    const exact = exactWindow(group);
    all.set(key, exact);
    if (group.start + group.sizeMs <= watermark) closed.set(key, exact);
  }
  return { late, watermark: watermark === Number.NEGATIVE_INFINITY ? null : watermark, closed, all };
}

function exactWindow(group: { stationId: string; metric: string; sizeMs: number; start: number; values: number[] }): ExactWindow {
  const sorted = [...group.values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / n;
  // Second pass with a compensated correction term (Björck): accurate to a few ulps.
  let squares = 0;
  let correction = 0;
  for (const v of sorted) {
    squares += (v - mean) * (v - mean);
    correction += v - mean;
  }
  const variance = (squares - (correction * correction) / n) / n;
  const meanFixed = mean + correction / n;
  return {
    ...group,
    count: n,
    mean: meanFixed,
    min: sorted[0]!,
    max: sorted[n - 1]!,
    stddev: Math.sqrt(Math.max(0, variance)),
    p95: sorted[Math.floor(0.95 * (n - 1))]!,
    values: sorted,
  };
}

/**
 * Whether a collapse-lowest sketch with `bucketsPerSign` buckets still holds the quantile `exact` in
 * its own bucket: true unless it lies more than that many keys below the highest key of its sign
 * (positive values, or negative values mirrored). Only then is the 1 % guarantee void, and the
 * estimate is biased upward (towards zero for negatives), never downward.
 */
export function sketchRetains(sortedValues: readonly number[], exact: number, bucketsPerSign: number, key: (x: number) => number): boolean {
  if (key(exact) === 0) return true;
  let highest = Number.NEGATIVE_INFINITY;
  for (const v of sortedValues) if (Math.sign(key(v)) === Math.sign(key(exact))) highest = Math.max(highest, key(v));
  return highest - key(exact) < bucketsPerSign;
}

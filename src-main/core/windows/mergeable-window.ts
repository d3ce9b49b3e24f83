/**
 * A stored window in mergeable form, and the merge of late values into it: what the store does when a
 * reading arrives after its window was closed and stored. The statistics combine exactly (Chan, Golub &
 * LeVeque's pairwise update for the mean and M2 = Σ(x − mean)²); the sketch merges bucket by bucket, so
 * the merged window is what the aggregator would have produced had the values come on time (count, min
 * and max exactly, mean and stddev to rounding, p95 within the sketch's stated error — exact while a
 * window holds at most INLINE_VALUES values, as on the on-time path).
 *
 * Sketch form (plain numbers, so it survives JSON and the outage spill): [INLINE_FORM, v1, …, vn] while
 * the values fit inline, else [BUCKET_FORM, zeros, key1, count1, key2, count2, …] with signed bucket keys
 * (key-mapping.ts) ascending, i.e. ascending values; zeros counts values closer to 0 than SKETCH_MIN_MAGNITUDE.
 */
import { sketchKey, sketchValue } from './key-mapping';
import { P95 } from './closed-windows';
import { BUCKET_FORM, INLINE_FORM, INLINE_VALUES } from './window-pool';

/** A window's statistics as stored; sketch null for a row written before sketches were stored. */
export interface MergeableWindow {
  readonly count: number;
  readonly mean: number;
  readonly m2: number;
  readonly min: number;
  readonly max: number;
  readonly p95: number;
  readonly sketch: readonly number[] | null;
}

/** The merged window and what the table shows of it. */
export interface MergedWindow extends MergeableWindow {
  readonly stddev: number;
  readonly sketch: readonly number[];
}

/** Merges values into a stored window (null: none stored yet). `values` must be finite and non-empty. */
export function mergeValues(stored: MergeableWindow | null, values: readonly number[]): MergedWindow {
  const added = summarise(values);
  if (stored === null || stored.count === 0) return added;
  const count = stored.count + added.count;
  const delta = added.mean - stored.mean;
  const mean = stored.mean + (delta * added.count) / count;
  const m2 = stored.m2 + added.m2 + ((delta * delta * stored.count) / count) * added.count;
  const min = Math.min(stored.min, added.min);
  const max = Math.max(stored.max, added.max);
  const sketch = mergeSketches(stored.sketch ?? legacySketch(stored), added.sketch);
  return { count, mean, m2, min, max, p95: quantileOf(sketch, P95, count, min, max), stddev: Math.sqrt(Math.max(0, m2) / count), sketch };
}

/** The value at 0-based rank ⌊q·(count − 1)⌋, as WindowPool.quantile defines it (clamped to [min, max]). */
export function quantileOf(sketch: readonly number[], q: number, count: number, min: number, max: number): number {
  const rank = Math.floor(q * (count - 1));
  if (sketch[0] === INLINE_FORM) {
    const sorted = sketch.slice(1).sort((a, b) => a - b);
    return sorted[rank]!;
  }
  return bucketQuantile(sketch, 0, sketch.length, rank, min, max);
}

/**
 * The value at 0-based `rank` of a bucket-form sketch held in numbers[at, end) (clamped to [min, max]):
 * ascending signed keys are ascending values; the zeros sit between the negative and positive keys.
 */
export function bucketQuantile(numbers: ArrayLike<number>, at: number, end: number, rank: number, min: number, max: number): number {
  let seen = 0;
  let zerosCounted = false;
  let last = 0;
  for (let i = at + 2; i < end; i += 2) {
    const key = numbers[i]!;
    if (!zerosCounted && key > 0) {
      zerosCounted = true;
      seen += numbers[at + 1]!;
      if (seen > rank) return clamp(0, min, max);
    }
    seen += numbers[i + 1]!;
    last = key;
    if (seen > rank) return clamp(sketchValue(key), min, max);
  }
  return clamp(zerosCounted ? sketchValue(last) : 0, min, max);
}

function summarise(values: readonly number[]): MergedWindow {
  const count = values.length;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const rough = sum / count;
  // Two passes with the correction term: the mean and M2 of the late values to a few ulps.
  let squares = 0;
  let correction = 0;
  for (const v of values) {
    const d = v - rough;
    squares += d * d;
    correction += d;
  }
  const mean = rough + correction / count;
  const m2 = Math.max(0, squares - (correction * correction) / count);
  const sketch = count <= INLINE_VALUES ? [INLINE_FORM, ...values] : toBuckets([INLINE_FORM, ...values]);
  return { count, mean, m2, min, max, p95: quantileOf(sketch, P95, count, min, max), stddev: Math.sqrt(m2 / count), sketch };
}

/** Inline while both are inline and the values still fit, else buckets (exact: counts add). */
function mergeSketches(a: readonly number[], b: readonly number[]): number[] {
  if (a[0] === INLINE_FORM && b[0] === INLINE_FORM && a.length - 1 + b.length - 1 <= INLINE_VALUES) return [INLINE_FORM, ...a.slice(1), ...b.slice(1)];
  const counts = new Map<number, number>();
  const zeros = addInto(counts, a) + addInto(counts, b);
  const out = [BUCKET_FORM, zeros];
  for (const key of [...counts.keys()].sort((x, y) => x - y)) out.push(key, counts.get(key)!);
  return out;
}

/** Adds a sketch's buckets to `counts`; returns its zeros. */
function addInto(counts: Map<number, number>, sketch: readonly number[]): number {
  if (sketch[0] === INLINE_FORM) {
    let zeros = 0;
    for (let i = 1; i < sketch.length; i++) {
      const key = sketchKey(sketch[i]!);
      if (key === 0) zeros++;
      else counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return zeros;
  }
  for (let i = 2; i < sketch.length; i += 2) counts.set(sketch[i]!, (counts.get(sketch[i]!) ?? 0) + sketch[i + 1]!);
  return sketch[1]!;
}

function toBuckets(inline: readonly number[]): number[] {
  return mergeSketches(inline, [BUCKET_FORM, 0]);
}

/**
 * A row stored before sketches were (schema version 3): its values are unknown, so it stands in as
 * `count` values at its p95 — the merged p95 is then approximate. Later rows carry their sketch.
 */
function legacySketch(stored: MergeableWindow): number[] {
  const key = sketchKey(stored.p95);
  return key === 0 ? [BUCKET_FORM, stored.count] : [BUCKET_FORM, 0, key, stored.count];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

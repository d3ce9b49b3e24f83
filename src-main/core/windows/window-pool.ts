import { grown } from '../../../src-shared/columns/typed-array-growth';
import { EXPORT_MAX_NUMBERS, SketchPool } from './sketch-pool';

/** Float64 fields per window slot in WindowPool.stats (256 bytes: four cache lines); Int32 words: twice as many. */
export const STATS_STRIDE = 32;
export const INT_STRIDE = 2 * STATS_STRIDE;
/** Float64 offsets of a window's fields. The first cache line holds everything the hot path touches. */
export const COUNT = 0;
/** K, the window's first value: the sums below are of (x − K), see the class comment. */
export const SHIFT = 1;
/** Σ (x − K). */
export const SUM = 2;
/** Σ (x − K)². */
export const SQUARES = 3;
export const MIN = 4;
export const MAX = 5;
/** Int32 offsets (WindowPool.ints): the sketch slot, -1 while the values still fit inline … */
export const SKETCH = 12;
/** … and the positive store's metadata (3 words), still in the first cache line. */
export const POSITIVE_META = 13;
/** Second line: the window's start (Float64) and the negative store's metadata (Int32, 3 words). */
export const START = 8;
export const NEGATIVE_META = 18;
/** First inline value (Float64); the window's values are at VALUES .. VALUES + count − 1 while SKETCH is -1. */
export const VALUES = 11;
/** Raw values a window keeps inline before it needs a sketch. */
export const INLINE_VALUES = STATS_STRIDE - VALUES;
/** First number of a mergeable sketch: [INLINE_FORM, ...values] or [BUCKET_FORM, zeros, key, count, key, count, ...]. */
export const INLINE_FORM = 0;
export const BUCKET_FORM = 1;
/** The most numbers a mergeable sketch takes: the larger of the inline form and the bucket form. */
export const MERGEABLE_MAX_NUMBERS = Math.max(1 + INLINE_VALUES, 2 + EXPORT_MAX_NUMBERS);

/**
 * Open windows of every size as slots in preallocated typed arrays with a free list, so opening and
 * closing windows allocates nothing once the pools have grown to the working set.
 *
 * A window keeps its first INLINE_VALUES values raw, next to its statistics (256 contiguous bytes),
 * and takes a 2 KiB sketch only when it outgrows them or is merged into. Why: most windows are small
 * (a station's 10 s window holds ~10 readings), and giving each its own sketch scattered the hot path
 * over tens of MiB (measured: cache and TLB misses dominated). Small windows also get an exact p95.
 *
 * Mean and variance use shifted sums: Σ(x − K) and Σ(x − K)² with K the window's first value, so
 * the hot path has no division (Welford's update has one per value). Shifting by a value from the
 * data keeps them accurate when the spread is tiny next to the mean (pressure ≈ 1013 ± 2), where
 * plain sums of squares lose digits: the cancellation in M2 = S2 − S1²/n costs only a factor of
 * about 1 + ((mean − K)/σ)² (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample variance").
 */
export class WindowPool {
  stats: Float64Array;
  /** The same memory as `stats`, as Int32 words (sketch slot and store metadata). */
  ints: Int32Array;
  readonly sketches = new SketchPool();
  private free: Int32Array;
  private freeCount = 0;
  private capacity = 0;
  /** Lowest start among open windows, valid unless `minStale` (a window at that start was released). */
  private minStart = Number.POSITIVE_INFINITY;
  private minStale = false;

  constructor(initialCapacity = 1024) {
    this.stats = new Float64Array(0);
    this.ints = new Int32Array(0);
    this.free = new Int32Array(0);
    this.grow(Math.max(1, initialCapacity));
  }

  /** Number of slots holding an open window. */
  get size(): number {
    return this.capacity - this.freeCount;
  }

  /** Takes a free slot for an empty window starting at `start` whose sums are shifted by `shift`. */
  allocate(start: number, shift = 0): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    const slot = this.free[--this.freeCount]!;
    const b = slot * STATS_STRIDE;
    const stats = this.stats;
    if (start < this.minStart) this.minStart = start;
    stats[b + START] = start;
    stats[b + COUNT] = 0;
    stats[b + SHIFT] = shift;
    stats[b + SUM] = 0;
    stats[b + SQUARES] = 0;
    stats[b + MIN] = Number.POSITIVE_INFINITY;
    stats[b + MAX] = Number.NEGATIVE_INFINITY;
    this.ints[slot * INT_STRIDE + SKETCH] = -1;
    return slot;
  }

  /** Returns a slot (and its sketch, if any) to the pools. */
  release(slot: number): void {
    const i = slot * INT_STRIDE;
    const sketch = this.ints[i + SKETCH]!;
    if (sketch >= 0) this.sketches.release(this.ints, i + POSITIVE_META, i + NEGATIVE_META, sketch);
    this.ints[i + SKETCH] = -1;
    if (this.stats[slot * STATS_STRIDE + START] === this.minStart) this.minStale = true;
    this.stats[slot * STATS_STRIDE + COUNT] = 0;
    this.free[this.freeCount++] = slot;
  }

  /** Adds one finite value to an open window. Hot path: no allocation; touches the record's first line and one bucket line. */
  add(slot: number, value: number): void {
    const stats = this.stats;
    const b = slot * STATS_STRIDE;
    const previous = stats[b + COUNT]!;
    const delta = value - stats[b + SHIFT]!;
    stats[b + COUNT] = previous + 1;
    stats[b + SUM]! += delta;
    stats[b + SQUARES]! += delta * delta;
    if (value < stats[b + MIN]!) stats[b + MIN] = value;
    if (value > stats[b + MAX]!) stats[b + MAX] = value;
    const i = b << 1;
    const sketch = this.ints[i + SKETCH]!;
    if (sketch >= 0) this.sketches.add(this.ints, i + POSITIVE_META, i + NEGATIVE_META, sketch, value);
    else if (previous < INLINE_VALUES) stats[b + VALUES + previous] = value;
    else this.sketches.add(this.ints, i + POSITIVE_META, i + NEGATIVE_META, this.spill(slot, INLINE_VALUES), value);
  }

  /** Mean of a non-empty window. */
  mean(slot: number): number {
    const b = slot * STATS_STRIDE;
    return this.stats[b + SHIFT]! + this.stats[b + SUM]! / this.stats[b + COUNT]!;
  }

  /** Sum of squared deviations from the mean of a non-empty window; variance = M2 / count. */
  m2(slot: number): number {
    const b = slot * STATS_STRIDE;
    const sum = this.stats[b + SUM]!;
    return Math.max(0, this.stats[b + SQUARES]! - (sum * sum) / this.stats[b + COUNT]!);
  }

  /**
   * Folds window `source` into window `target`: re-shifts the source's sums to the target's K
   * (exact algebra: Σ(x − Kt) = S1 + n·d, Σ(x − Kt)² = S2 + 2d·S1 + n·d², d = Ks − Kt); values or sketches.
   */
  merge(target: number, source: number): void {
    const stats = this.stats;
    const t = target * STATS_STRIDE;
    const s = source * STATS_STRIDE;
    const countS = stats[s + COUNT]!;
    if (countS === 0) return;
    const countT = stats[t + COUNT]!;
    const count = countT + countS;
    if (countT === 0) {
      stats[t + SHIFT] = stats[s + SHIFT]!;
      stats[t + SUM] = stats[s + SUM]!;
      stats[t + SQUARES] = stats[s + SQUARES]!;
    } else {
      const d = stats[s + SHIFT]! - stats[t + SHIFT]!;
      const sumS = stats[s + SUM]!;
      stats[t + SUM]! += sumS + countS * d;
      stats[t + SQUARES]! += stats[s + SQUARES]! + 2 * d * sumS + countS * d * d;
    }
    stats[t + COUNT] = count;
    if (stats[s + MIN]! < stats[t + MIN]!) stats[t + MIN] = stats[s + MIN]!;
    if (stats[s + MAX]! > stats[t + MAX]!) stats[t + MAX] = stats[s + MAX]!;
    const ints = this.ints;
    const ti = t << 1;
    const si = s << 1;
    const sourceSketch = ints[si + SKETCH]!;
    let targetSketch = ints[ti + SKETCH]!;
    if (targetSketch < 0 && sourceSketch < 0 && count <= INLINE_VALUES) {
      stats.copyWithin(t + VALUES + countT, s + VALUES, s + VALUES + countS);
      return;
    }
    if (targetSketch < 0) targetSketch = this.spill(target, countT);
    if (sourceSketch >= 0) this.sketches.merge(ints, ti + POSITIVE_META, ti + NEGATIVE_META, targetSketch, si + POSITIVE_META, si + NEGATIVE_META, sourceSketch);
    else for (let k = 0; k < countS; k++) this.sketches.add(ints, ti + POSITIVE_META, ti + NEGATIVE_META, targetSketch, stats[s + VALUES + k]!);
  }

  /**
   * The value at 0-based rank ⌊q·(n−1)⌋: exact from inline values, else the sketch estimate clamped
   * to [min, max] (the true quantile lies inside, so clamping never adds error).
   */
  quantile(slot: number, q: number, scratch: Float64Array = new Float64Array(INLINE_VALUES)): number {
    const b = slot * STATS_STRIDE;
    const count = this.stats[b + COUNT]!;
    const i = b << 1;
    const sketch = this.ints[i + SKETCH]!;
    if (sketch >= 0) {
      const estimate = this.sketches.quantile(this.ints, i + POSITIVE_META, i + NEGATIVE_META, sketch, q, count);
      return Math.min(this.stats[b + MAX]!, Math.max(this.stats[b + MIN]!, estimate));
    }
    // Insertion sort into the caller's scratch: at most INLINE_VALUES values, no allocation.
    for (let k = 0; k < count; k++) {
      const value = this.stats[b + VALUES + k]!;
      let j = k;
      for (; j > 0 && scratch[j - 1]! > value; j--) scratch[j] = scratch[j - 1]!;
      scratch[j] = value;
    }
    return scratch[Math.floor(q * (count - 1))]!;
  }

  /**
   * Writes the window's quantile sketch in its mergeable form (see mergeable-window.ts) into `out` from
   * index `at` — its raw values in ascending order while they fit inline, else the sketch's buckets — and returns how many
   * numbers it wrote (at most MERGEABLE_MAX_NUMBERS). Once per closed window, not per value; no allocation.
   */
  writeMergeableSketch(slot: number, out: Float64Array, at: number): number {
    const b = slot * STATS_STRIDE;
    const count = this.stats[b + COUNT]!;
    const i = b << 1;
    const sketch = this.ints[i + SKETCH]!;
    if (sketch < 0) {
      // Insertion sort (at most INLINE_VALUES values): the caller reads its quantiles off the sorted values.
      out[at] = INLINE_FORM;
      const first = at + 1;
      for (let k = 0; k < count; k++) {
        const value = this.stats[b + VALUES + k]!;
        let j = first + k;
        for (; j > first && out[j - 1]! > value; j--) out[j] = out[j - 1]!;
        out[j] = value;
      }
      return count + 1;
    }
    out[at] = BUCKET_FORM;
    const end = this.sketches.exportBuckets(this.ints, i + POSITIVE_META, i + NEGATIVE_META, sketch, out, at + 2);
    let inBuckets = 0;
    for (let k = at + 3; k < end; k += 2) inBuckets += out[k]!;
    // Values closer to zero than the sketch stores: the count the buckets do not hold.
    out[at + 1] = count - inBuckets;
    return end - at;
  }

  /** The mergeable sketch as a new array (tests and tools; the aggregator writes into its shared buffer). */
  mergeableSketch(slot: number): number[] {
    const out = new Float64Array(MERGEABLE_MAX_NUMBERS);
    return Array.from(out.subarray(0, this.writeMergeableSketch(slot, out, 0)));
  }

  /**
   * The lowest start of any open window, or null when none is open. Kept up to date as windows open;
   * rescans the slots only after a window at the lowest start was released (once per closing boundary).
   */
  oldestStart(): number | null {
    if (this.minStale) {
      const isFree = new Uint8Array(this.capacity);
      for (let i = 0; i < this.freeCount; i++) isFree[this.free[i]!] = 1;
      let min = Number.POSITIVE_INFINITY;
      for (let slot = 0; slot < this.capacity; slot++) {
        const start = this.stats[slot * STATS_STRIDE + START]!;
        if (isFree[slot] === 0 && start < min) min = start;
      }
      this.minStart = min;
      this.minStale = false;
    }
    return this.size === 0 || this.minStart === Number.POSITIVE_INFINITY ? null : this.minStart;
  }

  /** Moves a window's first `count` inline values into a new sketch; returns the sketch slot. */
  private spill(slot: number, count: number): number {
    const b = slot * STATS_STRIDE;
    const i = b << 1;
    const sketch = this.sketches.allocate(this.ints, i + POSITIVE_META, i + NEGATIVE_META);
    this.ints[i + SKETCH] = sketch;
    for (let k = 0; k < count; k++) this.sketches.add(this.ints, i + POSITIVE_META, i + NEGATIVE_META, sketch, this.stats[b + VALUES + k]!);
    return sketch;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    this.stats = grown(this.stats, capacity * STATS_STRIDE);
    this.ints = new Int32Array(this.stats.buffer);
    const free = grown(this.free, capacity);
    for (let slot = capacity - 1; slot >= old; slot--) free[this.freeCount++] = slot;
    this.free = free;
    this.capacity = capacity;
  }
}

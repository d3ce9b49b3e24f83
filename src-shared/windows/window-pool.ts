import { SketchPool } from './sketch-pool';

/** Raw values a window keeps inline before it needs a sketch. */
export const INLINE_VALUES = 24;
/** Float64 fields per window slot in WindowPool.stats: 8 statistics, then the inline values. */
export const STATS_STRIDE = 32;
/** Offsets of a window's fields inside its stride. */
export const START = 0;
export const COUNT = 1;
export const MEAN = 2;
/** Sum of squared deviations from the mean (Welford's M2); variance = M2 / count. */
export const M2 = 3;
export const MIN = 4;
export const MAX = 5;
/** Slot in the SketchPool, or -1 while the values still fit inline. */
export const SKETCH = 6;
/** First inline value; the window's values are at VALUES .. VALUES + count − 1 while SKETCH is -1. */
export const VALUES = 8;

/**
 * Open windows of every size as slots in preallocated typed arrays with a free list, so opening and
 * closing windows allocates nothing once the pools have grown to the working set.
 *
 * A window keeps its first INLINE_VALUES values raw, next to its statistics (256 contiguous bytes),
 * and takes a 2 KiB sketch only when it outgrows them or is merged into. Why: most windows are small
 * (a station's 10 s window holds ~10 readings), and giving each its own sketch scattered the hot path
 * over tens of MiB (measured: cache and TLB misses dominated). Small windows also get an exact p95.
 *
 * Mean and variance use Welford's update and Chan et al.'s pairwise merge, which stay accurate when
 * the spread is tiny next to the mean (pressure ≈ 1013 ± 2), where naive sums of squares lose digits.
 */
export class WindowPool {
  stats: Float64Array;
  readonly sketches = new SketchPool();
  private free: Int32Array;
  private freeCount = 0;
  private capacity = 0;

  constructor(initialCapacity = 1024) {
    this.stats = new Float64Array(0);
    this.free = new Int32Array(0);
    this.grow(Math.max(1, initialCapacity));
  }

  /** Number of slots holding an open window. */
  get size(): number {
    return this.capacity - this.freeCount;
  }

  /** Takes a free slot for an empty window starting at `start`, growing the pool if needed. */
  allocate(start: number): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    const slot = this.free[--this.freeCount]!;
    const b = slot * STATS_STRIDE;
    const stats = this.stats;
    stats[b + START] = start;
    stats[b + COUNT] = 0;
    stats[b + MEAN] = 0;
    stats[b + M2] = 0;
    stats[b + MIN] = Number.POSITIVE_INFINITY;
    stats[b + MAX] = Number.NEGATIVE_INFINITY;
    stats[b + SKETCH] = -1;
    return slot;
  }

  /** Returns a slot (and its sketch, if any) to the pools. */
  release(slot: number): void {
    const b = slot * STATS_STRIDE;
    const sketch = this.stats[b + SKETCH]!;
    if (sketch >= 0) this.sketches.release(sketch);
    this.stats[b + SKETCH] = -1;
    this.stats[b + COUNT] = 0;
    this.free[this.freeCount++] = slot;
  }

  /** Adds one finite value to an open window. Hot path: no allocation. */
  add(slot: number, value: number): void {
    const stats = this.stats;
    const b = slot * STATS_STRIDE;
    const previous = stats[b + COUNT]!;
    const count = previous + 1;
    const mean = stats[b + MEAN]!;
    const delta = value - mean;
    const nextMean = mean + delta / count;
    stats[b + COUNT] = count;
    stats[b + MEAN] = nextMean;
    stats[b + M2]! += delta * (value - nextMean);
    if (value < stats[b + MIN]!) stats[b + MIN] = value;
    if (value > stats[b + MAX]!) stats[b + MAX] = value;
    const sketch = stats[b + SKETCH]!;
    if (sketch >= 0) this.sketches.add(sketch, value);
    else if (previous < INLINE_VALUES) stats[b + VALUES + previous] = value;
    else this.sketches.add(this.spill(slot, INLINE_VALUES), value);
  }

  /** Folds window `source` into window `target` (Chan et al. 1979 for mean and M2; values or sketches). */
  merge(target: number, source: number): void {
    const stats = this.stats;
    const t = target * STATS_STRIDE;
    const s = source * STATS_STRIDE;
    const countS = stats[s + COUNT]!;
    if (countS === 0) return;
    const countT = stats[t + COUNT]!;
    const count = countT + countS;
    const delta = stats[s + MEAN]! - stats[t + MEAN]!;
    stats[t + MEAN] = stats[t + MEAN]! + (delta * countS) / count;
    stats[t + M2] = stats[t + M2]! + stats[s + M2]! + ((delta * delta * countT) / count) * countS;
    stats[t + COUNT] = count;
    if (stats[s + MIN]! < stats[t + MIN]!) stats[t + MIN] = stats[s + MIN]!;
    if (stats[s + MAX]! > stats[t + MAX]!) stats[t + MAX] = stats[s + MAX]!;
    const sourceSketch = stats[s + SKETCH]!;
    let targetSketch = stats[t + SKETCH]!;
    if (targetSketch < 0 && sourceSketch < 0 && count <= INLINE_VALUES) {
      stats.copyWithin(t + VALUES + countT, s + VALUES, s + VALUES + countS);
      return;
    }
    if (targetSketch < 0) targetSketch = this.spill(target, countT);
    if (sourceSketch >= 0) this.sketches.merge(targetSketch, sourceSketch);
    else for (let i = 0; i < countS; i++) this.sketches.add(targetSketch, stats[s + VALUES + i]!);
  }

  /**
   * The value at 0-based rank ⌊q·(n−1)⌋: exact from inline values, else the sketch estimate clamped
   * to [min, max] (the true quantile lies inside, so clamping never adds error).
   */
  quantile(slot: number, q: number, scratch: Float64Array = new Float64Array(INLINE_VALUES)): number {
    const b = slot * STATS_STRIDE;
    const count = this.stats[b + COUNT]!;
    const sketch = this.stats[b + SKETCH]!;
    if (sketch >= 0) return Math.min(this.stats[b + MAX]!, Math.max(this.stats[b + MIN]!, this.sketches.quantile(sketch, q, count)));
    // Insertion sort into the caller's scratch: at most INLINE_VALUES values, no allocation.
    for (let i = 0; i < count; i++) {
      const value = this.stats[b + VALUES + i]!;
      let j = i;
      for (; j > 0 && scratch[j - 1]! > value; j--) scratch[j] = scratch[j - 1]!;
      scratch[j] = value;
    }
    return scratch[Math.floor(q * (count - 1))]!;
  }

  /** Calls `visit` with the start of every open window (cold path: scans the slots). */
  forEachOpenStart(visit: (start: number) => void): void {
    const isFree = new Uint8Array(this.capacity);
    for (let i = 0; i < this.freeCount; i++) isFree[this.free[i]!] = 1;
    for (let slot = 0; slot < this.capacity; slot++) if (isFree[slot] === 0) visit(this.stats[slot * STATS_STRIDE + START]!);
  }

  /** Moves a window's first `count` inline values into a new sketch; returns the sketch slot. */
  private spill(slot: number, count: number): number {
    const sketch = this.sketches.allocate();
    const b = slot * STATS_STRIDE;
    this.stats[b + SKETCH] = sketch;
    for (let i = 0; i < count; i++) this.sketches.add(sketch, this.stats[b + VALUES + i]!);
    return sketch;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const stats = new Float64Array(capacity * STATS_STRIDE);
    stats.set(this.stats);
    this.stats = stats;
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    for (let slot = capacity - 1; slot >= old; slot--) free[this.freeCount++] = slot;
    this.free = free;
    this.capacity = capacity;
  }
}

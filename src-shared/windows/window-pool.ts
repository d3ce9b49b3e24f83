import { SketchPool } from './sketch-pool';

/** Float64 fields per window slot in WindowPool.stats. */
export const STATS_STRIDE = 8;
/** Offsets of a window's fields inside its stride. */
export const START = 0;
export const COUNT = 1;
export const MEAN = 2;
/** Sum of squared deviations from the mean (Welford's M2); variance = M2 / count. */
export const M2 = 3;
export const MIN = 4;
export const MAX = 5;

/**
 * Open windows of every size, as slots in preallocated typed arrays (structure of arrays per field
 * group, one cache line of statistics per window) with a free list, so opening and closing windows
 * allocates nothing once the pool has grown to the working set. Mean and variance use Welford's
 * update and Chan et al.'s pairwise merge, which stay accurate when the spread is tiny next to the
 * mean (pressure ≈ 1013 ± 2), where naive sums of squares lose most digits.
 */
export class WindowPool {
  stats: Float64Array;
  readonly sketches: SketchPool;
  private free: Int32Array;
  private freeCount = 0;
  private capacity: number;
  private inUse = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(1, initialCapacity);
    this.stats = new Float64Array(this.capacity * STATS_STRIDE);
    this.sketches = new SketchPool(this.capacity);
    this.free = new Int32Array(this.capacity);
    for (let i = 0; i < this.capacity; i++) this.free[i] = this.capacity - 1 - i;
    this.freeCount = this.capacity;
  }

  /** Number of slots holding an open window. */
  get size(): number {
    return this.inUse;
  }

  /** Takes a free slot for an empty window starting at `start`, growing the pool if needed. */
  allocate(start: number): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount]!;
    const b = slot * STATS_STRIDE;
    const stats = this.stats;
    stats[b + START] = start;
    stats[b + COUNT] = 0;
    stats[b + MEAN] = 0;
    stats[b + M2] = 0;
    stats[b + MIN] = Number.POSITIVE_INFINITY;
    stats[b + MAX] = Number.NEGATIVE_INFINITY;
    this.inUse++;
    return slot;
  }

  /** Returns a slot to the free list and empties its sketch. */
  release(slot: number): void {
    this.sketches.clear(slot);
    this.stats[slot * STATS_STRIDE + COUNT] = 0;
    this.free[this.freeCount++] = slot;
    this.inUse--;
  }

  /** Adds one finite value to an open window. Hot path: no allocation. */
  add(slot: number, value: number): void {
    const stats = this.stats;
    const b = slot * STATS_STRIDE;
    const count = stats[b + COUNT]! + 1;
    const mean = stats[b + MEAN]!;
    const delta = value - mean;
    const nextMean = mean + delta / count;
    stats[b + COUNT] = count;
    stats[b + MEAN] = nextMean;
    stats[b + M2]! += delta * (value - nextMean);
    if (value < stats[b + MIN]!) stats[b + MIN] = value;
    if (value > stats[b + MAX]!) stats[b + MAX] = value;
    this.sketches.add(slot, value);
  }

  /** Folds window `source` into window `target` (Chan et al. 1979 for mean and M2; sketches add). */
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
    this.sketches.merge(target, source);
  }

  /** Calls `visit` with the start of every open window (cold path: scans the slots). */
  forEachOpenStart(visit: (start: number) => void): void {
    const isFree = new Uint8Array(this.capacity);
    for (let i = 0; i < this.freeCount; i++) isFree[this.free[i]!] = 1;
    for (let slot = 0; slot < this.capacity; slot++) if (isFree[slot] === 0) visit(this.stats[slot * STATS_STRIDE + START]!);
  }

  private grow(): void {
    const old = this.capacity;
    this.capacity = old * 2;
    const stats = new Float64Array(this.capacity * STATS_STRIDE);
    stats.set(this.stats);
    this.stats = stats;
    this.sketches.grow(this.capacity);
    const free = new Int32Array(this.capacity);
    free.set(this.free.subarray(0, this.freeCount));
    for (let i = old; i < this.capacity; i++) free[this.freeCount++] = this.capacity - 1 - (i - old);
    this.free = free;
  }
}

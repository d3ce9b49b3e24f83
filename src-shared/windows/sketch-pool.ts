import { positiveKey, sketchValue, SKETCH_MIN_MAGNITUDE } from './key-mapping';

/**
 * Buckets per sign in one sketch. With ~34.7 keys per doubling, 256 buckets span a factor of ~165
 * below the largest positive value (and above the closest-to-zero negative one), so p95 keeps its
 * 1 % guarantee unless the maximum is more than ~165× the p95 (then the lowest buckets were collapsed).
 */
export const SKETCH_BUCKETS_PER_SIGN = 256;

const H = SKETCH_BUCKETS_PER_SIGN;
const H_SHIFT = 8;
const EMPTY_MIN = 0x7fffffff;
const EMPTY_MAX = -0x80000000;

/**
 * Many DDSketches in preallocated typed arrays, one per slot, instead of one object per window.
 * A slot has two dense "collapse-lowest" stores of H buckets: store 2·slot for positive values (key k),
 * store 2·slot+1 for negative values (key −k, so ascending keys are ascending values), plus a zero count.
 * When a store's keys would span more than H buckets, the lowest keys are folded into the lowest kept
 * bucket: low quantiles lose accuracy, high quantiles (p95) keep it. Merging two sketches is exact:
 * counts add bucket by bucket.
 */
export class SketchPool {
  /** Bucket counts, H per store, two stores per slot. */
  counts: Uint32Array;
  /** Per store: [offset (key of bucket 0), min key present, max key present, unused]. */
  meta: Int32Array;
  /** Values counted as 0, per slot. */
  zeros: Float64Array;
  private readonly scratch = new Uint32Array(H);
  private free: Int32Array;
  private freeCount = 0;
  private capacity = 0;

  constructor(initialCapacity = 64) {
    this.counts = new Uint32Array(0);
    this.meta = new Int32Array(0);
    this.zeros = new Float64Array(0);
    this.free = new Int32Array(0);
    this.grow(Math.max(1, initialCapacity));
  }

  /** Sketches in use. */
  get size(): number {
    return this.capacity - this.freeCount;
  }

  /** Takes an empty sketch slot, growing the pool when none is free. */
  allocate(): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    return this.free[--this.freeCount]!;
  }

  /** Empties a sketch and returns its slot to the pool. */
  release(slot: number): void {
    this.clear(slot);
    this.free[this.freeCount++] = slot;
  }

  private grow(capacity: number): void {
    const oldStores = this.meta.length >> 2;
    const old = this.capacity;
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    for (let slot = capacity - 1; slot >= old; slot--) free[this.freeCount++] = slot;
    this.free = free;
    this.capacity = capacity;
    const counts = new Uint32Array(capacity * 2 * H);
    counts.set(this.counts);
    const meta = new Int32Array(capacity * 8);
    meta.set(this.meta);
    const zeros = new Float64Array(capacity);
    zeros.set(this.zeros);
    this.counts = counts;
    this.meta = meta;
    this.zeros = zeros;
    for (let store = oldStores; store < capacity * 2; store++) this.markEmpty(store);
  }

  /** Adds one finite value to a slot's sketch. Hot path: no allocation. */
  add(slot: number, value: number): void {
    if (value >= SKETCH_MIN_MAGNITUDE) this.addKey(slot << 1, positiveKey(value), 1);
    else if (value <= -SKETCH_MIN_MAGNITUDE) this.addKey((slot << 1) | 1, -positiveKey(-value), 1);
    else this.zeros[slot]! += 1;
  }

  /** Adds `n` to a store's bucket for `key`. */
  addKey(store: number, key: number, n: number): void {
    const meta = this.meta;
    const m = store << 2;
    const index = key - meta[m]!;
    if (index >= 0 && index < H) {
      this.counts[(store << H_SHIFT) + index]! += n;
      if (key < meta[m + 1]!) meta[m + 1] = key;
      if (key > meta[m + 2]!) meta[m + 2] = key;
      return;
    }
    this.addOutOfRange(store, key, n);
  }

  /** Adds sketch `source` into sketch `target` (exact: bucket counts add). */
  merge(target: number, source: number): void {
    this.zeros[target]! += this.zeros[source]!;
    this.mergeStore(target << 1, source << 1);
    this.mergeStore((target << 1) | 1, (source << 1) | 1);
  }

  /**
   * The value at rank floor(q·(total−1)) in ascending order (0-based), as DDSketch defines it,
   * within SKETCH_RELATIVE_ACCURACY of the exact value at that rank. `total` is the slot's value count.
   */
  quantile(slot: number, q: number, total: number): number {
    if (total <= 0) return Number.NaN;
    const rank = q * (total - 1);
    let seen = 0;
    const negative = (slot << 1) | 1;
    const found = this.scan(negative, rank, seen);
    if (found !== null) return sketchValue(found);
    seen += this.storeTotal(negative);
    seen += this.zeros[slot]!;
    if (seen > rank) return 0;
    const positive = this.scan(slot << 1, rank, seen);
    return positive === null ? sketchValue(this.meta[((slot << 1) << 2) + 2]!) : sketchValue(positive);
  }

  /** Empties a slot's sketch (touches only the buckets in use). */
  clear(slot: number): void {
    for (let store = slot << 1; store <= ((slot << 1) | 1); store++) {
      const m = store << 2;
      const min = this.meta[m + 1]!;
      const max = this.meta[m + 2]!;
      if (min <= max) {
        const base = (store << H_SHIFT) - this.meta[m]!;
        this.counts.fill(0, base + min, base + max + 1);
      }
      this.meta[m + 1] = EMPTY_MIN;
      this.meta[m + 2] = EMPTY_MAX;
    }
    this.zeros[slot] = 0;
  }

  private markEmpty(store: number): void {
    this.meta[(store << 2) + 1] = EMPTY_MIN;
    this.meta[(store << 2) + 2] = EMPTY_MAX;
  }

  private storeTotal(store: number): number {
    const m = store << 2;
    const base = (store << H_SHIFT) - this.meta[m]!;
    let total = 0;
    for (let key = this.meta[m + 1]!; key <= this.meta[m + 2]!; key++) total += this.counts[base + key]!;
    return total;
  }

  /** The first key whose cumulative count (starting from `seen`) exceeds `rank`, or null. */
  private scan(store: number, rank: number, seen: number): number | null {
    const m = store << 2;
    const base = (store << H_SHIFT) - this.meta[m]!;
    for (let key = this.meta[m + 1]!; key <= this.meta[m + 2]!; key++) {
      seen += this.counts[base + key]!;
      if (seen > rank) return key;
    }
    return null;
  }

  private addOutOfRange(store: number, key: number, n: number): void {
    const m = store << 2;
    const min = this.meta[m + 1]!;
    const max = this.meta[m + 2]!;
    if (min > max) this.meta[m] = key - (H >> 1);
    else this.relocate(store, offsetFor(Math.min(min, key), Math.max(max, key)));
    const offset = this.meta[m]!;
    const target = Math.max(key, offset);
    this.counts[(store << H_SHIFT) + target - offset]! += n;
    this.meta[m + 1] = Math.max(Math.min(min, target), offset);
    this.meta[m + 2] = Math.max(max, target);
  }

  private mergeStore(target: number, source: number): void {
    const sm = source << 2;
    const sourceMin = this.meta[sm + 1]!;
    const sourceMax = this.meta[sm + 2]!;
    if (sourceMin > sourceMax) return;
    const tm = target << 2;
    const targetMin = this.meta[tm + 1]!;
    const targetMax = this.meta[tm + 2]!;
    const isEmpty = targetMin > targetMax;
    const lowest = isEmpty ? sourceMin : Math.min(sourceMin, targetMin);
    const highest = isEmpty ? sourceMax : Math.max(sourceMax, targetMax);
    const offset0 = this.meta[tm]!;
    if (sourceMin < offset0 || sourceMax >= offset0 + H) {
      if (isEmpty) this.meta[tm] = offsetFor(lowest, highest);
      else this.relocate(target, offsetFor(lowest, highest));
    }
    const offset = this.meta[tm]!;
    const sourceBase = (source << H_SHIFT) - this.meta[sm]!;
    const targetBase = (target << H_SHIFT) - offset;
    for (let key = sourceMin; key <= sourceMax; key++) {
      const count = this.counts[sourceBase + key]!;
      if (count !== 0) this.counts[targetBase + Math.max(key, offset)]! += count;
    }
    this.meta[tm + 1] = Math.max(lowest, offset);
    this.meta[tm + 2] = highest;
  }

  /** Moves a non-empty store to a new offset, folding keys below it into its lowest bucket. */
  private relocate(store: number, offset: number): void {
    const m = store << 2;
    const min = this.meta[m + 1]!;
    const max = this.meta[m + 2]!;
    const base = (store << H_SHIFT) - this.meta[m]!;
    const span = max - min + 1;
    this.scratch.set(this.counts.subarray(base + min, base + max + 1));
    this.counts.fill(0, base + min, base + max + 1);
    const newBase = (store << H_SHIFT) - offset;
    for (let i = 0; i < span; i++) {
      const count = this.scratch[i]!;
      if (count !== 0) this.counts[newBase + Math.max(min + i, offset)]! += count;
    }
    this.meta[m] = offset;
    this.meta[m + 1] = Math.max(min, offset);
  }
}

/** Store offset for keys [lowest, highest]: centred when they fit, else keep the highest H keys. */
function offsetFor(lowest: number, highest: number): number {
  const span = highest - lowest + 1;
  return span <= H ? lowest - ((H - span) >> 1) : highest - H + 1;
}

import { grown } from '../../../src-shared/columns/typed-array-growth';
import { positiveKey, sketchValue, SKETCH_MIN_MAGNITUDE } from './key-mapping';

/**
 * Buckets per sign in one sketch. With ~34.7 keys per doubling, 256 buckets span a factor of ~165
 * below the largest magnitude of each sign, so a quantile keeps its 1 % guarantee unless it lies more
 * than ~165× closer to zero than the largest magnitude of its sign (those buckets are collapsed): p5 and
 * p95 of a city band are exact to 1 % unless the band sits near zero, where the error is below max/165.
 */
export const SKETCH_BUCKETS_PER_SIGN = 256;

const H = SKETCH_BUCKETS_PER_SIGN;
/**
 * Module-local copies of the hot path's imports: run through tsx (npm run serve, the benches) an imported
 * binding is read through a getter on every use, and a profile of the aggregate bench showed those getters
 * at ~15 % of its time.
 */
const MIN_MAGNITUDE = SKETCH_MIN_MAGNITUDE;
const keyOf = positiveKey;
/** The most numbers exportBuckets writes: a (key, count) pair per bucket of both stores. */
export const EXPORT_MAX_NUMBERS = 4 * SKETCH_BUCKETS_PER_SIGN;
const H_SHIFT = 8;
/**
 * Sketches per storage segment. The pool grows a segment at a time and never copies: growing one big
 * array by doubling copied 40 MB and held the engine's loop ~28 ms at 16k→32k sketches (50 ms at 64k).
 */
const SEGMENT_SHIFT = 8;
/** Bucket index bits inside a segment: SEGMENT_SHIFT slot bits + (H_SHIFT + 1) bucket bits per slot. */
const INDEX_BITS = SEGMENT_SHIFT + H_SHIFT + 1;
const INDEX_MASK = (1 << INDEX_BITS) - 1;
const SEGMENT_SLOTS = 1 << SEGMENT_SHIFT;
const EMPTY_MIN = 0x7fffffff;
const EMPTY_MAX = -0x80000000;

/**
 * The bucket counts of many DDSketches in preallocated typed arrays, one sketch per slot, instead
 * of one object per window. A sketch has two dense "collapse-lowest" stores of H buckets: counts
 * 2·slot·H.. for positive values, then H more for negative values, both keyed by magnitude (key k of |x|:
 * in the negative store, descending keys are ascending values). Values closer to 0 than SKETCH_MIN_MAGNITUDE are not stored: the caller knows
 * the total, and zeros = total − both stores' counts.
 *
 * Each store's metadata (offset, min key, max key) lives in the CALLER's record (`meta` at `pm` for
 * the positive store, `nm` for the negative one), so adding a value touches the window's own record,
 * which the caller has just updated, and one bucket line: 2 cache lines, not 3 (measured: the hot path
 * is bound by cache and TLB misses). When a store's keys would span more than H buckets, the lowest
 * keys (the magnitudes closest to zero) are folded into the lowest kept bucket, in both stores alike:
 * the values far from zero — both tails, p5 and p95 — keep their accuracy (city-percentiles.test.ts).
 * Merging is exact: counts add bucket by bucket.
 *
 * Counts are split into a low byte (Uint8Array) and the rest (Uint32Array, up to 2^40 per bucket): the
 * hot path touches only the low bytes, so a window's buckets take a quarter of the cache lines (a
 * narrow window fits one line) and 8 sketches share a memory page. Measured at live density: the
 * bucket lines no longer fitting in L2 cost more than the rest of the add (key, statistics) together.
 */
export class SketchPool {
  /**
   * Per segment: the low 8 bits of each bucket count, H per store, two stores per slot (the only bucket
   * memory the hot path touches), and the rest of each count (count = low + 256·high), touched once per
   * 256 adds to a bucket. A flat bucket index i lives in segment i >>> INDEX_BITS at i & INDEX_MASK; all
   * buckets of one slot share a segment.
   */
  private lows: Uint8Array[] = [];
  private highs: Uint32Array[] = [];
  private readonly scratch = new Float64Array(H);
  private free: Int32Array;
  private freeCount = 0;
  private capacity = 0;

  constructor(initialCapacity = SEGMENT_SLOTS) {
    this.free = new Int32Array(0);
    this.grow(Math.max(1, initialCapacity));
  }

  /** Sketches in use. */
  get size(): number {
    return this.capacity - this.freeCount;
  }

  /** Takes an empty sketch slot (growing the pool when none is free) and marks both stores in `meta` empty. */
  allocate(meta: Int32Array, pm: number, nm: number): number {
    if (this.freeCount === 0) this.grow(this.capacity + SEGMENT_SLOTS);
    markEmpty(meta, pm);
    markEmpty(meta, nm);
    return this.free[--this.freeCount]!;
  }

  /** Empties a sketch (touches only the buckets in use) and returns its slot to the pool. */
  release(meta: Int32Array, pm: number, nm: number, slot: number): void {
    this.clearStore(meta, pm, slot << (H_SHIFT + 1));
    this.clearStore(meta, nm, (slot << (H_SHIFT + 1)) | H);
    this.free[this.freeCount++] = slot;
  }

  /** Adds one finite value. Hot path: no allocation. */
  add(meta: Int32Array, pm: number, nm: number, slot: number, value: number): void {
    if (value >= MIN_MAGNITUDE) this.addOne(meta, pm, slot << (H_SHIFT + 1), keyOf(value));
    else if (value <= -MIN_MAGNITUDE) this.addOne(meta, nm, (slot << (H_SHIFT + 1)) | H, keyOf(-value));
  }

  /** Counts one value with `key` in the store whose metadata is at meta[m] and counts at `base`. */
  private addOne(meta: Int32Array, m: number, base: number, key: number): void {
    const index = key - meta[m]!;
    if (index >= 0 && index < H) {
      const lows = this.lows[base >>> INDEX_BITS]!;
      const i = (base & INDEX_MASK) + index;
      const low = lows[i]! + 1;
      if (low === 256) {
        lows[i] = 0;
        this.highs[base >>> INDEX_BITS]![i]! += 1;
      } else {
        lows[i] = low;
      }
      if (key < meta[m + 1]!) meta[m + 1] = key;
      if (key > meta[m + 2]!) meta[m + 2] = key;
      return;
    }
    this.addOutOfRange(meta, m, base, key, 1);
  }

  /** The count of bucket i. */
  private count(i: number): number {
    const at = i & INDEX_MASK;
    return this.lows[i >>> INDEX_BITS]![at]! + this.highs[i >>> INDEX_BITS]![at]! * 256;
  }

  /** Adds n to the count of bucket i. */
  private addCount(i: number, n: number): void {
    const lows = this.lows[i >>> INDEX_BITS]!;
    const at = i & INDEX_MASK;
    const total = lows[at]! + n;
    const carry = Math.floor(total / 256);
    lows[at] = total - carry * 256;
    this.highs[i >>> INDEX_BITS]![at]! += carry;
  }

  /** Zeroes buckets [from, to) of one store (a store never spans two segments). */
  private clearRange(from: number, to: number): void {
    const segment = from >>> INDEX_BITS;
    const at = from & INDEX_MASK;
    this.lows[segment]!.fill(0, at, at + (to - from));
    this.highs[segment]!.fill(0, at, at + (to - from));
  }

  /** Adds sketch `source` (metadata at sm/sn) into sketch `target` (tm/tn); exact: bucket counts add. */
  merge(meta: Int32Array, tm: number, tn: number, target: number, sm: number, sn: number, source: number): void {
    this.mergeStore(meta, tm, target << (H_SHIFT + 1), sm, source << (H_SHIFT + 1));
    this.mergeStore(meta, tn, (target << (H_SHIFT + 1)) | H, sn, (source << (H_SHIFT + 1)) | H);
  }

  /**
   * The value at rank floor(q·(total−1)) in ascending order (0-based), as DDSketch defines it,
   * within SKETCH_RELATIVE_ACCURACY of the exact value at that rank. `total` counts every value added.
   */
  quantile(meta: Int32Array, pm: number, nm: number, slot: number, q: number, total: number): number {
    if (total <= 0) return Number.NaN;
    const rank = q * (total - 1);
    const positiveBase = slot << (H_SHIFT + 1);
    const negativeBase = positiveBase | H;
    const found = this.scanDown(meta, nm, negativeBase, rank);
    if (found !== null) return -sketchValue(found);
    const negatives = this.storeTotal(meta, nm, negativeBase);
    const zeros = total - negatives - this.storeTotal(meta, pm, positiveBase);
    if (negatives + zeros > rank) return 0;
    const positive = this.scan(meta, pm, positiveBase, rank, negatives + zeros);
    return sketchValue(positive ?? meta[pm + 2]!);
  }

  /**
   * Writes the non-empty buckets of a sketch into `out` from index `at` as (signed key, count) pairs in
   * ascending key order (negative store first: ascending keys are ascending values); returns the index
   * after the last pair. `out` needs room for EXPORT_MAX_NUMBERS from `at`.
   */
  exportBuckets(meta: Int32Array, pm: number, nm: number, slot: number, out: Float64Array, at: number): number {
    const positiveBase = slot << (H_SHIFT + 1);
    return this.exportStore(meta, pm, positiveBase, out, this.exportNegativeStore(meta, nm, positiveBase | H, out, at));
  }

  /** The negative store as (−key, count) pairs, largest magnitude first: ascending signed keys. */
  private exportNegativeStore(meta: Int32Array, m: number, base: number, out: Float64Array, at: number): number {
    const from = base - meta[m]!;
    for (let key = meta[m + 2]!; key >= meta[m + 1]!; key--) {
      const count = this.count(from + key);
      if (count === 0) continue;
      out[at++] = -key;
      out[at++] = count;
    }
    return at;
  }

  private exportStore(meta: Int32Array, m: number, base: number, out: Float64Array, at: number): number {
    const from = base - meta[m]!;
    for (let key = meta[m + 1]!; key <= meta[m + 2]!; key++) {
      const count = this.count(from + key);
      if (count === 0) continue;
      out[at++] = key;
      out[at++] = count;
    }
    return at;
  }

  /** Adds whole segments up to at least `capacity` slots; existing buckets stay where they are. */
  private grow(capacity: number): void {
    const old = this.capacity;
    const next = Math.ceil(capacity / SEGMENT_SLOTS) * SEGMENT_SLOTS;
    const free = grown(this.free, next);
    for (let slot = next - 1; slot >= old; slot--) free[this.freeCount++] = slot;
    this.free = free;
    this.capacity = next;
    while (this.lows.length * SEGMENT_SLOTS < next) {
      this.lows.push(new Uint8Array(SEGMENT_SLOTS * 2 * H));
      this.highs.push(new Uint32Array(SEGMENT_SLOTS * 2 * H));
    }
  }

  private clearStore(meta: Int32Array, m: number, base: number): void {
    const min = meta[m + 1]!;
    const max = meta[m + 2]!;
    if (min <= max) this.clearRange(base - meta[m]! + min, base - meta[m]! + max + 1);
    markEmpty(meta, m);
  }

  private storeTotal(meta: Int32Array, m: number, base: number): number {
    const at = base - meta[m]!;
    let total = 0;
    for (let key = meta[m + 1]!; key <= meta[m + 2]!; key++) total += this.count(at + key);
    return total;
  }

  /** The negative store scanned in ascending value order (descending magnitude key): as scan, from 0. */
  private scanDown(meta: Int32Array, m: number, base: number, rank: number): number | null {
    const at = base - meta[m]!;
    let seen = 0;
    for (let key = meta[m + 2]!; key >= meta[m + 1]!; key--) {
      seen += this.count(at + key);
      if (seen > rank) return key;
    }
    return null;
  }

  /** The first key whose cumulative count (starting from `seen`) exceeds `rank`, or null. */
  private scan(meta: Int32Array, m: number, base: number, rank: number, seen: number): number | null {
    const at = base - meta[m]!;
    for (let key = meta[m + 1]!; key <= meta[m + 2]!; key++) {
      seen += this.count(at + key);
      if (seen > rank) return key;
    }
    return null;
  }

  private addOutOfRange(meta: Int32Array, m: number, base: number, key: number, n: number): void {
    const min = meta[m + 1]!;
    const max = meta[m + 2]!;
    if (min > max) meta[m] = key - (H >> 1);
    else {
      // A full store keeps its highest H keys: a key below them folds into the lowest bucket where it is,
      // without moving the store (a city window's values near zero did that once per value, O(H) each).
      const offset = offsetFor(Math.min(min, key), Math.max(max, key));
      if (offset !== meta[m]) this.relocate(meta, m, base, offset);
    }
    const offset = meta[m]!;
    const target = Math.max(key, offset);
    this.addCount(base + target - offset, n);
    meta[m + 1] = Math.max(Math.min(min, target), offset);
    meta[m + 2] = Math.max(max, target);
  }

  private mergeStore(meta: Int32Array, tm: number, targetBase: number, sm: number, sourceBase: number): void {
    const sourceMin = meta[sm + 1]!;
    const sourceMax = meta[sm + 2]!;
    if (sourceMin > sourceMax) return;
    const targetMin = meta[tm + 1]!;
    const targetMax = meta[tm + 2]!;
    const isEmpty = targetMin > targetMax;
    const lowest = isEmpty ? sourceMin : Math.min(sourceMin, targetMin);
    const highest = isEmpty ? sourceMax : Math.max(sourceMax, targetMax);
    const offset0 = meta[tm]!;
    if (sourceMin < offset0 || sourceMax >= offset0 + H) {
      if (isEmpty) meta[tm] = offsetFor(lowest, highest);
      else this.relocate(meta, tm, targetBase, offsetFor(lowest, highest));
    }
    const offset = meta[tm]!;
    const from = sourceBase - meta[sm]!;
    const to = targetBase - offset;
    for (let key = sourceMin; key <= sourceMax; key++) {
      const count = this.count(from + key);
      if (count !== 0) this.addCount(to + Math.max(key, offset), count);
    }
    meta[tm + 1] = Math.max(lowest, offset);
    meta[tm + 2] = highest;
  }

  /** Moves a non-empty store to a new offset, folding keys below it into its lowest bucket. */
  private relocate(meta: Int32Array, m: number, base: number, offset: number): void {
    const min = meta[m + 1]!;
    const max = meta[m + 2]!;
    const at = base - meta[m]!;
    const span = max - min + 1;
    for (let i = 0; i < span; i++) this.scratch[i] = this.count(at + min + i);
    this.clearRange(at + min, at + max + 1);
    const to = base - offset;
    for (let i = 0; i < span; i++) {
      const count = this.scratch[i]!;
      if (count !== 0) this.addCount(to + Math.max(min + i, offset), count);
    }
    meta[m] = offset;
    meta[m + 1] = Math.max(min, offset);
  }
}

function markEmpty(meta: Int32Array, m: number): void {
  meta[m + 1] = EMPTY_MIN;
  meta[m + 2] = EMPTY_MAX;
}

/** Store offset for keys [lowest, highest]: centred when they fit, else keep the highest H keys. */
function offsetFor(lowest: number, highest: number): number {
  const span = highest - lowest + 1;
  return span <= H ? lowest - ((H - span) >> 1) : highest - H + 1;
}

import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { bucketQuantile } from './mergeable-window';
import { COUNT, INLINE_FORM, MAX, MIN, MERGEABLE_MAX_NUMBERS, START, STATS_STRIDE, type WindowPool } from './window-pool';

/** Quantile the aggregator reports as p95. */
export const P95 = 0.95;
/** Quantile the aggregator reports as p5 for city-wide windows (the lower edge of the chart's city band). */
export const P5 = 0.05;
/**
 * Numbers per sketch buffer (256 KB). Windows point into the buffer they were written to; a full one is
 * left to them and a new one started, never reused, so a window's span stays valid for as long as it lives.
 */
const SKETCH_BUFFER_NUMBERS = 32_768;

/**
 * Closed windows waiting for drainClosed, one list per size. Objects are made here, once per closed
 * window (not per reading); drain sorts each list by start (stable, and already sorted in the usual
 * case, so the sort is linear) and concatenates the sizes in ascending order.
 */
export class ClosedWindows {
  private lists: WindowAggregate[][];
  private sketchBuffer = new Float64Array(SKETCH_BUFFER_NUMBERS);
  private sketchUsed = 0;

  constructor(levels: number) {
    this.lists = Array.from({ length: levels }, () => []);
  }

  /** Records a non-empty window's statistics; empty windows are not emitted. */
  emit(stationId: string, metric: string, sizeMs: number, pool: WindowPool, slot: number, level: number): void {
    const stats = pool.stats;
    const b = slot * STATS_STRIDE;
    const count = stats[b + COUNT]!;
    if (count === 0) return;
    const min = stats[b + MIN]!;
    const max = stats[b + MAX]!;
    if (this.sketchUsed + MERGEABLE_MAX_NUMBERS > this.sketchBuffer.length) {
      this.sketchBuffer = new Float64Array(SKETCH_BUFFER_NUMBERS);
      this.sketchUsed = 0;
    }
    const buffer = this.sketchBuffer;
    const sketchAt = this.sketchUsed;
    const sketchLength = pool.writeMergeableSketch(slot, buffer, sketchAt);
    this.sketchUsed += sketchLength;
    const m2 = pool.m2(slot);
    const p95 = spanQuantile(buffer, sketchAt, sketchLength, P95, count, min, max);
    // Only city windows get a p5 (the city band's lower edge).
    const p5 = stationId === CITY_STATION_ID ? spanQuantile(buffer, sketchAt, sketchLength, P5, count, min, max) : undefined;
    const window: WindowAggregate = {
      stationId,
      metric,
      sizeMs,
      start: stats[b + START]!,
      count,
      mean: pool.mean(slot),
      min,
      max,
      stddev: Math.sqrt(m2 / count),
      p95,
      // The mergeable form, so a late reading can be merged into the stored window (mergeable-window.ts).
      m2,
      sketchBuffer: buffer,
      sketchAt,
      sketchLength,
    };
    // Station windows keep one object shape; city windows (one per metric and size) add their p5.
    this.lists[level]!.push(p5 === undefined ? window : { ...window, p5 });
  }

  /** Everything emitted since the last drain, ordered by (sizeMs, start). */
  drain(): WindowAggregate[] {
    const out: WindowAggregate[] = [];
    for (let level = 0; level < this.lists.length; level++) {
      const list = this.lists[level]!;
      if (list.length === 0) continue;
      list.sort(byStart);
      for (const window of list) out.push(window);
      this.lists[level] = [];
    }
    return out;
  }
}

/**
 * Quantile q of the sketch just written to numbers[at, at + length): inline values are written sorted, so
 * it is read off them; buckets are walked once. The same value WindowPool.quantile gives, without its
 * walks over the pool's stores (mergeable-window.test.ts).
 */
function spanQuantile(numbers: Float64Array, at: number, length: number, q: number, count: number, min: number, max: number): number {
  const rank = Math.floor(q * (count - 1));
  return numbers[at] === INLINE_FORM ? numbers[at + 1 + rank]! : bucketQuantile(numbers, at, at + length, rank, min, max);
}

function byStart(a: WindowAggregate, b: WindowAggregate): number {
  return a.start - b.start;
}

import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { COUNT, INLINE_VALUES, MAX, MIN, START, STATS_STRIDE, type WindowPool } from './window-pool';

/** Quantile the aggregator reports as p95. */
export const P95 = 0.95;
/** Quantile the aggregator reports as p5 for city-wide windows (the lower edge of the chart's city band). */
export const P5 = 0.05;

/**
 * Closed windows waiting for drainClosed, one list per size. Objects are made here, once per closed
 * window (not per reading); drain sorts each list by start (stable, and already sorted in the usual
 * case, so the sort is linear) and concatenates the sizes in ascending order.
 */
export class ClosedWindows {
  private lists: WindowAggregate[][];
  private readonly scratch = new Float64Array(INLINE_VALUES);

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
    const p95 = pool.quantile(slot, P95, this.scratch);
    const m2 = pool.m2(slot);
    // Only city windows get a p5 (the city band's lower edge): one more sketch scan per emitted city window.
    const p5 = stationId === CITY_STATION_ID ? pool.quantile(slot, P5, this.scratch) : undefined;
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
      sketch: pool.mergeableSketch(slot),
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

function byStart(a: WindowAggregate, b: WindowAggregate): number {
  return a.start - b.start;
}

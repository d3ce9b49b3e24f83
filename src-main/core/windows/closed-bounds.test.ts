/** Which windows of each size a step may call stored, for the late path's exactly-once check after a restart. */
import { describe, expect, it } from 'vitest';
import { closedBounds } from './closed-bounds';
import { WindowAggregator } from './window-aggregator';

const SIZES = [10_000, 60_000];

describe('closedBounds', () => {
  it('without a watermark nothing is closed', () => {
    expect(closedBounds(SIZES, null, false, 0)).toEqual([{ sizeMs: 10_000, before: null }, { sizeMs: 60_000, before: null }]);
  });

  it('every window ending at or before the watermark is closed, per size', () => {
    expect(closedBounds(SIZES, 75_000, false, 60_000)).toEqual([{ sizeMs: 10_000, before: 70_000 }, { sizeMs: 60_000, before: 60_000 }]);
    // On a boundary the window ending there is closed too.
    expect(closedBounds(SIZES, 120_000, false, 120_000)).toEqual([{ sizeMs: 10_000, before: 120_000 }, { sizeMs: 60_000, before: 120_000 }]);
  });

  it('while closing is under way only what starts before the oldest window in memory counts as closed', () => {
    expect(closedBounds(SIZES, 130_000, true, 60_000)).toEqual([{ sizeMs: 10_000, before: 60_000 }, { sizeMs: 60_000, before: 60_000 }]);
  });

  it('agrees with the aggregator: no window starting before a bound is still in memory, and the first one at it is', () => {
    const aggregator = new WindowAggregator({ sizesMs: SIZES, allowedLatenessMs: 100_000, maxStations: 4, maxMetrics: 2, includeCity: true });
    const station = aggregator.stationSlot('a');
    const metric = aggregator.metricSlot('t');
    for (let ts = 0; ts < 95_000; ts += 1_000) aggregator.add(station, metric, ts, ts);
    aggregator.advanceTo(75_000);
    const closed = aggregator.drainClosed();
    const bounds = closedBounds(SIZES, aggregator.watermark, aggregator.closing, aggregator.oldestOpenStart());
    for (const { sizeMs, before } of bounds) {
      const starts = closed.filter((w) => w.sizeMs === sizeMs && w.stationId === 'a').map((w) => w.start);
      expect(Math.max(...starts) + sizeMs).toBeLessThanOrEqual(before!);
      expect(starts).toContain(before! - sizeMs);
    }
    expect(bounds).toEqual([{ sizeMs: 10_000, before: 70_000 }, { sizeMs: 60_000, before: 60_000 }]);
  });
});

/**
 * The memory store keeps closed windows as the aggregator made them, their sketch a span of a buffer the
 * windows closed around the same time share. A late merge into such a window must read that span, and the
 * span must stay intact while the aggregator goes on closing windows into newer buffers.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store';
import { WindowAggregator } from '../../core/windows/window-aggregator';
import { SKETCH_RELATIVE_ACCURACY } from '../../core/windows/key-mapping';
import type { LateBatch } from '../../core/windows/late-values';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const SIZES = [10_000, 60_000];

/** Population statistics and the value at rank ⌊0.95·(n−1)⌋, computed here from the values themselves. */
function reference(values: readonly number[]) {
  const count = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / count;
  const stddev = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / count);
  const sorted = [...values].sort((a, b) => a - b);
  return { count, mean, stddev, min: sorted[0]!, max: sorted[count - 1]!, p95: sorted[Math.floor(0.95 * (count - 1))]! };
}

function lateBatch(stationId: string, values: readonly number[], ts: number, sizeBits: number): LateBatch {
  return {
    sizesMs: SIZES,
    positions: [],
    stationIds: values.map(() => stationId),
    metrics: values.map(() => 'pm10'),
    ts: values.map(() => ts),
    values: [...values],
    stationSizes: values.map(() => sizeBits),
    citySizes: values.map(() => 0),
    message: values.map(() => -1),
  };
}

describe('MemoryStore', () => {
  it('merges late values into windows it holds in the aggregator’s span form, after the aggregator has moved on to newer sketch buffers', async () => {
    const aggregator = new WindowAggregator({ sizesMs: SIZES, allowedLatenessMs: 0, maxStations: 10_000, maxMetrics: 4, includeCity: false });
    const store = new MemoryStore();
    const metric = aggregator.metricSlot('pm10');
    const a = aggregator.stationSlot('a');
    // Station a: a minute of values 1..60 (its 1-min window outgrows the inline values: bucket form; each 10-s window stays inline).
    const onTime = Array.from({ length: 60 }, (_, i) => 1 + i);
    onTime.forEach((v, i) => aggregator.add(a, metric, T0 + i * 1000, v));
    // Then 5,000 stations each close windows of their own, well past a sketch buffer's worth of windows.
    for (let s = 0; s < 5_000; s++) aggregator.add(aggregator.stationSlot(`s${s}`), metric, T0 + 60_000 + s, 50);
    aggregator.add(a, metric, T0 + 200_000, 0);
    const closed = aggregator.drainClosed();
    expect(closed.length).toBeGreaterThan(10_000);
    expect(closed.find((w) => w.stationId === 'a' && w.sizeMs === 60_000)?.sketchBuffer).toBeDefined();
    await store.writeWindows(closed);
    // More windows close into newer buffers; the stored spans must not change under them.
    for (let s = 0; s < 5_000; s++) aggregator.add(aggregator.stationSlot(`s${s}`), metric, T0 + 300_000 + s, 70);
    aggregator.add(a, metric, T0 + 400_000, 0);
    await store.writeWindows(aggregator.drainClosed());

    const late = [100, 200, 300];
    await store.mergeLate(lateBatch('a', late, T0 + 5_000, 0b11));
    const key = (sizeMs: number) => `a\u0000pm10\u0000${sizeMs}\u0000${T0}`;
    for (const [sizeMs, values] of [
      [60_000, [...onTime, ...late]],
      [10_000, [...onTime.slice(0, 10), ...late]],
    ] as const) {
      const stored = store.windows.get(key(sizeMs))!;
      const expected = reference(values);
      expect(stored.count).toBe(expected.count);
      expect(stored.mean).toBeCloseTo(expected.mean, 9);
      expect(stored.stddev).toBeCloseTo(expected.stddev, 9);
      expect([stored.min, stored.max]).toEqual([expected.min, expected.max]);
      expect(Math.abs(stored.p95 - expected.p95)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * expected.p95 + 1e-9);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import { WindowAggregator, type WindowAggregatorOptions } from './window-aggregator';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

function aggregator(overrides: Partial<WindowAggregatorOptions> = {}): WindowAggregator {
  return new WindowAggregator({ sizesMs: [10_000, 60_000], allowedLatenessMs: 5_000, maxStations: 10, maxMetrics: 5, includeCity: false, ...overrides });
}

function addAt(a: WindowAggregator, station: string, ts: number, value: number, metric = 'temperature'): boolean {
  return a.add(a.stationSlot(station), a.metricSlot(metric), ts, value);
}

describe('WindowAggregator', () => {
  it('counts late readings and does not add them', () => {
    const a = aggregator();
    addAt(a, 'st-1', T0 + 1_000, 10);
    addAt(a, 'st-1', T0 + 16_000, 20); // watermark T0 + 11 s: window [T0, T0 + 10 s) closes
    expect(addAt(a, 'st-1', T0 + 9_999, 999)).toBe(false);
    expect(a.lateCount).toBe(1);
    expect(addAt(a, 'st-1', T0 + 10_000, 30)).toBe(true); // [T0 + 10 s, T0 + 20 s) still open: out of order but in time
    const closed = a.drainClosed();
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ stationId: 'st-1', sizeMs: 10_000, start: T0, count: 1, max: 10 });
    expect(a.addReading({ stationId: 'st-1', ts: T0, metrics: { temperature: 1, humidity: 2 } })).toBe(2);
    expect(a.lateCount).toBe(3);
  });

  it('closes a window only when the watermark reaches its end, and drains in (sizeMs, start) order', () => {
    const a = aggregator();
    addAt(a, 'st-1', T0 + 2_000, 1);
    addAt(a, 'st-1', T0 + 14_999, 2); // watermark T0 + 9.999 s < T0 + 10 s
    expect(a.watermark).toBe(T0 + 9_999);
    expect(a.drainClosed()).toEqual([]);
    addAt(a, 'st-1', T0 + 15_000, 3); // watermark T0 + 10 s: closes [T0, T0 + 10 s)
    expect(a.drainClosed().map((w) => [w.sizeMs, w.start])).toEqual([[10_000, T0]]);
    addAt(a, 'st-1', T0 + 70_000, 4); // watermark T0 + 65 s: closes the 10 s windows up to T0 + 60 s and the first minute
    const closed = a.drainClosed();
    expect(closed.map((w) => [w.sizeMs, w.start])).toEqual([
      [10_000, T0 + 10_000],
      [60_000, T0],
    ]);
    expect(closed[1]).toMatchObject({ count: 3, min: 1, max: 3, mean: 2 });
    expect(closed[1]!.stddev).toBeCloseTo(Math.sqrt(2 / 3), 12);
  });

  it('builds a longer window equal to brute force over its whole span', () => {
    const a = aggregator({ sizesMs: [1_000, 10_000, 60_000], allowedLatenessMs: 0 });
    const values: number[] = [];
    for (let i = 0; i < 600; i++) {
      const value = 1013 + Math.sin(i) * 2;
      values.push(value);
      addAt(a, 'st-1', T0 + i * 100, value, 'pressure');
    }
    a.advanceTo(T0 + 60_000);
    const minute = a.drainClosed().find((w) => w.sizeMs === 60_000)!;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const stddev = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    const sorted = [...values].sort((x, y) => x - y);
    expect(minute).toMatchObject({ start: T0, count: 600, min: sorted[0], max: sorted[599] });
    expect(Math.abs(minute.mean - mean) / mean).toBeLessThan(1e-12);
    expect(Math.abs(minute.stddev - stddev) / stddev).toBeLessThan(1e-9);
    const exactP95 = sorted[Math.floor(0.95 * 599)]!;
    expect(Math.abs(minute.p95 - exactP95)).toBeLessThanOrEqual(0.01 * exactP95);
  });

  it('advanceTo closes idle windows and never moves the watermark back', () => {
    const a = aggregator();
    addAt(a, 'st-1', T0 + 1_000, 5);
    expect(a.openWindowCount()).toBe(1);
    a.advanceTo(T0 + 10_000);
    expect(a.drainClosed().map((w) => w.sizeMs)).toEqual([10_000]);
    expect(a.oldestOpenStart()).toBe(T0); // the minute window is still open
    a.advanceTo(T0 + 5_000);
    expect(a.watermark).toBe(T0 + 10_000);
    a.advanceTo(T0 + 60_000);
    expect(a.drainClosed().map((w) => w.sizeMs)).toEqual([60_000]);
    expect(a.openWindowCount()).toBe(0);
    expect(a.oldestOpenStart()).toBeNull();
    expect(addAt(a, 'st-1', T0 + 59_999, 1)).toBe(false);
  });

  it('returns -1 at the station and metric caps, and for the reserved city id', () => {
    const a = aggregator({ maxStations: 2, maxMetrics: 1 });
    expect(a.stationSlot('a')).toBe(0);
    expect(a.stationSlot('b')).toBe(1);
    expect(a.stationSlot('c')).toBe(-1);
    expect(a.stationSlot('a')).toBe(0);
    expect(a.stationSlot(CITY_STATION_ID)).toBe(-1);
    expect(a.metricSlot('temperature')).toBe(0);
    expect(a.metricSlot('humidity')).toBe(-1);
    expect(a.stationId(1)).toBe('b');
    expect(a.metricId(0)).toBe('temperature');
    expect(() => a.add(-1, 0, T0, 1)).toThrow(RangeError);
    expect(a.addReading({ stationId: 'c', ts: T0, metrics: { temperature: 1 } })).toBe(0);
    expect(a.addReading({ stationId: 'a', ts: T0, metrics: { temperature: 1, humidity: 2 } })).toBe(0);
    expect(a.droppedCount).toBe(2);
  });

  it('keeps city-wide windows over all stations, and reports the open one as the live band', () => {
    const a = aggregator({ includeCity: true });
    addAt(a, 'st-1', T0 + 1_000, 10);
    addAt(a, 'st-2', T0 + 2_000, 20);
    addAt(a, 'st-3', T0 + 3_000, -6);
    expect(a.cityOpen()).toEqual([{ metric: 'temperature', start: T0, count: 3, mean: 8, min: -6, max: 20, p5: -6, p95: 10 }]);
    a.advanceTo(T0 + 10_000);
    const city = a.drainClosed().filter((w) => w.stationId === CITY_STATION_ID);
    expect(city).toHaveLength(1);
    expect(city[0]).toMatchObject({ metric: 'temperature', sizeMs: 10_000, start: T0, count: 3, mean: 8, min: -6, max: 20, p95: 10 });
    expect(a.cityOpen()).toEqual([]);
  });

  it('reports a metric\'s own newest band when the newest event time brought only other metrics', () => {
    const a = aggregator({ includeCity: true });
    addAt(a, 'st-1', T0 + 1_000, 20, 'temperature');
    addAt(a, 'st-2', T0 + 2_000, 22, 'temperature');
    addAt(a, 'st-1', T0 + 13_000, 1013, 'pressure');
    expect(a.cityOpen()).toEqual([
      { metric: 'temperature', start: T0, count: 2, mean: 21, min: 20, max: 22, p5: 20, p95: 20 },
      { metric: 'pressure', start: T0 + 10_000, count: 1, mean: 1013, min: 1013, max: 1013, p5: 1013, p95: 1013 },
    ]);
  });

  it('reports the live band from the newest start over all stations, and closes city windows with the stations', () => {
    const a = aggregator({ includeCity: true });
    addAt(a, 'st-1', T0 + 9_000, 1013.5, 'pressure');
    addAt(a, 'st-2', T0 + 12_000, 1012.25, 'pressure'); // newer window; [T0, T0 + 10 s) stays open (watermark T0 + 7 s)
    addAt(a, 'st-3', T0 + 11_000, 1014.75, 'pressure');
    addAt(a, 'st-3', T0 + 11_500, 1013, 'pressure');
    expect(a.cityOpen()).toEqual([{ metric: 'pressure', start: T0 + 10_000, count: 3, mean: 1013.3333333333334, min: 1012.25, max: 1014.75, p5: 1012.25, p95: 1013 }]);
    a.advanceTo(T0 + 10_000);
    const closed = a.drainClosed();
    expect(closed.map((w) => [w.stationId, w.start])).toEqual([
      ['st-1', T0],
      [CITY_STATION_ID, T0],
    ]);
    expect(closed[1]).toMatchObject({ count: 1, mean: 1013.5 });
    expect(a.cityOpen()[0]).toMatchObject({ start: T0 + 10_000, count: 3 });
  });

  it('keeps memory bounded: open windows stay bounded over a long stream', () => {
    const a = aggregator({ sizesMs: [10_000, 60_000, 300_000], includeCity: true });
    let most = 0;
    for (let second = 0; second < 6 * 3600; second++) {
      for (let s = 0; s < 3; s++) a.addReading({ stationId: `st-${s}`, ts: T0 + second * 1000 + s * 300, metrics: { temperature: 20 + (second % 7), rainfall: second % 3 } });
      if (second % 60 === 0) a.drainClosed();
      most = Math.max(most, a.openWindowCount());
    }
    // 4 series (3 stations + city) × 2 metrics × (ring of 2 smallest + 1 per longer size).
    expect(most).toBeLessThanOrEqual(4 * 2 * (2 + 2));
    expect(a.openWindowCount()).toBeGreaterThan(0);
  });

  it('rejects window sizes that do not nest', () => {
    expect(() => aggregator({ sizesMs: [] })).toThrow(RangeError);
    expect(() => aggregator({ sizesMs: [10_000, 15_000] })).toThrow(RangeError);
    expect(() => aggregator({ sizesMs: [60_000, 10_000] })).toThrow(RangeError);
    expect(() => aggregator({ allowedLatenessMs: -1 })).toThrow(RangeError);
  });
});

describe('WindowAggregator.addValues', () => {
  it('aggregates like add() per value, across key layouts, and drops metrics over the cap', () => {
    const byValue = aggregator({ maxMetrics: 3 });
    const byMessage = aggregator({ maxMetrics: 3 });
    const layouts = [['temperature', 'humidity'], ['humidity', 'temperature', 'pressure'], ['temperature', 'humidity'], ['wind', 'temperature']];
    for (let i = 0; i < 40; i++) {
      const names = layouts[i % layouts.length]!;
      const values = Float64Array.from(names, (_, k) => i * 1.5 + k);
      const ts = T0 + i * 700;
      for (let k = 0; k < names.length; k++) {
        const slot = byValue.metricSlot(names[k]!);
        if (slot >= 0) byValue.add(byValue.stationSlot('st-1'), slot, ts, values[k]!);
      }
      expect(byMessage.addValues(byMessage.stationSlot('st-1'), ts, names, values, names.length)).toBe(0);
    }
    byValue.advanceTo(T0 + 120_000);
    byMessage.advanceTo(T0 + 120_000);
    expect(byMessage.drainClosed()).toEqual(byValue.drainClosed());
    expect(byMessage.droppedCount).toBe(10); // 'wind' is the 4th metric: over maxMetrics 3
  });
});

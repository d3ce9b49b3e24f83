// The open (newest) city window's p5 and p95 — the live end of the chart's city band — against a brute-force
// percentile over exactly the values fed into that window (sorted array, rank floor(q·(n−1)) as DDSketch defines it).
import { describe, expect, it } from 'vitest';
import { SKETCH_RELATIVE_ACCURACY } from './key-mapping';
import { WindowAggregator } from './window-aggregator';
import { seededRandom } from './window-reference.test-support';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const SIZE = 10_000;

function bruteForce(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

function aggregator(stations: number, includeCity = true): WindowAggregator {
  return new WindowAggregator({ sizesMs: [SIZE, 60_000], allowedLatenessMs: 5_000, maxStations: stations, maxMetrics: 4, includeCity });
}

function expectWithinSketchError(actual: number | undefined, exact: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * Math.abs(exact) + 1e-9);
}

describe('the open city window\'s percentiles', () => {
  it('gives p5 and p95 of the newest window so far within the sketch error, as values arrive', () => {
    const random = seededRandom(23);
    const stations = 500;
    const a = aggregator(stations);
    const metric = a.metricSlot('temperature');
    const fed: number[] = [];
    // 500 stations × 8 readings each, spread over the first 8 s of [T0, T0 + 10 s), a few out of order.
    for (let i = 0; i < 8; i++) {
      for (let s = 0; s < stations; s++) {
        const value = 12 + random() * 30 - (s % 50 === 0 ? 25 : 0);
        fed.push(value);
        a.add(a.stationSlot(`st-${s}`), metric, T0 + i * 1_000 + ((s * 7) % 1_000), value);
      }
      const [open] = a.cityOpen();
      expect(open).toMatchObject({ metric: 'temperature', start: T0, count: fed.length });
      expectWithinSketchError(open!.p5, bruteForce(fed, 0.05));
      expectWithinSketchError(open!.p95, bruteForce(fed, 0.95));
    }
    // The band is inside min–max: what keeps it readable at 2,000 stations.
    const [open] = a.cityOpen();
    expect(open!.p5!).toBeGreaterThan(open!.min);
    expect(open!.p95!).toBeLessThan(open!.max);
  });

  it('follows the newest window: older windows\' values do not enter it, and a newer window starts afresh', () => {
    const random = seededRandom(4);
    const a = aggregator(300);
    const metric = a.metricSlot('pressure');
    const newest: number[] = [];
    for (let s = 0; s < 300; s++) a.add(a.stationSlot(`st-${s}`), metric, T0 + 8_000, 990 + random() * 10);
    for (let s = 0; s < 300; s++) {
      const value = 1_000 + random() * 40;
      newest.push(value);
      a.add(a.stationSlot(`st-${s}`), metric, T0 + SIZE + 1_000, value);
      // Out of order but in time: the previous window, still open (watermark T0 + 6 s), not the newest.
      a.add(a.stationSlot(`st-${s}`), metric, T0 + 9_000, 900 + random() * 5);
    }
    const [open] = a.cityOpen();
    expect(open).toMatchObject({ start: T0 + SIZE, count: newest.length });
    expectWithinSketchError(open!.p5, bruteForce(newest, 0.05));
    expectWithinSketchError(open!.p95, bruteForce(newest, 0.95));
  });

  it('is exact while the window holds few values, and handles values on both sides of zero', () => {
    const a = aggregator(30);
    const metric = a.metricSlot('temperature');
    const fed = [-7.5, 3, -2, 0, 11, 4.25, -18, 6];
    fed.forEach((value, s) => a.add(a.stationSlot(`st-${s}`), metric, T0 + 500 * s, value));
    expect(a.cityOpen()).toEqual([{ metric: 'temperature', start: T0, count: 8, mean: fed.reduce((x, y) => x + y) / 8, min: -18, max: 11, p5: -18, p95: 6 }]);
    const random = seededRandom(9);
    for (let s = 0; s < 30; s++) for (let i = 0; i < 20; i++) fed.push(-30 + random() * 50);
    fed.slice(8).forEach((value, k) => a.add(a.stationSlot(`st-${k % 30}`), metric, T0 + 5_000, value));
    const [open] = a.cityOpen();
    expect(open!.count).toBe(fed.length);
    expectWithinSketchError(open!.p5, bruteForce(fed, 0.05));
    expectWithinSketchError(open!.p95, bruteForce(fed, 0.95));
  });

  it('keeps its percentiles per metric', () => {
    const a = aggregator(4);
    const temperature = a.metricSlot('temperature');
    const humidity = a.metricSlot('humidity');
    for (let s = 0; s < 4; s++) {
      a.add(a.stationSlot(`st-${s}`), temperature, T0 + 1_000, 20 + s);
      a.add(a.stationSlot(`st-${s}`), humidity, T0 + 1_000, 60 - 10 * s);
    }
    expect(a.cityOpen().map((w) => [w.metric, w.p5, w.p95])).toEqual([
      ['temperature', 20, 22],
      ['humidity', 30, 50],
    ]);
  });

  it('with the frames\' clock, merges the percentiles at most once a second, and at once for a newer window', () => {
    const a = aggregator(10);
    const metric = a.metricSlot('temperature');
    for (let s = 0; s < 10; s++) a.add(a.stationSlot(`st-${s}`), metric, T0 + s, s);
    expect(a.cityOpen(50_000)[0]).toMatchObject({ count: 10, p5: 0, p95: 8 });
    for (let s = 0; s < 10; s++) a.add(a.stationSlot(`st-${s}`), metric, T0 + 100 + s, 100 + s);
    // 0.9 s later: count, mean, min and max are current; the percentiles are the last merged ones.
    expect(a.cityOpen(50_900)[0]).toMatchObject({ count: 20, max: 109, p5: 0, p95: 8 });
    expect(a.cityOpen(51_000)[0]).toMatchObject({ count: 20, p5: 0, p95: 108 });
    // A newer window opens: its percentiles are merged at once, not a second later.
    a.add(a.stationSlot('st-0'), metric, T0 + SIZE, 55);
    expect(a.cityOpen(51_001)[0]).toMatchObject({ start: T0 + SIZE, count: 1, p5: 55, p95: 55 });
  });
});


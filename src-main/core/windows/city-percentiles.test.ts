// City windows' p5 and p95 (the chart's city band) against a brute-force percentile over the values fed.
import { describe, expect, it } from 'vitest';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import { SKETCH_RELATIVE_ACCURACY } from './key-mapping';
import { WindowAggregator } from './window-aggregator';
import { seededRandom } from './window-reference.test-support';

const T0 = 1_700_000_000_000;

/** The value at 0-based rank floor(q·(n−1)) of the sorted values: what DDSketch's quantile approximates. */
function bruteForce(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

function run(valueOf: (station: number, i: number) => number, stations = 200, perStation = 9) {
  const a = new WindowAggregator({ sizesMs: [10_000], allowedLatenessMs: 1_000, maxStations: stations, maxMetrics: 1, includeCity: true });
  const fed: number[] = [];
  for (let i = 0; i < perStation; i++) {
    for (let s = 0; s < stations; s++) {
      const value = valueOf(s, i);
      fed.push(value);
      a.add(a.stationSlot(`st-${s}`), a.metricSlot('temperature'), T0 + i * 1_000 + s, value);
    }
  }
  a.advanceTo(T0 + 20_000);
  const city = a.drainClosed().find((w) => w.stationId === CITY_STATION_ID)!;
  return { city, fed };
}

function expectWithinSketchError(actual: number | undefined, exact: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * Math.abs(exact) + 1e-9);
}

describe('city window percentiles', () => {
  it('gives p5 and p95 of the city distribution within the sketch error', () => {
    const random = seededRandom(17);
    const { city, fed } = run(() => 15 + random() * 30);
    expect(city.count).toBe(fed.length);
    expectWithinSketchError(city.p5, bruteForce(fed, 0.05));
    expectWithinSketchError(city.p95, bruteForce(fed, 0.95));
    // The band is narrower than min–max: that is what makes it readable at 2,000 stations.
    expect(city.p5!).toBeGreaterThan(city.min);
    expect(city.p95).toBeLessThan(city.max);
  });

  it('handles values below zero and around it', () => {
    const random = seededRandom(5);
    const { city, fed } = run(() => -20 + random() * 35);
    expectWithinSketchError(city.p5, bruteForce(fed, 0.05));
    expectWithinSketchError(city.p95, bruteForce(fed, 0.95));
  });

  it('keeps p5 within [min, max] when the spread exceeds what the sketch holds exactly', () => {
    // Magnitudes from 0.01 to 1,000: more than the ~165× the sketch spans, so its lowest buckets are folded.
    const random = seededRandom(3);
    const { city } = run(() => 10 ** (-2 + random() * 5));
    expect(city.p5!).toBeGreaterThanOrEqual(city.min);
    expect(city.p5!).toBeLessThanOrEqual(city.p95);
  });

  it('does not add p5 to station windows', () => {
    const { city } = run((s, i) => s + i, 3, 3);
    const a = new WindowAggregator({ sizesMs: [10_000], allowedLatenessMs: 1_000, maxStations: 2, maxMetrics: 1, includeCity: true });
    a.add(a.stationSlot('st-1'), a.metricSlot('t'), T0, 1);
    a.advanceTo(T0 + 20_000);
    const station = a.drainClosed().find((w) => w.stationId === 'st-1')!;
    expect(station.p5).toBeUndefined();
    expect(city.p5).toBe(0);
  });
});

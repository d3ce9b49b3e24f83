import { describe, expect, it } from 'vitest';
import { withSketchArray, type WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import { SKETCH_MIN_MAGNITUDE, SKETCH_RELATIVE_ACCURACY, sketchKey } from './key-mapping';
import { SKETCH_BUCKETS_PER_SIGN } from './sketch-pool';
import { WindowAggregator } from './window-aggregator';
import { runReference, seededRandom, sketchRetains, windowKey, type ExactWindow, type Sample } from './window-reference.test-support';

type Step = Sample | { advanceTo: number };

/** Relative error, measured against the data's magnitude when the exact value is (nearly) zero. */
function relativeError(actual: number, exact: number, scale: number): number {
  return Math.abs(actual - exact) / Math.max(Math.abs(exact), scale * 1e-6, Number.MIN_VALUE);
}

function metricValue(metric: string, random: () => number): number {
  switch (metric) {
    case 'pressure':
      return 1013 + (random() - 0.5) * 4;
    case 'temperature':
      return -20 + random() * 60;
    case 'rainfall':
      return random() < 0.6 ? 0 : -Math.log(1 - random()) * 3;
    default:
      // Signed, wide, with exact zeros and rare large magnitudes.
      return random() < 0.1 ? 0 : (random() < 0.5 ? -1 : 1) * Math.exp(random() * 6);
  }
}

/** A stream of out-of-order samples: jitter inside the lateness, some beyond it, and idle gaps. */
function randomStream(seed: number, latenessMs: number): Step[] {
  const random = seededRandom(seed);
  const stations = ['st-1', 'st-2', 'st-3', 'st-4', 'st-5'];
  const metrics = ['pressure', 'temperature', 'rainfall', 'mixed'];
  const steps: Step[] = [];
  let clock = 1_700_000_000_000 + Math.floor(random() * 100_000);
  for (let i = 0; i < 4000; i++) {
    clock += Math.floor(random() * 120);
    if (random() < 0.002) clock += 40_000;
    const station = stations[Math.floor(random() * stations.length)]!;
    const r = random();
    const ts = r < 0.05 ? clock - latenessMs - Math.floor(random() * 20_000) : clock - Math.floor(random() * latenessMs * 1.2);
    for (const metric of metrics) {
      if (random() < 0.8) steps.push({ stationId: station, metric, ts, value: metricValue(metric, random) });
    }
    if (random() < 0.003) steps.push({ advanceTo: clock + Math.floor(random() * 30_000) });
  }
  return steps;
}

function feed(aggregator: WindowAggregator, steps: readonly Step[], random: () => number): WindowAggregate[] {
  const drained: WindowAggregate[] = [];
  for (const step of steps) {
    if ('advanceTo' in step) aggregator.advanceTo(step.advanceTo);
    else aggregator.add(aggregator.stationSlot(step.stationId), aggregator.metricSlot(step.metric), step.ts, step.value);
    if (random() < 0.01) drained.push(...aggregator.drainClosed());
  }
  drained.push(...aggregator.drainClosed());
  // Sketch spans point into whichever buffer each aggregator wrote: compare the sketches' numbers.
  return drained.map(withSketchArray);
}

/** Checks one window; returns false when its p95 bucket had been collapsed (the documented exception). */
function expectMatches(window: WindowAggregate, exact: ExactWindow): boolean {
  const scale = Math.max(Math.abs(exact.min), Math.abs(exact.max));
  expect(window.count).toBe(exact.count);
  expect(window.min).toBe(exact.min);
  expect(window.max).toBe(exact.max);
  expect(relativeError(window.mean, exact.mean, scale)).toBeLessThanOrEqual(1e-9);
  expect(relativeError(window.stddev, exact.stddev, scale)).toBeLessThanOrEqual(1e-9);
  const bound = SKETCH_RELATIVE_ACCURACY * Math.abs(exact.p95) + SKETCH_MIN_MAGNITUDE;
  if (sketchRetains(exact.values, exact.p95, SKETCH_BUCKETS_PER_SIGN, sketchKey)) {
    expect(Math.abs(window.p95 - exact.p95)).toBeLessThanOrEqual(bound);
    return true;
  }
  expect(window.p95).toBeGreaterThanOrEqual(exact.p95 - bound);
  expect(window.p95).toBeLessThanOrEqual(exact.max);
  return false;
}

const configurations = [
  { sizesMs: [1_000, 5_000, 30_000], latenessMs: 2_500, includeCity: true },
  { sizesMs: [10_000, 60_000, 300_000, 3_600_000], latenessMs: 5_000, includeCity: true },
  { sizesMs: [2_000, 4_000], latenessMs: 0, includeCity: false },
];

describe('WindowAggregator against a brute-force reference (random out-of-order streams)', () => {
  for (const config of configurations) {
    for (const seed of [1, 2, 3, 42, 20261123]) {
      it(`sizes ${config.sizesMs.join('/')} lateness ${config.latenessMs}, seed ${seed}`, () => {
        const steps = randomStream(seed, config.latenessMs);
        const aggregator = new WindowAggregator({ sizesMs: config.sizesMs, allowedLatenessMs: config.latenessMs, maxStations: 100, maxMetrics: 10, includeCity: config.includeCity });
        const drained = feed(aggregator, steps, seededRandom(seed + 7));
        const reference = runReference(steps, config.sizesMs, config.latenessMs, config.includeCity);

        expect(aggregator.lateCount).toBe(reference.late);
        expect(reference.late).toBeGreaterThan(0);
        expect(aggregator.watermark).toBe(reference.watermark);
        const seen = new Set<string>();
        let collapsed = 0;
        for (const window of drained) {
          const key = windowKey(window.stationId, window.metric, window.sizeMs, window.start);
          expect(seen.has(key), `window emitted twice: ${key}`).toBe(false);
          seen.add(key);
          const exact = reference.closed.get(key);
          expect(exact, `emitted but not closed in the reference: ${key}`).toBeDefined();
          if (!expectMatches(window, exact!)) collapsed++;
        }
        expect(seen.size).toBe(reference.closed.size);
        expect(reference.closed.size).toBeGreaterThan(100);

        // Closing everything emits exactly the rest, and nothing stays open.
        aggregator.advanceTo(Number.MAX_SAFE_INTEGER);
        for (const window of aggregator.drainClosed()) {
          const key = windowKey(window.stationId, window.metric, window.sizeMs, window.start);
          expect(seen.has(key)).toBe(false);
          seen.add(key);
          if (!expectMatches(window, reference.all.get(key)!)) collapsed++;
        }
        expect(seen.size).toBe(reference.all.size);
        // The collapsed-bucket exception must stay rare (tiny windows whose second-largest value is > 165× below the max).
        expect(collapsed / seen.size).toBeLessThan(0.01);
        expect(aggregator.openWindowCount()).toBe(0);
      });
    }
  }
});

describe('deferred closing (advanceTo with defer, then closeSome a few series at a time)', () => {
  /** Like feed(), but every advance is deferred and closed in small random steps while values keep arriving. */
  function feedDeferred(aggregator: WindowAggregator, steps: readonly Step[], random: () => number): WindowAggregate[] {
    const drained: WindowAggregate[] = [];
    for (const step of steps) {
      if ('advanceTo' in step) aggregator.advanceTo(step.advanceTo, true);
      else aggregator.add(aggregator.stationSlot(step.stationId), aggregator.metricSlot(step.metric), step.ts, step.value);
      if (aggregator.closing && random() < 0.3) aggregator.closeSome(1 + Math.floor(random() * 3));
      if (random() < 0.01) drained.push(...aggregator.drainClosed());
    }
    expect(aggregator.closeSome(Number.POSITIVE_INFINITY)).toBe(true);
    drained.push(...aggregator.drainClosed());
    return drained.map(withSketchArray);
  }

  const byKey = (a: WindowAggregate, b: WindowAggregate): number => {
    const ka = windowKey(a.stationId, a.metric, a.sizeMs, a.start);
    const kb = windowKey(b.stationId, b.metric, b.sizeMs, b.start);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

  for (const config of configurations) {
    for (const seed of [5, 77]) {
      it(`closes exactly the windows a synchronous advance closes: sizes ${config.sizesMs.join('/')}, seed ${seed}`, () => {
        // The aggregator's own lateness is large, so only the explicit (deferred) advances close windows, as in the pipeline.
        const steps = randomStream(seed, config.latenessMs);
        const make = () => new WindowAggregator({ sizesMs: config.sizesMs, allowedLatenessMs: 3_600_000, maxStations: 100, maxMetrics: 10, includeCity: config.includeCity });
        const withMarks: Step[] = [];
        let maxTs = Number.NEGATIVE_INFINITY;
        for (const step of steps) {
          withMarks.push(step);
          if (!('advanceTo' in step) && step.ts > maxTs) {
            maxTs = step.ts;
            withMarks.push({ advanceTo: maxTs - config.latenessMs });
          }
        }
        const sync = make();
        const deferred = make();
        const expected = feed(sync, withMarks, seededRandom(seed)).sort(byKey);
        const actual = feedDeferred(deferred, withMarks, seededRandom(seed)).sort(byKey);
        expect(expected.length).toBeGreaterThan(100);
        expect(actual).toEqual(expected);
        expect(deferred.lateCount).toBe(sync.lateCount);
        expect(deferred.lateCount).toBeGreaterThan(0);
      });
    }
  }

  it('a deferred advance marks values late at once and closes nothing until closeSome', () => {
    const a = new WindowAggregator({ sizesMs: [10_000], allowedLatenessMs: 3_600_000, maxStations: 10, maxMetrics: 4, includeCity: true });
    const st = a.stationSlot('st-1');
    const temp = a.metricSlot('temperature');
    a.add(st, temp, 1_000, 20);
    a.advanceTo(10_000, true);
    expect(a.closing).toBe(true);
    expect(a.drainClosed()).toEqual([]);
    expect(a.add(st, temp, 2_000, 21)).toBe(false);
    expect(a.closeSome(1)).toBe(false);
    expect(a.drainClosed().map((w) => [w.stationId, w.count])).toEqual([['st-1', 1]]);
    expect(a.closeSome(1)).toBe(true);
    expect(a.closing).toBe(false);
    expect(a.drainClosed().map((w) => [w.stationId, w.count])).toEqual([[CITY_STATION_ID, 1]]);
  });
});

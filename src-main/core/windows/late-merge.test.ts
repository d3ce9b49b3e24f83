/**
 * Late values are merged, not dropped: the aggregator routes each late value into its windows still in
 * memory and marks the rest for the store; a store simulated here (on-time rows upserted, late values
 * merged with mergeValues, in the order the pipeline hands them over) must end up with the windows a
 * brute-force reference computes from every value, whatever order the values came in.
 */
import { describe, expect, it } from 'vitest';
import { sketchNumbers, withSketchArray, type WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import { SKETCH_RELATIVE_ACCURACY } from './key-mapping';
import { LateValues } from './late-values';
import { mergeValues, type MergeableWindow } from './mergeable-window';
import { WindowAggregator } from './window-aggregator';
import { seededRandom, windowKey } from './window-reference.test-support';

const SIZES = [10_000, 60_000, 300_000];
const T0 = 1_700_000_000_000;

interface Value {
  stationId: string;
  metric: string;
  ts: number;
  value: number;
}

/** Exact windows of every size, per station and city-wide, from all values. */
function reference(values: readonly Value[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const v of values) {
    for (const station of [v.stationId, CITY_STATION_ID]) {
      for (const size of SIZES) {
        const key = windowKey(station, v.metric, size, Math.floor(v.ts / size) * size);
        const list = groups.get(key) ?? [];
        list.push(v.value);
        groups.set(key, list);
      }
    }
  }
  return groups;
}

/** Runs values through an aggregator with a late sink and a simulated store; returns the stored windows. */
function run(values: readonly Value[], latenessMs: number): { stored: Map<string, MergeableWindow & { stddev: number }>; late: number } {
  const sink = new LateValues();
  const aggregator = new WindowAggregator({ sizesMs: SIZES, allowedLatenessMs: latenessMs, maxStations: 100, maxMetrics: 10, includeCity: true, lateSink: sink });
  const stored = new Map<string, MergeableWindow & { stddev: number }>();
  const upsert = (closed: readonly WindowAggregate[]): void => {
    for (const w of closed) stored.set(windowKey(w.stationId, w.metric, w.sizeMs, w.start), { ...withSketchArray(w), m2: w.m2!, sketch: sketchNumbers(w)! });
  };
  const mergeLate = (): void => {
    const batch = sink.drain(SIZES, [], (slot) => aggregator.stationId(slot), (slot) => aggregator.metricId(slot));
    if (batch === null) return;
    const groups = new Map<string, number[]>();
    for (let i = 0; i < batch.values.length; i++) {
      for (let level = 0; level < SIZES.length; level++) {
        const start = Math.floor(batch.ts[i]! / SIZES[level]!) * SIZES[level]!;
        for (const [station, mask] of [[batch.stationIds[i]!, batch.stationSizes[i]!], [CITY_STATION_ID, batch.citySizes[i]!]] as const) {
          if ((mask & (1 << level)) === 0) continue;
          const key = windowKey(station, batch.metrics[i]!, SIZES[level]!, start);
          groups.set(key, [...(groups.get(key) ?? []), batch.values[i]!]);
        }
      }
    }
    for (const [key, list] of groups) stored.set(key, mergeValues(stored.get(key) ?? null, list));
  };
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    aggregator.add(aggregator.stationSlot(v.stationId), aggregator.metricSlot(v.metric), v.ts, v.value);
    // A pipeline step every 50 values: closed windows first, then the late merges (the store's call order).
    if (i % 50 === 49) {
      upsert(aggregator.drainClosed());
      mergeLate();
    }
  }
  upsert(aggregator.drainClosed());
  mergeLate();
  aggregator.advanceTo(Number.MAX_SAFE_INTEGER);
  upsert(aggregator.drainClosed());
  mergeLate();
  return { stored, late: aggregator.lateCount };
}

function expectSame(stored: Map<string, MergeableWindow & { stddev: number }>, values: readonly Value[]): void {
  const expected = reference(values);
  expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, list] of expected) {
    const w = stored.get(key)!;
    const n = list.length;
    const mean = list.reduce((a, b) => a + b, 0) / n;
    const stddev = Math.sqrt(list.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    const sorted = [...list].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(0.95 * (n - 1))]!;
    expect(w.count, key).toBe(n);
    expect(w.min, key).toBe(sorted[0]);
    expect(w.max, key).toBe(sorted[n - 1]);
    expect(Math.abs(w.mean - mean), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean)));
    expect(Math.abs(w.stddev - stddev), key).toBeLessThanOrEqual(1e-9 * Math.max(1, stddev, Math.abs(mean)));
    expect(Math.abs(w.p95 - p95), key).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * Math.abs(p95) + 1e-9);
  }
}

describe('late values merged into stored windows', () => {
  it('a station that uploads its last 30 minutes after the other moved on ends up exact, for every size and the city', () => {
    const random = seededRandom(7);
    const a: Value[] = [];
    const b: Value[] = [];
    for (let t = 0; t < 3_600_000; t += 1_000) {
      a.push({ stationId: 'A', metric: 'temperature', ts: T0 + t, value: 10 + random() * 5 });
      b.push({ stationId: 'B', metric: 'temperature', ts: T0 + t + 300, value: 12 + random() * 5 });
    }
    // B is live until minute 30, then silent; its last 30 minutes come in one go after A has finished.
    const cut = b.findIndex((v) => v.ts >= T0 + 1_800_000);
    const live: Value[] = [];
    for (let i = 0; i < a.length; i++) {
      live.push(a[i]!);
      if (i < cut) live.push(b[i]!);
    }
    const values = [...live, ...b.slice(cut)];
    const { stored, late } = run(values, 5_000);
    // All of B's upload is late but the last 10 s, whose window is still open when the upload comes.
    expect(late).toBe(b.length - cut - 10);
    expectSame(stored, values);
  });

  it('random orders, late values and bursts from several stations: exact', () => {
    for (const seed of [1, 2, 3]) {
      const random = seededRandom(seed);
      const values: Value[] = [];
      for (let i = 0; i < 6_000; i++) {
        const ts = T0 + i * 300 + Math.floor(random() * 2_000);
        values.push({ stationId: `s${Math.floor(random() * 4)}`, metric: random() < 0.5 ? 'pressure' : 'mixed', ts, value: random() < 0.1 ? 0 : 1013 + (random() - 0.5) * 40 * (random() < 0.3 ? -60 : 1) });
      }
      // Move a fifth of the values to later positions (up to 20 minutes behind), so they arrive late.
      const order = values.map((v, i) => ({ v, at: random() < 0.2 ? i + Math.floor(random() * 4_000) : i }));
      order.sort((x, y) => x.at - y.at);
      const shuffled = order.map((o) => o.v);
      const { stored, late } = run(shuffled, 3_000);
      expect(late).toBeGreaterThan(100);
      expectSame(stored, shuffled);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../data/ring-buffer';
import { collectSeries, createSeriesScratch, medianStep } from './chart-data';

function ringOf(points: readonly [number, number][]): RingBuffer {
  const ring = new RingBuffer(64, 1);
  for (const [t, v] of points) ring.push(t, v);
  return ring;
}

describe('collectSeries', () => {
  it('takes backfill points older than the ring, then ring points, within the range', () => {
    const backfill = { ts: Float64Array.of(0, 60_000, 120_000, 180_000), mean: Float64Array.of(1, 2, 3, 4), min: Float64Array.of(0, 0, 0, 0), max: Float64Array.of(9, 9, 9, 9), stepMs: 60_000 };
    const ring = ringOf([[150_000, 30], [151_000, 31], [152_000, 32]]);
    const s = collectSeries(backfill, ring, 60_000, 151_500, 1);
    expect(s.length).toBe(4);
    expect([...s.ts.subarray(0, s.length)]).toEqual([60_000, 120_000, 150_000, 151_000]);
    expect([...(s.columns[0] as Float64Array).subarray(0, s.length)]).toEqual([2, 3, 30, 31]);
    expect(s.gapMs[0]).toBe(150_000);
    expect(s.gapMs[3]).toBe(5_000);
  });

  it('maps city ring columns mean, min, max', () => {
    const ring = new RingBuffer(8, 3);
    ring.push(10, 5, 1, 9);
    const s = collectSeries(null, ring, 0, 100, 3);
    expect(s.columns.map((c) => c[0])).toEqual([5, 1, 9]);
  });

  it('reuses a chart’s scratch: the same result object and arrays, with as many columns as asked', () => {
    const ring = new RingBuffer(8, 3);
    for (let t = 0; t < 5; t++) ring.push(t * 1000, t, t - 1, t + 1);
    const scratch = createSeriesScratch();
    const city = collectSeries(null, ring, 0, 10_000, 3, scratch);
    const { ts } = city;
    expect(city.columns).toHaveLength(3);
    const station = collectSeries(null, ring, 2000, 3000, 1, scratch);
    expect(station).toBe(city);
    expect(station.ts).toBe(ts);
    expect(station.columns).toHaveLength(1);
    expect(station.length).toBe(2);
    expect([...station.ts.subarray(0, 2)]).toEqual([2000, 3000]);
  });
});

describe('medianStep', () => {
  it('is the median spacing of the sampled points, whatever an earlier call left in its samples', () => {
    const wide = ringOf(Array.from({ length: 40 }, (_, i) => [i * 5000, 0] as [number, number]));
    expect(medianStep(wide, 0, 40)).toBe(5000);
    // Two steps, 8 s and 1 s: the upper median is 8 s (the wide ring's 5-s samples must not count).
    const narrow = ringOf([[0, 0], [8000, 0], [9000, 0]]);
    expect(medianStep(narrow, 0, 3)).toBe(8000);
  });

  it('ignores a few silences among many regular steps, in any order', () => {
    const times = [0];
    for (let i = 1; i <= 30; i++) times.push((times[i - 1] as number) + (i % 10 === 0 ? 120_000 : 2000));
    const ring = new RingBuffer(64, 1);
    for (const t of times) ring.push(t, 0);
    expect(medianStep(ring, 0, times.length)).toBe(2000);
  });
});

import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../data/ring-buffer';
import { alignSeries, collectSeries } from './chart-data';

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
    expect([...s.ts]).toEqual([60_000, 120_000, 150_000, 151_000]);
    expect([...(s.columns[0] as Float64Array)]).toEqual([2, 3, 30, 31]);
    expect(s.gapMs[0]).toBe(150_000);
    expect(s.gapMs[3]).toBe(5_000);
  });

  it('maps city ring columns mean, min, max', () => {
    const ring = new RingBuffer(8, 3);
    ring.push(10, 5, 1, 9);
    const s = collectSeries(null, ring, 0, 100, 3);
    expect(s.columns.map((c) => c[0])).toEqual([5, 1, 9]);
  });
});

describe('alignSeries', () => {
  it('spans samples of other series with undefined and breaks real gaps with null', () => {
    const a = collectSeries(null, ringOf([[0, 1], [1000, 2], [2000, 3], [60_000, 4]]), 0, 100_000, 1);
    const b = collectSeries(null, ringOf([[500, 10], [1500, 11]]), 0, 100_000, 1);
    const [xs, ya, yb] = alignSeries([a, b]);
    expect([...xs]).toEqual([0, 500, 1000, 1500, 2000, 2001, 60_000]);
    expect(ya).toEqual([1, undefined, 2, undefined, 3, null, 4]);
    expect(yb).toEqual([undefined, 10, undefined, 11, undefined, undefined, undefined]);
  });

  it('turns non-finite values into gaps and keeps all columns of a series', () => {
    const ring = new RingBuffer(8, 3);
    ring.push(0, 1, 0, 2);
    ring.push(1000, Number.NaN, Number.NaN, Number.NaN);
    const cols = alignSeries([collectSeries(null, ring, 0, 5000, 3)]);
    expect(cols.length).toBe(4);
    expect(cols[1]).toEqual([1, null]);
    expect(cols[3]).toEqual([2, null]);
  });

  it('handles no series and empty series', () => {
    expect(alignSeries([])).toEqual([new Float64Array(0)]);
    const empty = collectSeries(null, null, 0, 1, 1);
    expect(alignSeries([empty])[1]).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../data/ring-buffer';
import { alignOnGrid, createAlignScratch } from './align-grid';
import { collectSeries, createSeriesScratch } from './chart-data';

function series(points: readonly [number, number][]) {
  const ring = new RingBuffer(64, 1);
  for (const [t, v] of points) ring.push(t, v);
  return collectSeries(null, ring, 0, 1_000_000, 1);
}

describe('alignOnGrid', () => {
  it('puts each series on one x per slot, last sample wins, empty slots dropped', () => {
    const a = series([[0, 1], [400, 2], [1000, 3], [2500, 4]]);
    const b = series([[1200, 10]]);
    const [xs, ya, yb] = alignOnGrid([a, b], { from: 0, to: 10_000, slots: 10 });
    expect([...xs]).toEqual([0, 1000, 2000]);
    expect(ya).toEqual([2, 3, 4]);
    expect(yb).toEqual([undefined, 10, undefined]);
  });

  it('marks a silence longer than the gap limit with null in the slot after the last sample', () => {
    const a = series([[0, 1], [1000, 2], [2000, 3], [30_000, 4], [31_000, 5]]);
    const [xs, ya] = alignOnGrid([a], { from: 0, to: 40_000, slots: 40 });
    expect([...xs]).toEqual([0, 1000, 2000, 3000, 30_000, 31_000]);
    expect(ya).toEqual([1, 2, 3, null, 4, 5]);
  });

  it('keeps every column of a multi-column series and clamps out-of-range times', () => {
    const ring = new RingBuffer(8, 3);
    ring.push(-50, 5, 1, 9);
    ring.push(20_000, 6, 2, Number.NaN);
    const cols = alignOnGrid([collectSeries(null, ring, -100, 30_000, 3)], { from: 0, to: 10_000, slots: 4 });
    expect(cols.length).toBe(4);
    expect([...cols[0]]).toEqual([0, 10_000]);
    expect(cols.slice(1)).toEqual([[5, 6], [1, 2], [9, null]]);
  });

  it('stays within one x per slot however many series there are', () => {
    const many = Array.from({ length: 20 }, (_, s) => series(Array.from({ length: 600 }, (_, i) => [i * 500 + s * 7, i] as [number, number])));
    const cols = alignOnGrid(many, { from: 0, to: 300_000, slots: 560 });
    expect(cols[0].length).toBeLessThanOrEqual(561);
    expect(cols.length).toBe(21);
  });

  it('keeps a one-sample spike in a slot of several samples instead of the last one', () => {
    const a = series([[0, 5], [1000, 5], [1100, 50], [1200, 6], [2000, 5]]);
    const [, ya] = alignOnGrid([a], { from: 0, to: 10_000, slots: 10 });
    expect(ya).toEqual([5, 50, 5]);
  });

  it('gives the same columns when the scratch is reused across redraws of different sizes', () => {
    const scratch = createAlignScratch();
    const buffers = [createSeriesScratch(), createSeriesScratch()];
    const points = (n: number, offset: number) => Array.from({ length: n }, (_, i) => [i * 500 + offset, i % 7] as [number, number]);
    for (const [n, slots] of [[600, 560], [40, 30], [300, 560]] as const) {
      const ring = (p: [number, number][]) => {
        const r = new RingBuffer(1024, 1);
        for (const [t, v] of p) r.push(t, v);
        return r;
      };
      const rings = [ring(points(n, 0)), ring(points(n, 130))];
      const fresh = alignOnGrid(rings.map((r) => collectSeries(null, r, 0, 300_000, 1)), { from: 0, to: 300_000, slots });
      const reused = alignOnGrid(rings.map((r, i) => collectSeries(null, r, 0, 300_000, 1, buffers[i])), { from: 0, to: 300_000, slots }, scratch);
      expect(reused).toEqual(fresh);
    }
  });
});

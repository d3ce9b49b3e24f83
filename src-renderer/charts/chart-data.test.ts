import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../data/ring-buffer';
import { collectSeries } from './chart-data';

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

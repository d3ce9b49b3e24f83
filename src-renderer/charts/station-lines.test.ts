import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src-shared/test-support/seeded-random';
import { RingBuffer } from '../data/ring-buffer';
import { alignOnGrid } from './align-grid';
import { collectSeries } from './chart-data';
import { appendStationLine, beginStationLines, createStationLines, stationPointCount } from './station-lines';
import type { StationLines } from './station-lines';

function series(points: readonly [number, number][]) {
  const ring = new RingBuffer(4096, 1);
  for (const [t, v] of points) ring.push(t, v);
  return collectSeries(null, ring, 0, 1_000_000, 1);
}

function lineOf(lines: StationLines, index: number): { xs: number[]; ys: number[] } {
  const from = lines.start[index] as number;
  const to = lines.start[index + 1] as number;
  return { xs: [...lines.xs.subarray(from, to)], ys: [...lines.ys.subarray(from, to)] };
}

function add(lines: StationLines, points: readonly [number, number][], grid = { from: 0, to: 10_000, slots: 10 }): void {
  const s = series(points);
  appendStationLine(lines, s, grid);
}

describe('appendStationLine', () => {
  it('keeps one point per slot at the slot start, and a one-sample spike over the last sample', () => {
    const lines = createStationLines();
    beginStationLines(lines);
    add(lines, [[0, 5], [1000, 5], [1100, 50], [1200, 6], [2000, 5]]);
    expect(lineOf(lines, 0)).toEqual({ xs: [0, 1000, 2000], ys: [5, 50, 5] });
    expect([lines.min, lines.max]).toEqual([5, 50]);
  });

  it('breaks the line (NaN) in the slot after the last sample before a silence longer than the gap limit', () => {
    const lines = createStationLines();
    beginStationLines(lines);
    add(lines, [[0, 1], [1000, 2], [2000, 3], [30_000, 4], [31_000, 5]], { from: 0, to: 40_000, slots: 40 });
    expect(lineOf(lines, 0)).toEqual({ xs: [0, 1000, 2000, 3000, 30_000, 31_000], ys: [1, 2, 3, Number.NaN, 4, 5] });
  });

  it('treats a non-finite reading as a break unless a later sample fills its slot, and keeps it out of the range', () => {
    const lines = createStationLines();
    beginStationLines(lines);
    add(lines, [[0, 1], [1000, Number.NaN], [2000, Number.POSITIVE_INFINITY], [2500, 7], [3000, 2]]);
    expect(lineOf(lines, 0).ys).toEqual([1, Number.NaN, 7, 2]);
    expect([lines.min, lines.max]).toEqual([1, 7]);
  });

  it('keeps stations apart and reuses its storage after beginStationLines', () => {
    const lines = createStationLines();
    for (const round of [0, 1]) {
      beginStationLines(lines);
      for (let s = 0; s < 20; s++) add(lines, Array.from({ length: 600 }, (_, i) => [i * 500 + s * 7, s * 100 + (i % 13) + round] as [number, number]), { from: 0, to: 300_000, slots: 560 });
      expect(lines.count).toBe(20);
      for (let s = 0; s < 20; s++) {
        expect(stationPointCount(lines, s)).toBeLessThanOrEqual(561);
        expect(Math.min(...lineOf(lines, s).ys)).toBeGreaterThanOrEqual(s * 100);
      }
      expect([lines.min, lines.max]).toEqual([round, 19 * 100 + 12 + round]);
    }
  });

  it('draws what alignOnGrid gives a series alone (null as NaN), for random series with gaps and spikes', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const points: [number, number][] = [];
      let t = Math.floor(random() * 5000);
      const n = 1 + Math.floor(random() * 400);
      for (let i = 0; i < n; i++) {
        t += random() < 0.03 ? 10_000 + Math.floor(random() * 40_000) : Math.floor(random() * 1500);
        points.push([t, random() < 0.02 ? Number.NaN : Math.round(random() * 1000) / 10]);
      }
      const grid = { from: 0, to: t + Math.floor(random() * 5000), slots: 20 + Math.floor(random() * 600) };
      const s = series(points);
      const [xs, ys] = alignOnGrid([s], grid);
      const lines = createStationLines();
      beginStationLines(lines);
      appendStationLine(lines, s, grid);
      expect(lineOf(lines, 0)).toEqual({ xs: [...xs], ys: (ys as (number | null)[]).map((v) => v ?? Number.NaN) });
    }
  });
});

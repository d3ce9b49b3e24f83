import { describe, expect, it } from 'vitest';
import type { StreamFrame } from './frame';
import { thinFrame } from './thin-frame';
import { seededRandom as random } from '../test-support/seeded-random';

/** A frame of `rows` raw rows over a few stations and metrics, times often equal (ties), in any order. */
function randomFrame(next: () => number, rows: number): StreamFrame {
  const stationCount = 1 + Math.floor(next() * 8);
  const metricCount = 1 + Math.floor(next() * 4);
  const pick = (n: number): number => Math.floor(next() * n);
  const raw = Array.from({ length: rows }, () => ({ s: pick(stationCount), m: pick(metricCount), t: 1000 + pick(6) * 100, v: next() * 100 }));
  return {
    seq: 7,
    at: 123,
    stations: Array.from({ length: stationCount }, (_, i) => `st-${i}`),
    metrics: Array.from({ length: metricCount }, (_, i) => `m${i}`),
    raw: {
      station: Uint32Array.from(raw, (r) => r.s),
      metric: Uint32Array.from(raw, (r) => r.m),
      ts: Float64Array.from(raw, (r) => r.t),
      value: Float64Array.from(raw, (r) => r.v),
    },
    windows: { station: new Uint32Array([0]), metric: new Uint32Array([0]), sizeMs: new Float64Array([10_000]), start: new Float64Array([0]), count: new Float64Array([1]), mean: new Float64Array([1]), min: new Float64Array([1]), max: new Float64Array([1]), stddev: new Float64Array([0]), p95: new Float64Array([1]) },
    city: { metric: new Uint32Array(), start: new Float64Array(), count: new Float64Array(), mean: new Float64Array(), min: new Float64Array(), max: new Float64Array() },
    readingsPerSec: 42,
    watermark: 900,
  };
}

/** The rows thinFrame should keep, by brute force: each row is checked against every other row of its series. */
function referenceRows(frame: StreamFrame, watched: ReadonlySet<string>, includeOthersLatest: boolean): number[] {
  const { station, metric, ts } = frame.raw;
  const rows: number[] = [];
  const isOther = (i: number): boolean => !watched.has(frame.stations[station[i]!]!);
  for (let i = 0; i < ts.length; i++) {
    if (!isOther(i)) rows.push(i);
    else if (!includeOthersLatest) {
      // Only the others' single newest row: no other row of theirs newer, or as new and later.
      let isNewest = true;
      for (let j = 0; j < ts.length; j++) if (j !== i && isOther(j) && (ts[j]! > ts[i]! || (ts[j] === ts[i] && j > i))) isNewest = false;
      if (isNewest) rows.push(i);
    } else {
      let isNewest = true;
      for (let j = 0; j < ts.length; j++) {
        if (j === i || station[j] !== station[i] || metric[j] !== metric[i]) continue;
        if (ts[j]! > ts[i]! || (ts[j] === ts[i] && j > i)) isNewest = false;
      }
      if (isNewest) rows.push(i);
    }
  }
  return rows;
}

/** A frame's raw rows as plain tuples. */
function rowsOf(frame: StreamFrame): [number, number, number, number][] {
  return Array.from(frame.raw.ts, (t, i) => [frame.raw.station[i]!, frame.raw.metric[i]!, t, frame.raw.value[i]!]);
}

describe('thinFrame', () => {
  it('keeps what the brute-force reference keeps, in order, for random frames', () => {
    const next = random(17);
    for (let round = 0; round < 500; round++) {
      const frame = randomFrame(next, Math.floor(next() * 60));
      const watched = new Set(frame.stations.filter(() => next() < 0.3));
      if (next() < 0.2) watched.add('not-in-this-frame');
      const includeOthers = next() < 0.5;
      const thinned = thinFrame(frame, watched, includeOthers);
      const original = rowsOf(frame);
      expect(rowsOf(thinned)).toEqual(referenceRows(frame, watched, includeOthers).map((i) => original[i]));
    }
  });

  it('keeps the column types and every other field of the frame', () => {
    const frame = randomFrame(random(3), 40);
    const thinned = thinFrame(frame, new Set(), true);
    expect(thinned).not.toBe(frame);
    expect(thinned.raw.station).toBeInstanceOf(Uint32Array);
    expect(thinned.raw.metric).toBeInstanceOf(Uint32Array);
    expect(thinned.raw.ts).toBeInstanceOf(Float64Array);
    expect(thinned.raw.value).toBeInstanceOf(Float64Array);
    const { raw: _raw, ...rest } = thinned;
    const { raw: _original, ...expected } = frame;
    expect(rest).toEqual(expected);
    expect(thinned.windows).toBe(frame.windows);
    expect(thinned.stations).toBe(frame.stations);
  });

  it('returns the frame itself when nothing is dropped', () => {
    const frame = randomFrame(random(5), 30);
    expect(thinFrame(frame, new Set(frame.stations), false)).toBe(frame);
    const empty = randomFrame(random(5), 0);
    expect(thinFrame(empty, new Set(), false)).toBe(empty);
  });

  it('keeps the later of two rows with the same time', () => {
    const frame = randomFrame(random(9), 0);
    const tie: StreamFrame = { ...frame, raw: { station: new Uint32Array([0, 0, 0]), metric: new Uint32Array([0, 0, 0]), ts: new Float64Array([5, 7, 7]), value: new Float64Array([1, 2, 3]) } };
    expect(Array.from(thinFrame(tie, new Set(), true).raw.value)).toEqual([3]);
    // Without the others' latest rows, their single newest: of equal times, the later.
    expect(Array.from(thinFrame(tie, new Set(), false).raw.value)).toEqual([3]);
  });
});

import { describe, expect, it } from 'vitest';
import type { ReplaySnapshot } from '../../src-shared/domain/replay';
import { LiveStore } from '../data/live-store';
import { advanceReplay } from './replay-clock';
import { replayFrame } from './replay-frame';

const T = Date.UTC(2026, 6, 20, 14);
const snapshot: ReplaySnapshot = {
  at: T,
  from: T - 30_000,
  latest: {
    stationId: ['st-01', 'st-01', 'st-02'],
    metric: ['temperature', 'humidity', 'temperature'],
    start: [T - 10_000, T - 10_000, T - 40_000],
    sizeMs: [10_000, 10_000, 10_000],
    mean: [31.5, 60, 29],
  },
  city: { metric: ['temperature', 'temperature', 'temperature'], start: [T - 30_000, T - 20_000, T - 10_000], sizeMs: [10_000, 10_000, 10_000], mean: [30, 30.2, 30.4], min: [28, 28, 28], max: [32, 33, 34], p95: [31.8, 32.5, 33.9] },
  alarms: [],
};

describe('a replay snapshot as a frame', () => {
  it('gives each station its newest window mean at the window end, and the city windows as closed city windows, in the live store', () => {
    const live = new LiveStore();
    live.watch(['st-01']);
    live.ingest(replayFrame(snapshot, 1, 5_000, Number.NEGATIVE_INFINITY), 5_000);
    expect(live.latest.get('st-01')?.values).toEqual(new Map([['temperature', 31.5], ['humidity', 60]]));
    expect(live.latest.get('st-01')?.lastTs).toBe(T);
    expect(live.latest.get('st-02')?.values.get('temperature')).toBe(29);
    expect(live.newestTs).toBe(T);
    const ring = live.cityRing('temperature')!;
    expect(ring.length).toBe(3);
    expect([ring.tsAt(0), ring.tsAt(2)]).toEqual([T - 30_000, T - 10_000]);
    expect(live.stationRing('st-01', 'temperature')?.length).toBe(1);
  });

  it('leaves out station windows an earlier frame of the replay already drew', () => {
    const frame = replayFrame(snapshot, 2, 5_000, T - 5_000);
    expect(Array.from(frame.raw.ts)).toEqual([T, T]);
    expect(frame.stations[frame.raw.station[0]!]).toBe('st-01');
    expect(replayFrame(snapshot, 3, 5_000, T).raw.ts.length).toBe(0);
  });
});

describe('the replay clock', () => {
  it('moves speed × wall time and stops at the live data clock', () => {
    expect(advanceReplay(T, 10, 1_000, T + 60_000)).toEqual({ at: T + 10_000, hasReachedLive: false });
    expect(advanceReplay(T, 60, 1_000, T + 30_000)).toEqual({ at: T + 30_000, hasReachedLive: true });
    expect(advanceReplay(T, 1, -50, T + 30_000)).toEqual({ at: T, hasReachedLive: false });
  });
});

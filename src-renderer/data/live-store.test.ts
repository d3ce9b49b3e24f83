import { describe, expect, it } from 'vitest';
import { LiveStore } from './live-store';
import { buildFrame } from './test-frame';

describe('LiveStore', () => {
  it('keeps the latest value per station and metric for every station', () => {
    const store = new LiveStore();
    store.ingest(buildFrame([{ station: 'st-01', metric: 'temperature', ts: 1000, value: 20 }, { station: 'st-02', metric: 'temperature', ts: 1000, value: 30 }]), 5000);
    store.ingest(buildFrame([{ station: 'st-01', metric: 'temperature', ts: 2000, value: 21 }]), 6000);
    expect(store.latest.get('st-01')?.values.get('temperature')).toBe(21);
    expect(store.latest.get('st-01')?.lastSeenAt).toBe(6000);
    expect(store.latest.get('st-02')?.values.get('temperature')).toBe(30);
    expect(store.newestTs).toBe(2000);
    expect(store.frames).toBe(2);
  });

  it('runs a data clock from the newest event time on by wall time, for any feed speed', () => {
    const store = new LiveStore();
    expect(store.dataTime(7000)).toBe(7000);
    // A replay of last year: event time far behind the wall clock.
    store.ingest(buildFrame([{ station: 'st-01', metric: 'noise', ts: 1_000, value: 50 }]), 1_000_000);
    expect(store.dataTime(1_000_000)).toBe(1_000);
    expect(store.dataTime(1_002_500)).toBe(3_500);
    // A sped-up feed jumps ahead; an older reading arriving later does not move the clock back.
    store.ingest(buildFrame([{ station: 'st-01', metric: 'noise', ts: 60_000, value: 51 }]), 1_003_000);
    store.ingest(buildFrame([{ station: 'st-02', metric: 'noise', ts: 59_000, value: 52 }]), 1_004_000);
    expect(store.dataTime(1_004_000)).toBe(61_000);
  });

  it('keeps raw rings only for watched stations', () => {
    const store = new LiveStore();
    store.watch(['st-01']);
    store.ingest(buildFrame([{ station: 'st-01', metric: 'humidity', ts: 1, value: 50 }, { station: 'st-02', metric: 'humidity', ts: 1, value: 60 }, { station: 'st-01', metric: 'humidity', ts: 2, value: 51 }]), 0);
    expect(store.stationRing('st-01', 'humidity')?.length).toBe(2);
    expect(store.stationRing('st-02', 'humidity')).toBeNull();
    store.watch(['st-02']);
    expect(store.stationRing('st-01', 'humidity')).toBeNull();
    expect(store.watched()).toEqual(['st-02']);
  });

  it('folds the open city window into one row per window start and learns new metrics', () => {
    const store = new LiveStore();
    store.ingest(buildFrame([], [{ metric: 'radon', start: 0, mean: 1, min: 0, max: 2 }]), 0);
    store.ingest(buildFrame([], [{ metric: 'radon', start: 0, mean: 1.5, min: 0, max: 3 }]), 100);
    store.ingest(buildFrame([], [{ metric: 'radon', start: 10_000, mean: 4, min: 4, max: 4 }]), 200);
    const ring = store.cityRing('radon');
    expect(ring?.length).toBe(2);
    expect(ring?.valueAt(0, 0)).toBe(1.5);
    expect(ring?.valueAt(0, 2)).toBe(3);
    expect(store.metrics).toContain('radon');
  });

  it('overwrites the partial city row with the closed window of the smallest size only', () => {
    const store = new LiveStore();
    store.ingest(buildFrame([], [{ metric: 'temperature', start: 0, mean: 1, min: 1, max: 1 }]), 0);
    store.ingest(buildFrame([], [], [{ metric: 'temperature', start: 0, mean: 2, min: 0, max: 5 }, { metric: 'temperature', sizeMs: 60_000, start: 0, mean: 99, min: 99, max: 99 }, { station: 'st-01', metric: 'temperature', start: 0, mean: 50, min: 50, max: 50 }]), 0);
    const ring = store.cityRing('temperature');
    expect(ring?.length).toBe(1);
    expect([ring?.valueAt(0, 0), ring?.valueAt(0, 1), ring?.valueAt(0, 2)]).toEqual([2, 0, 5]);
  });

  it('drops backfills of stations no longer watched but keeps the city', () => {
    const store = new LiveStore();
    store.watch(['st-01']);
    const empty = { ts: new Float64Array(0), mean: new Float64Array(0), min: new Float64Array(0), max: new Float64Array(0), stepMs: 60_000 };
    store.setBackfill('st-01', 'temperature', empty);
    store.setBackfill('*', 'temperature', empty);
    store.watch([]);
    expect(store.backfill('st-01', 'temperature')).toBeNull();
    expect(store.backfill('*', 'temperature')).toBe(empty);
  });
});

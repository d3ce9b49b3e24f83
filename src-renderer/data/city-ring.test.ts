// The city ring keeps each window's p5 and p95 (the chart's percentile band) next to mean, min and max.
import { describe, expect, it } from 'vitest';
import { LiveStore } from './live-store';
import { RingBuffer } from './ring-buffer';
import { buildFrame } from './test-frame';

function row(ring: RingBuffer, i: number): number[] {
  return [ring.tsAt(i), ...Array.from({ length: ring.columns }, (_, c) => ring.valueAt(i, c))];
}

describe('city ring percentiles', () => {
  it('upsertRow replaces all five columns of a window and appends a new one', () => {
    const ring = new RingBuffer(4, 5);
    ring.upsertRow(0, 1, 0, 2, 0.5, 1.5);
    ring.upsertRow(0, 1.5, 0, 3, 0.2, 2.8);
    ring.upsertRow(10, 4, 3, 5, 3.1, 4.9);
    expect(ring.length).toBe(2);
    expect(row(ring, 0)).toEqual([0, 1.5, 0, 3, 0.2, 2.8]);
    expect(row(ring, 1)).toEqual([10, 4, 3, 5, 3.1, 4.9]);
  });

  it('keeps the open window p5/p95 and replaces them with the closed window values', () => {
    const store = new LiveStore();
    store.ingest(buildFrame([], [{ metric: 'temperature', start: 0, mean: 20, min: 10, max: 30, p5: 12, p95: 28 }]), 0);
    const ring = store.cityRing('temperature')!;
    expect(row(ring, 0)).toEqual([0, 20, 10, 30, 12, 28]);
    store.ingest(buildFrame([], [], [{ metric: 'temperature', start: 0, mean: 21, min: 9, max: 33, p5: 11, p95: 31 }]), 100);
    expect(ring.length).toBe(1);
    expect(row(ring, 0)).toEqual([0, 21, 9, 33, 11, 31]);
  });

  it('holds NaN percentiles when the engine sends none', () => {
    const store = new LiveStore();
    store.ingest(buildFrame([], [{ metric: 'noise', start: 0, mean: 50, min: 40, max: 60 }]), 0);
    const values = row(store.cityRing('noise')!, 0);
    expect(values.slice(0, 4)).toEqual([0, 50, 40, 60]);
    expect(values.slice(4).every(Number.isNaN)).toBe(true);
  });
});

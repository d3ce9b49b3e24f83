import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps rows in time order and drops the oldest when full', () => {
    const ring = new RingBuffer(3);
    for (let i = 1; i <= 5; i++) ring.push(i * 10, i);
    expect(ring.length).toBe(3);
    expect([ring.tsAt(0), ring.tsAt(1), ring.tsAt(2)]).toEqual([30, 40, 50]);
    expect([ring.valueAt(0), ring.valueAt(2)]).toEqual([3, 5]);
    expect(ring.oldestTs()).toBe(30);
    expect(ring.newestTs()).toBe(50);
  });

  it('refuses rows older than the newest', () => {
    const ring = new RingBuffer(4);
    ring.push(10, 1);
    expect(ring.push(5, 2)).toBe(false);
    expect(ring.length).toBe(1);
  });

  it('upserts an open window in place and appends a new one', () => {
    const ring = new RingBuffer(8, 3);
    ring.upsert(0, 1, 0, 2);
    ring.upsert(0, 1.5, 0, 3);
    ring.upsert(10, 4, 3, 5);
    expect(ring.length).toBe(2);
    expect([ring.valueAt(0, 0), ring.valueAt(0, 1), ring.valueAt(0, 2)]).toEqual([1.5, 0, 3]);
    expect(ring.valueAt(1, 2)).toBe(5);
    ring.upsert(0, 9, 9, 9);
    expect(ring.valueAt(0, 0)).toBe(9);
  });

  it('finds the first row at or after a time across the wrap-around', () => {
    const ring = new RingBuffer(4);
    for (let i = 0; i < 6; i++) ring.push(i * 10, i);
    expect(ring.lowerBound(25)).toBe(1);
    expect(ring.lowerBound(20)).toBe(0);
    expect(ring.lowerBound(100)).toBe(4);
  });

  it('reports NaN ends when empty and after clear', () => {
    const ring = new RingBuffer(2);
    expect(ring.oldestTs()).toBeNaN();
    ring.push(1, 1);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.newestTs()).toBeNaN();
  });

  it('copies a row range across the wrap into columns at an offset', () => {
    const ring = new RingBuffer(5, 3);
    for (let i = 1; i <= 8; i++) ring.push(i * 10, i, -i, i * 100);
    const ts = new Float64Array(6);
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    ring.copyRows(1, 5, ts, [a, b], 1);
    expect([...ts]).toEqual([0, 50, 60, 70, 80, 0]);
    expect([...a]).toEqual([0, 5, 6, 7, 8, 0]);
    expect([...b]).toEqual([0, -5, -6, -7, -8, 0]);
    ring.copyRows(0, 5, ts, [], 0);
    expect([...ts.subarray(0, 5)]).toEqual([40, 50, 60, 70, 80]);
    ring.copyRows(3, 3, ts, [a], 0);
    expect(a[0]).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { grown, MIN_GROWN_LENGTH } from './typed-array-growth';

describe('grown', () => {
  it('returns the same array when it is long enough', () => {
    const array = new Float64Array(8);
    expect(grown(array, 8)).toBe(array);
    expect(grown(array, 0)).toBe(array);
  });

  it('at least doubles, keeps the old contents and fills the new tail', () => {
    const array = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const bigger = grown(array, 21, -1);
    expect(bigger).toBeInstanceOf(Int32Array);
    expect(bigger.length).toBe(40);
    expect([...bigger.subarray(0, 20)]).toEqual([...array]);
    expect(bigger.subarray(20).every((v) => v === -1)).toBe(true);
    expect(bigger.buffer).not.toBe(array.buffer);
  });

  it('jumps straight to minLength when that is more than double', () => {
    expect(grown(new Uint8Array(20), 100).length).toBe(100);
  });

  it('grows an empty array to at least MIN_GROWN_LENGTH, zero-filled by default', () => {
    const bigger = grown(new Float64Array(0), 1);
    expect(bigger.length).toBe(MIN_GROWN_LENGTH);
    expect(bigger.every((v) => v === 0)).toBe(true);
  });

  it('fills with NaN for float columns that mean "not yet seen"', () => {
    const bigger = grown(Float64Array.of(1.5), 2, Number.NaN);
    expect(bigger[0]).toBe(1.5);
    expect(Number.isNaN(bigger[1]!)).toBe(true);
  });

  it('holds index n after growing to n + 1 however large the jump', () => {
    let array = new Uint32Array(0);
    for (const index of [0, 15, 16, 33, 1000]) {
      array = grown(array, index + 1);
      expect(array.length).toBeGreaterThan(index);
    }
  });
});

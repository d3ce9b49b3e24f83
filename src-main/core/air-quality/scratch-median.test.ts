import { describe, expect, it } from 'vitest';
import { leastOfThree, medianOf } from './scratch-median';

describe('medianOf', () => {
  it('is the middle of the first `length` numbers, or the mean of the two middle ones, whatever lies after them', () => {
    expect(medianOf(Float64Array.from([5, 1, 3, 99]), 3)).toBe(3);
    expect(medianOf(Float64Array.from([4, 1, 3, 2, -50]), 4)).toBe(2.5);
    expect(medianOf(Float64Array.from([7]), 1)).toBe(7);
  });

  it('leaves those numbers sorted', () => {
    const buffer = Float64Array.from([3, -1, 2, 10]);
    medianOf(buffer, 3);
    expect(Array.from(buffer)).toEqual([-1, 2, 3, 10]);
  });
});

describe('leastOfThree', () => {
  it('is the move nearest zero when all three lie on one side, else 0', () => {
    expect(leastOfThree(Float64Array.from([4.5, 6, 9]))).toBe(4.5);
    expect(leastOfThree(Float64Array.from([-9, -6, -4.5]))).toBe(-4.5);
    expect(leastOfThree(Float64Array.from([-1, 5, 9]))).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { checkSpike, DEFAULT_RANGES, distanceKm, isOutOfRange, isStuck, median, medianAbsoluteDeviation } from './quality-flags';

describe('isOutOfRange', () => {
  it('flags values outside the physical range and non-numbers', () => {
    expect(isOutOfRange(-20, DEFAULT_RANGES.pm10)).toBe(true);
    expect(isOutOfRange(-2, DEFAULT_RANGES.pm10)).toBe(false);
    expect(isOutOfRange(6000, DEFAULT_RANGES.pm10)).toBe(true);
    expect(isOutOfRange(Number.NaN, DEFAULT_RANGES.o3)).toBe(true);
  });
});

describe('isStuck', () => {
  it('flags N equal readings, not N − 1, and respects a tolerance', () => {
    expect(isStuck([5, 12, 12, 12, 12], 4)).toBe(true);
    expect(isStuck([5, 11, 12, 12, 12], 4)).toBe(false);
    expect(isStuck([12, 12, 12], 4)).toBe(false);
    expect(isStuck([12.0, 12.05, 11.98, 12.01], 4, 0.1)).toBe(true);
  });
});

describe('median and MAD', () => {
  it('compute the textbook values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // |x − 2| of [1, 1, 2, 2, 4, 6, 9] = [1, 1, 0, 0, 2, 4, 7] → median 1
    expect(medianAbsoluteDeviation([1, 1, 2, 2, 4, 6, 9])).toBe(1);
  });
});

describe('checkSpike', () => {
  const calm = [20, 21, 20, 22, 21, 20, 21, 22, 21];

  it('flags a jump far beyond the recent changes and not an ordinary step', () => {
    expect(checkSpike([...calm, 60], 5, 0.5).isSpike).toBe(true);
    expect(checkSpike([...calm, 22], 5, 0.5).isSpike).toBe(false);
  });

  it('does not flag every change of a flat history, thanks to the minimum scale', () => {
    expect(checkSpike([20, 20, 20, 20, 20, 21], 5, 0.5).isSpike).toBe(false);
    expect(checkSpike([20, 20, 20, 21], 5, 0).isSpike).toBe(true);
  });

  it('needs at least three earlier changes', () => {
    expect(checkSpike([20, 20, 90], 5, 0.5).isSpike).toBe(false);
  });
});

describe('distanceKm', () => {
  it('measures great-circle distance: one degree of latitude is about 111.2 km', () => {
    expect(distanceKm({ latitude: 52, longitude: 5 }, { latitude: 53, longitude: 5 })).toBeCloseTo(111.19, 1);
  });
});

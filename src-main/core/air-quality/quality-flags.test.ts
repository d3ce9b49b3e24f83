import { describe, expect, it } from 'vitest';
import { checkNeighbours, checkSpike, disagreementPattern, DEFAULT_RANGES, distanceKm, isOutOfRange, isStuck, median, medianAbsoluteDeviation, neighboursOf, type StationSite } from './quality-flags';

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

describe('checkNeighbours', () => {
  it('flags a station far from its neighbours’ median and reports the signed deviation', () => {
    const check = checkNeighbours(80, [30, 32, 29, 31, 35], 4, 1);
    // median 31, |x − 31| = [1, 1, 2, 0, 4] → MAD 1 → deviation 49
    expect(check).toMatchObject({ isDisagreeing: true, neighbourMedian: 31, scale: 1, deviation: 49 });
    expect(checkNeighbours(33, [30, 32, 29, 31, 35], 4, 1)?.isDisagreeing).toBe(false);
  });

  it('needs three neighbours with values', () => {
    expect(checkNeighbours(80, [30, Number.NaN, 31], 4, 1)).toBeNull();
  });
});

describe('neighboursOf', () => {
  const sites: StationSite[] = [
    { id: 'a', type: 'traffic', latitude: 52.37, longitude: 4.89 },
    { id: 'b', type: 'traffic', latitude: 52.38, longitude: 4.9 },
    { id: 'c', type: 'traffic', latitude: 52.5, longitude: 4.9 },
    { id: 'd', type: 'urban background', latitude: 52.371, longitude: 4.891 },
    { id: 'e', type: 'traffic', latitude: 53.2, longitude: 6.56 },
  ];

  it('keeps stations of the same type within the distance, nearest first', () => {
    expect(neighboursOf(sites[0] as StationSite, sites, 20).map((s) => s.id)).toEqual(['b', 'c']);
  });

  it('measures great-circle distance: one degree of latitude is about 111.2 km', () => {
    expect(distanceKm({ latitude: 52, longitude: 5 }, { latitude: 53, longitude: 5 })).toBeCloseTo(111.19, 1);
  });
});

describe('disagreementPattern', () => {
  const off = (deviation: number) => ({ isDisagreeing: Math.abs(deviation) > 4, neighbourMedian: 30, scale: 1, deviation });

  it('calls a long one-sided disagreement possible drift and a short one a local event', () => {
    expect(disagreementPattern([off(1), ...Array.from({ length: 24 }, () => off(9))], 24)).toBe('possible-drift');
    expect(disagreementPattern([off(1), off(9), off(12)], 24)).toBe('local-event');
    expect(disagreementPattern([...Array.from({ length: 24 }, () => off(-9)), off(9)], 24)).toBe('local-event');
  });

  it('agrees when the latest check agrees or none was possible', () => {
    expect(disagreementPattern([off(9), off(1)], 2)).toBe('agrees');
    expect(disagreementPattern([off(9), null], 2)).toBe('agrees');
    expect(disagreementPattern([], 2)).toBe('agrees');
  });
});

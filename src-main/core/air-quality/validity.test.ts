import { describe, expect, it } from 'vitest';
import { annualCapture, coverageFromMinutes, isHourValid, requiredCount } from './validity';

describe('validity', () => {
  it('takes an hour with 45 of 60 minutes and refuses one with 44', () => {
    expect(isHourValid({ value: 10, coverage: coverageFromMinutes(45) })).toBe(true);
    expect(isHourValid({ value: 10, coverage: coverageFromMinutes(44) })).toBe(false);
    expect(isHourValid({ value: 10, coverage: 0.7499999999 })).toBe(true);
    expect(isHourValid({ value: Number.NaN, coverage: 1 })).toBe(false);
  });

  it('needs 18 valid periods of 24, 18 of 23 and 19 of 25 (75 %, rounded up)', () => {
    expect(requiredCount(24, 0.75)).toBe(18);
    expect(requiredCount(23, 0.75)).toBe(18);
    expect(requiredCount(25, 0.75)).toBe(19);
  });

  it('measures annual capture against the hours of the year less excused maintenance hours', () => {
    expect(annualCapture(7884, 8760)).toBeCloseTo(0.9, 12);
    expect(annualCapture(7800, 8760, 100)).toBeCloseTo(7800 / 8660, 12);
  });
});

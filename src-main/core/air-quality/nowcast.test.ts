import { describe, expect, it } from 'vitest';
import { nowcast } from './nowcast';

describe('nowcast', () => {
  it('matches the EPA PM NowCast worked example: 12 hours, weight 1 − 80/90 raised to 0.5, 17.4 µg/m³', () => {
    // The EPA training example lists the hours oldest first: 50 80 75 90 82 53 64 74 21 10 16 13.
    const oldestFirst = [50, 80, 75, 90, 82, 53, 64, 74, 21, 10, 16, 13];
    const value = nowcast('pm', [...oldestFirst].reverse());
    expect(value).not.toBeNull();
    expect(Math.round((value as number) * 10) / 10).toBe(17.4);
  });

  it('matches the AirNow ozone NowCast example with a missing hour: weight .275, numerator 89.925, about 65 ppb', () => {
    const recentFirst = [63, 69, 80, 74, 60, null, 35, 22];
    const value = nowcast('o3', recentFirst) as number;
    // Independent arithmetic: the published numerator over the weights of the hours present.
    const w = 1 - 58 / 80;
    const numerator = 63 + 69 * w + 80 * w ** 2 + 74 * w ** 3 + 60 * w ** 4 + 35 * w ** 6 + 22 * w ** 7;
    expect(numerator).toBeCloseTo(89.925, 2);
    const denominator = 1 + w + w ** 2 + w ** 3 + w ** 4 + w ** 6 + w ** 7;
    expect(value).toBeCloseTo(numerator / denominator, 9);
    expect(Math.trunc(value)).toBe(65);
  });

  it('keeps the PM minimum weight at 0.5 but lets the ozone weight go lower', () => {
    const recentFirst = [100, 10, 10, 10];
    const pm = nowcast('pm', recentFirst) as number;
    const o3 = nowcast('o3', recentFirst) as number;
    const pmReference = (100 + 10 * 0.5 + 10 * 0.25 + 10 * 0.125) / (1 + 0.5 + 0.25 + 0.125);
    const o3Reference = (100 + 10 * 0.1 + 10 * 0.01 + 10 * 0.001) / (1 + 0.1 + 0.01 + 0.001);
    expect(pm).toBeCloseTo(pmReference, 9);
    expect(o3).toBeCloseTo(o3Reference, 9);
  });

  it('is the plain mean when the hours do not change (weight 1)', () => {
    expect(nowcast('pm', Array.from({ length: 12 }, () => 20))).toBeCloseTo(20, 12);
  });

  it('needs 2 of the 3 most recent hours', () => {
    expect(nowcast('pm', [null, null, 30, 30, 30])).toBeNull();
    expect(nowcast('pm', [null, 30, Number.NaN, 30])).toBeNull();
    expect(nowcast('pm', [null, 30, 30, 30])).toBeCloseTo(30, 12);
    expect(nowcast('o3', [40])).toBeNull();
  });

  it('uses only the last 12 (PM) or 8 (O3) hours', () => {
    const hours = [...Array.from({ length: 8 }, () => 10), 1000, 1000, 1000, 1000, 1000];
    expect(nowcast('o3', hours)).toBeCloseTo(10, 12);
    expect(nowcast('pm', hours) as number).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const restartPolicy = { initialMs: 500, maxMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles from 0.5 s and caps at 30 s', () => {
    const delays = Array.from({ length: 10 }, (_, attempt) => backoffDelay(attempt, restartPolicy));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('never overflows for absurd attempt counts', () => {
    expect(backoffDelay(10_000, restartPolicy)).toBe(30_000);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, restartPolicy)).toBe(30_000);
    expect(backoffDelay(-3, restartPolicy)).toBe(500);
  });

  it('spreads each delay over ±fraction with the injected random source', () => {
    const policy = { initialMs: 250, maxMs: 10_000 };
    expect(backoffDelay(0, policy, { fraction: 0.2, random: () => 0 })).toBeCloseTo(200);
    expect(backoffDelay(0, policy, { fraction: 0.2, random: () => 0.5 })).toBeCloseTo(250);
    expect(backoffDelay(2, policy, { fraction: 0.2, random: () => 0.999_999 })).toBeCloseTo(1200, 2);
  });

  it('jitters after the cap, so a capped delay still spreads around maxMs', () => {
    const policy = { initialMs: 250, maxMs: 10_000 };
    expect(backoffDelay(20, policy, { fraction: 0.2, random: () => 0 })).toBeCloseTo(8000);
    expect(backoffDelay(20, policy, { fraction: 0.2, random: () => 0.999_999 })).toBeCloseTo(12_000, 1);
  });

  it('stays within the jitter band for any random value', () => {
    const policy = { initialMs: 250, maxMs: 10_000 };
    for (let attempt = 0; attempt < 12; attempt++) {
      const exact = backoffDelay(attempt, policy);
      for (const r of [0, 0.1, 0.37, 0.5, 0.9, 0.999]) {
        const delay = backoffDelay(attempt, policy, { fraction: 0.2, random: () => r });
        expect(delay).toBeGreaterThanOrEqual(exact * 0.8 - 1e-9);
        expect(delay).toBeLessThan(exact * 1.2);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF, nextAttempt } from './restart-backoff';

describe('restart backoff', () => {
  it('doubles from 0.5 s and caps at 30 s', () => {
    const delays = Array.from({ length: 10 }, (_, attempt) => backoffDelay(attempt, DEFAULT_BACKOFF));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('never overflows for absurd attempt counts', () => {
    expect(backoffDelay(10_000, DEFAULT_BACKOFF)).toBe(30_000);
    expect(backoffDelay(-3, DEFAULT_BACKOFF)).toBe(500);
  });

  it('resets only after a stable period', () => {
    expect(nextAttempt(5, 60_000, DEFAULT_BACKOFF)).toBe(0);
    expect(nextAttempt(5, 59_999, DEFAULT_BACKOFF)).toBe(5);
    expect(nextAttempt(5, null, DEFAULT_BACKOFF)).toBe(5);
  });
});

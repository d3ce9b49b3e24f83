import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, nextAttempt } from './restart-backoff';

// The delays themselves are core/backoff's (tested in core/backoff.test.ts).
describe('restart backoff', () => {
  it('resets only after a stable period', () => {
    expect(nextAttempt(5, 60_000, DEFAULT_BACKOFF)).toBe(0);
    expect(nextAttempt(5, 59_999, DEFAULT_BACKOFF)).toBe(5);
    expect(nextAttempt(5, null, DEFAULT_BACKOFF)).toBe(5);
  });
});
